"""The one search: every provider the viewer's role is offered, within the viewer's jurisdiction."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from xiangzhen.audit.services import audit_record
from xiangzhen.org.selectors import jurisdiction_remembered, jurisdiction_root_list
from xiangzhen.search.providers import PROVIDERS
from xiangzhen.search.query import SearchQuery, classify
from xiangzhen.search.registry import GROUP_LIMIT, Group, Provider, provider_search
from xiangzhen.validators import mask_resident_id
from xiangzhen.web.context_processors import page_offered


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def more(self) -> bool:
        return any(group.more for group in self.groups)


def providers_for(viewer: User | AnonymousUser) -> list[Provider]:
    """The domains whose list the menu offers the viewer: a window clerk finds requests, not party members."""
    return [provider for provider in PROVIDERS if page_offered(viewer, provider.page)]


def search_run(*, viewer: User | AnonymousUser, text: str | None, limit: int = GROUP_LIMIT) -> SearchResult:
    """Classify what was typed (a bad query raises ValidationFailed before anything is read), ask each
    offered provider, and audit a search by 身份证号 with the number masked and what it found."""
    query = classify(text)
    # A read: no transaction (SQLite's would take the write lock); the viewer's jurisdiction is read once
    # for all the providers. The audit row is one INSERT of its own.
    with jurisdiction_remembered():
        groups = [provider_search(provider, viewer, query, limit) for provider in providers_for(viewer)]
        # Filed under the searcher's own unit, so the leaders of that unit read it in their audit log.
        roots = jurisdiction_root_list(viewer) if query.is_sensitive else []
    if query.is_sensitive:
        audit_record(
            actor=viewer,
            action="search.resident_id",
            target=None,
            unit=min(roots, key=lambda root: root.path) if roots else None,
            object_type="search.query",
            object_repr=f"按身份证号查询 {mask_resident_id(query.value)}",
            changes={group.key: [None, group.count] for group in groups},
        )
    return SearchResult(query, groups)
