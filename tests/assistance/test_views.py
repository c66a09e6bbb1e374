from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from tests.assistance.factories import add_measure, causes, register
from xiangzhen.assistance.models import Household
from xiangzhen.audit.models import AuditEvent
from xiangzhen.spreadsheets import response_bytes


def test_the_list_masks_names_and_the_export_too(client, township):
    register(township.town_leader.user, township.gepu, township.village_cadre, head="敖银桃")
    client.force_login(township.village_cadre.user)
    page = client.get(reverse("assistance:households")).content.decode()
    assert "敖*桃" in page and "敖银桃" not in page
    export = client.get(reverse("assistance:households") + "?format=xlsx")
    sheet = load_workbook(BytesIO(response_bytes(export))).active
    assert [cell.value for cell in sheet[2]][2] == "敖*桃"


def test_a_visit_posted_from_the_page_is_on_the_timeline(client, township):
    household = register(township.town_leader.user, township.gepu, township.village_cadre)
    client.force_login(township.village_cadre.user)
    response = client.post(
        reverse("assistance:household_act", args=[household.pk, "visit"]),
        {"notes": "仔猪长势良好"},
        follow=True,
    )
    assert "已登记走访" in response.content.decode()
    assert "吴秀英入户走访:仔猪长势良好" in response.content.decode()


def test_bad_input_is_a_message_not_an_error(client, township):
    household = register(township.town_leader.user, township.gepu, township.village_cadre)
    client.force_login(township.village_cadre.user)
    url = reverse("assistance:household_act", args=[household.pk, "income"])
    response = client.post(url, {"year": "²", "total": "abc", "people": "3"}, follow=True)
    assert "年度应为整数" in response.content.decode()
    response = client.post(
        reverse("assistance:household_act", args=[household.pk, "measure"]),
        {"kind": "loan", "title": "贷款", "amount": "NaN", "step_title": "放款", "step_due": "2026-13-01"},
        follow=True,
    )
    assert "格式不正确" in response.content.decode()
    assert not household.measures.exists()


def test_the_page_adds_a_household_with_its_members(client, township):
    (cause,) = causes("因病")
    client.force_login(township.township_cadre.user)
    response = client.post(
        reverse("assistance:household_add"),
        {
            "village": township.zhenjiang.pk,
            "category": "unstable",
            "channel": "application",
            "head_name": "王大山",
            "head_labour": "1",
            "member_name": ["李小花", ""],
            "member_relation": ["配偶", ""],
            "member_id_number": ["", ""],
            "member_labour": ["0", "1"],
            "causes": [cause.pk],
            "responsible": township.township_cadre.pk,
            "pairing": "cadre",
            "reviewed_on": "2026-03-02",
            "publicity_from": "2026-03-02",
        },
    )
    household = Household.objects.get()
    assert response.status_code == 302
    assert list(household.members.values_list("name", "is_labour")) == [("王大山", True), ("李小花", False)]


def test_window_staff_cannot_open_the_add_page(client, township):
    client.force_login(township.window_staff.user)
    assert client.get(reverse("assistance:household_add")).status_code == 403


def test_reveal_shows_the_full_name_once_and_is_audited(client, township):
    household = register(township.town_leader.user, township.gepu, township.village_cadre, head="敖银桃")
    client.force_login(township.village_cadre.user)
    url = reverse("assistance:household_act", args=[household.pk, "reveal"])
    page = client.post(url, {"reason": "入户核实"}, follow=True).content.decode()
    assert "敖银桃" in page
    assert (
        "敖银桃"
        not in client.get(reverse("assistance:household_detail", args=[household.pk])).content.decode()
    )
    assert AuditEvent.objects.filter(action="assistance.reveal").count() == 1


def test_statistics_show_households_and_measures_per_village(client, township):
    household = register(township.town_leader.user, township.gepu, township.village_cadre)
    add_measure(township.town_leader.user, household)
    client.force_login(township.town_leader.user)
    page = client.get(reverse("assistance:statistics")).content.decode()
    assert "葛铺村" in page and "共 1 户" in page and "帮扶措施 1 项" in page
    town = client.get(reverse("assistance:statistics") + "?by=town&year=²").content.decode()
    assert "生机镇" in town and "年度应为整数" in town
