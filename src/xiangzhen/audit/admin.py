from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest

from xiangzhen.audit.models import AuditEvent
from xiangzhen.audit.services import audit_record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["created_at", "actor_name", "action", "object_repr", "unit", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedAdmin(admin.ModelAdmin[Any]):
    """Admin edits are state changes too: each save and delete writes an audit event."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"admin.{obj._meta.model_name}.{'change' if change else 'add'}",
                target=obj,
                changes={field: [None, str(form.cleaned_data.get(field))] for field in form.changed_data},
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(actor=request.user, action=f"admin.{obj._meta.model_name}.delete", target=obj)
            super().delete_model(request, obj)
