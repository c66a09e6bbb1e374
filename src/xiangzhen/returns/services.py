"""The returns' two actions: a county adds its own template, and someone downloads a town's return."""

from collections.abc import Iterator, Sequence

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from xiangzhen.audit.services import audit_record
from xiangzhen.errors import ValidationFailed
from xiangzhen.org.models import Unit
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import unit_require_visible
from xiangzhen.returns.importing import TemplateDraft, TemplateInvalid, field_name, template_errors
from xiangzhen.returns.models import ReturnColumn, ReturnTemplate
from xiangzhen.returns.periods import Period
from xiangzhen.returns.sources import SOURCES, Row

Actor = User | AnonymousUser


@transaction.atomic
def return_template_create(*, actor: Actor, county: Unit, draft: TemplateDraft) -> ReturnTemplate:
    """A county's own return form: checked whole (every mistake listed with its place), then saved with
    its columns in one transaction."""
    permission_require(actor, Action.MANAGE_RETURN_TEMPLATES)
    unit_require_visible(actor, county)
    errors = template_errors(draft)
    taken = ReturnTemplate.objects.filter(code=draft.code, county__isnull=True).exists() or (
        ReturnTemplate.objects.filter(code=draft.code, county=county).exists()
    )
    if taken:
        errors.insert(0, f"编号:“{draft.code}”已被使用,请换一个编号")
    if errors:
        raise TemplateInvalid(errors)
    template = ReturnTemplate.objects.create(
        code=draft.code,
        name=draft.name,
        period=draft.period,
        source=draft.source,
        county=county,
        created_by=actor if isinstance(actor, User) else None,
    )
    ReturnColumn.objects.bulk_create(
        ReturnColumn(
            template=template,
            position=position,
            header=column.header,
            field=field_name(draft.source, column.field),
        )
        for position, column in enumerate(draft.columns, start=1)
    )
    audit_record(
        actor=actor,
        action="return_template.create",
        target=template,
        unit=county,
        changes={"columns": [None, [column.header for column in draft.columns]]},
    )
    return template


def return_generate(
    *, actor: Actor, template: ReturnTemplate, town: Unit, period: Period
) -> tuple[list[str], Iterator[Row]]:
    """The headers and the rows of a town's return for a period, the download audited (who took which
    town's figures for which period). The rows are generated lazily, one at a time, as the file is written."""
    unit_require_visible(actor, town)
    source = SOURCES.get(template.source)
    if source is None:
        raise ValidationFailed(f"报表“{template.name}”的数据来源“{template.source}”已不存在,请联系县级管理员")
    columns = list(template.columns.order_by("position").values_list("header", "field"))
    index = source.field_index()
    missing = [field for _header, field in columns if field not in index]
    if missing:
        raise ValidationFailed(f"报表“{template.name}”引用了不存在的字段:{'、'.join(missing)}")
    positions = [index[field] for _header, field in columns]
    audit_record(
        actor=actor,
        action="return.download",
        target=template,
        unit=town,
        changes={"period": [None, period.code], "town": [None, town.name]},
    )
    return [header for header, _field in columns], _select(source.rows(town, period), positions)


def _select(rows: Iterator[Row], positions: Sequence[int]) -> Iterator[Row]:
    for row in rows:
        yield tuple(row[position] for position in positions)
