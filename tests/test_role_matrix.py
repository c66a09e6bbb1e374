"""Every page and every API route, for every role, allowed or denied exactly as org.permissions says.

The routes are not listed by hand: pages come from the URL resolver and API operations from the OpenAPI
document, so a route added later is walked here too, and the test fails until it is classified:

* a page gated by a permission declares it beside its view: `@action_required(Action.…)`
  (xiangzhen.org.permissions), read here from the view's `required_action`;
* any other page is classified in PAGE_ACCESS below (PUBLIC, or SIGNED_IN: any signed-in role, the
  jurisdiction deciding what it shows);
* every API operation is classified in API_ACCESS below, by method and path.

Allowed means: not 403, 404 or 500 (and not sent to the login page). Denied means: a 403 page; for the API
403 or 404 JSON. Anonymous visitors are sent to the login page (the API answers 401). Each persona opens
objects inside their own jurisdiction, so a denial here is the role's, never the jurisdiction's.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests import app_worlds
from tests.factories import Township, UserFactory
from tests.services.factories import APPLICANT, REQUIRED, intake, make_item, resident_id
from xiangzhen.org.models import Unit
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.org.selectors import visible_units

PUBLIC = "public"
SIGNED_IN = "signed_in"
STAFF = "staff"

# Pages whose view declares no action: who may open them. A new page must be added here, or better, its view
# decorated with @action_required(Action.…).
PAGE_ACCESS: dict[str, str] = {
    "home": SIGNED_IN,
    "due": SIGNED_IN,
    "login": PUBLIC,
    "logout": PUBLIC,  # POST only; GET answers 405 to everyone
    "set_language": PUBLIC,
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "org:unit_list": SIGNED_IN,
    "org:unit_detail": SIGNED_IN,
    "services:queue": SIGNED_IN,
    "services:queue_export": SIGNED_IN,
    "services:intake_materials": SIGNED_IN,
    "services:detail": SIGNED_IN,
    "services:notice_print": SIGNED_IN,
    "services:receipt_print": SIGNED_IN,
    "services:rejection_print": SIGNED_IN,
    "services:act": SIGNED_IN,
    "services:statistics": SIGNED_IN,
    "services:catalogue": SIGNED_IN,  # reading; importing is checked by MANAGE_CATALOGUE in the service
    "services:catalogue_download": SIGNED_IN,
    "services:notifications": SIGNED_IN,
    "api_tokens:list": SIGNED_IN,  # one's own tokens only
    "api_tokens:revoke": SIGNED_IN,  # POST only; GET answers 405 to everyone signed in
    "services:digest": SIGNED_IN,
    "attachments:download": SIGNED_IN,  # and inside the jurisdiction of the owning request, task or dispute
    "public:item_list": PUBLIC,
    "public:item_detail": PUBLIC,
    "public:track": PUBLIC,
    "public:status": PUBLIC,
    "open311:services": PUBLIC,
    "open311:service": PUBLIC,
    "open311:requests": PUBLIC,
    "open311:request": PUBLIC,
    "supervision:tasks": SIGNED_IN,
    "supervision:tasks_export": SIGNED_IN,
    "supervision:task_add": SIGNED_IN,
    "supervision:task_detail": SIGNED_IN,
    "supervision:task_act": SIGNED_IN,  # verification inside is checked by user_may_verify
    "supervision:meetings": SIGNED_IN,
    "supervision:meeting_detail": SIGNED_IN,
    "supervision:meeting_act": SIGNED_IN,
    "supervision:agenda": SIGNED_IN,
    "disputes:register": SIGNED_IN,
    "disputes:export": SIGNED_IN,
    "disputes:statistics": SIGNED_IN,
    "disputes:screening": SIGNED_IN,
    "disputes:petitions": SIGNED_IN,
    "disputes:detail": SIGNED_IN,
    "disputes:act": SIGNED_IN,
    "workdays:calendar": SIGNED_IN,
    "api:openapi-json": PUBLIC,
    "healthz": PUBLIC,  # the load balancer's probe: no login, no personal data
    "api:openapi-view": PUBLIC,
    "admin:index": STAFF,
    **app_worlds.merged("PAGE_ACCESS"),
}
# Namespaces walked elsewhere: the API operations through the OpenAPI document; Django's admin through its
# index (every admin page sits behind the same staff check).
OPERATION_NAMESPACES = {"api"}
ADMIN_NAMESPACE = "admin"
# Routes whose <action> slug takes a POSTed form: which harmless action the matrix posts (an empty form).
POSTED_ACTIONS = {
    "services:act": "note",
    "supervision:task_act": "progress",
    "supervision:meeting_act": "report",
    "disputes:act": "mediate",
    **app_worlds.merged("POSTED_ACTIONS"),
}

# Query strings some routes need to answer at all (a citizen's Open311 lookup is by tracking code).
ROUTE_QUERIES = {"open311:requests": "service_request_id={tracking_code}"}

# Every API operation by (method, path): SIGNED_IN, or the action its service checks.
API_ACCESS: dict[tuple[str, str], str | Action] = {
    ("GET", "/api/v1/todo"): SIGNED_IN,
    ("GET", "/api/v1/units"): SIGNED_IN,
    ("POST", "/api/v1/units"): Action.MANAGE_UNITS,
    ("GET", "/api/v1/units/{unit_id}"): SIGNED_IN,
    ("PUT", "/api/v1/units/{unit_id}"): Action.MANAGE_UNITS,
    ("GET", "/api/v1/services/items"): SIGNED_IN,
    ("GET", "/api/v1/services/requests"): SIGNED_IN,
    ("POST", "/api/v1/services/requests"): Action.INTAKE,
    ("GET", "/api/v1/services/requests/{request_id}"): SIGNED_IN,
    ("POST", "/api/v1/services/requests/{request_id}/return"): SIGNED_IN,
    ("POST", "/api/v1/services/requests/{request_id}/pause"): SIGNED_IN,
    ("POST", "/api/v1/services/requests/{request_id}/resume"): SIGNED_IN,
    ("POST", "/api/v1/services/requests/{request_id}/transfer"): SIGNED_IN,
    ("POST", "/api/v1/services/requests/{request_id}/complete"): SIGNED_IN,
    ("POST", "/api/v1/services/requests/{request_id}/rating"): SIGNED_IN,
    ("GET", "/api/v1/tasks"): SIGNED_IN,
    ("POST", "/api/v1/tasks"): SIGNED_IN,
    ("GET", "/api/v1/tasks/{task_id}"): SIGNED_IN,
    ("POST", "/api/v1/tasks/{task_id}/progress"): SIGNED_IN,
    ("POST", "/api/v1/tasks/{task_id}/submit"): SIGNED_IN,
    ("POST", "/api/v1/tasks/{task_id}/verify"): Action.VERIFY_TASKS,
    ("GET", "/api/v1/meetings"): SIGNED_IN,
    ("POST", "/api/v1/meetings"): SIGNED_IN,
    ("GET", "/api/v1/meetings/{meeting_id}"): SIGNED_IN,
    ("POST", "/api/v1/meetings/{meeting_id}/reports"): SIGNED_IN,
    ("POST", "/api/v1/meetings/{meeting_id}/decisions"): SIGNED_IN,
    ("GET", "/api/v1/disputes"): SIGNED_IN,
    ("POST", "/api/v1/disputes"): Action.REGISTER_DISPUTES,
    ("GET", "/api/v1/disputes/{dispute_id}"): SIGNED_IN,
    ("POST", "/api/v1/disputes/{dispute_id}/mediations"): SIGNED_IN,
    ("POST", "/api/v1/disputes/{dispute_id}/escalate"): SIGNED_IN,
    **app_worlds.merged("API_ACCESS"),
}

PERSONAS = [
    "administrator",
    "county_supervisor",
    "town_leader",
    "window_staff",
    "district_committee",
    "township_cadre",
    "village_cadre",
    "anonymous",
]
UNCLASSIFIED_HELP = (
    "Classify it: decorate the view with @action_required(Action.…) from xiangzhen.org.permissions, "
    "or add it to PAGE_ACCESS (pages) / API_ACCESS (API operations) in tests/test_role_matrix.py."
)


def page_routes() -> Iterator[tuple[str, str, list[str], object]]:
    """(name, route, parameter names, view) of every named URL pattern, walking nested includes."""

    def walk(patterns, prefix: str, namespace: str) -> Iterator[tuple[str, str, list[str], object]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                route = prefix + str(pattern.pattern)
                yield name, route, re.findall(r"<(?:\w+:)?(\w+)>", route), pattern.callback

    yield from walk(get_resolver().url_patterns, "", "")


def api_operations() -> list[tuple[str, str]]:
    document = Client().get("/api/openapi.json").json()
    return [
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def page_access(name: str, view: object) -> str | Action | None:
    declared = getattr(view, "required_action", None)
    if isinstance(declared, Action):
        return declared
    return PAGE_ACCESS.get(name)


def walked_pages() -> Iterator[tuple[str, str, list[str], object]]:
    for name, route, parameters, view in page_routes():
        namespace = name.split(":")[0] if ":" in name else ""
        if namespace in OPERATION_NAMESPACES and name not in PAGE_ACCESS:
            continue
        if namespace == ADMIN_NAMESPACE and name != "admin:index":
            continue
        yield name, route, parameters, view


def test_every_route_is_classified():
    unclassified = [
        f"page {name} ({route})" for name, route, _, view in walked_pages() if page_access(name, view) is None
    ]
    unclassified += [
        f"API {method} {path}" for method, path in api_operations() if (method, path) not in API_ACCESS
    ]
    assert not unclassified, (
        "Routes without a permission class: " + "; ".join(unclassified) + ". " + (UNCLASSIFIED_HELP)
    )


def test_the_classification_names_only_existing_routes():
    names = {name for name, *_ in page_routes()}
    assert set(PAGE_ACCESS) <= names, f"PAGE_ACCESS names unknown pages: {set(PAGE_ACCESS) - names}"
    operations = set(api_operations())
    assert set(API_ACCESS) <= operations, f"API_ACCESS names unknown routes: {set(API_ACCESS) - operations}"


@dataclass
class World:
    """Objects addressed by the routes' parameters, each with the unit it belongs to."""

    candidates: dict[str, list[tuple[object, Unit | None]]]
    per_route: dict[str, dict[str, list[tuple[object, Unit | None]]]]
    item_code: str


