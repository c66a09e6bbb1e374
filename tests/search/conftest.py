"""One citizen, 李秀兰, with a record in every searched domain of 镇江村, and a namesake in 青石镇 (another
county's town) whose records no 生机镇 user may find."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from tests.assistance.factories import register as register_household
from tests.collective.factories import make_contract
from tests.factories import make_cadre
from tests.party.factories import make_branch
from tests.services.factories import APPLICANT, intake, make_item, resident_id
from xiangzhen.assistance.models import Household
from xiangzhen.collective.models import Contract
from xiangzhen.disputes.models import Dispute, DisputeCategory
from xiangzhen.disputes.services import Party, dispute_register
from xiangzhen.org.models import CadreRole
from xiangzhen.party.models import MemberStatus, PartyMember
from xiangzhen.party.services import member_add
from xiangzhen.services.models import ServiceRequest

NAME = APPLICANT.name  # 李秀兰
PHONE = APPLICANT.phone
ID_NUMBER = APPLICANT.id_number
OTHER_PHONE = "13985099999"
OTHER_ID_NUMBER = resident_id("33082219800101009")


@dataclass
class World:
    request: ServiceRequest
    dispute: Dispute
    household: Household
    member: PartyMember
    contract: Contract
    elsewhere: ServiceRequest  # the namesake's request in 青石村


@pytest.fixture
def world(township) -> World:
    leader = township.town_leader.user
    item = make_item()
    request = intake(township.window_staff.user, item, township.zhenjiang)
    dispute = dispute_register(
        actor=leader,
        title="宅基地边界纠纷",
        summary="情况",
        place=township.zhenjiang,
        category=DisputeCategory.objects.get(name="邻里"),
        risk_level="general",
        source="visit",
        responsible=township.township_cadre,
        parties=[Party(NAME, PHONE, ID_NUMBER), Party("王五")],
    )
    household = register_household(leader, township.zhenjiang, township.township_cadre, head=NAME)
    Household.objects.filter(pk=household.pk).update(phone=PHONE, head_id_number=ID_NUMBER)
    branch = make_branch(leader, township.zhenjiang, full=2, probationary=0)
    member = member_add(
        actor=leader,
        branch=branch,
        name=NAME,
        status=MemberStatus.FULL,
        joined_on=date(2010, 7, 1),
        phone=PHONE,
        id_number=ID_NUMBER,
    )
    contract = make_contract(township.town_leader, township.zhenjiang, number="HT-2026-01", counterparty=NAME)
    # The namesake in another county's town, filed there by its own clerk.
    clerk = make_cadre("青石窗口", CadreRole.WINDOW_STAFF, township.qingshi_town, "qingshi_window")
    elsewhere = intake(clerk.user, item, township.qingshi, now=timezone.now())
    ServiceRequest.objects.filter(pk=elsewhere.pk).update(
        applicant_phone=OTHER_PHONE, applicant_id_number=OTHER_ID_NUMBER
    )
    return World(request, dispute, household, member, contract, elsewhere)
