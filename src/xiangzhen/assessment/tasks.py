from django.utils import timezone
from huey.contrib.djhuey import db_periodic_task, db_task

from xiangzhen.assessment.models import ComputeRun, Scheme
from xiangzhen.assessment.periods import period_containing
from xiangzhen.assessment.services import compute_run_execute, scores_compute
from xiangzhen.clock.schedule import beijing


@db_task()
def run_computation(run_id: int) -> str:
    run = ComputeRun.objects.select_related("scheme").get(pk=run_id)
    period = period_containing(run.scheme.period_kind, run.period_start)
    run = compute_run_execute(run, period)
    return f"{run.scheme.name} {period.label}:{run.units} 个单位"


@db_periodic_task(beijing(hour=1, minute=10))
def recompute_current_periods() -> str:
    """Each night the running period of every active scheme, so a board never lags a day behind the work
    (the page's 重新计算 does it at once)."""
    today = timezone.localdate()
    schemes = list(Scheme.objects.filter(is_active=True))
    for scheme in schemes:
        scores_compute(actor=None, scheme=scheme, period=period_containing(scheme.period_kind, today))
    return f"考核方案 {len(schemes)} 个已重算本期分数"
