"""In Chromium at 390×844: every page of every role fits a phone, and the menu folds behind a button.

The pages are not listed by hand: they come from the URL resolver, with real objects of the test township
filled into the routes' parameters, so a page added later is opened here without editing this file.
"""

import itertools
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests import app_worlds
from tests.factories import PASSWORD, Township, build_township
from tests.services.factories import REQUIRED, intake, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HEADER_LIMIT = 120
# A temp dir, not the repository: the shots are for a person to look at, and there are a few hundred.
SCREENSHOTS = Path(os.environ.get("XIANGZHEN_PHONE_SHOTS", Path(tempfile.gettempdir()) / "xiangzhen-phone"))
# Not pages of this site's layout: Django's own admin, the JSON APIs and machine endpoints.
SKIPPED_NAMESPACES = {"admin", "api", "open311"}
SKIPPED_NAMES = {"logout", "set_language"}
# Routes with an <action> take a POSTed form and answer GET with 405; their forms sit on the detail pages.
POSTED_PARAMETERS = {"action"}
PERSONAS = ["admin", "ducha", "shuji", "chuangkou", "pianqu", "baocun", "cunganbu"]
LONG_TITLE = "镇江村三组至葛铺村五组通组公路硬化工程涉及的土地调整与青苗补偿协调" * 2


