import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.schema.world import seed


@pytest.fixture
def world(db):
    """Saraf A's world (tests/schema/world.py), served through the WSGI app.

    The WSGI handler would close the test's connection at the end of each
    request (and roll back its transaction); Django's test client does the same.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield seed()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
