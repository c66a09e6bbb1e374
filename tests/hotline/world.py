"""The hotline app's routes in the shared walks (role matrix, phone layout)."""

from datetime import timedelta

from django.utils import timezone

from xiangzhen.org.permissions import Action

SIGNED_IN = "signed_in"
PAGE_ACCESS = {
    "hotline:orders": SIGNED_IN,  # the orders of the viewer's units; acting is checked in the services
    "hotline:order_detail": SIGNED_IN,
    "hotline:order_print": SIGNED_IN,
    "hotline:order_act": SIGNED_IN,  # HANDLE_HOTLINE / DISPATCH_HOTLINE checked in the service, shown as a message
    "hotline:report": SIGNED_IN,
}
POSTED_ACTIONS = {"hotline:order_act": "handle"}
API_ACCESS = {
    ("POST", "/api/v1/hotline/orders"): Action.DISPATCH_HOTLINE,
    ("GET", "/api/v1/hotline/orders"): SIGNED_IN,
    ("GET", "/api/v1/hotline/orders/{order_id}"): SIGNED_IN,
    ("POST", "/api/v1/hotline/orders/{order_id}/sign"): Action.HANDLE_HOTLINE,
    ("POST", "/api/v1/hotline/orders/{order_id}/contact"): Action.HANDLE_HOTLINE,
    ("POST", "/api/v1/hotline/orders/{order_id}/reply"): Action.HANDLE_HOTLINE,
    ("POST", "/api/v1/hotline/orders/{order_id}/visit"): Action.DISPATCH_HOTLINE,
}


def build(township):
    import importlib

    from django.apps import apps

    from xiangzhen.hotline.models import RuleSet
    from xiangzhen.hotline.services import Intake, order_receive, order_transfer

    if not RuleSet.objects.exists():
        # A browser test's flushed database has lost the profiles its data migration wrote.
        importlib.import_module("xiangzhen.hotline.migrations.0002_profiles").load(apps, None)

    dispatcher = township.county_supervisor.user
    orders = []
    for number, village in enumerate((township.zhenjiang, township.gepu), start=1):
        order, _ = order_receive(
            actor=dispatcher,
            town=township.shengji,
            intake=Intake(
                platform_number=f"WORLD-{number}",
                content="角色矩阵工单",
                dispatched_at=timezone.now() - timedelta(hours=1),
                category="路灯",
            ),
        )
        order_transfer(actor=township.town_leader.user, order=order, to_unit=village)
        orders.append((order.pk, village))
    return {"order_id": orders}


def api_body(method, path, persona, chosen, township):
    if (method, path) == ("POST", "/api/v1/hotline/orders"):
        return {
            "platform_number": f"MATRIX-{persona}",
            "town_id": township.shengji.pk,
            "content": "角色矩阵",
            "dispatched_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        }
    if path.startswith("/api/v1/hotline/orders/{order_id}/"):
        if path.endswith("/visit"):
            return {"rating": "satisfied", "resolved": True}
        return {"note": "角色矩阵", "reply": "角色矩阵"}
    return None
