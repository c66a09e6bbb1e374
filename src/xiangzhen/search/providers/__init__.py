"""One module per domain; `PROVIDERS` is the order the results page shows their groups in."""

from xiangzhen.search.providers import assistance, collective, disputes, party, services
from xiangzhen.search.registry import Provider

PROVIDERS: list[Provider] = [
    services.PROVIDER,
    disputes.PROVIDER,
    assistance.PROVIDER,
    party.PROVIDER,
    collective.PROVIDER,
]
