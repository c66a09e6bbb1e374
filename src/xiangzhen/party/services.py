"""Party branches: the branch and its members, 三会一课 on the record, votes only with a quorum, and the
reserve cadres of each village through 选、育、管、用."""

from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from xiangzhen.attachments.services import attachment_create
from xiangzhen.audit.services import audit_record
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import visible_units
from xiangzhen.parsing import EARLIEST_DATE
from xiangzhen.party.models import (
    MAX_BRANCH_MEMBERS,
    PASSING_GRADES,
    TERM_YEARS,
    ActivityAttachment,
    ActivityKind,
    ActivityRule,
    AssessmentGrade,
    Branch,
    BranchActivity,
    BranchKind,
    BranchPost,
    BranchVote,
    MemberStatus,
    PartyMember,
    PostTitle,
    ReserveCadre,
    ReserveSource,
    ReserveStatus,
    ReserveStep,
    ReserveStepKind,
    RulePeriod,
)
from xiangzhen.party.selectors import activity_scope, branch_scope, reserve_scope
from xiangzhen.transitions import transition
from xiangzhen.validators import MOBILE_PATTERN, mask_name, text_require, validate_resident_id

# 支部工作条例 第八条: seven full members or more elect a committee of three to five.
COMMITTEE_MIN_FULL_MEMBERS = 7
COMMITTEE_MAX_SIZE = 5
# Members who joined long before the workbench existed keep their real 入党日期.
PARTY_FOUNDED = date(1921, 7, 1)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _check_past_date(value: date, label: str, at: datetime, earliest: date = EARLIEST_DATE) -> None:
    if value > timezone.localdate(at):
        raise ValidationFailed(f"{label}不能晚于今天")
    if value < earliest:
        raise ValidationFailed(f"{label}不能早于 {earliest.isoformat()}")


def _check_person(name: str, phone: str, id_number: str) -> list[str]:
    errors = []
    if phone and not MOBILE_PATTERN.fullmatch(phone):
        errors.append(f"{mask_name(name)}的手机号不正确")
    if id_number:
        try:
            validate_resident_id(id_number)
        except DjangoValidationError as error:
            errors.append(f"{mask_name(name)}的{error.messages[0]}")
    return errors


def _ensure_branch(actor: User, branch: Branch) -> None:
    if not branch_scope(actor).filter(pk=branch.pk).exists():
        raise NotFound("党支部不存在或不在您的管辖范围内")


