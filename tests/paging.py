"""Walking a paginated list page by page, as a person following 下一页 would."""

import html
import re
from dataclasses import dataclass

from django.test import Client

_NEXT = re.compile(r'<a href="([^"]*)" class="pager-next"')


@dataclass
class Walk:
    pages: list[list[str]]  # per page, the body rows of the table (their HTML)
    links: list[str]  # the 下一页 links followed

    @property
    def rows(self) -> list[str]:
        return [row for page in self.pages for row in page]


def table_rows(content: str, table_id: str) -> list[str]:
    """The body rows of `<table id=table_id>`, without the "nothing here" row."""
    opening = re.search(rf'<table[^>]* id="{table_id}"', content)
    assert opening is not None, f"no table {table_id}"
    table = content[opening.end() :].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = re.findall(r"<tr[ >].*?</tr>", body, re.S)
    return [row for row in rows if "colspan" not in row]


def walk(
    client: Client, url: str, table_id: str, query: dict[str, str] | None = None, limit: int = 20
) -> Walk:
    response = client.get(url, query or {})
    assert response.status_code == 200, response.status_code
    found = Walk(pages=[], links=[])
    while True:
        content = response.content.decode()
        found.pages.append(table_rows(content, table_id))
        link = _NEXT.search(content)
        if link is None or len(found.pages) >= limit:
            return found
        target = html.unescape(link.group(1))
        found.links.append(target)
        response = client.get(url + target)
        assert response.status_code == 200, response.status_code


def assert_pages_cover(found: Walk, expected: int, *, size: int = 50) -> None:
    """Full pages of `size` then the rest, every row once."""
    counts = [len(page) for page in found.pages]
    assert counts[:-1] == [size] * (len(counts) - 1) and 0 < counts[-1] <= size, counts
    assert sum(counts) == expected, counts
    assert len(set(found.rows)) == expected, "a row shown twice"
