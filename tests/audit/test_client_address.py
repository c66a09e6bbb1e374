import pytest

from xiangzhen.audit.models import AuditEvent

GARBAGE = ["garbage", "unknown", "," * 1000, "", " , ", "999.1.1.1", "1.2.3.4:8080", "'; DROP TABLE", "\x00"]


def rename_unit(client, township, name, **headers):
    client.force_login(township.town_leader.user)
    version = township.gepu.__class__.objects.get(pk=township.gepu.pk).version
    response = client.put(
        f"/api/v1/units/{township.gepu.pk}",
        {"name": name, "version": version},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    return AuditEvent.objects.filter(action="unit.update").latest("id")


def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, township, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    event = rename_unit(client, township, "葛铺社区", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert event.ip_address == "10.1.2.3"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (
            1,
            "6.6.6.6, 203.0.113.7",
            "203.0.113.7",
        ),  # the client forged the left entry; the proxy wrote the right
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "203.0.113.7", None),  # fewer hops than proxies: nothing to trust
    ],
)
def test_behind_trusted_proxies_the_address_is_counted_from_the_right(
    client, township, settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    event = rename_unit(client, township, "葛铺社区", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert event.ip_address == expected


@pytest.mark.parametrize("forwarded", GARBAGE)
@pytest.mark.parametrize("count", [1, 3])
def test_a_malformed_forwarded_header_never_breaks_an_audited_write(
    client, township, settings, count, forwarded
):
    settings.TRUSTED_PROXY_COUNT = count
    event = rename_unit(client, township, "葛铺社区", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert event.ip_address is None
    assert event.changes == {"name": ["葛铺村", "葛铺社区"]}


@pytest.mark.parametrize("remote", ["", "garbage", "unix:/run/gunicorn.sock"])
def test_a_socket_without_an_ip_address_stores_none(client, township, settings, remote):
    settings.TRUSTED_PROXY_COUNT = 0
    event = rename_unit(client, township, "葛铺社区", REMOTE_ADDR=remote)
    assert event.ip_address is None


def test_a_failed_login_with_a_garbage_header_is_still_recorded(client, township, settings):
    from xiangzhen.accounts.models import FailedLogin

    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        "/accounts/login/",
        {"username": "shuji", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="unknown, garbage",
    )
    assert FailedLogin.objects.filter(username="shuji").count() == 1
