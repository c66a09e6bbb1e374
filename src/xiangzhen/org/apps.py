from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "xiangzhen.org"
    verbose_name = _("组织机构")

    def ready(self) -> None:
        from django.contrib.auth.models import User
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from xiangzhen.org.models import Assignment, Cadre, Post, Unit
        from xiangzhen.org.selectors import jurisdiction_version_bump

        def changed(sender: type, update_fields: frozenset[str] | None = None, **_: object) -> None:
            # A login writes only last_login: it changes no one's jurisdiction.
            if sender is User and update_fields is not None and set(update_fields) <= {"last_login"}:
                return
            transaction.on_commit(jurisdiction_version_bump)

        for model in (Post, Assignment, Cadre, Unit, User):
            post_save.connect(changed, sender=model, dispatch_uid=f"jurisdiction-{model.__name__}-save")
            post_delete.connect(changed, sender=model, dispatch_uid=f"jurisdiction-{model.__name__}-delete")
