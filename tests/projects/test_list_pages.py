"""Projects, campaigns and campaign targets page 50 at a time; filters ride along; a bad cursor is page one."""

from datetime import date

import pytest

from tests.paging import assert_pages_cover, walk
from tests.projects.helpers import make_campaign, make_project
from xiangzhen.projects.models import CampaignTarget, Project
from xiangzhen.projects.services import campaign_create

pytestmark = pytest.mark.django_db


def test_targets_page_by_fifty_and_keep_the_filters(client, township):
    campaign = make_campaign(township, targets=75)
    CampaignTarget.objects.filter(campaign=campaign, code__lte="0060").update(is_hard=True)
    client.force_login(township.town_leader.user)
    url = f"/projects/campaigns/{campaign.pk}/targets/"
    assert_pages_cover(walk(client, url, "target-table"), 75)
    hard = walk(client, url, "target-table", {"hard": "1"})
    assert_pages_cover(hard, 60)
    assert all("hard=1" in link for link in hard.links)
    assert "共 60 个" in client.get(url, {"hard": "1"}).content.decode()


def test_projects_and_campaigns_page_by_fifty(client, township):
    first = make_project(township)
    Project.objects.bulk_create(
        Project(
            name=f"项目{number}",
            kind=first.kind,
            unit=first.unit,
            lead=first.lead,
            planned_investment=1,
            created_by=township.town_leader.user,
        )
        for number in range(54)
    )
    for number in range(52):
        campaign_create(
            actor=township.town_leader.user,
            name=f"攻坚{number}",
            unit=township.shengji,
            start_on=date(2026, 3, 2 + number % 3),
            goal_on=date(2026, 6, 1),
        )
    client.force_login(township.town_leader.user)
    assert_pages_cover(walk(client, "/projects/", "project-table"), 55)
    assert "共 55 个项目" in client.get("/projects/").content.decode()
    assert_pages_cover(walk(client, "/projects/campaigns/", "campaign-table"), 52)


def test_a_bad_cursor_is_page_one(client, township):
    campaign = make_campaign(township, targets=51)
    client.force_login(township.town_leader.user)
    for url in (f"/projects/campaigns/{campaign.pk}/targets/", "/projects/", "/projects/campaigns/"):
        assert client.get(url, {"after": "WyJ4Il0"}).status_code == 200
    first = walk(
        client, f"/projects/campaigns/{campaign.pk}/targets/", "target-table", {"after": "x"}, limit=1
    )
    assert len(first.pages[0]) == 50
