from datetime import date

import time_machine
from django.db.models import Count

from tests.projects.helpers import at, make_campaign, make_project
from xiangzhen.assessment.registry import registered
from xiangzhen.projects.services import campaign_target_record, milestone_add, milestone_complete


def test_the_projects_indicators_are_registered_and_count_their_rows(township):
    indicators = registered()
    assert {"projects.campaign_targets_signed", "projects.milestones_on_time"} <= set(indicators)
    campaign = make_campaign(township)
    leader = township.town_leader.user
    first, second, third = list(campaign.targets.order_by("code"))[:3]
    campaign_target_record(actor=leader, target=first, step=3, now=at(2026, 3, 3))  # 镇江村
    campaign_target_record(actor=leader, target=second, step=2, now=at(2026, 3, 4))  # 葛铺村
    campaign_target_record(actor=leader, target=third, step=1, now=at(2026, 3, 4))  # only 已沟通
    signed = indicators["projects.campaign_targets_signed"]
    rows = signed.rows(date(2026, 3, 1), date(2026, 4, 1))
    assert rows.count() == 2
    by_unit = dict(
        rows.values_list(signed.unit_field).annotate(n=Count("id")).values_list(signed.unit_field, "n")
    )
    assert by_unit == {township.zhenjiang.pk: 1, township.gepu.pk: 1}
    assert signed.rows(date(2026, 3, 4), date(2026, 4, 1)).count() == 1

    project = make_project(township)
    milestones = [
        milestone_add(
            actor=leader,
            project=project,
            title=title,
            due_on=due,
            owner=township.township_cadre,
            now=at(2026, 3, 2),
        )
        for title, due in (
            ("征地", date(2026, 3, 10)),
            ("开工", date(2026, 3, 12)),
            ("封顶", date(2026, 3, 20)),
        )
    ]
    milestone_complete(
        actor=leader, milestone=milestones[0], completed_on=date(2026, 3, 9), note="完成", now=at(2026, 3, 9)
    )
    on_time = indicators["projects.milestones_on_time"]
    with time_machine.travel(at(2026, 3, 15), tick=False):
        due_in_march = list(on_time.rows(date(2026, 3, 1), date(2026, 4, 1)).filter(on_time.numerator))
        counted = on_time.rows(date(2026, 3, 1), date(2026, 4, 1)).count()
    # On 3-15 the second is past its date and open: it counts against the rate; the third is not due yet.
    assert counted == 2 and due_in_march == [milestones[0]]
    assert on_time.rate