def build_world(township: Township) -> World:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from xiangzhen.disputes.models import DisputeCategory
    from xiangzhen.disputes.services import Party, dispute_register
    from xiangzhen.services.services import IntakeDecision, service_request_add_note
    from xiangzhen.supervision.models import MeetingKind
    from xiangzhen.supervision.services import meeting_create, task_create

    window = township.window_staff.user
    leader = township.town_leader.user
    item = make_item()
    requests: dict[str, list[tuple[object, Unit | None]]] = {"accepted": [], "noticed": [], "rejected": []}
    disputes, meetings, attachments = [], [], []
    category, _ = DisputeCategory.objects.get_or_create(name="邻里")
    for village in (township.zhenjiang, township.gepu):
        accepted = intake(window, item, village)
        requests["accepted"].append((accepted.pk, village))
        note = service_request_add_note(
            actor=window,
            request=accepted,
            note="收到补充材料",
            attachment=SimpleUploadedFile("补充材料.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
        attachments.append((note.attachment_id, village))
        noticed = intake(window, item, village, present=REQUIRED[:1], decision=IntakeDecision.NOTICE)
        requests["noticed"].append((noticed.pk, village))
        rejected = intake(
            window,
            item,
            village,
            decision=IntakeDecision.REJECT,
            rejection_reason="不属于本镇户籍",
            rejection_basis="《社会救助暂行办法》第九条",
        )
        requests["rejected"].append((rejected.pk, village))
        dispute = dispute_register(
            actor=leader,
            title=f"{village.name}排水纠纷",
            summary="雨水排放争执",
            place=village,
            category=category,
            risk_level="general",
            source="visit",
            responsible=township.township_cadre,
            parties=[Party("王某某", "13985011111"), Party("李某某", "13985012222")],
        )
        disputes.append((dispute.pk, village))
        meeting = meeting_create(
            actor=leader,
            kind=MeetingKind.VILLAGE_COMMITTEES,
            unit=village,
            title=f"{village.name}村两委会",
            held_on=timezone.localdate(),
            attendees=[township.town_leader, township.village_cadre, township.township_cadre],
        )
        meetings.append((meeting.pk, village))
    # Supervised by the party secretary; the village ones are done by the window clerk, so the village's
    # cadres are neither owner nor supervisor: only the role decides.
    tasks = [
        (
            task_create(
                actor=leader,
                title="镇江片区灌溉渠修复",
                owner_unit=township.zhenjiang_district,
                owner=township.district_committee,
                limit_workdays=10,
            ).pk,
            township.zhenjiang_district,
        ),
        (
            task_create(
                actor=leader,
                title="葛铺村饮水管网维修",
                owner_unit=township.gepu,
                owner=township.window_staff,
                limit_workdays=10,
            ).pk,
            township.gepu,
        ),
        (
            task_create(
                actor=leader,
                title="镇江村通组公路养护",
                owner_unit=township.zhenjiang,
                owner=township.window_staff,
                limit_workdays=10,
            ).pk,
            township.zhenjiang,
        ),
    ]
    tracking_code = requests["accepted"][0][0]
    from xiangzhen.services.models import ServiceRequest

    candidates: dict[str, list[tuple[object, Unit | None]]] = {
        "request_id": requests["accepted"],
        "number": [(1, None)],
        "tracking_code": [(ServiceRequest.objects.get(pk=tracking_code).tracking_code, None)],
        "code": [(item.code, None)],
        "output": [("json", None)],  # Open311: every endpoint also answers .xml
        "unit_id": [
            (township.zhenjiang_district.pk, township.zhenjiang_district),
            (township.zhenjiang.pk, township.zhenjiang),
            (township.gepu.pk, township.gepu),
        ],
        "dispute_id": disputes,
        "meeting_id": meetings,
        "task_id": tasks,
        "attachment_id": attachments,
        "day": [(timezone.localdate().isoformat(), None)],
    }
    for parameter, options in app_worlds.build_all(township).items():
        candidates.setdefault(parameter, []).extend(options)
    return World(
        candidates=candidates,
        per_route={
            "services:notice_print": {"request_id": requests["noticed"]},
            "services:rejection_print": {"request_id": requests["rejected"]},
        },
        item_code=item.code,
    )


def persona_user(township: Township, persona: str):
    if persona == "anonymous":
        return AnonymousUser()
    if persona == "administrator":
        return UserFactory(username="root", is_superuser=True, is_staff=True)
    return getattr(township, persona).user


def pick(options: list[tuple[object, Unit | None]], user, visible: set[int]) -> object:
    """The first object inside the user's jurisdiction (any object for public routes and anonymous users)."""
    for value, unit in options:
        if unit is None or not user.is_authenticated or unit.pk in visible:
            return value
    return options[0][0]


def expected_allowed(user, access: str | Action) -> bool:
    if access == PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if access == SIGNED_IN:
        return True
    if access == STAFF:
        return bool(user.is_staff)
    return user_may(user, Action(access))


def check_page(client: Client, user, name: str, url: str, access, post: bool) -> str | None:
    response = client.post(url) if post else client.get(url)
    status = response.status_code
    location = response.get("Location", "") if status in {301, 302} else ""
    allowed = expected_allowed(user, access)
    if status == 500:
        return f"{name} {url}: 500"
    if allowed:
        if status in {403, 404} or "/login/" in location:
            return f"{name} {url}: expected allowed ({access}), got {status} {location}".strip()
        return None
    if not user.is_authenticated or access == STAFF:
        if "/login/" not in location:
            return f"{name} {url}: expected a redirect to the login page, got {status} {location}".strip()
        return None
    if status != 403:
        return f"{name} {url}: expected 403 ({access}), got {status} {location}".strip()
    return None


def api_body(method: str, path: str, persona: str, chosen: dict[str, object], world: World, township) -> dict:
    if (method, path) == ("POST", "/api/v1/units"):
        parent = township.gepu if persona == "village_cadre" else township.zhenjiang
        return {"name": f"矩阵组{persona}", "level": "group", "parent_id": parent.pk}
    if (method, path) == ("PUT", "/api/v1/units/{unit_id}"):
        unit = Unit.objects.get(pk=chosen["unit_id"])
        return {"name": unit.name, "division_code": unit.division_code, "version": unit.version}
    if (method, path) == ("POST", "/api/v1/services/requests"):
        unit = township.gepu if persona == "village_cadre" else township.zhenjiang
        return {
            "item_code": world.item_code,
            "unit_id": unit.pk,
            "applicant_name": APPLICANT.name,
            "applicant_phone": APPLICANT.phone,
            "applicant_id_number": resident_id(),
            "decision": "reject",
            "rejection_reason": "角色矩阵",
            "rejection_basis": "角色矩阵",
        }
    if (method, path) == ("POST", "/api/v1/tasks/{task_id}/verify"):
        return {"approved": True}
    contributed = app_worlds.api_body(method, path, persona, chosen, township)
    if contributed is not None:
        return contributed
    if (method, path) == ("POST", "/api/v1/disputes"):
        place = township.gepu if persona == "village_cadre" else township.zhenjiang
        responsible = getattr(township, persona, township.township_cadre)
        return {
            "title": "角色矩阵纠纷",
            "summary": "角色矩阵",
            "place_id": place.pk,
            "category": "邻里",
            "source": "visit",
            "responsible_id": responsible.pk,
            "parties": [{"name": "王某某", "phone": "13985011111"}],
        }
    return {}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_answers_each_role_as_the_permission_table_says(township, persona):
    world = build_world(township)
    user = persona_user(township, persona)
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    visible = set(visible_units(user).values_list("pk", flat=True))
    failures: list[str] = []
    for name, _route, parameters, view in walked_pages():
        access = page_access(name, view)
        if access is None:
            continue  # reported by test_every_route_is_classified
        options = {**world.candidates, **world.per_route.get(name, {})}
        kwargs = {}
        for parameter in parameters:
            if parameter == "action":
                kwargs[parameter] = POSTED_ACTIONS[name]
            elif parameter in options:
                kwargs[parameter] = pick(options[parameter], user, visible)
            else:
                failures.append(f"{name}: no test object for <{parameter}>; add one to build_world")
        if len(kwargs) != len(parameters):
            continue
        url = reverse(name, kwargs=kwargs)
        if name in ROUTE_QUERIES:
            values = {key: pick(choices, user, visible) for key, choices in world.candidates.items()}
            url += "?" + ROUTE_QUERIES[name].format(**values)
        failure = check_page(client, user, name, url, access, post="action" in parameters)
        if failure:
            failures.append(failure)
    for method, path in api_operations():
        access = API_ACCESS.get((method, path))
        if access is None:
            continue
        chosen = {
            parameter: pick(world.candidates[parameter], user, visible)
            for parameter in re.findall(r"{(\w+)}", path)
        }
        url = path.format(**chosen)
        body = api_body(method, path, persona, chosen, world, township)
        response = client.generic(method, url, data=json.dumps(body), content_type="application/json")
        status = response.status_code
        if status == 500:
            failures.append(f"API {method} {url}: 500")
        elif not user.is_authenticated:
            if status != 401:
                failures.append(f"API {method} {url}: expected 401 for anonymous, got {status}")
        elif expected_allowed(user, access):
            if status in {403, 404}:
                failures.append(
                    f"API {method} {url}: expected allowed ({access}), got {status} {response.content!r}"
                )
        elif status not in {403, 404}:
            failures.append(f"API {method} {url}: expected 403/404 ({access}), got {status}")
    assert not failures, f"{persona}:\n" + "\n".join(failures)


def test_the_matrix_can_fail(township):
    """A role whose page would not match the table is reported: the matrix is not vacuous."""
    client = Client()
    client.force_login(township.village_cadre.user)
    assert check_page(client, township.village_cadre.user, "org:import", "/org/import/", SIGNED_IN, False)
    assert check_page(client, township.town_leader.user, "audit", "/audit/", Action.BROWSE_AUDIT, False)
    assert not check_page(
        client, township.village_cadre.user, "org:import", "/org/import/", Action.IMPORT_ORG, False
    )
