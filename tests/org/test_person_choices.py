"""Defaults that write nothing wrong: no "who" field (责任人, 领衔领导, 包保责任人, 承办人 …) pre-selects a
person, the viewer's own unit comes first, every cadre is named with a post, and a form sent without
choosing is refused in Chinese and writes nothing."""

import re

import pytest
from django.contrib.messages import get_messages

from tests.projects.helpers import make_project
from tests.services.factories import intake, make_item
from xiangzhen.assistance.models import Household
from xiangzhen.disputes.models import Dispute, DisputeCategory, Petition
from xiangzhen.frontline.models import Leave
from xiangzhen.org.selectors import cadre_labels, person_groups
from xiangzhen.projects.models import Milestone, Project
from xiangzhen.supervision.models import Task

pytestmark = pytest.mark.django_db


def select_of(page: str, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert found, f"no <select name={name}>"
    return found.group(0)


def options_of(select: str) -> list[tuple[str, str]]:
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


# (page, select name, multiple)
WHO_FIELDS = [
    ("/assistance/new/", "responsible", False),
    ("/collective/contracts/", "responsible", False),
    ("/disputes/", "responsible", False),
    ("/disputes/petitions/", "receiver", False),
    ("/frontline/attendance/", "cadre", False),
    ("/frontline/duty/", "cadres", True),
    ("/projects/", "lead", False),
    ("/projects/", "team", True),
    ("/supervision/tasks/", "owner", False),
    ("/supervision/meetings/", "attendees", True),
]


@pytest.mark.parametrize(("url", "name", "multiple"), WHO_FIELDS)
def test_no_person_is_chosen_before_the_user_chooses(client, township, url, name, multiple):
    client.force_login(township.town_leader.user)
    select = select_of(client.get(url).content.decode(), name)
    assert " selected" not in select
    options = options_of(select)
    if multiple:
        assert options and all(value for value, _label in options)
    else:
        assert options[0][0] == "" and options[0][1] in {"请选择", "(不指定)"}
        assert ("required" in select.split(">")[0]) == (name != "responsible" or "collective" not in url)
    # Every person is named with a post, and the leader's own unit (生机镇) comes first.
    labelled = dict((value, label) for value, label in options if value)
    assert labelled and all(" · " in label for label in labelled.values())
    assert f"{township.township_cadre.pk}" in labelled
    assert labelled[str(township.township_cadre.pk)] == "赵德胜 · 党政办干部(生机镇)"
    assert select.index('label="本单位"') < select.index('label="其他单位"')
    own = select.split('label="其他单位"')[0]
    assert "赵德胜" in own and township.village_cadre.name not in own


def test_detail_pages_choose_no_person_either(client, township):
    project = make_project(township)
    request = intake(township.window_staff.user, make_item(), township.zhenjiang)
    client.force_login(township.town_leader.user)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    owners = re.findall(r'<select name="owner"[^>]*>.*?</select>', page, re.S)
    assert owners  # a milestone's owner (and a problem's, once one is raised)
    for select in owners:
        assert " selected" not in select and options_of(select)[0] == ("", "请选择")
    page = client.get(f"/services/requests/{request.pk}/").content.decode()
    officers = re.findall(r'<select name="officer"[^>]*>.*?</select>', page, re.S)
    assert officers
    for select in officers:
        assert " selected" not in select and options_of(select)[0][0] == ""
        assert all(" · " in label for value, label in options_of(select) if value)


def refused(client, url, data, message):
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    shown = [str(item) for item in get_messages(response.wsgi_request)] + [response.content.decode()]
    assert any(message in text for text in shown), message


def test_a_form_sent_without_a_person_is_refused_and_writes_nothing(client, township):
    client.force_login(township.town_leader.user)
    counts = (
        Task.objects.count(),
        Project.objects.count(),
        Dispute.objects.count(),
        Petition.objects.count(),
        Household.objects.count(),
        Leave.objects.count(),
    )
    unit = township.zhenjiang.pk
    refused(
        client,
        "/supervision/tasks/add/",
        {"title": "修路", "owner_unit": unit, "owner": "", "limit_workdays": "5"},
        "请选择责任人",
    )
    refused(
        client,
        "/projects/",
        {"name": "小学迁建", "kind": "education", "unit": unit, "lead": "", "planned_investment": "100"},
        "请选择领衔领导",
    )
    refused(
        client,
        "/disputes/",
        {
            "category": DisputeCategory.objects.get(name="邻里").pk,
            "place": unit,
            "responsible": "",
            "title": "宅基地纠纷",
            "limit_workdays": "10",
        },
        "请选择包保责任人",
    )
    refused(
        client,
        "/disputes/petitions/",
        {"unit": unit, "receiver": "", "petitioner": "张三", "summary": "反映修路"},
        "请选择接待领导",
    )
    refused(
        client,
        "/assistance/new/",
        {"village": unit, "responsible": "", "head_name": "张三"},
        "请选择帮扶责任人",
    )
    refused(
        client,
        "/frontline/attendance/",
        {"cadre": "", "start": "2026-11-16", "end": "2026-11-16", "reason": "病假"},
        "请选择干部",
    )
    assert (
        Task.objects.count(),
        Project.objects.count(),
        Dispute.objects.count(),
        Petition.objects.count(),
        Household.objects.count(),
        Leave.objects.count(),
    ) == counts


def test_a_problem_or_milestone_without_an_owner_writes_nothing(client, township):
    project = make_project(township)
    client.force_login(township.town_leader.user)
    milestones, tasks = Milestone.objects.count(), Task.objects.count()
    refused(
        client,
        f"/projects/{project.pk}/milestone/",
        {"title": "主体封顶", "due_on": "2026-12-30", "owner": ""},
        "请选择责任人",
    )
    assert (Milestone.objects.count(), Task.objects.count()) == (milestones, tasks)


def test_labels_name_the_post_in_the_viewers_own_unit_first(township):
    leader = township.town_leader
    labels = cadre_labels([leader, township.village_cadre, township.district_committee])
    assert all(" · " in label and label.endswith(")") for label in labels.values()), labels
    groups = person_groups(leader.user, [township.village_cadre, leader, township.township_cadre])
    assert [group.label for group in groups] == ["本单位", "其他单位"]
    assert {option.pk for option in groups[0].options} == {leader.pk, township.township_cadre.pk}
    # An account is offered by its own id, labelled as its cadre.
    [group] = person_groups(leader.user, [township.window_staff.user])
    assert group.options[0].pk == township.window_staff.user.pk and " · " in group.options[0].label


def test_pages_of_one_record_choose_no_person_either(client, township):
    from datetime import date

    from tests.assistance.factories import register
    from xiangzhen.frontline.models import DutyKind, DutyShift
    from xiangzhen.frontline.services import visit_record

    leader = township.town_leader
    household = register(leader.user, township.zhenjiang, township.township_cadre)
    visit = visit_record(
        actor=leader.user,
        kind="village",
        unit=township.zhenjiang,
        target="镇江村二组",
        visited_on=date(2026, 11, 16),
        findings="组组通公路破损",
        problems=["公路破损需修复"],
    )
    shift = DutyShift.objects.create(
        unit=township.shengji, on=date(2030, 1, 7), kind=DutyKind.LEADER, cadre=leader
    )
    client.force_login(leader.user)
    for url, name in (
        (f"/assistance/{household.pk}/", "responsible"),
        (f"/frontline/visits/{visit.pk}/", "owner"),
        (f"/frontline/duty/{shift.pk}/", "replacement"),
    ):
        select = select_of(client.get(url).content.decode(), name)
        options = options_of(select)
        assert " selected" not in select and options[0] == ("", "请选择"), url
        assert all(" · " in label for value, label in options[1:]), url
    # The replacement is never the cadre on the shift.
    assert str(leader.pk) not in dict(
        options_of(select_of(client.get(f"/frontline/duty/{shift.pk}/").content.decode(), "replacement"))
    )
