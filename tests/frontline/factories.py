"""Frontline objects for the tests: a photo the attachment check accepts, and a check-in helper."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from xiangzhen.frontline.models import CheckIn, SecurityDuty
from xiangzhen.frontline.services import Position, check_in_record, security_duty_create
from xiangzhen.org.models import Cadre, Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 生机镇, 七星关区: where the demo and the tests stand.
SHENGJI_POSITION = Position(latitude=Decimal("27.351200"), longitude=Decimal("105.062100"), accuracy=30)


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)


def local(year: int, month: int, day: int, hour: int = 8, minute: int = 30) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def sign_in(
    cadre: Cadre,
    place: Unit | None,
    at: datetime,
    *,
    with_photo: bool = False,
    device: str = "",
    duty: SecurityDuty | None = None,
) -> CheckIn:
    assert cadre.user is not None
    return check_in_record(
        actor=cadre.user,
        place=place,
        position=SHENGJI_POSITION,
        photo=photo() if with_photo else None,
        device=device,
        duty=duty,
        now=at,
    )


def security_duty(actor: User, town: Unit, **records: bool) -> SecurityDuty:
    """A named 安保/应急 duty over November 2026 recording what `records` switches on (all by default)."""
    switched = {
        "records_time": True,
        "records_location": True,
        "records_photo": False,
        "records_device": True,
    }
    return security_duty_create(
        actor=actor,
        town=town,
        name="冬季森林防火值守",
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 30),
        now=datetime(2026, 10, 30, 9, tzinfo=SHANGHAI),
        **(switched | records),
    )
