"""Meetings, decisions and supervised tasks: decision → task → progress → overdue → done → verified."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xiangzhen.attachments.services import attachment_create
from xiangzhen.audit.services import audit_record
from xiangzhen.duties.selectors import duty_item_for_task
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.org.models import Cadre, Post, Unit
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import cadre_of, unit_require_visible
from xiangzhen.parsing import EARLIEST_DATE
from xiangzhen.supervision.models import (
    RUNNING_TASK_STATUSES,
    Admission,
    Decision,
    Meeting,
    MeetingKind,
    MeetingReport,
    Task,
    TaskProgress,
    TaskStatus,
)
from xiangzhen.supervision.selectors import task_scope, user_may_verify
from xiangzhen.transitions import transition
from xiangzhen.validators import text_require
from xiangzhen.workdays.alerts import SweepCount, recompute_provisional, supervised_deadline, sweep_alerts
from xiangzhen.workdays.calendar import CalendarUnavailable


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


@transaction.atomic
def meeting_create(
    *, actor: User, kind: str, unit: Unit, title: str, held_on: date, attendees: Iterable[Cadre] = ()
) -> Meeting:
    unit_require_visible(actor, unit)
    permission_require(actor, Action.CONVENE_MEETINGS)
    text_require(("会议名称", title, 120))
    if kind not in MeetingKind.values:
        raise ValidationFailed("请选择会议类型")
    if not title.strip():
        raise ValidationFailed("会议名称不能为空")
    if held_on < EARLIEST_DATE:
        raise ValidationFailed(f"会议日期不能早于 {EARLIEST_DATE.isoformat()}")
    meeting = Meeting.objects.create(
        kind=kind, unit=unit, title=title.strip(), held_on=held_on, created_by=actor
    )
    meeting.attendees.set(list(attendees))
    audit_record(
        actor=actor,
        action="meeting.create",
        target=meeting,
        unit=unit,
        changes={"kind": [None, kind], "held_on": [None, str(held_on)]},
    )
    return meeting


@transaction.atomic
def meeting_report_submit(
    *,
    actor: User,
    meeting: Meeting,
    unit: Unit,
    recent_work: str,
    urgent_problems: str = "",
    now: datetime | None = None,
) -> MeetingReport:
    """A 片区 or village reports to the meeting; a second report of the same unit replaces the first."""
    unit_require_visible(actor, unit)
    if unit.pk == meeting.unit_id or meeting.unit_id not in unit.ancestor_ids():
        raise ValidationFailed(f"{unit.name}不是{meeting.unit.name}的下属单位")
    text_require(("近期工作情况", recent_work, None), ("急需解决的问题", urgent_problems, None))
    if not recent_work.strip():
        raise ValidationFailed("请填写近期工作情况")
    report, _ = MeetingReport.objects.update_or_create(
        meeting=meeting,
        unit=unit,
        defaults={
            "recent_work": recent_work.strip(),
            "urgent_problems": urgent_problems.strip(),
            "submitted_by": actor,
            "submitted_at": _now(now),
        },
    )
    audit_record(
        actor=actor,
        action="meeting_report.submit",
        target=report,
        unit=unit,
        changes={"urgent_problems": [None, urgent_problems.strip()[:100]]},
    )
    return report


@dataclass(frozen=True)
class TaskOrder:
    """The task a decision assigns, created together with the decision or not at all."""

    title: str
    owner_unit: Unit
    owner: Cadre
    limit_workdays: int
    detail: str = ""
    source: str = ""
    co_owners: Sequence[Cadre] = field(default_factory=tuple)
    duty_code: str = ""


@transaction.atomic
def decision_record(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    is_major: bool = False,
    opinions: dict[int, str] | None = None,
    task: TaskOrder | None = None,
    now: datetime | None = None,
) -> Decision:
    """重大事项 are decided collectively: every attendee's opinion is recorded, or the decision is refused.

    With a `task`, the decision and its supervised task are written in the same transaction: a task the
    service refuses (bad owner unit, no title, ...) leaves no orphan decision behind.
    """
    unit_require_visible(actor, meeting.unit)
    text_require(
        ("决定事项", text, None), *[("参会人员意见", value, 200) for value in (opinions or {}).values()]
    )
    if not text.strip():
        raise ValidationFailed("决定事项不能为空")
    recorded: list[dict[str, object]] = []
    if is_major:
        attendees = list(meeting.attendees.order_by("pk"))
        if len(attendees) < 3:
            raise ValidationFailed("重大事项须集体讨论决定:请先登记参会人员(至少 3 人)")
        opinions = opinions or {}
        missing = [cadre.name for cadre in attendees if not opinions.get(cadre.pk, "").strip()]
        if missing:
            raise ValidationFailed(f"重大事项须记录每位参会人员的意见,缺:{'、'.join(missing)}")
        recorded = [
            {"cadre_id": cadre.pk, "name": cadre.name, "opinion": opinions[cadre.pk].strip()}
            for cadre in attendees
        ]
    decision = Decision.objects.create(
        meeting=meeting, text=text.strip(), is_major=is_major, opinions=recorded, created_at=_now(now)
    )
    audit_record(
        actor=actor,
        action="decision.record",
        target=decision,
        unit=meeting.unit,
        changes={"is_major": [None, is_major], "opinions": [None, len(recorded)]},
    )
    if task is not None:
        task_create(
            actor=actor,
            title=task.title,
            owner_unit=task.owner_unit,
            owner=task.owner,
            limit_workdays=task.limit_workdays,
            decision=decision,
            detail=task.detail,
            source=task.source,
            co_owners=task.co_owners,
            duty_code=task.duty_code,
            now=now,
        )
    return decision


@transaction.atomic
def task_create(
    *,
    actor: User,
    title: str,
    owner_unit: Unit,
    owner: Cadre,
    limit_workdays: int,
    decision: Decision | None = None,
    source: str = "",
    detail: str = "",
    co_owners: Iterable[Cadre] = (),
    duty_code: str = "",
    now: datetime | None = None,
) -> Task:
    """A supervised task, from a meeting decision, a leader directly, or a higher level.

    A task handed to a town from above cites the item of the town's 履职事项清单 it belongs to; one that
    cites none, or an item the county took back, waits for the county's 准入 review (it still runs: the
    review decides whether it goes back to its sender)."""
    at = _now(now)
    unit_require_visible(actor, owner_unit)
    text_require(
        ("督办事项", title, 200),
        ("具体要求", detail, None),
        ("来源", source, 40),
        ("履职事项", duty_code, 60),
    )
    duty_item = duty_item_for_task(owner_unit, duty_code)
    handed_down = _handed_down(actor, owner_unit, timezone.localdate(at))
    needs_admission = handed_down and (duty_item is None or duty_item.needs_admission)
    if not title.strip():
        raise ValidationFailed("督办事项不能为空")
    if limit_workdays < 1:
        raise ValidationFailed("办理时限至少 1 个工作日")
    try:
        deadline = supervised_deadline(start=timezone.localdate(at), limit_workdays=limit_workdays)
    except CalendarUnavailable as error:
        raise ValidationFailed(str(error)) from error
    task = Task.objects.create(
        title=title.strip(),
        detail=detail.strip(),
        decision=decision,
        source=source.strip() or ("会议决定" if decision else "领导交办"),
        owner_unit=owner_unit,
        owner=owner,
        supervisor=actor,
        limit_workdays=limit_workdays,
        assigned_on=timezone.localdate(at),
        handed_down=handed_down,
        duty_item=duty_item,
        admission=Admission.PENDING if needs_admission else Admission.NOT_NEEDED,
        **deadline.fields(),
    )
    task.co_owners.set(list(co_owners))
    changes = {"owner": [None, owner.name], "due_date": [None, str(task.due_date)]}
    if duty_item is not None:
        changes["duty_item"] = [None, str(duty_item)]
    if needs_admission:
        changes["admission"] = [None, str(Admission.PENDING.label)]
    audit_record(actor=actor, action="task.create", target=task, unit=owner_unit, changes=changes)
    return task


def _handed_down(actor: User, owner_unit: Unit, today: date) -> bool:
    """Whether the task comes from outside the town it is given to: its sender holds no post there."""
    town = owner_unit.town()
    if town is None:
        return False
    cadre = cadre_of(actor)
    return cadre is None or not (
        Post.objects.current(today)
        .filter(cadre=cadre, unit__in=Unit.objects.within([town]).values("pk"))
        .exists()
    )


@transaction.atomic
def task_admission_review(
    *,
    actor: User,
    task: Task,
    admit: bool,
    note: str,
    version: int | None = None,
    now: datetime | None = None,
) -> Task:
    """准入 review by the county: admit the task into the town's work (it stays as it is), or send it back
    to its sender (it leaves the town's list and the clock)."""
    at = _now(now)
    permission_require(actor, Action.REVIEW_ADMISSION)
    _ensure_task(actor, task)
    text_require(("审核意见", note, None))
    if not note.strip():
        raise ValidationFailed("请写明审核意见:准入的理由或退回的依据")
    if task.admission != Admission.PENDING:
        raise Conflict("该督办事项不在待准入审核状态")
    if version is not None and version != task.version:
        raise Conflict("该督办事项已被他人修改,请刷新后重试")
    changes: dict[str, object] = {
        "admission": Admission.ADMITTED if admit else Admission.RETURNED,
        "admission_note": note.strip(),
        "admission_reviewed_by": actor,
        "admission_reviewed_at": at,
    }
    if not admit:
        if task.status not in RUNNING_TASK_STATUSES:
            raise Conflict("该督办事项已提交核验或办结,不能再退回交办单位")
        changes["status"] = TaskStatus.WITHDRAWN
    before = task.get_admission_display()
    transition(task, allowed=[task.status], noun="督办事项", **changes)
    audit_record(
        actor=actor,
        action="task.admission_review",
        target=task,
        unit=task.owner_unit,
        changes={"admission": [before, task.get_admission_display()], "note": [None, note.strip()]},
    )
    return task


def _ensure_task(actor: User, task: Task) -> None:
    if not task_scope(actor).filter(pk=task.pk).exists():
        raise NotFound("督办事项不存在或不在您的管辖范围内")


def _move(task: Task, *, allowed: Sequence[str], **changes: object) -> None:
    transition(task, allowed=allowed, noun="督办事项", **changes)


def _progress(
    task: Task, actor: User, at: datetime, note: str, kind: str, attachment: UploadedFile | None = None
) -> TaskProgress:
    progress = TaskProgress(task=task, note=note, kind=kind, recorded_by=actor, recorded_at=at)
    if attachment is not None:
        progress.attachment = attachment_create(actor=actor, upload=attachment, unit=task.owner_unit, now=at)
    progress.save()
    audit_record(
        actor=actor,
        action=f"task.{kind}",
        target=task,
        unit=task.owner_unit,
        changes={"status": [None, task.status], "note": [None, note[:100]]},
    )
    return progress


@transaction.atomic
def task_progress_add(
    *, actor: User, task: Task, note: str, attachment: UploadedFile | None = None, now: datetime | None = None
) -> TaskProgress:
    _ensure_task(actor, task)
    text_require(("办理进展", note, None))
    if not note.strip():
        raise ValidationFailed("请填写办理进展")
    if task.status == TaskStatus.TODO:
        _move(task, allowed=[TaskStatus.TODO], status=TaskStatus.IN_PROGRESS)
    elif task.status != TaskStatus.IN_PROGRESS:
        raise Conflict(f"督办事项当前状态为“{task.get_status_display()}”,不能登记进展")
    return _progress(task, actor, _now(now), note.strip(), "progress", attachment)


@transaction.atomic
def task_submit_for_verification(*, actor: User, task: Task, note: str, now: datetime | None = None) -> Task:
    """The owner reports the task done; the date counts for on-time, the supervisor then verifies."""
    at = _now(now)
    _ensure_task(actor, task)
    text_require(("办结情况", note, None))
    if not note.strip():
        raise ValidationFailed("请填写办结情况")
    today = timezone.localdate(at)
    _move(
        task,
        allowed=RUNNING_TASK_STATUSES,
        status=TaskStatus.AWAITING_VERIFICATION,
        completed_on=today,
        completed_on_time=bool(task.due_date and today <= task.due_date),
    )
    _progress(task, actor, at, note.strip(), "submitted")
    return task


@transaction.atomic
def task_verify(
    *, actor: User, task: Task, approved: bool, note: str = "", now: datetime | None = None
) -> Task:
    """核验 by the supervisor or a leader over the owner unit, never by the owner themself."""
    at = _now(now)
    _ensure_task(actor, task)
    cadre = cadre_of(actor)
    if cadre is not None and cadre.pk == task.owner_id:
        raise PermissionDenied("责任人不能核验自己的督办事项")
    if not user_may_verify(actor, task):
        raise PermissionDenied("只有督办人或上级领导可以核验")
    text_require(("核验意见", note, None))
    if not approved and not note.strip():
        raise ValidationFailed("退回须写明原因")
    if approved:
        _move(task, allowed=[TaskStatus.AWAITING_VERIFICATION], status=TaskStatus.DONE)
    else:
        _move(
            task,
            allowed=[TaskStatus.AWAITING_VERIFICATION],
            status=TaskStatus.IN_PROGRESS,
            completed_on=None,
            completed_on_time=None,
        )
    _progress(task, actor, at, note.strip() or "核验通过", "verified" if approved else "returned")
    return task


@transaction.atomic
def task_sweep_alerts(*, now: datetime | None = None) -> SweepCount:
    stamp = _now(now)
    return sweep_alerts(
        Task.objects.filter(status__in=RUNNING_TASK_STATUSES),
        today=timezone.localdate(stamp),
        stamp=stamp,
        label="督办事项扫描",
    )


def recompute_provisional_task_deadlines(years: Iterable[int]) -> int:
    return recompute_provisional(
        Task.objects.filter(
            status__in=RUNNING_TASK_STATUSES, due_is_provisional=True, due_date__year__in=list(years)
        ),
        start=lambda task: task.assigned_on,
        limit=lambda task: task.limit_workdays,
    )