@transaction.atomic
def branch_create(
    *,
    actor: User,
    unit: Unit,
    name: str,
    kind: str,
    term_started_on: date,
    theme_day: int = 10,
    now: datetime | None = None,
) -> Branch:
    if not visible_units(actor).filter(pk=unit.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")
    permission_require(actor, Action.MANAGE_BRANCHES)
    text_require(("支部名称", name, 100))
    errors = []
    if not name.strip():
        errors.append("请填写支部名称")
    if kind not in BranchKind.values:
        errors.append("请选择支部类型")
    elif kind != BranchKind.ORGAN and unit.level != UnitLevel.VILLAGE:
        errors.append("村、社区党支部设在村(社区)")
    elif kind == BranchKind.ORGAN and unit.level not in {UnitLevel.TOWN, UnitLevel.COUNTY}:
        errors.append("机关支部设在乡镇或县级机关")
    if not 1 <= theme_day <= 28:
        errors.append("主题党日固定日应在每月 1 到 28 日之间")
    if errors:
        raise ValidationFailed(";".join(errors))
    _check_past_date(term_started_on, "本届任期开始日期", _now(now))
    if Branch.objects.filter(unit=unit, name=name.strip()).exists():
        raise Conflict(f"{unit.name}已有“{name.strip()}”")
    branch = Branch.objects.create(
        unit=unit,
        name=name.strip(),
        kind=kind,
        term_started_on=term_started_on,
        term_years=TERM_YEARS[BranchKind(kind)],
        theme_day=theme_day,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="branch.create",
        target=branch,
        unit=unit,
        changes={"kind": [None, kind], "term_started_on": [None, term_started_on]},
    )
    return branch


@transaction.atomic
def branch_update(
    *,
    actor: User,
    branch: Branch,
    version: int,
    term_started_on: date,
    theme_day: int,
    now: datetime | None = None,
) -> Branch:
    """A new term (换届) or another fixed 主题党日; refused if someone changed the branch meanwhile."""
    _ensure_branch(actor, branch)
    permission_require(actor, Action.MANAGE_BRANCHES)
    if not 1 <= theme_day <= 28:
        raise ValidationFailed("主题党日固定日应在每月 1 到 28 日之间")
    _check_past_date(term_started_on, "本届任期开始日期", _now(now))
    before = {"term_started_on": branch.term_started_on, "theme_day": branch.theme_day}
    updated = Branch.objects.filter(pk=branch.pk, version=version).update(
        term_started_on=term_started_on, theme_day=theme_day, version=F("version") + 1
    )
    if updated != 1:
        raise Conflict("党支部信息已被他人修改,请刷新后重试")
    branch.refresh_from_db()
    audit_record(
        actor=actor,
        action="branch.update",
        target=branch,
        unit=branch.unit,
        changes={
            "term_started_on": [before["term_started_on"], term_started_on],
            "theme_day": [before["theme_day"], theme_day],
        },
    )
    return branch


@transaction.atomic
def member_add(
    *,
    actor: User,
    branch: Branch,
    name: str,
    status: str,
    joined_on: date,
    phone: str = "",
    id_number: str = "",
    group: str = "",
    now: datetime | None = None,
) -> PartyMember:
    _ensure_branch(actor, branch)
    permission_require(actor, Action.MANAGE_BRANCHES)
    text_require(
        ("姓名", name, 50), ("联系电话", phone, 20), ("身份证号", id_number, 18), ("党小组", group, 40)
    )
    name, phone, id_number = name.strip(), phone.strip(), id_number.strip().upper()
    errors = [] if name else ["请填写姓名"]
    if status not in MemberStatus.values:
        errors.append("请选择党员类别")
    errors += _check_person(name, phone, id_number)
    if errors:
        raise ValidationFailed(";".join(errors))
    _check_past_date(joined_on, "入党日期", _now(now), earliest=PARTY_FOUNDED)
    # Locks the branch row so two clerks adding the 50th member at once cannot both succeed.
    Branch.objects.select_for_update().filter(pk=branch.pk).first()
    if PartyMember.objects.filter(branch=branch).current().count() >= MAX_BRANCH_MEMBERS:
        raise ValidationFailed(f"党支部党员不超过 {MAX_BRANCH_MEMBERS} 人,请先分设支部")
    member = PartyMember.objects.create(
        branch=branch,
        name=name,
        phone=phone,
        id_number=id_number,
        status=status,
        joined_on=joined_on,
        group=group.strip(),
    )
    audit_record(
        actor=actor,
        action="party_member.add",
        target=member,
        unit=branch.unit,
        changes={"status": [None, status]},
    )
    return member


@transaction.atomic
def member_transfer_out(
    *, actor: User, member: PartyMember, left_on: date, now: datetime | None = None
) -> PartyMember:
    """组织关系转出: the member leaves the branch's counts and any post they held."""
    _ensure_branch(actor, member.branch)
    permission_require(actor, Action.MANAGE_BRANCHES)
    _check_past_date(left_on, "转出日期", _now(now))
    if PartyMember.objects.filter(pk=member.pk, left_on__isnull=True).update(left_on=left_on) != 1:
        raise Conflict("该党员已转出")
    BranchPost.objects.filter(member=member, ended_on__isnull=True).update(ended_on=left_on)
    member.refresh_from_db()
    audit_record(
        actor=actor,
        action="party_member.transfer_out",
        target=member,
        unit=member.branch.unit,
        changes={"left_on": [None, left_on]},
    )
    return member


@transaction.atomic
def member_reveal(*, actor: User, branch: Branch, reason: str) -> list[PartyMember]:
    """The members' full names, phones and ID numbers, on purpose; every reveal is audited with its reason."""
    _ensure_branch(actor, branch)
    permission_require(actor, Action.REVEAL_PERSONAL_DATA)
    text_require(("用途", reason, 200))
    if not reason.strip():
        raise ValidationFailed("查看党员完整信息须写明用途")
    members = list(PartyMember.objects.filter(branch=branch).current().order_by("id"))
    audit_record(
        actor=actor,
        action="branch.reveal_personal_data",
        target=branch,
        unit=branch.unit,
        changes={"reason": [None, reason.strip()[:200]], "members": [None, len(members)]},
    )
    return members


@transaction.atomic
def branch_post_assign(
    *,
    actor: User,
    branch: Branch,
    member: PartyMember,
    title: str,
    started_on: date,
    now: datetime | None = None,
) -> BranchPost:
    """书记、副书记 or 委员. A new secretary ends the previous one's post; a committee needs seven full
    members and holds at most five."""
    _ensure_branch(actor, branch)
    permission_require(actor, Action.MANAGE_BRANCHES)
    if title not in PostTitle.values:
        raise ValidationFailed("请选择职务")
    if member.branch_id != branch.pk or member.left_on is not None:
        raise ValidationFailed("只能任命本支部在册党员")
    _check_past_date(started_on, "任职日期", _now(now))
    Branch.objects.select_for_update().filter(pk=branch.pk).first()
    current = BranchPost.objects.filter(branch=branch, ended_on__isnull=True)
    if current.filter(member=member).exists():
        raise Conflict(f"{member.masked_name}已在支委任职,请先免去原职务")
    full_members = PartyMember.objects.filter(branch=branch).voting().count()
    if title == PostTitle.COMMITTEE and full_members < COMMITTEE_MIN_FULL_MEMBERS:
        raise ValidationFailed(
            f"正式党员 {full_members} 人,不足 {COMMITTEE_MIN_FULL_MEMBERS} 人的支部不设支部委员会,只设书记、副书记"
        )
    if title == PostTitle.SECRETARY:
        current.filter(title=PostTitle.SECRETARY).update(ended_on=started_on)
    elif current.count() >= COMMITTEE_MAX_SIZE:
        raise ValidationFailed(f"支部委员会由 3 至 {COMMITTEE_MAX_SIZE} 人组成,已满")
    post = BranchPost.objects.create(branch=branch, member=member, title=title, started_on=started_on)
    audit_record(
        actor=actor,
        action="branch_post.assign",
        target=post,
        unit=branch.unit,
        changes={"title": [None, title], "member": [None, member.masked_name]},
    )
    return post


@transaction.atomic
def branch_rule_set(
    *,
    actor: User,
    branch: Branch,
    kind: str,
    period: str,
    times: int,
    yellow_workdays: int,
    red_workdays: int,
    basis: str = "",
) -> ActivityRule:
    """The branch's own frequency for one activity (e.g. 党课 monthly); the defaults stay for the others."""
    _ensure_branch(actor, branch)
    permission_require(actor, Action.MANAGE_BRANCHES)
    text_require(("依据", basis, 120))
    errors = []
    if kind not in ActivityKind.values:
        errors.append("请选择活动")
    if period not in RulePeriod.values:
        errors.append("请选择周期")
    if not 0 <= times <= 31:
        errors.append("每期次数应在 0 到 31 之间")
    if not 0 <= red_workdays <= yellow_workdays <= 250:
        errors.append("黄牌剩余工作日应不少于红牌剩余工作日")
    if errors:
        raise ValidationFailed(";".join(errors))
    before = ActivityRule.objects.filter(branch=branch, kind=kind).first()
    rule, _ = ActivityRule.objects.update_or_create(
        branch=branch,
        kind=kind,
        defaults={
            "period": period,
            "times": times,
            "yellow_workdays": yellow_workdays,
            "red_workdays": red_workdays,
            "basis": basis.strip(),
        },
    )
    audit_record(
        actor=actor,
        action="activity_rule.set",
        target=rule,
        unit=branch.unit,
        changes={
            "period": [before.period if before else None, period],
            "times": [before.times if before else None, times],
        },
    )
    return rule


@transaction.atomic
def branch_rule_reset(*, actor: User, branch: Branch, kind: str) -> None:
    """Back to the default rule for this activity."""
    _ensure_branch(actor, branch)
    permission_require(actor, Action.MANAGE_BRANCHES)
    rule = ActivityRule.objects.filter(branch=branch, kind=kind).first()
    if rule is None:
        raise NotFound("本支部没有单独设置该活动的频次")
    audit_record(
        actor=actor,
        action="activity_rule.reset",
        target=rule,
        unit=branch.unit,
        changes={"kind": [kind, None]},
    )
    rule.delete()


@transaction.atomic
def activity_record(
    *,
    actor: User,
    branch: Branch,
    kind: str,
    held_on: date,
    topic: str,
    minutes: str,
    attendee_ids: Iterable[int],
    absence_note: str = "",
    attachments: Iterable[UploadedFile] = (),
    now: datetime | None = None,
) -> BranchActivity:
    """One of 三会一课, a 主题党日, an 组织生活会 or 民主评议, with who attended; the counts of members expected
    and present (with a vote) are kept as they were that day."""
    at = _now(now)
    _ensure_branch(actor, branch)
    permission_require(actor, Action.RECORD_BRANCH_LIFE)
    text_require(("主题", topic, 120), ("记录", minutes, None), ("缺席情况", absence_note, 200))
    errors = []
    if kind not in ActivityKind.values:
        errors.append("请选择活动类型")
    if not topic.strip():
        errors.append("请填写主题")
    if not minutes.strip():
        errors.append("请填写会议记录")
    if errors:
        raise ValidationFailed(";".join(errors))
    _check_past_date(held_on, "活动日期", at)
    members = PartyMember.objects.filter(branch=branch).current()
    wanted = set(attendee_ids)
    attendees = list(members.filter(pk__in=wanted))
    if len(attendees) != len(wanted):
        raise ValidationFailed("出席人员须是本支部在册党员")
    if not attendees:
        raise ValidationFailed("请勾选出席的党员")
    activity = BranchActivity.objects.create(
        branch=branch,
        kind=kind,
        held_on=held_on,
        topic=topic.strip(),
        minutes=minutes.strip(),
        expected_count=members.count(),
        voting_expected=members.filter(status=MemberStatus.FULL).count(),
        voting_present=sum(1 for member in attendees if member.status == MemberStatus.FULL),
        present_count=len(attendees),
        absence_note=absence_note.strip(),
        recorded_by=actor,
        recorded_at=at,
    )
    activity.attendees.set(attendees)
    for upload in attachments:
        ActivityAttachment.objects.create(
            activity=activity,
            attachment=attachment_create(actor=actor, upload=upload, unit=branch.unit, now=at),
        )
    audit_record(
        actor=actor,
        action="branch_activity.record",
        target=activity,
        unit=branch.unit,
        changes={
            "kind": [None, kind],
            "held_on": [None, held_on],
            "present": [None, f"{activity.present_count}/{activity.expected_count}"],
        },
    )
    return activity


@transaction.atomic
def activity_attach(
    *, actor: User, activity: BranchActivity, upload: UploadedFile, now: datetime | None = None
) -> ActivityAttachment:
    if not activity_scope(actor).filter(pk=activity.pk).exists():
        raise NotFound("组织生活记录不存在或不在您的管辖范围内")
    permission_require(actor, Action.RECORD_BRANCH_LIFE)
    return ActivityAttachment.objects.create(
        activity=activity,
        attachment=attachment_create(actor=actor, upload=upload, unit=activity.branch.unit, now=_now(now)),
    )


@transaction.atomic
def vote_record(
    *,
    actor: User,
    activity: BranchActivity,
    subject: str,
    ayes: int,
    noes: int,
    abstentions: int,
    now: datetime | None = None,
) -> BranchVote:
    """A vote of the 党员大会: refused unless more than half of the voting members are present; adopted when
    the ayes exceed half of the voting members expected."""
    if not activity_scope(actor).filter(pk=activity.pk).exists():
        raise NotFound("组织生活记录不存在或不在您的管辖范围内")
    permission_require(actor, Action.RECORD_BRANCH_LIFE)
    if activity.kind != ActivityKind.GENERAL_ASSEMBLY:
        raise ValidationFailed("只有支部党员大会进行表决")
    if not activity.has_quorum:
        raise Conflict(
            f"到会有表决权党员 {activity.voting_present} 人,未超过应到 {activity.voting_expected} 人的半数,"
            "不能表决"
        )
    text_require(("表决事项", subject, 200))
    if not subject.strip():
        raise ValidationFailed("请填写表决事项")
    if min(ayes, noes, abstentions) < 0:
        raise ValidationFailed("票数不能为负")
    if ayes + noes + abstentions > activity.voting_present:
        raise ValidationFailed(f"赞成、反对、弃权合计不能超过到会有表决权党员 {activity.voting_present} 人")
    vote = BranchVote.objects.create(
        activity=activity,
        subject=subject.strip(),
        ayes=ayes,
        noes=noes,
        abstentions=abstentions,
        adopted=ayes * 2 > activity.voting_expected,
        recorded_by=actor,
        recorded_at=_now(now),
    )
    audit_record(
        actor=actor,
        action="branch_vote.record",
        target=vote,
        unit=activity.branch.unit,
        changes={"votes": [None, f"{ayes}/{noes}/{abstentions}"], "adopted": [None, vote.adopted]},
    )
    return vote


def _ensure_reserve(actor: User, reserve: ReserveCadre) -> None:
    if not reserve_scope(actor).filter(pk=reserve.pk).exists():
        raise NotFound("后备干部不存在或不在您的管辖范围内")


@transaction.atomic
def reserve_add(
    *,
    actor: User,
    village: Unit,
    name: str,
    source: str,
    selected_on: date,
    phone: str = "",
    id_number: str = "",
    is_party_member: bool = False,
    education: str = "",
    current_work: str = "",
    now: datetime | None = None,
) -> ReserveCadre:
    """选: a candidate enters the village's pool."""
    if not visible_units(actor).filter(pk=village.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")
    permission_require(actor, Action.MANAGE_BRANCHES)
    text_require(
        ("姓名", name, 50),
        ("联系电话", phone, 20),
        ("身份证号", id_number, 18),
        ("学历", education, 20),
        ("现从事工作", current_work, 60),
    )
    name, phone, id_number = name.strip(), phone.strip(), id_number.strip().upper()
    errors = [] if name else ["请填写姓名"]
    if village.level != UnitLevel.VILLAGE:
        errors.append("后备干部按村(社区)入库")
    if source not in ReserveSource.values:
        errors.append("请选择产生方式")
    errors += _check_person(name, phone, id_number)
    if errors:
        raise ValidationFailed(";".join(errors))
    _check_past_date(selected_on, "入库日期", _now(now))
    if id_number and ReserveCadre.objects.filter(id_number=id_number, status=ReserveStatus.IN_POOL).exists():
        raise Conflict(f"{mask_name(name)}已在后备干部库中")
    reserve = ReserveCadre.objects.create(
        village=village,
        name=name,
        phone=phone,
        id_number=id_number,
        is_party_member=is_party_member,
        education=education.strip(),
        current_work=current_work.strip(),
        source=source,
        selected_on=selected_on,
    )
    audit_record(
        actor=actor, action="reserve.add", target=reserve, unit=village, changes={"source": [None, source]}
    )
    return reserve


@transaction.atomic
def reserve_step_record(
    *,
    actor: User,
    reserve: ReserveCadre,
    kind: str,
    started_on: date,
    content: str,
    ended_on: date | None = None,
    grade: str = "",
    now: datetime | None = None,
) -> ReserveStep:
    """育 and 管: a training attended, a trial post (上岗锻炼, only after training) or an assessment with its
    grade."""
    _ensure_reserve(actor, reserve)
    permission_require(actor, Action.MANAGE_BRANCHES)
    if reserve.status != ReserveStatus.IN_POOL:
        raise Conflict(f"该后备干部{reserve.get_status_display()},不能再记录培养环节")
    text_require(("内容", content, 200))
    errors = []
    if kind not in ReserveStepKind.values:
        errors.append("请选择环节")
    if not content.strip():
        errors.append("请填写内容")
    if kind == ReserveStepKind.ASSESSMENT and grade not in AssessmentGrade.values:
        errors.append("跟踪考察须评定结果")
    if kind != ReserveStepKind.ASSESSMENT and grade:
        errors.append("只有跟踪考察评定结果")
    if ended_on is not None and ended_on < started_on:
        errors.append("结束日期不能早于开始日期")
    if errors:
        raise ValidationFailed(";".join(errors))
    _check_past_date(started_on, "日期", _now(now))
    if started_on < reserve.selected_on:
        raise ValidationFailed("日期不能早于入库日期")
    if (
        kind == ReserveStepKind.TRIAL_POST
        and not reserve.steps.filter(kind=ReserveStepKind.TRAINING, started_on__lte=started_on).exists()
    ):
        raise ValidationFailed("先培训后上岗:上岗锻炼前须至少参加一次培训")
    step = ReserveStep.objects.create(
        reserve=reserve,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        content=content.strip(),
        grade=grade,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="reserve.step",
        target=reserve,
        unit=reserve.village,
        changes={"kind": [None, kind], "grade": [None, grade or None]},
    )
    return step


@transaction.atomic
def reserve_appoint(
    *, actor: User, reserve: ReserveCadre, post: str, appointed_on: date, now: datetime | None = None
) -> ReserveCadre:
    """用: appointed to a village post; only after training, a trial post and a latest assessment that passed."""
    _ensure_reserve(actor, reserve)
    permission_require(actor, Action.MANAGE_BRANCHES)
    text_require(("任用职务", post, 60))
    if not post.strip():
        raise ValidationFailed("请填写任用职务")
    _check_past_date(appointed_on, "任用日期", _now(now))
    steps = reserve.steps.all()
    missing = [
        label
        for kind, label in ((ReserveStepKind.TRAINING, "培训"), (ReserveStepKind.TRIAL_POST, "上岗锻炼"))
        if not steps.filter(kind=kind).exists()
    ]
    latest = steps.filter(kind=ReserveStepKind.ASSESSMENT).order_by("-started_on", "-id").first()
    if latest is None or latest.grade not in PASSING_GRADES:
        missing.append("称职以上的跟踪考察")
    if missing:
        raise ValidationFailed("尚未完成:" + "、".join(missing) + ",不能任用")
    transition(
        reserve,
        allowed=[ReserveStatus.IN_POOL],
        noun="后备干部",
        status=ReserveStatus.APPOINTED,
        appointed_post=post.strip(),
        left_on=appointed_on,
    )
    audit_record(
        actor=actor,
        action="reserve.appoint",
        target=reserve,
        unit=reserve.village,
        changes={"status": [ReserveStatus.IN_POOL, ReserveStatus.APPOINTED], "post": [None, post.strip()]},
    )
    return reserve


@transaction.atomic
def reserve_remove(
    *, actor: User, reserve: ReserveCadre, reason: str, removed_on: date, now: datetime | None = None
) -> ReserveCadre:
    """动态管理: out of the pool, with the reason."""
    _ensure_reserve(actor, reserve)
    permission_require(actor, Action.MANAGE_BRANCHES)
    text_require(("出库原因", reason, 200))
    if not reason.strip():
        raise ValidationFailed("出库须写明原因")
    _check_past_date(removed_on, "出库日期", _now(now))
    transition(
        reserve,
        allowed=[ReserveStatus.IN_POOL],
        noun="后备干部",
        status=ReserveStatus.REMOVED,
        leave_reason=reason.strip(),
        left_on=removed_on,
    )
    audit_record(
        actor=actor,
        action="reserve.remove",
        target=reserve,
        unit=reserve.village,
        changes={"status": [ReserveStatus.IN_POOL, ReserveStatus.REMOVED], "reason": [None, reason.strip()]},
    )
    return reserve
