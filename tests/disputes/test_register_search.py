"""The dispute register: search by number, party, phone or full ID number, filters and keyset pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from xiangzhen.audit.models import AuditEvent
from xiangzhen.disputes.models import Dispute, DisputeCategory, DisputeParty
from xiangzhen.disputes.selectors import DisputeFilters, dispute_register_page
from xiangzhen.disputes.services import Party, dispute_register
from xiangzhen.spreadsheets import response_bytes
from xiangzhen.validators import resident_id_check_character

ID_NUMBER = "52050219800101" + "123"
ID_NUMBER += resident_id_check_character(ID_NUMBER)


def register(township, title, place=None, parties=(), **changes):
    fields = {
        "actor": township.town_leader.user,
        "title": title,
        "summary": "情况",
        "place": place or township.zhenjiang,
        "category": DisputeCategory.objects.get(name="邻里"),
        "risk_level": "general",
        "source": "visit",
        "responsible": township.township_cadre,
        "parties": list(parties) or [Party("李四")],
    }
    return dispute_register(**(fields | changes))


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [dispute.title for dispute in response.context["disputes"]]


@pytest.fixture
def registered(township):
    return {
        "water": register(
            township, "排水纠纷", parties=[Party("王大明", "13985011111", ID_NUMBER.lower()), Party("李小红")]
        ),
        "land": register(township, "土地纠纷", place=township.gepu, risk_level="grave"),
    }


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("王大明", ["排水纠纷"]),
        ("王大", []),  # a name is compared whole
        ("139 8501 1111", ["排水纠纷"]),
        (ID_NUMBER.lower(), ["排水纠纷"]),
        ("李四", ["土地纠纷"]),
    ],
)
def test_search_by_whole_name_phone_or_id_number(client, township, registered, search, found):
    client.force_login(township.town_leader.user)
    assert titles(client.get("/disputes/", {"q": search})) == found


@pytest.mark.parametrize("partial", ["1398501111", ID_NUMBER[:17], ID_NUMBER[:10] + "X"])
def test_a_partial_phone_or_id_number_is_refused_not_matched(client, township, registered, partial):
    client.force_login(township.town_leader.user)
    response = client.get("/disputes/", {"q": partial})
    assert titles(response) == []
    assert "不支持按部分号码查询" in response.content.decode()


def test_search_by_dispute_number(client, township, registered):
    client.force_login(township.town_leader.user)
    land = registered["land"]
    assert titles(client.get("/disputes/", {"q": f"JF{land.pk}"})) == ["土地纠纷"]
    assert titles(client.get("/disputes/", {"q": str(land.pk)})) == ["土地纠纷"]


def test_search_never_reaches_outside_the_jurisdiction(client, township, registered):
    client.force_login(township.village_cadre.user)  # 葛铺村 only
    assert titles(client.get("/disputes/", {"q": "王大明"})) == []
    assert titles(client.get("/disputes/", {"q": f"JF{registered['water'].pk}"})) == []
    assert titles(client.get("/disputes/")) == ["土地纠纷"]


def test_filters_by_category_village_risk_status_and_date(client, township, registered):
    client.force_login(township.town_leader.user)
    assert titles(client.get("/disputes/", {"risk": "grave"})) == ["土地纠纷"]
    assert titles(client.get("/disputes/", {"unit": township.zhenjiang_district.pk})) == ["排水纠纷"]
    assert titles(client.get("/disputes/", {"unit": township.gepu.pk})) == ["土地纠纷"]
    other = DisputeCategory.objects.exclude(name="邻里").first()
    assert titles(client.get("/disputes/", {"category": other.pk})) == []
    assert sorted(titles(client.get("/disputes/", {"status": "open"}))) == ["土地纠纷", "排水纠纷"]
    assert titles(client.get("/disputes/", {"status": "settled"})) == []
    tomorrow = timezone.localdate() + timedelta(days=2)
    assert titles(client.get("/disputes/", {"since": tomorrow.isoformat()})) == []
    assert len(titles(client.get("/disputes/", {"until": tomorrow.isoformat()}))) == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"category": "²"}, "类别应为整数"),
        ({"unit": "99999999999999999999"}, "应为整数"),
        ({"since": "2026-02-30"}, "起始日期格式不正确"),
        ({"before_on": "x", "before_id": "1"}, "分页格式不正确"),
        ({"q": "某" * 51}, "姓名不能超过"),
    ],
)
def test_bad_filters_answer_in_chinese(client, township, registered, query, message):
    client.force_login(township.town_leader.user)
    response = client.get("/disputes/", query)
    assert response.status_code == 200 and message in response.content.decode()


def test_keyset_pages_cover_every_row_once(client, township):
    for number in range(7):
        register(township, f"纠纷{number}")
    Dispute.objects.filter(title__in=["纠纷1", "纠纷2"]).update(registered_on=date(2026, 1, 5))
    seen = []
    before = None
    while True:
        page = dispute_register_page(
            viewer=township.town_leader.user, filters=DisputeFilters(), before=before, limit=3
        )
        seen += [dispute.title for dispute in page]
        if len(page) < 3:
            break
        before = (page[-1].registered_on, page[-1].pk)
    assert sorted(seen) == sorted(f"纠纷{number}" for number in range(7))
    assert seen[-2:] == ["纠纷2", "纠纷1"]


def test_the_page_links_to_the_next_page_keeping_the_filters(client, township, settings):
    from xiangzhen.disputes import views

    for number in range(3):
        register(township, f"纠纷{number}")
    client.force_login(township.town_leader.user)
    original = views.PAGE_SIZE
    views.PAGE_SIZE = 2
    try:
        first = client.get("/disputes/", {"status": "open"})
        assert titles(first) == ["纠纷2", "纠纷1"]
        link = first.content.decode().split('class="pager no-print"><a href="')[1].split('"')[0]
        link = link.replace("&amp;", "&")
        assert "status=open" in link
        assert titles(client.get(f"/disputes/{link}")) == ["纠纷0"]
    finally:
        views.PAGE_SIZE = original


def test_the_register_page_runs_a_fixed_number_of_queries(client, township, django_assert_max_num_queries):
    for number in range(12):
        register(township, f"纠纷{number}", parties=[Party("甲某"), Party("乙某")])
    client.force_login(township.town_leader.user)
    with django_assert_max_num_queries(20):
        assert len(titles(client.get("/disputes/"))) == 12


def test_party_names_are_masked_in_lists_and_exports_and_revealed_with_an_audited_reason(
    client, township, registered
):
    from io import BytesIO

    from xiangzhen.spreadsheets import read_sheet

    water = registered["water"]
    client.force_login(township.town_leader.user)
    page = client.get("/disputes/").content.decode()
    assert "王*明" in page and "王大明" not in page
    rows = list(
        read_sheet(
            BytesIO(response_bytes(client.get("/disputes/register.xlsx"))),
            sheet="矛盾纠纷台账",
            required_columns=["当事人"],
        )
    )
    assert {row.values["当事人"] for row in rows} >= {"王*明、李*红"}
    detail = client.get(f"/disputes/{water.pk}/").content.decode()
    assert (
        "王大明" not in detail
        and ID_NUMBER not in detail
        and "138" not in detail.split('id="parties"')[1][:80]
    )
    assert str(DisputeParty.objects.get(name="王大明")) == "王*明"
    refused = client.post(f"/disputes/{water.pk}/reveal/", {"reason": " "}, follow=True)
    assert "须写明用途" in refused.content.decode()
    assert not AuditEvent.objects.filter(action="dispute.reveal_personal_data").exists()
    revealed = client.post(f"/disputes/{water.pk}/reveal/", {"reason": "打印调解协议书"}, follow=True)
    text = revealed.content.decode()
    assert "王大明" in text and "13985011111" in text and ID_NUMBER in text
    assert revealed.redirect_chain == [] and "no-store" in revealed["Cache-Control"]
    assert ID_NUMBER not in str(dict(client.session.items()))
    event = AuditEvent.objects.get(action="dispute.reveal_personal_data")
    assert event.changes["reason"] == [None, "打印调解协议书"] and event.actor == township.town_leader.user
    # Once only: the next view is masked again.
    assert "王大明" not in client.get(f"/disputes/{water.pk}/").content.decode()
    printed = client.post(
        f"/disputes/{water.pk}/reveal/", {"reason": "打印调解协议书", "then": "print"}, follow=True
    ).content.decode()
    assert "人民调解协议书" in printed and "王大明" in printed


def test_a_bad_id_number_is_refused_with_the_party_masked(client, township):
    from tests.disputes.test_views import post_dispute

    client.force_login(township.township_cadre.user)
    response = post_dispute(client, township, party_id_number=[ID_NUMBER[:17] + "0", ""])
    text = response.content.decode()
    assert "身份证号校验位不正确" in text and "王*某" in text
    assert not Dispute.objects.exists()
