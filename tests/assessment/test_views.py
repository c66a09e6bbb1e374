"""The assessment pages, role by role: the organizer sees every unit, a village its published board and its
own breakdown only."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.assessment.factories import MARCH, requests_in, village_race
from xiangzhen.assessment.models import Board, ComputeRun, Score
from xiangzhen.assessment.services import manual_entry_record, scores_compute
from xiangzhen.services.models import ServiceRequest

START = MARCH.start.isoformat()


@pytest.fixture
def race(township):
    scheme = village_race(township)
    requests_in(township, township.zhenjiang, accepted=4, completed=3)
    requests_in(township, township.gepu, accepted=2, completed=1)
    party = scheme.items.get(indicator__code="party_building")
    for unit, value in [(township.zhenjiang, 60), (township.gepu, 50), (township.qingping, 50)]:
        manual_entry_record(
            actor=township.town_leader.user,
            scheme=scheme,
            item=party,
            unit=unit,
            period=MARCH,
            value=Decimal(value),
            evidence="支部会议记录齐全",
        )
    scores_compute(actor=township.town_leader.user, scheme=scheme, period=MARCH)
    return scheme


def item_of(scheme, code):
    return scheme.items.get(indicator__code=code)


def test_the_organizer_sees_every_unit_with_ranks_markers_and_the_buttons(client, township, race):
    client.force_login(township.town_leader.user)
    page = client.get(f"/assessment/{race.pk}/?period={START}").content.decode()
    for village in (township.zhenjiang, township.gepu, township.qingping):
        assert f"/assessment/{race.pk}/units/{village.pk}/" in page
    assert "未发布" in page and "重新计算" in page and "发布榜单" in page and "board-chart" in page
    # 庆坪村 has no request: its completion rate is missing, never a silent zero.
    assert "缺数据 1 项" in page
    assert "生机镇村级月评比" in client.get("/assessment/").content.decode()


def test_a_village_sees_only_published_boards_and_no_other_village_link(client, township, race):
    client.force_login(township.village_cadre.user)  # 葛铺村
    page = client.get(f"/assessment/{race.pk}/").content.decode()
    assert "这一期还没有得分" in page and "重新计算" not in page
    assert (
        "该期榜单尚未发布"
        in client.get(f"/assessment/{race.pk}/?period={START}", follow=True).content.decode()
    )
    Board.objects.create(
        scheme=race,
        period_start=MARCH.start,
        published_by=township.town_leader.user,
        published_at=timezone.now(),
    )
    page = client.get(f"/assessment/{race.pk}/?period={START}").content.decode()
    assert "镇江村" in page and "庆坪村" in page
    assert f"/units/{township.gepu.pk}/" in page
    assert f"/units/{township.zhenjiang.pk}/" not in page and "发布榜单" not in page
    assert client.get(f"/assessment/{race.pk}/units/{township.gepu.pk}/?period={START}").status_code == 200
    assert (
        client.get(f"/assessment/{race.pk}/units/{township.zhenjiang.pk}/?period={START}").status_code == 404
    )
    item = item_of(race, "services.completion_rate")
    assert (
        client.get(
            f"/assessment/{race.pk}/units/{township.zhenjiang.pk}/items/{item.pk}/?period={START}"
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/assessment/{race.pk}/units/{township.gepu.pk}/items/{item.pk}/?period={START}"
        ).status_code
        == 200
    )


def test_a_scheme_of_another_town_is_not_found(client, township, race):
    client.force_login(township.village_cadre.user)
    assert client.get("/assessment/").status_code == 200
    other = village_race(township, name="另一方案")
    other.owner_unit = township.qingshi_town
    other.save()
    assert client.get(f"/assessment/{other.pk}/").status_code == 404


def test_the_breakdown_sums_to_the_total_and_says_how_to_climb(client, township, race):
    client.force_login(township.town_leader.user)
    page = client.get(f"/assessment/{race.pk}/units/{township.gepu.pk}/?period={START}").content.decode()
    score = Score.objects.get(scheme=race, period_start=MARCH.start, unit=township.gepu)
    assert f"<strong>{score.total}</strong> = 总分" in page
    assert "怎样进一名" in page and "即可升到第" in page
    assert "与上一名" in page and f"a={township.zhenjiang.pk}&b={township.gepu.pk}" in page


def test_the_rows_behind_a_figure_mark_the_counted_ones_and_link_each_request(client, township, race):
    client.force_login(township.town_leader.user)
    item = item_of(race, "services.completion_rate")
    page = client.get(
        f"/assessment/{race.pk}/units/{township.zhenjiang.pk}/items/{item.pk}/?period={START}"
    ).content.decode()
    assert "本期共 4 件,其中 3 件计入" in page and page.count("<td>✓</td>") == 3
    request = ServiceRequest.objects.filter(handling_unit=township.zhenjiang).first()
    assert request.tracking_code in page and f"/services/requests/{request.pk}/" in page


def test_a_manual_indicator_has_no_rows(client, township, race):
    client.force_login(township.town_leader.user)
    item = item_of(race, "party_building")
    url = f"/assessment/{race.pk}/units/{township.gepu.pk}/items/{item.pk}/?period={START}"
    assert client.get(url).status_code == 404


def test_the_gap_parts_sum_to_the_difference(client, township, race):
    client.force_login(township.town_leader.user)
    page = client.get(
        f"/assessment/{race.pk}/gap/?period={START}&a={township.zhenjiang.pk}&b={township.gepu.pk}"
    ).content.decode()
    first = Score.objects.get(scheme=race, period_start=MARCH.start, unit=township.zhenjiang).total
    second = Score.objects.get(scheme=race, period_start=MARCH.start, unit=township.gepu).total
    assert f'<td id="gap-total"><strong>{first - second}</strong>' in page
    bad = client.get(f"/assessment/{race.pk}/gap/?period={START}&a=x&b=1")
    assert bad.status_code == 200 and "单位" in bad.content.decode()


@pytest.fixture
def immediate_tasks():
    from huey.contrib.djhuey import HUEY

    previous, HUEY.immediate = HUEY.immediate, True
    yield
    HUEY.immediate = previous


def test_publish_and_recompute_from_the_board(
    client, township, race, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(township.village_cadre.user)
    assert client.post(f"/assessment/{race.pk}/publish/", {"period": START}).status_code == 403
    client.force_login(township.town_leader.user)
    page = client.post(f"/assessment/{race.pk}/publish/", {"period": START}, follow=True).content.decode()
    assert "榜单已发布" in page and Board.objects.filter(scheme=race, period_start=MARCH.start).exists()
    again = client.post(f"/assessment/{race.pk}/publish/", {"period": START}, follow=True).content.decode()
    assert "已经发布" in again
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            f"/assessment/{race.pk}/recompute/", {"period": START}, follow=True
        ).content.decode()
    assert "已提交重新计算" in page
    run = ComputeRun.objects.get(scheme=race)
    assert run.status == "done"
    status = client.get(f"/assessment/{race.pk}/run/").content.decode()
    assert "已完成" in status and "every 2s" not in status
    ComputeRun.objects.filter(pk=run.pk).update(status="running")
    assert "every 2s" in client.get(f"/assessment/{race.pk}/run/").content.decode()
    bad = client.post(f"/assessment/{race.pk}/recompute/", {"period": "三月"}, follow=True).content.decode()
    assert "看不懂考核周期" in bad


def test_print_and_meeting_room_screen(client, township, race):
    client.force_login(township.town_leader.user)
    printed = client.get(f"/assessment/{race.pk}/?period={START}&print=1").content.decode()
    assert "print-sheet" in printed and "重新计算" not in printed
    screen = client.get(f"/assessment/{race.pk}/?period={START}&screen=1").content.decode()
    assert 'http-equiv="refresh" content="60"' in screen and "arena" in screen and "site-menu" not in screen


def test_a_bad_period_is_said_in_chinese(client, township, race):
    client.force_login(township.town_leader.user)
    response = client.get(f"/assessment/{race.pk}/?period=2026-13-40")
    assert response.status_code == 200 and "考核周期格式不对" in response.content.decode()
