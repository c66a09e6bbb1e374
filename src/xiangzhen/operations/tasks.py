from pathlib import Path

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from xiangzhen.operations.backup import backup_create, backup_prune


# huey's crontab runs in UTC: 18:30 UTC is 02:30 Beijing time (UTC+8, no daylight saving), the quietest hour
# of a township's night.
@db_periodic_task(crontab(minute="30", hour="18"))
def nightly_backup() -> str:
    destination = Path(settings.BACKUP_DIR)
    archive = backup_create(destination)
    deleted = backup_prune(
        destination, daily=settings.BACKUP_KEEP_DAILY, monthly=settings.BACKUP_KEEP_MONTHLY
    )
    return f"{archive.name}; {len(deleted)} old archive(s) deleted"
