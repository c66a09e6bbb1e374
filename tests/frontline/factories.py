"""Frontline objects for the tests: a photo the attachment check accepts, and a check-in helper."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from xiangzhen.frontline.models import CheckIn
from xiangzhen.frontline.services import Position, check_in_record
from xiangzhen.org.models import Cadre, Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 生机镇, 七星关区: where the demo and the tests stand.
SHENGJI_POSITION = Position(latitude=Decimal("27.351200"), longitude=Decimal("105.062100"), accuracy=30)


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)


def local(year: int, month: int, day: int, hour: int = 8, minute: int = 30) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def sign_in(
    cadre: Cadre, place: Unit | None, at: datetime, *, with_photo: bool = False, device: str = ""
) -> CheckIn:
    assert cadre.user is not None
    return check_in_record(
        actor=cadre.user,
        place=place,
        position=SHENGJI_POSITION,
        photo=photo() if with_photo else None,
        device=device,
        now=at,
    )
