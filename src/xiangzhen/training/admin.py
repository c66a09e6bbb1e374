from django.contrib import admin

from xiangzhen.audit.admin import AuditedAdmin
from xiangzhen.training.models import Skill


@admin.register(Skill)
class SkillAdmin(AuditedAdmin):
    """Skill names are merged or corrected here; courses, sessions and attendance change only through services."""

    list_display = ["name"]
    search_fields = ["name"]
