"""`{% person_options people %}`: the <option>s of every "who" field (责任人, 领衔领导, 包保责任人, 承办人 …).

No person is ever pre-selected: the first option is the empty choice ("请选择", or what `blank` says; none
for a multiple select, `blank=""`), so a form sent without choosing is refused and writes nothing. The
viewer's own units come first (本单位), and every cadre is labelled by `org.selectors.cadre_labels`."""

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from xiangzhen.org.selectors import person_groups

register = template.Library()


@register.simple_tag(takes_context=True)
def person_options(
    context: dict[str, Any], people: Any, blank: str = "请选择", exclude: Any = None
) -> SafeString:
    viewer = context["request"].user
    excluded = {int(exclude)} if exclude not in (None, "") else set()
    groups = person_groups(viewer, [person for person in people if person.pk not in excluded])
    parts = [format_html('<option value="">{}</option>', blank)] if blank else []
    for group in groups:
        options = format_html_join(
            "", '<option value="{}">{}</option>', ((o.pk, o.label) for o in group.options)
        )
        if group.label:
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', group.label, options))
        else:
            parts.append(options)
    return SafeString("".join(parts))
