"""Schemathesis against the API's own OpenAPI schema: every operation, generated requests.

Requests are generated from the schema the site serves (valid ones, and invalid ones
that must be refused with a 4xx), sent to the WSGI application on a world of published
content and drafts, and every answer is checked against the schema: no server error,
a documented status, content type and body. Runs on SQLite and on PostgreSQL
(``DATABASE_URL=postgres://… pytest --create-db tests/opendata/test_api_schema.py``).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings

from tests.worlds import networks_world

EXAMPLES_PER_OPERATION = 25

# Schemathesis sends its requests to the host «localhost».
HOSTS = ["localhost"]

application = get_wsgi_application()
with override_settings(ALLOWED_HOSTS=HOSTS):
    # The schema as the site serves it, read once when the tests are collected.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def world(db, settings):
    """Published content of every kind with drafts beside it, once per operation."""
    settings.ALLOWED_HOSTS = HOSTS
    return networks_world(2)


@pytest.fixture
def connection_kept_open():
    """The WSGI handler closes the database connection after each request, which on
    PostgreSQL would end the test's transaction: Django's test client unhooks the same
    signal handler while it runs a request, and so does this test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case, world, connection_kept_open):
    # The WSGI transport would not unzip a gzipped answer (real clients do).
    response = case.call(headers={"Accept-Encoding": "identity"})

    assert response.status_code < 500, case.as_curl_command()
    case.validate_response(response)
