"""Nothing shown to a role leads to a 403 or a 404: every menu entry, and every link and GET form on the
pages the menu opens, fetched as that role; and no POSTed form is shown for a page whose declared action
the role lacks.

The crawl follows links from the menu pages and fetches each URL pattern once per role (the first link
found for it with the same query keys), so it stays bounded however many rows a list shows: every page
kind a role can reach is fetched once. It runs here over the role-matrix world (every route's objects,
built with factories) and in tests/demo over the demo township.
"""

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from tests.test_role_matrix import PERSONAS, build_world, persona_user
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.supervision.models import MeetingKind
from xiangzhen.supervision.services import meeting_create

# Not pages: signing out (POST only), switching language, the admin's own site, static files.
SKIPPED_PREFIXES = ("/accounts/logout/", "/i18n/", "/admin/", "/static/", "/media/")
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Links(HTMLParser):
    """The same-site targets a person can follow on a page: <a href> and GET forms' actions; and the
    menu's entries (inside <nav> or the account menu, marked data-menu)."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.targets: list[str] = []
        self.posted: list[str] = []
        self.menu: list[str] = []
        self._depth = 0
        self._menu_starts: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag not in VOID_ELEMENTS:
            self._depth += 1
            if "data-menu" in values:
                self._menu_starts.append(self._depth)
        if tag == "a" and values.get("href"):
            target = self._same_site(values["href"] or "")
            if target:
                self.targets.append(target)
                if self._menu_starts:
                    self.menu.append(target)
        elif tag == "form":
            target = self._same_site(values.get("action") or self.base)
            if target and (values.get("method") or "get").lower() == "get":
                self.targets.append(target)
            elif target:
                self.posted.append(target)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        if self._menu_starts and self._menu_starts[-1] == self._depth:
            self._menu_starts.pop()
        self._depth -= 1

    def _same_site(self, href: str) -> str | None:
        if href.startswith(("#", "mailto:", "tel:", "javascript:")):
            return None
        parts = urlsplit(urljoin("http://testserver" + self.base, href))
        if parts.netloc != "testserver" or parts.path.startswith(SKIPPED_PREFIXES):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")


def pattern_of(url: str) -> tuple[str, frozenset[str]] | None:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name, frozenset(key for key, _ in parse_qsl(parts.query, keep_blank_values=True))


def refused_form(user, url: str) -> bool:
    """A POSTed form whose page declares an action the user may not take (it would answer 403)."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    action = getattr(match.func, "required_action", None)
    return isinstance(action, Action) and not user_may(user, action)


def crawl(client: Client, user, depth: int = 3) -> Iterator[tuple[str, str, int]]:
    """(where the link was shown, the URL, its status) for the menu entries and `depth` levels of links
    below them, each URL pattern fetched once; a POSTed form the role may not send counts as a 403."""
    home = client.get("/")
    assert home.status_code == 200
    parsed = Links("/")
    parsed.feed(home.content.decode())
    assert parsed.menu, "the home page shows no menu"
    seen: set[object] = set()
    level = []
    for url in dict.fromkeys(parsed.menu):
        seen.add(pattern_of(url) or url)
        level.append(("菜单", url))
    for current in range(depth + 1):
        following = []
        for source, url in level:
            response = client.get(url)
            yield source, url, response.status_code
            if current == depth or response.status_code != 200:
                continue
            if "text/html" not in response.get("Content-Type", ""):
                continue
            links = Links(url)
            links.feed(response.content.decode())
            for target in links.posted:
                if refused_form(user, target):
                    yield url, f"POST {target}", 403
            for target in links.targets:
                key = pattern_of(target) or target
                if key not in seen:
                    seen.add(key)
                    following.append((url, target))
        level = following


def dead_links(user) -> list[str]:
    client = Client()
    client.force_login(user)
    return [
        f"{status} {url} (on {source})" for source, url, status in crawl(client, user) if status in {403, 404}
    ]


@pytest.mark.parametrize("persona", [persona for persona in PERSONAS if persona != "anonymous"])
def test_no_menu_entry_button_or_link_shown_to_a_role_answers_403_or_404(township, persona):
    build_world(township)
    leader = township.town_leader
    # The town's joint meeting, attended from a 片区 and a village outside the town's own jurisdiction.
    meeting_create(
        actor=leader.user,
        kind=MeetingKind.JOINT,
        unit=township.shengji,
        title="片区工委联席会议",
        held_on=timezone.localdate(),
        attendees=[leader, township.district_committee, township.village_cadre],
    )
    user = persona_user(township, persona)
    dead = dead_links(user)
    assert not dead, f"{persona}:\n" + "\n".join(dead)


def test_the_crawl_reports_a_link_the_role_may_not_open(township):
    """Not vacuous: a page showing a link to a page the role may not open is reported."""
    client = Client()
    user = township.village_cadre.user
    client.force_login(user)
    statuses = {url: status for _, url, status in crawl(client, user)}
    assert statuses and all(status == 200 for status in statuses.values())
    assert client.get("/org/import/").status_code == 403
    assert refused_form(user, "/org/import/") and not refused_form(township.town_leader.user, "/org/import/")
