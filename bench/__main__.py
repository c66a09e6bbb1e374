"""`make bench`: benchmarks, reported as ratios against a reference measured in the same run."""

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiangzhen.settings")
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        if "DATABASE_URL" not in os.environ:
            os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from bench import jurisdiction, service_requests

        print("== 便民服务 ==")
        service_requests.run()
        print("\n== 辖区子树查询 ==")
        jurisdiction.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
