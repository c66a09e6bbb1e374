"""A module's first screen lists the person's own items when they have any, with a toggle to see all in
their jurisdiction; asked for anything, the list shows what was asked."""

import re

from django.utils import timezone

from tests.assistance.factories import register
from tests.services.factories import intake, make_item
from xiangzhen.disputes.models import DisputeCategory
from xiangzhen.disputes.services import Party, dispute_register
from xiangzhen.supervision.services import task_create


def toggle(page: str) -> tuple[str, str]:
    """(the view shown, the link to the other one) of the mine/all toggle."""
    found = re.search(r'<p class="mine-toggle[^>]*>(.*?)</p>', page, re.S)
    assert found is not None, "no mine/all toggle"
    shown = re.search(r"<strong[^>]*>([^<]+)</strong>", found.group(1))
    other = re.search(r'<a href="([^"]+)">', found.group(1))
    assert shown and other
    return shown.group(1), other.group(1).replace("&amp;", "&")


def test_the_queue_opens_on_my_open_requests_and_toggles_to_the_whole_queue(client, township):
    window, leader = township.window_staff.user, township.town_leader.user
    item = make_item()
    mine = intake(window, item, township.zhenjiang)
    theirs = intake(leader, item, township.zhenjiang)

    client.force_login(window)
    page = client.get("/services/").content.decode()
    assert "<h1>我的办件</h1>" in page
    assert mine.tracking_code in page and theirs.tracking_code not in page
    shown, other = toggle(page)
    assert (shown, other) == ("我的办件", "?mine=0")
    # The pager and the filter form keep the view: the form carries mine=1.
    assert '<input type="hidden" name="mine" value="1">' in page
    everything = client.get("/services/" + other).content.decode()
    assert "<h1>办件队列</h1>" in everything
    assert mine.tracking_code in everything and theirs.tracking_code in everything
    assert toggle(everything)[0] == "全部办件"

    # Someone with no request of their own sees the whole queue at once.
    client.force_login(township.county_supervisor.user)
    page = client.get("/services/").content.decode()
    assert "<h1>办件队列</h1>" in page and mine.tracking_code in page


def test_tasks_open_on_mine_when_i_have_some(client, township):
    leader = township.town_leader.user
    own = task_create(
        actor=leader,
        title="镇江片区灌溉渠修复",
        owner_unit=township.zhenjiang_district,
        owner=township.district_committee,
        limit_workdays=10,
    )
    other = task_create(
        actor=leader,
        title="镇江村通组公路养护",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=10,
    )
    client.force_login(township.district_committee.user)
    page = client.get("/supervision/tasks/").content.decode()
    assert own.title in page and other.title not in page
    assert toggle(page) == ("我的督办", "?mine=0")
    everything = client.get("/supervision/tasks/?mine=0").content.decode()
    assert own.title in everything and other.title in everything
    # Filtering inside 我的督办 stays in it.
    assert own.title in client.get("/supervision/tasks/?mine=1&status=open").content.decode()
    assert other.title not in client.get("/supervision/tasks/?mine=1&status=open").content.decode()
    # The supervisor who assigned them counts them as theirs too.
    client.force_login(leader)
    page = client.get("/supervision/tasks/").content.decode()
    assert own.title in page and other.title in page and toggle(page)[0] == "我的督办"


def test_the_register_opens_on_the_disputes_i_answer_for(client, township):
    category, _ = DisputeCategory.objects.get_or_create(name="邻里")

    def dispute(title, responsible):
        return dispute_register(
            actor=township.town_leader.user,
            title=title,
            summary="雨水排放争执",
            place=township.zhenjiang,
            category=category,
            risk_level="general",
            source="visit",
            responsible=responsible,
            parties=[Party("王某某", "13985011111")],
        )

    dispute("镇江村排水纠纷", township.township_cadre)
    dispute("镇江村宅基地纠纷", township.district_committee)
    client.force_login(township.township_cadre.user)
    page = client.get("/disputes/").content.decode()
    assert "镇江村排水纠纷" in page and "镇江村宅基地纠纷" not in page
    assert toggle(page) == ("我包保的纠纷", "?mine=0")
    everything = client.get("/disputes/?mine=0").content.decode()
    assert "镇江村排水纠纷" in everything and "镇江村宅基地纠纷" in everything
    # The village cadre answers for none of them: the whole register.
    client.force_login(township.town_leader.user)
    page = client.get("/disputes/").content.decode()
    assert "镇江村宅基地纠纷" in page and toggle(page)[0] == "全部纠纷"


def test_households_open_on_those_i_am_paired_with(client, township):
    leader = township.town_leader.user
    register(
        leader,
        township.zhenjiang,
        township.township_cadre,
        head="敖银桃",
        publicity_from=timezone.localdate(),
    )
    register(leader, township.zhenjiang, township.district_committee, head="李春华")
    client.force_login(township.township_cadre.user)
    page = client.get("/assistance/").content.decode()
    assert "敖*桃" in page and "李*华" not in page
    shown, other = toggle(page)
    assert shown == "我结对帮扶的户" and other == "?responsible="
    everything = client.get("/assistance/" + other).content.decode()
    assert "敖*桃" in everything and "李*华" in everything
