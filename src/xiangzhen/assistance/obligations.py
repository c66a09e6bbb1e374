"""防返贫 review steps on the one clock: a 公示 ending waits for the town's review, a town's approval for the
county's confirmation. The household's 帮扶责任人 sees it too, to prepare the file."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import OuterRef, Subquery

from xiangzhen.assistance.models import ExitVerification, Household, HouseholdStatus, Review
from xiangzhen.assistance.selectors import default_rule, town_of
from xiangzhen.clock.registry import ObligationKind, register
from xiangzhen.org.models import CadreRole, Unit
from xiangzhen.org.permissions import Action

# A town's approval waits this many calendar days for the county's confirmation before it is late.
COUNTY_CONFIRMATION_DAYS = 10

_TOWN_STEP: dict[str, str] = {
    HouseholdStatus.PUBLICITY: "公示期满待乡镇审核",
    HouseholdStatus.EXIT_PUBLICITY: "风险消除公示期满待乡镇审核",
}
_COUNTY_STEP: dict[str, str] = {
    HouseholdStatus.TOWN_APPROVED: "待县级确认纳入",
    HouseholdStatus.EXIT_TOWN_APPROVED: "待县级确认风险消除",
}


def _publicity_days(villages: Iterable[int]) -> dict[int, int]:
    """Each village's 公示 days: its town's own rule, else the default — one rule read per town."""
    from xiangzhen.assistance.models import AssistanceRule

    default = default_rule().publicity_days
    own = dict(AssistanceRule.objects.filter(unit__isnull=False).values_list("unit_id", "publicity_days"))
    days = {}
    for village in Unit.objects.filter(pk__in=set(villages)):
        town = town_of(village)
        days[village.pk] = own.get(town.pk, default) if town is not None else default
    return days


def _waiting(steps: dict[str, str], ids: list[int] | None) -> list[dict[str, Any]]:
    households = Household.objects.filter(status__in=list(steps))
    if ids is not None:
        households = households.filter(pk__in=ids)
    rows = list(
        households.annotate(
            exit_publicity_from=Subquery(
                ExitVerification.objects.filter(household=OuterRef("pk"))
                .order_by("-verified_on", "-id")
                .values("publicity_from")[:1]
            ),
            town_approved_on=Subquery(
                Review.objects.filter(household=OuterRef("pk"), approved=True)
                .order_by("-decided_on", "-id")
                .values("decided_on")[:1]
            ),
        ).values(
            "pk",
            "village_id",
            "village__name",
            "head_name",
            "status",
            "publicity_from",
            "exit_publicity_from",
            "town_approved_on",
            "responsible__user_id",
        )
    )
    publicity_days = _publicity_days(row["village_id"] for row in rows)
    obligations = []
    for row in rows:
        status = row["status"]
        if status in (HouseholdStatus.PUBLICITY, HouseholdStatus.EXIT_PUBLICITY):
            start = (
                row["publicity_from"] if status == HouseholdStatus.PUBLICITY else row["exit_publicity_from"]
            )
            due = start + timedelta(days=publicity_days[row["village_id"]]) if start else None
        else:
            decided = row["town_approved_on"]
            due = decided + timedelta(days=COUNTY_CONFIRMATION_DAYS) if decided else None
        masked = row["head_name"][:1] + "*" * max(1, len(row["head_name"]) - 1)
        obligations.append(
            {
                "key": str(row["pk"]),
                "source_id": row["pk"],
                "unit_id": row["village_id"],
                "owner_id": row["responsible__user_id"],
                "title": f"{row['village__name']} {masked}户 · {steps[status]}",
                "link": f"/assistance/{row['pk']}/",
                "due_date": due,
                "yellow_from": due - timedelta(days=1) if due else None,
                "urgent": False,
            }
        )
    return obligations


def _town_reviews(today: date, ids: list[int] | None) -> list[dict[str, Any]]:
    return _waiting(_TOWN_STEP, ids)


def _county_confirmations(today: date, ids: list[int] | None) -> list[dict[str, Any]]:
    return _waiting(_COUNTY_STEP, ids)


_WATCH: dict[Any, Any] = {
    Household: lambda household: [household.pk],
    Review: lambda review: [review.household_id],
    ExitVerification: lambda verification: [verification.household_id],
}
register(
    ObligationKind(
        name="assistance.review",
        label="监测对象乡镇审核",
        source_model=Household,
        computed=_town_reviews,
        watch=_WATCH,
        action=Action.REVIEW_ASSISTANCE,
        roles=frozenset({CadreRole.TOWN_LEADER}),
        counted_in="自然日",
    )
)
register(
    ObligationKind(
        name="assistance.confirmation",
        label="监测对象县级确认",
        source_model=Household,
        computed=_county_confirmations,
        watch=_WATCH,
        action=Action.REVIEW_ASSISTANCE,
        roles=frozenset({CadreRole.COUNTY_SUPERVISOR}),
        counted_in="自然日",
    )
)
