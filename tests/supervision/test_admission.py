"""A task the county hands a town cites the town's 履职事项清单; one outside it waits for the county's 准入 review."""

from datetime import date

import pytest
from django.utils import timezone

from tests.duties.factories import make_duty_item
from tests.factories import make_cadre
from xiangzhen.audit.models import AuditEvent
from xiangzhen.clock.models import Obligation
from xiangzhen.duties.models import DutyCategory
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.org.models import CadreRole
from xiangzhen.supervision.models import Admission, TaskStatus
from xiangzhen.supervision.selectors import admissions_by_sender, task_list
from xiangzhen.supervision.services import task_admission_review, task_create


def _hand(township, actor, *, title="填报台账", duty_code="", unit=None):
    return task_create(
        actor=actor,
        title=title,
        owner_unit=unit or township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=10,
        duty_code=duty_code,
    )


@pytest.fixture
def duty_list(township):
    return {
        "J-01": make_duty_item(township.shengji, "J-01", DutyCategory.BASIC, "人居环境整治"),
        "P-01": make_duty_item(township.shengji, "P-01", DutyCategory.COOPERATIVE, "配合违法用地巡查"),
        "S-01": make_duty_item(township.shengji, "S-01", DutyCategory.WITHDRAWN, "安全生产行政执法检查"),
    }


def test_a_county_task_citing_a_basic_or_cooperative_item_needs_no_review(township, duty_list):
    county = township.county_supervisor.user
    for code in ["J-01", "P-01 配合违法用地巡查 · 配合履职事项"]:
        task = _hand(township, county, duty_code=code)
        assert task.handed_down and task.admission == Admission.NOT_NEEDED
    assert task.duty_item == duty_list["P-01"]
    assert not Obligation.objects.filter(kind="supervision.admission").exists()


def test_a_county_task_outside_the_list_or_citing_a_withdrawn_item_waits_for_review(township, duty_list):
    county = township.county_supervisor.user
    outside = _hand(township, county, title="农业普查台账")
    withdrawn = _hand(township, county, title="安全检查", duty_code="S-01")
    assert outside.admission == withdrawn.admission == Admission.PENDING
    assert withdrawn.duty_item == duty_list["S-01"]
    assert set(
        Obligation.objects.filter(kind="supervision.admission").values_list("source_id", flat=True)
    ) == {
        outside.pk,
        withdrawn.pk,
    }
    event = AuditEvent.objects.filter(action="task.create", object_id=str(outside.pk)).get()
    assert event.changes["admission"] == [None, "待准入审核"]


def test_the_towns_own_tasks_are_not_handed_down(township, duty_list):
    for cadre in [township.town_leader, township.district_committee]:
        task = _hand(township, cadre.user)
        assert not task.handed_down and task.admission == Admission.NOT_NEEDED


def test_a_code_not_in_the_towns_current_list_is_refused_and_nothing_is_created(township, duty_list):
    make_duty_item(township.qingshi_town, "J-99")
    duty_list["J-01"].is_current = False
    duty_list["J-01"].save()
    county = township.county_supervisor.user
    with pytest.raises(ValidationFailed, match="生机镇的履职事项清单中没有编号为“J-99”的事项"):
        _hand(township, county, duty_code="J-99")
    with pytest.raises(ValidationFailed, match="已不在生机镇的现行清单中"):
        _hand(township, county, duty_code="J-01")
    assert not task_list(viewer=county).exists()


def test_the_county_admits_or_sends_back_and_the_town_sees_the_outcome(township, duty_list):
    county = township.county_supervisor.user
    admitted = _hand(township, county, title="农业普查台账")
    sent_back = _hand(township, county, title="招商引资任务")
    task_admission_review(
        actor=county, task=admitted, admit=True, note="属配合事项,清单待补", version=admitted.version
    )
    task_admission_review(actor=county, task=sent_back, admit=False, note="非乡镇法定职责,退回县投促局")
    assert admitted.admission == Admission.ADMITTED and admitted.status == TaskStatus.TODO
    assert sent_back.admission == Admission.RETURNED and sent_back.status == TaskStatus.WITHDRAWN
    assert (
        sent_back.admission_reviewed_by == county
        and sent_back.admission_note == "非乡镇法定职责,退回县投促局"
    )
    # The sent-back task leaves the town's open list and the clock; the admitted one stays.
    open_titles = set(
        task_list(viewer=township.town_leader.user, status="open").values_list("title", flat=True)
    )
    assert open_titles == {"农业普查台账"}
    assert not Obligation.objects.filter(source_id=sent_back.pk, kind__startswith="supervision.").exists()
    assert Obligation.objects.filter(source_id=admitted.pk, kind="supervision.task").exists()
    assert not Obligation.objects.filter(kind="supervision.admission").exists()
    assert AuditEvent.objects.filter(action="task.admission_review").count() == 2


