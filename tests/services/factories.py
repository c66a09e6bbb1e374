from datetime import datetime
from zoneinfo import ZoneInfo

from xiangzhen.services.models import ServiceItem, ServiceItemMaterial, ServiceLevel
from xiangzhen.services.services import Applicant, IntakeDecision, service_request_intake
from xiangzhen.validators import resident_id_check_character

SHANGHAI = ZoneInfo("Asia/Shanghai")
REQUIRED = ["身份证", "户口簿", "家庭收入证明"]
FOLLOW_LATER = "银行卡复印件"


def at(year, month, day, hour=10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def resident_id(prefix: str = "52050219800101001") -> str:
    return prefix + resident_id_check_character(prefix)


APPLICANT = Applicant(name="李秀兰", phone="13985012345", id_number=resident_id(), address="生机镇镇江村三组")


def make_item(
    code: str = "MZ-001", promised_days: int = 10, level: str = ServiceLevel.VILLAGE
) -> ServiceItem:
    item = ServiceItem.objects.create(
        code=code,
        name="最低生活保障申请",
        level=level,
        department="民政",
        promised_days=promised_days,
        legal_days=max(promised_days, 20),
        legal_basis="《社会救助暂行办法》",
    )
    for position, name in enumerate(REQUIRED):
        ServiceItemMaterial.objects.create(item=item, name=name, position=position)
    ServiceItemMaterial.objects.create(item=item, name=FOLLOW_LATER, may_follow_later=True, position=9)
    return item


def intake(officer, item, unit, *, present=REQUIRED, decision=IntakeDecision.ACCEPT, now=None, **extra):
    return service_request_intake(
        officer=officer,
        item=item,
        unit=unit,
        applicant=APPLICANT,
        materials_present=list(present),
        decision=decision,
        now=now or at(2026, 3, 2),
        **extra,
    )