def routes() -> Iterator[tuple[str, str, list[str]]]:
    """(name, route, parameter names) of every named page, walking nested includes."""

    def walk(patterns, prefix: str, namespace: str) -> Iterator[tuple[str, str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                route = prefix + str(pattern.pattern)
                yield name, route, re.findall(r"<(?:\w+:)?(\w+)>", route)

    yield from walk(get_resolver().url_patterns, "", "")


def populate(township: Township) -> dict[str, list[object]]:
    """Objects in every state a page shows differently, and the values that address them."""
    from xiangzhen.clock.services import clock_sweep, digest_send
    from xiangzhen.disputes.models import DisputeCategory
    from xiangzhen.disputes.services import Party, dispute_register, mediation_record, petition_record
    from xiangzhen.services.services import IntakeDecision, service_request_add_note
    from xiangzhen.supervision.models import MeetingKind
    from xiangzhen.supervision.services import (
        decision_record,
        meeting_create,
        meeting_report_submit,
        task_create,
        task_progress_add,
    )

    window = township.window_staff.user
    leader = township.town_leader.user
    item = make_item()
    accepted = intake(window, item, township.zhenjiang)
    service_request_add_note(actor=window, request=accepted, note=LONG_TITLE)
    noticed = intake(window, item, township.zhenjiang, present=REQUIRED[:1], decision=IntakeDecision.NOTICE)
    rejected = intake(
        window,
        item,
        township.gepu,
        decision=IntakeDecision.REJECT,
        rejection_reason="申请人不属于本镇户籍",
        rejection_basis="《社会救助暂行办法》第九条",
    )
    category, _ = DisputeCategory.objects.get_or_create(name="邻里")
    dispute = dispute_register(
        actor=township.township_cadre.user,
        title=LONG_TITLE,
        summary="雨水排放争执" * 20,
        place=township.zhenjiang,
        category=category,
        risk_level="general",
        source="visit",
        responsible=township.township_cadre,
        parties=[Party("王某某", "13985011111"), Party("李某某", "13985012222")],
    )
    mediation_record(
        actor=township.township_cadre.user,
        dispute=dispute,
        held_on=timezone.localdate(),
        mediators="村调委会",
        actions="现场查看,背对背调解",
        result="success",
        agreement="各退一步,共同出资修建排水沟",
    )
    petition_record(
        actor=leader,
        petitioner="张某某",
        phone="13985013333",
        unit=township.zhenjiang,
        kind="visit",
        received_on=timezone.localdate(),
        receiver=township.town_leader,
        summary="反映通组公路占地补偿",
        dispute=dispute,
    )
    meeting = meeting_create(
        actor=leader,
        kind=MeetingKind.JOINT,
        unit=township.shengji,
        title="片区工委联席会议",
        held_on=timezone.localdate(),
        attendees=[township.town_leader, township.district_committee],
    )
    meeting_report_submit(
        actor=township.district_committee.user,
        meeting=meeting,
        unit=township.zhenjiang_district,
        recent_work="完成柑橘基地灌溉渠摸排",
        urgent_problems=LONG_TITLE,
    )
    decision = decision_record(actor=leader, meeting=meeting, text=LONG_TITLE)
    task = task_create(
        actor=leader,
        title=LONG_TITLE,
        owner_unit=township.zhenjiang_district,
        owner=township.district_committee,
        limit_workdays=10,
        decision=decision,
        detail="两周内修复灌溉渠",
    )
    task_progress_add(
        actor=township.district_committee.user,
        task=task,
        note="已完成 80%",
        # The download route (/attachments/<id>/) needs one; it answers a file, so no page is checked.
        attachment=SimpleUploadedFile("验收照片.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    # A month later the task is overdue: red rows in the lists, and a leader's digest naming it.
    clock_sweep(now=timezone.now() + timedelta(days=30))
    digest_send()
    known: dict[str, list[object]] = {
        "request_id": [accepted.pk, noticed.pk, rejected.pk],
        "number": [1],
        "tracking_code": [accepted.tracking_code],
        "code": [item.code],
        "unit_id": [township.shengji.pk, township.zhenjiang_district.pk, township.gepu.pk],
        "dispute_id": [dispute.pk],
        "meeting_id": [meeting.pk],
        "task_id": [task.pk],
        "day": [timezone.localdate().isoformat()],
    }
    for parameter, options in app_worlds.build_all(township).items():
        known.setdefault(parameter, []).extend(value for value, _unit in options)
    return known


def values_for(parameter: str, known: dict[str, list[object]]) -> list[object]:
    if parameter in known:
        return known[parameter]
    # A new page about a new noun: <attachment_id> finds a model named Attachment in any app.
    if parameter.endswith("_id"):
        wanted = parameter.removesuffix("_id").replace("_", "")
        for model in apps.get_models():
            if model._meta.model_name == wanted:
                return list(model._default_manager.values_list("pk", flat=True)[:2])
    return []


def pages_of(user, known: dict[str, list[object]]) -> tuple[list[str], list[str]]:
    """The HTML pages this user may open (status 200, a whole document), and the routes nobody could fill."""
    client = Client()
    if user is not None:
        client.force_login(user)
    urls, unfilled = [], []
    for name, route, parameters in routes():
        if name.split(":")[0] in SKIPPED_NAMESPACES or name in SKIPPED_NAMES:
            continue
        if POSTED_PARAMETERS & set(parameters):
            continue
        choices = [values_for(parameter, known) for parameter in parameters]
        if not all(choices):
            unfilled.append(f"{name} ({route})")
            continue
        for combination in itertools.product(*choices):
            url = reverse(name, kwargs=dict(zip(parameters, combination, strict=True)))
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            if b"<html" not in response.content:
                continue  # an htmx fragment, shown inside a page that is itself checked
            urls.append(url)
            if url.startswith("/disputes/") and name == "disputes:detail":
                urls.append(url + "?print=1")
            if name == "supervision:meeting_detail":
                urls.append(url + "?print=1")
    return urls, unfilled


WIDEST_ELEMENT = """() => {
  const limit = document.documentElement.clientWidth;
  let worst = null;
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit + 0.5) continue;
    // Ancestors come first in document order: ">=" keeps the innermost of equally wide offenders.
    if (!worst || box.right >= worst.right) worst = { element, right: box.right };
  }
  if (!worst) return "";
  const e = worst.element;
  const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  return `${name} reaches ${Math.round(worst.right)} px: ${(e.textContent || "").trim().slice(0, 60)}`;
}"""


def check_page(page, live_server, url: str, shot: str) -> str:
    """'' if the page fits the phone, else what is wrong and the widest element."""
    page.goto(live_server.url + url)
    page.wait_for_load_state("load")
    if page.locator(".chart").count():
        page.wait_for_function(
            "[...document.querySelectorAll('.chart')].every(c => c.querySelector('canvas'))"
        )
    width = page.evaluate("document.documentElement.scrollWidth")
    header = page.evaluate(
        "(() => { const h = document.querySelector('body > header'); "
        "return h ? h.getBoundingClientRect().height : 0; })()"
    )
    page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
    problems = []
    if width > PHONE["width"]:
        problems.append(f"scrollWidth {width} px, {page.evaluate(WIDEST_ELEMENT)}")
    if header >= HEADER_LIMIT:
        problems.append(f"header {header:.0f} px high")
    return f"{url}: {'; '.join(problems)}" if problems else ""


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def township_with_objects(django_user_model):
    township = build_township()
    django_user_model.objects.create_superuser("admin", password=PASSWORD)
    return township, populate(township)


def shot_name(persona: str, url: str) -> str:
    return persona + "-" + (re.sub(r"[^0-9A-Za-z]+", "-", url).strip("-") or "home")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_of_the_role_fits_a_phone(phone, live_server, township_with_objects, persona):
    from django.contrib.auth import get_user_model

    _, known = township_with_objects
    user = get_user_model().objects.get(username=persona)
    urls, unfilled = pages_of(user, known)
    assert not unfilled, f"teach populate() an object for these routes: {unfilled}"
    # Every role reaches at least its workbench, the queue, the tasks and the calendar.
    assert {"/", "/services/", "/supervision/tasks/", "/workdays/"} <= set(urls)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.context.clear_cookies()
    log_in(phone, live_server, persona)
    failures = [check_page(phone, live_server, url, shot_name(persona, url)) for url in urls]
    assert not [failure for failure in failures if failure], "\n".join(filter(None, failures))


def test_public_and_login_pages_fit_a_phone(phone, live_server, township_with_objects):
    _, known = township_with_objects
    urls, unfilled = pages_of(None, known)
    assert not unfilled
    assert {"/accounts/login/", "/public/items/", "/public/track/"} <= set(urls)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failures = [check_page(phone, live_server, url, shot_name("public", url)) for url in urls]
    assert not [failure for failure in failures if failure], "\n".join(filter(None, failures))


def test_the_menu_folds_behind_a_button_on_a_phone_and_lists_the_role_groups(
    phone, page, live_server, township_with_objects
):
    log_in(phone, live_server, "shuji")
    nav = phone.locator("header nav")
    menu_link = nav.get_by_role("link", name="督办事项")
    assert not menu_link.is_visible()
    assert phone.locator("header").bounding_box()["height"] < 60
    phone.get_by_text("菜单").click()
    assert phone.locator("#menu-toggle").get_attribute("aria-expanded") == "true"
    # Every group of the leader's work is listed open, under its heading, the home page first.
    assert nav.locator("summary").all_inner_texts() == [
        "便民服务",
        "基层治理",
        "一线与帮扶",
        "发展与三资",
        "党建与考核",
        "系统",
    ]
    assert nav.locator("a").first.inner_text() == "我的待办"
    assert menu_link.is_visible()
    for box in [link.bounding_box() for link in phone.locator("header .menu a").all()]:
        assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    account = phone.locator("header .account")
    assert account.get_by_role("link", name="修改密码").is_visible()
    assert account.get_by_role("link", name="接口令牌").is_visible()
    assert phone.get_by_role("button", name="退出").bounding_box()["height"] >= 44
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], phone.evaluate(
        WIDEST_ELEMENT
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "menu-open.png"), full_page=True)
    phone.keyboard.press("Escape")
    assert not menu_link.is_visible()
    phone.get_by_text("菜单").click()
    menu_link.click()
    phone.wait_for_url(f"{live_server.url}/supervision/tasks/")
    # The page's own group is marked, still open on the phone.
    phone.get_by_text("菜单").click()
    assert nav.get_by_role("link", name="督办事项").get_attribute("aria-current") == "page"

    # On a desktop the groups sit in one row of the bar, each opening its list; one open at a time.
    log_in(page, live_server, "shuji")
    assert not page.get_by_text("菜单").is_visible()
    assert page.locator("header").bounding_box()["height"] < 70
    bar = page.locator("header nav")
    assert not bar.get_by_role("link", name="督办事项").is_visible()
    bar.get_by_text("基层治理").click()
    assert bar.get_by_role("link", name="督办事项").is_visible()
    bar.get_by_text("系统").click()
    assert bar.get_by_role("link", name="审计日志").is_visible()
    # The other group closes on the "toggle" event, which the browser fires a moment after the click.
    expect(bar.get_by_role("link", name="督办事项")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(bar.get_by_role("link", name="审计日志")).to_be_hidden()
    page.locator("header .account summary").click()
    page.locator("header .account").get_by_role("link", name="接口令牌").click()
    page.wait_for_url(f"{live_server.url}/account/tokens/")


def test_the_menu_opens_without_javascript(browser, live_server, township_with_objects):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, java_script_enabled=False)
    phone = context.new_page()
    log_in(phone, live_server, "chuangkou")
    phone.get_by_text("菜单").click()
    phone.locator("header nav").get_by_text("便民服务").click()
    phone.locator("header nav").get_by_role("link", name="一窗受理").click()
    phone.wait_for_url(f"{live_server.url}/services/intake/")
    context.close()


def test_tables_become_labelled_cards_and_statistics_scroll_in_their_box(
    phone, live_server, township_with_objects
):
    log_in(phone, live_server, "shuji")
    phone.goto(f"{live_server.url}/services/")
    first_cell = phone.locator("#request-table tbody tr").first.locator("td").first
    assert first_cell.get_attribute("data-label") == "查询码"
    label = phone.evaluate(
        "getComputedStyle(document.querySelector('#request-table tbody td'), '::before').content"
    )
    assert label == '"查询码"'
    rows = [row.bounding_box() for row in phone.locator("#request-table tbody tr").all()]
    assert all(row["width"] <= PHONE["width"] for row in rows)
    assert rows[1]["y"] >= rows[0]["y"] + rows[0]["height"]  # one card under the other

    phone.goto(f"{live_server.url}/services/statistics/")
    table = phone.locator("#statistics-table")
    widths = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert widths[0] > widths[1], "the wide numeric table scrolls inside its own box"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The chart fits the screen, and follows the width when it changes.
    phone.wait_for_function("document.querySelector('#statistics-chart canvas') !== null")
    canvas_width = "document.querySelector('#statistics-chart canvas').getBoundingClientRect().width"
    assert phone.evaluate(canvas_width) <= PHONE["width"]
    phone.set_viewport_size({"width": 1000, "height": 844})
    phone.wait_for_function(f"{canvas_width} > 600")


def test_form_fields_are_sized_for_fingers(phone, live_server, township_with_objects):
    log_in(phone, live_server, "chuangkou")
    phone.goto(f"{live_server.url}/services/intake/")
    fields = phone.locator("main").locator(
        "input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, button"
    )
    assert fields.count() > 3
    for field in fields.all():
        if not field.is_visible():
            continue
        box = field.bounding_box()
        font_size = field.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert box["height"] >= 44 and font_size >= 16, field.evaluate("e => e.outerHTML.slice(0, 80)")


def test_printing_hides_the_bar(page, live_server, township_with_objects):
    log_in(page, live_server, "shuji")
    page.goto(f"{live_server.url}/services/")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert not page.locator("form.filters").is_visible()
    # Printed on paper the queue stays a table with its header row, even from a phone.
    assert page.locator("#request-table thead th").first.is_visible()


@pytest.mark.parametrize("width", [600, 768, 1024])
def test_tablet_widths_fit_too(browser, live_server, township_with_objects, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    tablet = context.new_page()
    log_in(tablet, live_server, "shuji")
    for url in ["/", "/services/", "/services/statistics/", "/audit/", "/disputes/", "/supervision/tasks/"]:
        tablet.goto(live_server.url + url)
        assert tablet.evaluate("document.documentElement.scrollWidth") <= width, (
            f"{url} at {width} px: {tablet.evaluate(WIDEST_ELEMENT)}"
        )
        assert tablet.locator("body > header").bounding_box()["height"] < HEADER_LIMIT
    context.close()
