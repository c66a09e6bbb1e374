"""The drill's other processes: `python -m tests.faults.worker MODE` against the drill's own database
(DATABASE_URL / XIANGZHEN_DATA_DIR in the environment). Prints one JSON line with what it found or did.

MODE is one of: setup, sweep, scores (each with `--pause`: do all the work inside one transaction, print
PAUSED and sleep before the commit, so the drill can kill the process at the worst moment), and inspect."""

import json
import os
import sys
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiangzhen.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from xiangzhen.assessment.models import Scheme, Score  # noqa: E402
from xiangzhen.assessment.periods import period_containing  # noqa: E402
from xiangzhen.audit.models import AuditEvent  # noqa: E402
from xiangzhen.org.models import Unit, UnitLevel  # noqa: E402
from xiangzhen.services.models import Notification, ServiceRequest  # noqa: E402

SCHEME_NAME = "故障演练村级评比"
OVERDUE_REQUESTS = 40


def setup() -> dict[str, Any]:
    from tests.assessment.factories import village_race
    from tests.factories import build_township
    from tests.services.factories import intake, make_item
    from xiangzhen.api.services import api_token_issue

    call_command("migrate", verbosity=0)
    township = build_township()
    item = make_item()
    # Accepted in March: overdue now, so the sweep turns each red and notifies its officer once.
    for _ in range(OVERDUE_REQUESTS):
        intake(township.window_staff.user, item, township.zhenjiang)
    village_race(township, name=SCHEME_NAME)
    token = api_token_issue(actor=None, user=township.window_staff.user, name="fault drill")
    return {"token": token, "item_code": item.code, "unit_id": township.zhenjiang.pk}


def _paused(work: Any, pause: bool) -> Any:
    if not pause:
        return work()
    with transaction.atomic():
        result = work()
        print("PAUSED", flush=True)
        time.sleep(120)
    return result


def sweep(pause: bool) -> dict[str, Any]:
    from xiangzhen.clock.tasks import sweep_obligations

    # The huey task's own function, as the consumer runs it.
    return {"summary": _paused(sweep_obligations.call_local, pause)}


def scores(pause: bool) -> dict[str, Any]:
    from xiangzhen.assessment.services import scores_compute

    scheme = Scheme.objects.get(name=SCHEME_NAME)
    period = period_containing(scheme.period_kind, timezone.localdate())
    return {"units": _paused(lambda: scores_compute(actor=None, scheme=scheme, period=period), pause)}


def inspect() -> dict[str, Any]:
    scheme = Scheme.objects.get(name=SCHEME_NAME)
    period = period_containing(scheme.period_kind, timezone.localdate())
    audited = set(
        AuditEvent.objects.filter(
            object_type="services.servicerequest", action="service_request.register"
        ).values_list("object_id", flat=True)
    )
    requests = dict(ServiceRequest.objects.values_list("pk", "applicant_name"))
    # The one clock's notices name the request by its link.
    request_notices = Notification.objects.filter(link__startswith="/services/requests/")
    duplicates = (
        request_notices.values("recipient", "link", "message")
        .annotate(copies=Count("id"))
        .filter(copies__gt=1)
        .count()
    )
    villages = Unit.objects.within([scheme.owner_unit]).filter(level=UnitLevel.VILLAGE).count()
    return {
        "requests": {str(pk): name for pk, name in requests.items()},
        "audited_requests": sorted(str(pk) for pk in audited),
        "red": ServiceRequest.objects.filter(alert="red").count(),
        "notifications": request_notices.count(),
        "duplicate_notifications": duplicates,
        "scores": Score.objects.filter(scheme=scheme, period_start=period.start).count(),
        "villages": villages,
        "users": get_user_model().objects.count(),
    }


if __name__ == "__main__":
    mode = sys.argv[1]
    pause = "--pause" in sys.argv
    result = {
        "setup": setup,
        "sweep": lambda: sweep(pause),
        "scores": lambda: scores(pause),
        "inspect": inspect,
    }[mode]()
    print(json.dumps(result, ensure_ascii=False), flush=True)
