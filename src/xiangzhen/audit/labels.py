"""What the audit page shows a leader: Chinese names for action codes, object types and changed fields.

The stored event keeps its stable English codes (they are what code and filters match on); these labels
are only for reading. A code without a label still reads sensibly: the verb and the object type's name."""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from xiangzhen.audit.models import AuditEvent

ACTION_LABELS: dict[str, str] = {
    "unit.create": "新建单位",
    "unit.update": "修改单位",
    "cadre.create": "新建干部账号",
    "assignment.create": "新增包保关系",
    "assignment.end": "结束包保关系",
    "api_token.issue": "签发接口令牌",
    "api_token.revoke": "吊销接口令牌",
    "calendar_year.publish": "发布工作日历",
    "service_catalogue.import": "导入事项目录",
    "service_request.register": "登记办件",
    "service_request.accept": "受理",
    "service_request.notice": "一次性告知",
    "service_request.reject": "不予受理",
    "service_request.assign": "指派承办人",
    "service_request.hand_over": "移交首问责任",
    "service_request.note": "登记办理进展",
    "service_request.pause": "暂停计时",
    "service_request.resume": "恢复计时",
    "service_request.transfer": "转办",
    "service_request.complete": "办结",
    "service_request.rate": "评价",
    "service_request.reveal_personal_data": "查看个人信息",
    "search.resident_id": "按身份证号查询",
    "servicerequest.sweep": "办件跟踪督办扫描",
    "rectification.advance": "差评整改",
    "meeting.create": "新建会议",
    "meeting_report.submit": "提交会议汇报",
    "decision.record": "记录会议决定",
    "task.create": "交办督办事项",
    "task.progress": "登记督办进展",
    "task.submitted": "提交核验",
    "task.verified": "核验通过",
    "task.returned": "退回重办",
    "task.sweep": "督办事项扫描",
    "task.admission_review": "准入审核",
    "duty_list.import": "导入履职事项清单",
    "dispute.registered": "登记纠纷",
    "dispute.mediated": "登记调解",
    "dispute.escalated": "上交上一级",
    "dispute.litigation": "引导诉讼/仲裁",
    "dispute.followed_up": "回访",
    "dispute.sweep": "纠纷时限扫描",
    "screening_report.submit": "提交排查报告",
    "petition.record": "登记信访",
    "attachment.create": "上传附件",
    "account.password_change": "修改密码",
    "notification.digest": "发送每日督办摘要",
    "indicator.create": "新建考核指标",
    "scheme.create": "新建考核方案",
    "manual_entry.record": "录入考核分数",
    "scheme.compute": "计算考核分数",
    "scheme.recompute_request": "提交重新计算",
    "board.publish": "发布考核榜单",
    "return.download": "下载报表",
    "return_template.create": "新增报表模板",
}

# The last part of a code, for codes not listed above (a new action reads "新建 + 对象类型" until labelled).
VERB_LABELS = {
    "create": "新建",
    "add": "新增",
    "update": "修改",
    "change": "修改",
    "delete": "删除",
    "import": "导入",
    "publish": "发布",
    "submit": "提交",
    "record": "记录",
    "issue": "签发",
    "revoke": "吊销",
    "reveal": "查看",
    "sweep": "扫描",
}

# Keys of `changes` that are not model fields.
EXTRA_FIELD_LABELS = {
    "note": "说明",
    "reason": "原因",
    "red": "转为红色",
    "yellow": "转为黄色",
    "original_name": "文件名",
    "size": "大小(字节)",
    "rows": "行数",
    "password": "密码",
    "purpose": "用途",
    "missing": "缺少的材料",
    "opinions": "参会人员意见",
    "override_reason": "再次告知的理由",
    "dispute_count": "纠纷数",
    "username": "登录名",
    "role": "角色",
    "cadre": "干部",
    "post": "职务",
    "kind": "类型",
    "urgent_problems": "急需解决的问题",
}


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def action_label(action: str, object_type: str = "") -> str:
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    parts = action.split(".")
    # Admin edits are "admin.<model>.<verb>": say they happened in the system administration.
    prefix = "后台" if parts[0] == "admin" else ""
    verb = VERB_LABELS.get(parts[-1])
    if verb is None:
        return action
    return f"{prefix}{verb}{object_type_label(object_type) if object_type else ''}"


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _value(field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "":
        return ""
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    person: str
    action: str
    object_type: str
    changes: list[ChangeRow]


def person_label(event: AuditEvent) -> str:
    """The cadre's name where the account belongs to one, else the login name; "系统" for automatic jobs."""
    if event.actor is not None:
        cadre = getattr(event.actor, "cadre", None)
        if cadre is not None:
            return str(cadre.name)
        full_name = event.actor.get_full_name()
        if full_name:
            return full_name
    return event.actor_name or "系统"


def event_rows(events: list[AuditEvent]) -> list[EventRow]:
    """Readable rows of events fetched with `select_related("actor__cadre")`."""
    rows = []
    for event in events:
        model = _model(event.object_type)
        changes = []
        for name, values in (event.changes or {}).items():
            field = _field(model, name)
            label = str(field.verbose_name) if field is not None else EXTRA_FIELD_LABELS.get(name, name)
            before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
            row = ChangeRow(label, _value(field, before), _value(field, after))
            if row.before or row.after:  # a field left empty on creation says nothing
                changes.append(row)
        rows.append(
            EventRow(
                event=event,
                person=person_label(event),
                action=action_label(event.action, event.object_type),
                object_type=object_type_label(event.object_type),
                changes=changes,
            )
        )
    return rows
