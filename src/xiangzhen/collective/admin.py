from django.contrib import admin

from xiangzhen.audit.admin import AuditedAdmin
from xiangzhen.collective.models import PublicationRule


@admin.register(PublicationRule)
class PublicationRuleAdmin(AuditedAdmin):
    """A town changes how often its villages publish here; without a row the law's default applies."""

    list_display = ["kind", "every_months", "grace_workdays"]
