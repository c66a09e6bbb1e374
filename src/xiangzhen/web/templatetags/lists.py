"""`{% filterfold page.filtering %}…{% endfilterfold %}`: a list's filter form folded behind one 筛选 button.

On a phone the filters would otherwise fill the first screen before any row shows. The fold starts open when
a filter is set (so the person sees what narrowed the list) and layout.js opens it on wide screens.
"""

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string

register = template.Library()


class FilterFoldNode(template.Node):
    def __init__(self, nodelist: NodeList, active: FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.active = active

    def render(self, context: Context) -> str:
        active: Any = self.active.resolve(context) if self.active is not None else False
        return render_to_string(
            "web/_filter_fold.html", {"content": self.nodelist.render(context), "active": bool(active)}
        )


@register.tag
def filterfold(parser: Parser, token: Token) -> FilterFoldNode:
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("filterfold takes at most one argument: whether a filter is set")
    nodelist = parser.parse(("endfilterfold",))
    parser.delete_first_token()
    return FilterFoldNode(nodelist, parser.compile_filter(bits[1]) if len(bits) == 2 else None)
