"""The one search through its service: each kind of query, the jurisdiction, the role, masking and audit."""

import pytest
from django.contrib.auth.models import User

from tests.search.conftest import ID_NUMBER, NAME, OTHER_ID_NUMBER, OTHER_PHONE, PHONE
from xiangzhen.audit.models import AuditEvent
from xiangzhen.search.registry import GROUP_LIMIT
from xiangzhen.search.services import search_run
from xiangzhen.services.models import ServiceRequest

EVERY_GROUP = ["requests", "disputes", "households", "party_members", "contracts"]


def found(viewer, text) -> dict[str, list[str]]:
    result = search_run(viewer=viewer, text=text)
    return {group.key: [hit.url for hit in group.hits] for group in result.groups}


def admin() -> User:
    return User.objects.create_superuser("root", password="x")


def test_a_phone_finds_every_record_of_the_citizen(township, world):
    urls = found(township.town_leader.user, PHONE)
    assert urls["requests"] == [f"/services/requests/{world.request.pk}/"]
    assert urls["disputes"] == [f"/disputes/{world.dispute.pk}/"]
    assert urls["households"] == [f"/assistance/{world.household.pk}/"]
    assert urls["party_members"] == [f"/party/branches/{world.member.branch_id}/#member-roll"]
    assert urls["contracts"] == []  # a contract keeps no phone


def test_a_resident_id_finds_every_record_and_is_audited_masked(township, world):
    urls = found(township.town_leader.user, ID_NUMBER.lower())
    assert [key for key, hits in urls.items() if hits] == [
        "requests",
        "disputes",
        "households",
        "party_members",
    ]
    event = AuditEvent.objects.get(action="search.resident_id")
    assert event.actor == township.town_leader.user
    assert event.unit == township.shengji  # read by the town's leaders in their audit log
    assert ID_NUMBER not in event.object_repr
    assert ID_NUMBER[:6] in event.object_repr and ID_NUMBER[-4:] in event.object_repr
    assert event.changes["requests"] == [None, 1]


def test_a_town_leader_reads_a_clerks_id_search_in_the_audit_log(township, world):
    from xiangzhen.audit.selectors import audit_event_list

    found(township.window_staff.user, ID_NUMBER)
    events = audit_event_list(viewer=township.town_leader.user).filter(action="search.resident_id")
    assert [event.actor for event in events] == [township.window_staff.user]
    assert (
        not audit_event_list(viewer=township.village_cadre.user).filter(action="search.resident_id").exists()
    )


def test_a_phone_or_name_search_is_not_audited(township, world):
    found(township.town_leader.user, PHONE)
    found(township.town_leader.user, NAME)
    assert not AuditEvent.objects.filter(action="search.resident_id").exists()


def test_a_name_finds_by_its_start_then_inside(township, world):
    leader = township.town_leader.user
    assert found(leader, "李秀")["households"] == [f"/assistance/{world.household.pk}/"]
    assert found(leader, "秀兰")["requests"] == [f"/services/requests/{world.request.pk}/"]
    # The household head's name finds the household; a member's name finds it too.
    assert found(leader, "敖某")["households"] == [f"/assistance/{world.household.pk}/"]
    assert found(leader, "张无忌") == {key: [] for key in EVERY_GROUP}


def test_the_codes_find_their_own_records(township, world):
    leader = township.town_leader.user
    assert found(leader, world.request.tracking_code.lower())["requests"] == [
        f"/services/requests/{world.request.pk}/"
    ]
    assert found(leader, f"JF{world.dispute.pk}")["disputes"] == [f"/disputes/{world.dispute.pk}/"]
    assert found(leader, "HT-2026-01")["contracts"] == [f"/collective/contracts/{world.contract.pk}/"]


def test_a_town_user_never_sees_another_towns_records(township, world):
    leader = township.town_leader.user
    assert found(leader, OTHER_PHONE) == {key: [] for key in EVERY_GROUP}
    assert found(leader, OTHER_ID_NUMBER) == {key: [] for key in EVERY_GROUP}
    assert found(leader, world.elsewhere.tracking_code)["requests"] == []
    # By name, only 生机镇's 李秀兰 is listed, though 青石村 has a namesake.
    assert found(leader, NAME)["requests"] == [f"/services/requests/{world.request.pk}/"]
    # The system administrator sees both.
    assert len(found(admin(), NAME)["requests"]) == 2


def test_a_village_cadre_sees_only_their_village(township, world):
    # 吴秀英 works in 葛铺村: 李秀兰's records are in 镇江村.
    assert found(township.village_cadre.user, PHONE) == {
        key: [] for key in ("requests", "disputes", "households", "party_members", "contracts")
    }


def test_each_role_finds_only_the_modules_the_menu_offers_it(township, world):
    groups = {
        persona: list(found(getattr(township, persona).user, PHONE))
        for persona in ("window_staff", "township_cadre", "town_leader", "county_supervisor")
    }
    assert groups["window_staff"] == ["requests"]
    assert groups["township_cadre"] == ["requests", "disputes", "households"]
    assert groups["town_leader"] == EVERY_GROUP
    assert groups["county_supervisor"] == EVERY_GROUP


def test_results_are_masked_as_on_the_lists(township, world):
    result = search_run(viewer=township.town_leader.user, text=PHONE)
    text = " ".join(f"{hit.title} {hit.detail}" for group in result.groups for hit in group.hits)
    assert NAME not in text and PHONE not in text and ID_NUMBER not in text
    assert "李*兰" in text and "139****2345" in text
    contract = search_run(viewer=township.town_leader.user, text=NAME).groups[-1]
    assert contract.hits[0].detail.startswith("李*兰")


def test_an_organisation_counterparty_is_shown_by_its_name(township, world):
    from tests.collective.factories import make_contract

    make_contract(
        township.town_leader,
        township.zhenjiang,
        number="HT-2026-02",
        counterparty="镇江生态农业有限公司",
        counterparty_kind="organisation",
    )
    hits = found(township.town_leader.user, "镇江生态")["contracts"]
    assert len(hits) == 1
    result = search_run(viewer=township.town_leader.user, text="镇江生态")
    assert "镇江生态农业有限公司" in result.groups[-1].hits[0].detail


def test_a_group_shows_at_most_its_limit_and_counts_the_rest(township, world):
    requests = [
        ServiceRequest(
            **{
                field.attname: getattr(world.request, field.attname)
                for field in ServiceRequest._meta.concrete_fields
                if field.attname not in ("id", "tracking_code")
            },
            tracking_code=f"T{number:09d}",
        )
        for number in range(GROUP_LIMIT + 5)
    ]
    ServiceRequest.objects.bulk_create(requests)
    result = search_run(viewer=township.town_leader.user, text=PHONE)
    group = result.groups[0]
    assert len(group.hits) == GROUP_LIMIT
    assert group.count == GROUP_LIMIT + 6


@pytest.mark.parametrize("persona", ["window_staff", "town_leader"])
def test_a_bad_query_reads_nothing(township, world, persona, django_assert_num_queries):
    from xiangzhen.errors import ValidationFailed

    with django_assert_num_queries(0), pytest.raises(ValidationFailed):
        search_run(viewer=getattr(township, persona).user, text="1398501")
