from typing import Any

from django.contrib import admin, messages
from django.db.models import Field
from django.forms import ModelForm, TypedChoiceField
from django.http import HttpRequest

from xiangzhen.audit.admin import AuditedAdmin
from xiangzhen.errors import DomainError
from xiangzhen.org.models import Assignment, Cadre, CadreRole, Post, Unit
from xiangzhen.org.permissions import grantable_roles
from xiangzhen.org.services import unit_create, unit_update


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "level", "parent", "division_code", "path"]
    list_filter = ["level"]
    search_fields = ["name", "division_code"]
    readonly_fields = ["path"]
    autocomplete_fields = ["parent"]

    def get_readonly_fields(self, request: HttpRequest, obj: Unit | None = None) -> list[str]:
        # Moving a unit would rewrite a whole subtree's paths; that is a separate, deliberate operation.
        return ["path", "level", "parent"] if obj else ["path"]

    def save_model(self, request: HttpRequest, obj: Unit, form: ModelForm[Unit], change: bool) -> None:
        # Units are created and renamed through the services, which compute the path and audit the change.
        try:
            if change:
                saved = unit_update(
                    actor=request.user,
                    unit=Unit.objects.get(pk=obj.pk),
                    expected_version=obj.version,
                    name=obj.name,
                    division_code=obj.division_code,
                )
            else:
                saved = unit_create(
                    actor=request.user,
                    name=obj.name,
                    level=obj.level,
                    parent=obj.parent,
                    division_code=obj.division_code,
                )
            obj.pk, obj.path, obj.version = saved.pk, saved.path, saved.version
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            raise

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PostInline(admin.TabularInline[Post, Cadre]):
    model = Post
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Cadre)
class CadreAdmin(AuditedAdmin):
    list_display = ["name", "role", "phone", "user", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["name", "phone"]
    inlines = [PostInline]

    def formfield_for_choice_field(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> TypedChoiceField | None:
        # The role ceiling holds in the admin too: only roles not above the editor's own are offered.
        if db_field.name == "role":
            allowed = set(grantable_roles(request.user))
            kwargs["choices"] = [(value, label) for value, label in CadreRole.choices if value in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["cadre", "unit", "title", "start_date", "end_date"]
    search_fields = ["cadre__name", "unit__name", "title"]
    autocomplete_fields = ["cadre", "unit"]


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    list_display = ["cadre", "kind", "unit", "start_date", "end_date"]
    list_filter = ["kind"]
    search_fields = ["cadre__name", "unit__name"]
    autocomplete_fields = ["cadre", "unit"]
