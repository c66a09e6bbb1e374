"""`make bench`: benchmarks, reported as ratios against a reference measured in the same run."""

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiangzhen.settings")
    from bench import jurisdiction

    jurisdiction.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
