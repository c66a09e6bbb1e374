from pathlib import Path

from django.conf import settings
from huey.contrib.djhuey import db_periodic_task

from xiangzhen.clock.schedule import beijing
from xiangzhen.operations.backup import backup_create, backup_prune


# 02:30 Beijing time, the quietest hour of a township's night.
@db_periodic_task(beijing(hour=2, minute=30))
def nightly_backup() -> str:
    destination = Path(settings.BACKUP_DIR)
    archive = backup_create(destination)
    deleted = backup_prune(
        destination, daily=settings.BACKUP_KEEP_DAILY, monthly=settings.BACKUP_KEEP_MONTHLY
    )
    return f"{archive.name}; {len(deleted)} old archive(s) deleted"
