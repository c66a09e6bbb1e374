import pytest

from tests.factories import Township, build_township


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Pages render {% static %}; the hashed manifest exists only after `collectstatic` in a deployment.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is deliberately slow; every persona logs in, so tests use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def township(db) -> Township:
    return build_township()
