"""The collective app's routes in the shared walks (role matrix, phone layout)."""

from django.utils import timezone

from tests.collective.factories import make_contract
from xiangzhen.org.permissions import Action

SIGNED_IN = "signed_in"
PAGE_ACCESS = {
    "collective:overview": SIGNED_IN,
    "collective:assets": SIGNED_IN,  # recording is checked by MANAGE_COLLECTIVE in the service
    "collective:resources": SIGNED_IN,
    "collective:contracts": SIGNED_IN,
    "collective:contract_detail": SIGNED_IN,
    "collective:contract_act": SIGNED_IN,
    "collective:payment": SIGNED_IN,
    "collective:publications": SIGNED_IN,
}
POSTED_ACTIONS = {"collective:contract_act": "receive"}
API_ACCESS = {
    ("GET", "/api/v1/collective/figures"): SIGNED_IN,
    ("GET", "/api/v1/collective/assets"): SIGNED_IN,
    ("POST", "/api/v1/collective/assets"): Action.MANAGE_COLLECTIVE,
    ("GET", "/api/v1/collective/resources"): SIGNED_IN,
    ("POST", "/api/v1/collective/resources"): Action.MANAGE_COLLECTIVE,
    ("GET", "/api/v1/collective/contracts"): SIGNED_IN,
    ("POST", "/api/v1/collective/contracts"): Action.MANAGE_COLLECTIVE,
    ("GET", "/api/v1/collective/contracts/{contract_id}"): SIGNED_IN,
    ("POST", "/api/v1/collective/payments/{payment_id}/receipts"): Action.MANAGE_COLLECTIVE,
    ("GET", "/api/v1/collective/publications"): SIGNED_IN,
    ("POST", "/api/v1/collective/publications/{publication_id}/publish"): Action.MANAGE_COLLECTIVE,
}


def build(township):
    from xiangzhen.collective.services import asset_create, publication_schedule_open

    leader = township.town_leader
    contracts, payments, publications = [], [], []
    for number, village in enumerate((township.zhenjiang, township.gepu), start=1):
        asset_create(actor=leader.user, village=village, name="村委会办公楼", kind="building", value=85)
        contract = make_contract(leader, village, number=f"WORLD-{number}")
        contracts.append((contract.pk, village))
        payments.append((contract.payments.order_by("due_date").first().pk, village))
    publication_schedule_open(today=timezone.localdate(), villages=[township.zhenjiang, township.gepu])
    from xiangzhen.collective.models import Publication

    for publication in Publication.objects.filter(village__in=[township.zhenjiang, township.gepu]):
        publications.append((publication.pk, publication.village))
    return {"contract_id": contracts, "payment_id": payments, "publication_id": publications}


def _village(persona, township):
    return township.gepu if persona == "village_cadre" else township.zhenjiang


def api_body(method, path, persona, chosen, township):
    from xiangzhen.collective.models import ContractPayment

    today = timezone.localdate().isoformat()
    if (method, path) == ("POST", "/api/v1/collective/assets"):
        return {
            "village_id": _village(persona, township).pk,
            "name": "矩阵资产",
            "kind": "building",
            "value": "1.00",
        }
    if (method, path) == ("POST", "/api/v1/collective/resources"):
        return {
            "village_id": _village(persona, township).pk,
            "name": "矩阵资源",
            "kind": "forest",
            "area_mu": "3.5",
        }
    if (method, path) == ("POST", "/api/v1/collective/contracts"):
        return {
            "village_id": _village(persona, township).pk,
            "number": f"MATRIX-{persona}",
            "title": "矩阵合同",
            "counterparty": "某合作社",
            "counterparty_kind": "organisation",
            "subject": "林地 20 亩",
            "starts_on": today,
            "ends_on": timezone.localdate().replace(year=timezone.localdate().year + 2).isoformat(),
            "amount": "2000.00",
            "payment_cycle": "yearly",
        }
    if (method, path) == ("POST", "/api/v1/collective/payments/{payment_id}/receipts"):
        payment = ContractPayment.objects.get(pk=chosen["payment_id"])
        return {"amount": "1.00", "received_on": today, "version": payment.version}
    if (method, path) == ("POST", "/api/v1/collective/publications/{publication_id}/publish"):
        return {"published_on": today, "place": "村务公开栏"}
    return None
