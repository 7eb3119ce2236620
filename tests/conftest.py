import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from core.auth import session_create
from tests.factories import EmployeeFactory, NormalUserFactory, SarafFactory


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OUTBOX_DIR = tmp_path / "outbox"
    # Email goes through the file outbox too, so otp.testing.last_code reads it.
    settings.EMAIL_BACKEND = "otp.backends.OutboxEmailBackend"
    settings.TWILIO_ACCOUNT_SID = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need real row locks: skipped on SQLite, with why."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (row locks, concurrency); set DATABASE_URL to run it"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def authenticated(**identity):
    client = APIClient()
    tokens = session_create(**identity)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    client.tokens = tokens
    return client


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def saraf(db):
    return SarafFactory()


@pytest.fixture
def other_saraf(db):
    return SarafFactory()


@pytest.fixture
def owner_client(saraf):
    return authenticated(saraf=saraf)


@pytest.fixture
def other_owner_client(other_saraf):
    return authenticated(saraf=other_saraf)


@pytest.fixture
def make_employee(saraf):
    """An employee of `saraf` holding exactly the given flags."""

    def make(*flags, **kwargs):
        return EmployeeFactory(
            saraf=kwargs.pop("saraf", saraf), **{f: True for f in flags}, **kwargs
        )

    return make


@pytest.fixture
def employee_client(make_employee):
    """A client logged in as an employee of `saraf` with exactly the given flags."""

    def make(*flags):
        return authenticated(employee=make_employee(*flags))

    return make


@pytest.fixture
def normal_user(db):
    return NormalUserFactory()


@pytest.fixture
def normal_user_client(normal_user):
    return authenticated(normal_user=normal_user)


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"
