"""Every form of the dispute pages answers garbage with a Chinese message and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.disputes.test_views import post_dispute
from xiangzhen.audit.models import AuditEvent
from xiangzhen.disputes.models import Dispute, MediationSession, Petition, ScreeningReport


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", "abc", "纠纷类别应为整数"),
        ("place", "²", "发生地应为整数"),
        ("responsible", "", "请选择包保责任人"),
        ("responsible", "99999999999999999999", "包保责任人应为整数"),
        ("limit_workdays", "²", "化解时限(工作日)应为整数"),
        ("limit_workdays", "-3", "化解时限(工作日)应在 1 到 250 之间"),
    ],
)
def test_the_register_form_refuses_garbage(client, township, field, value, message):
    client.force_login(township.township_cadre.user)
    events = AuditEvent.objects.count()
    assert message in page_of(post_dispute(client, township, **{field: value}))
    assert not Dispute.objects.exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("held_on", "message"),
    [("abc", "调解日期格式不正确"), ("2999-01-01", "调解日期不能晚于"), ("1900-01-01", "调解日期不能早于")],
)
def test_a_mediation_is_never_dated_in_the_future_or_in_nonsense(client, township, held_on, message):
    client.force_login(township.township_cadre.user)
    post_dispute(client, township)
    dispute = Dispute.objects.get()
    response = client.post(
        f"/disputes/{dispute.pk}/mediate/",
        {"held_on": held_on, "mediators": "村调委会", "actions": "调解", "result": "failed"},
        follow=True,
    )
    assert message in page_of(response)
    assert not MediationSession.objects.exists()


def test_the_mediation_service_refuses_a_future_date_too(township):
    from xiangzhen.disputes.services import mediation_record
    from xiangzhen.errors import ValidationFailed

    client_dispute = _register(township)
    with pytest.raises(ValidationFailed, match="不能晚于今天"):
        mediation_record(
            actor=township.township_cadre.user,
            dispute=client_dispute,
            held_on=timezone.localdate() + timedelta(days=1),
            mediators="村调委会",
            actions="调解",
            result="failed",
        )


def _register(township):
    from xiangzhen.disputes.models import DisputeCategory
    from xiangzhen.disputes.services import Party, dispute_register

    return dispute_register(
        actor=township.township_cadre.user,
        title="宅基地纠纷",
        summary="界址争议",
        place=township.zhenjiang,
        category=DisputeCategory.objects.get(name="邻里"),
        risk_level="general",
        source="visit",
        responsible=township.township_cadre,
        parties=[Party("李四光")],
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"dispute_count": "²"}, "纠纷数应为整数"),
        ({"dispute_count": "-1"}, "纠纷数应在 0 到"),
        ({"dispute_count": ""}, "纠纷数应为 0 或正整数"),
        ({"unit": "abc"}, "村(社区)应为整数"),
    ],
)
def test_the_screening_form_refuses_garbage(client, township, data, message):
    client.force_login(township.town_leader.user)
    response = client.post(
        "/disputes/screening/?month=2026-03",
        {"unit": township.gepu.pk, "dispute_count": "0"} | data,
        follow=True,
    )
    assert message in page_of(response)
    assert not ScreeningReport.objects.exists()


def test_a_screening_post_under_a_garbled_month_files_nothing(client, township):
    client.force_login(township.town_leader.user)
    response = client.post(
        "/disputes/screening/?month=2026-²", {"unit": township.gepu.pk, "dispute_count": "0"}, follow=True
    )
    assert "月份格式不正确" in page_of(response)
    assert not ScreeningReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"unit": "abc"}, "所属单位应为整数"),
        ({"receiver": "²"}, "接待领导应为整数"),
        ({"dispute": "abc"}, "关联纠纷应为整数"),
        ({"received_on": "2999-01-01"}, "接待日期不能晚于"),
        ({"received_on": "bad"}, "接待日期格式不正确"),
    ],
)
def test_the_petition_form_refuses_garbage(client, township, data, message):
    client.force_login(township.town_leader.user)
    valid = {
        "petitioner": "王某某",
        "phone": "",
        "unit": township.zhenjiang.pk,
        "kind": "visit",
        "received_on": "2026-03-03",
        "receiver": township.town_leader.pk,
        "summary": "反映排水问题",
    }
    response = client.post("/disputes/petitions/", valid | data, follow=True)
    assert message in page_of(response)
    assert not Petition.objects.exists()


@pytest.mark.parametrize("query", ["since=abc", "until=2026-13-01", "since=²", "status=²&alert=x"])
def test_the_statistics_and_register_pages_answer_garbage_filters(client, township, query):
    client.force_login(township.town_leader.user)
    assert client.get(f"/disputes/statistics/?{query}").status_code == 200
    assert client.get(f"/disputes/?{query}").status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "纠" * 121, "纠纷名称不能超过 120 个字"),
        ("summary", "雨水\x00排放", "基本情况含有无效字符"),
        ("party_name", ["王" * 51, ""], "第 1 名当事人的姓名不能超过 50 个字"),
    ],
)
def test_text_a_column_cannot_hold_is_refused_before_the_database(client, township, field, value, message):
    client.force_login(township.township_cadre.user)
    assert message in page_of(post_dispute(client, township, **{field: value}))
    assert not Dispute.objects.exists()


def test_a_petition_with_a_long_name_or_nul_byte_is_refused(client, township):
    client.force_login(township.town_leader.user)
    data = {
        "phone": "",
        "unit": township.zhenjiang.pk,
        "kind": "visit",
        "receiver": township.town_leader.pk,
        "summary": "反映问题",
    }
    long_name = client.post("/disputes/petitions/", data | {"petitioner": "王" * 51}, follow=True)
    assert "来访人不能超过 50 个字" in page_of(long_name)
    nul = client.post("/disputes/petitions/", data | {"petitioner": "王五", "summary": "a\x00b"}, follow=True)
    assert "反映问题含有无效字符" in page_of(nul)
    assert not Petition.objects.exists()


@pytest.mark.parametrize(("action", "field"), [("escalate", "reason"), ("litigation", "note")])
def test_the_ladder_forms_refuse_a_nul_byte(client, township, action, field):
    client.force_login(township.township_cadre.user)
    post_dispute(client, township)
    dispute = Dispute.objects.get()
    response = client.post(f"/disputes/{dispute.pk}/{action}/", {field: "村级\x00调解失败"}, follow=True)
    assert "含有无效字符" in page_of(response)
    dispute.refresh_from_db()
    assert dispute.status == "open" and dispute.handling_unit == township.zhenjiang
