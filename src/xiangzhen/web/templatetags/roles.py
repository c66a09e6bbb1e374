"""`{% load roles %}` … `{% if user|may:"intake" %}`: a template shows a button only to a role that may
take its action, the same table (org.permissions) the page behind it checks, so no button leads to a 403."""

from django import template

from xiangzhen.org.permissions import Action, user_may
from xiangzhen.org.selectors import AnyUser

register = template.Library()


@register.filter
def may(user: AnyUser, action: str) -> bool:
    # Action(...) raises on a misspelt action: a template asking about no action fails, never hides quietly.
    return user_may(user, Action(action))
