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


def test_the_score_sheet_records_a_figure_with_evidence_and_says_what_is_wrong(client, township, race):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import make_cadre
    from xiangzhen.assessment.models import ManualEntry
    from xiangzhen.org.models import CadreRole

    client.force_login(township.village_cadre.user)
    assert client.get(f"/assessment/{race.pk}/sheet/").status_code == 403
    client.force_login(township.town_leader.user)
    page = client.get(f"/assessment/{race.pk}/sheet/?period={START}").content.decode()
    assert "党建工作" in page and "已录 3/3" in page
    party = item_of(race, "party_building")
    entry = ManualEntry.objects.get(unit=township.gepu, period_start=MARCH.start)
    data = {
        "period": START,
        "item": party.pk,
        "unit": township.gepu.pk,
        "value": "65.5",
        "evidence": "党员活动室整改到位",
        "version": entry.version,
        "attachment": SimpleUploadedFile("现场照片.pdf", b"%PDF-1.4\n%%EOF\n"),
    }
    page = client.post(f"/assessment/{race.pk}/sheet/", data, follow=True).content.decode()
    assert "已录入葛铺村" in page and "现场照片.pdf" in page
    entry.refresh_from_db()
    assert entry.value == Decimal("65.5") and entry.attachment is not None
    # The evidence opens for the organizers and the scored village, and for no other village.
    assert client.get(f"/attachments/{entry.attachment_id}/").status_code == 200
    client.force_login(township.village_cadre.user)  # 葛铺村
    assert client.get(f"/attachments/{entry.attachment_id}/").status_code == 200
    zhenjiang_cadre = make_cadre("镇江村书记", CadreRole.VILLAGE_CADRE, township.zhenjiang, "zhenjiang")
    client.force_login(zhenjiang_cadre.user)
    assert client.get(f"/attachments/{entry.attachment_id}/").status_code == 404
    client.force_login(township.town_leader.user)
    for changes, message in [
        ({"value": "abc"}, "分值请填写"),
        ({"value": "80"}, "分值应在 0 到 70"),
        ({"evidence": " "}, "请填写评分依据"),
        ({"version": "1"}, "已被他人修改"),
        ({"unit": township.qingshi.pk}, "不是本方案的参评单位"),
        ({"period": "三月"}, "看不懂考核周期"),
    ]:
        data.pop("attachment", None)
        page = client.post(f"/assessment/{race.pk}/sheet/", data | changes, follow=True).content.decode()
        assert message in page, message
    entry.refresh_from_db()
    assert entry.value == Decimal("65.5") and ManualEntry.objects.count() == 3


def test_the_scorecard_shows_the_town_race_its_radar_and_the_red_and_yellow_rows(client, township, race):
    from tests.assessment.factories import indicator
    from xiangzhen.assessment.models import Normalization
    from xiangzhen.assessment.services import ItemSpec, scheme_create

    ServiceRequest.objects.filter(handling_unit=township.gepu).update(alert="red")
    county_race = scheme_create(
        actor=township.county_supervisor.user,
        name="全县一月一乡一推进",
        owner_unit=township.qixingguan,
        level="town",
        period_kind="month",
        items=[ItemSpec(indicator("services.accepted"), Decimal(100), Normalization.RANK)],
    )
    scores_compute(actor=township.county_supervisor.user, scheme=county_race, period=MARCH)
    client.force_login(township.county_supervisor.user)
    page = client.get(f"/assessment/scorecard/?unit={township.shengji.pk}").content.decode()
    assert "全县一月一乡一推进" in page and "第 1 名" in page and "data-chart" in page
    assert "红色预警" in page and "办件 1 · 督办 0 · 纠纷 0" in page
    county = client.get("/assessment/county/").content.decode()
    assert "全县一月一乡一推进" in county and "生机镇" in county
    # The town's leader sees the county race only once published.
    client.force_login(township.town_leader.user)
    own = client.get("/assessment/scorecard/").content.decode()
    assert "全县一月一乡一推进" in own and "尚无可查看的榜单" in own
    assert client.get(f"/assessment/scorecard/?unit={township.qingshi_town.pk}").status_code == 404


def test_the_cadre_year_sheet_and_its_export(client, township, race):
    client.force_login(township.town_leader.user)
    listing = client.get("/assessment/cadres/?year=2026").content.decode()
    assert township.village_cadre.name in listing
    page = client.get(f"/assessment/cadres/{township.village_cadre.pk}/?year=2026").content.decode()
    assert "葛铺村" in page and "生机镇村级月评比" in page and 'id="personal-score">' in page
    export = client.get(f"/assessment/cadres/{township.village_cadre.pk}/?year=2026&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(township.village_cadre.user)
    assert client.get(f"/assessment/cadres/{township.district_committee.pk}/").status_code == 404
    assert "年份应在" in client.get("/assessment/cadres/?year=99", follow=True).content.decode()
