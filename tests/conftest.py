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


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings, tmp_path_factory):
    # Uploaded attachments of a test never land in the developer's var/media.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture
def township(db) -> Township:
    return build_township()
