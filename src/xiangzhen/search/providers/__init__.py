"""One module per domain; `PROVIDERS` is the order the results page shows their groups in.

When a domain's person moves to a shared register (a `people.Resident` the domain points to), its provider
changes in its `Columns` only: lookups through the foreign key (`applicant__name`, `resident__phone`) and
the name order (`applicant__name`, `pk`); the masked shown values come from wherever the masking lives.
A provider of the register itself (residents, households) is one more module here and one more line in
`PROVIDERS`, with its menu page; the search app's next migration indexes the register's columns.
"""

from xiangzhen.search.providers import assistance, collective, disputes, party, services
from xiangzhen.search.registry import Provider

PROVIDERS: list[Provider] = [
    services.PROVIDER,
    disputes.PROVIDER,
    assistance.PROVIDER,
    party.PROVIDER,
    collective.PROVIDER,
]
