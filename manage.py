#!/usr/bin/env python
from xiangzhen.cli import main

if __name__ == "__main__":
    main()