def test_review_is_the_countys_alone_needs_a_reason_and_happens_once(township, duty_list):
    county = township.county_supervisor.user
    task = _hand(township, county)
    for cadre in [township.town_leader, township.township_cadre, township.district_committee]:
        with pytest.raises(PermissionDenied, match="只有县级督查"):
            task_admission_review(actor=cadre.user, task=task, admit=False, note="不该乡镇做")
    with pytest.raises(ValidationFailed, match="请写明审核意见"):
        task_admission_review(actor=county, task=task, admit=True, note="  ")
    with pytest.raises(Conflict, match="已被他人修改"):
        task_admission_review(actor=county, task=task, admit=True, note="准入", version=task.version + 1)
    task_admission_review(actor=county, task=task, admit=True, note="准入")
    with pytest.raises(Conflict, match="不在待准入审核状态"):
        task_admission_review(actor=county, task=task, admit=False, note="再退回")


def test_a_supervisor_of_another_county_does_not_find_the_task(township, duty_list):
    task = _hand(township, township.county_supervisor.user)
    outsider = make_cadre("钱江", CadreRole.COUNTY_SUPERVISOR, township.changshan, "changshan").user
    with pytest.raises(NotFound):
        task_admission_review(actor=outsider, task=task, admit=False, note="退回")
    task.refresh_from_db()
    assert task.admission == Admission.PENDING


def test_the_county_sees_out_of_list_assignments_per_sender(township, duty_list):
    county = township.county_supervisor.user
    _hand(township, county, duty_code="J-01")
    _hand(township, county, duty_code="S-01")
    returned = _hand(township, county)
    _hand(township, county)
    task_admission_review(actor=county, task=returned, admit=False, note="退回")
    _hand(township, township.town_leader.user)  # the town's own: not handed down
    year = timezone.localdate().year
    [row] = admissions_by_sender(county, start=date(year, 1, 1), end=date(year + 1, 1, 1))
    assert (row.sender, row.handed_down, row.in_list, row.outside_list, row.withdrawn_item) == (
        "王建国",
        4,
        1,
        2,
        1,
    )
    assert (row.pending, row.returned, row.outside_share) == (2, 1, 0.75)


def test_the_admissions_page_is_the_countys_and_reviews_through_the_task_page(client, township, duty_list):
    county = township.county_supervisor.user
    task = _hand(township, county, title="农业普查台账")
    for cadre in [
        township.town_leader,
        township.window_staff,
        township.village_cadre,
        township.township_cadre,
    ]:
        client.force_login(cadre.user)
        assert client.get("/supervision/admissions/").status_code == 403, cadre.role
        page = client.get(f"/supervision/tasks/{task.pk}/").content.decode()
        assert "admission-form" not in page
    client.force_login(county)
    page = client.get("/supervision/admissions/").content.decode()
    assert "王建国" in page and "农业普查台账" in page and "admission-chart" in page
    assert client.get("/supervision/admissions/?year=abc").status_code == 200
    page = client.get(f"/supervision/tasks/{task.pk}/").content.decode()
    assert "admission-form" in page and "未引用清单事项" in page
    response = client.post(
        f"/supervision/tasks/{task.pk}/send-back/", {"note": "非乡镇职责", "version": "abc"}, follow=True
    )
    assert "版本应为整数" in response.content.decode()
    response = client.post(
        f"/supervision/tasks/{task.pk}/send-back/",
        {"note": "非乡镇职责", "version": task.version},
        follow=True,
    )
    assert "已退回交办单位" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.WITHDRAWN


def test_the_task_form_cites_an_item_by_its_code(client, township, duty_list):
    client.force_login(township.county_supervisor.user)
    page = client.get("/supervision/tasks/?mine=0").content.decode()
    assert 'list="duty-codes"' in page and "J-01 人居环境整治 · 基本履职事项" in page
    response = client.post(
        "/supervision/tasks/add/",
        {
            "title": "安全检查",
            "owner_unit": township.zhenjiang.pk,
            "owner": township.township_cadre.pk,
            "limit_workdays": "5",
            "duty_code": "S-01",
        },
        follow=True,
    )
    assert "已提交县里准入审核" in response.content.decode()
