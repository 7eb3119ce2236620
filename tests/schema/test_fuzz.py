"""schemathesis against the generated OpenAPI schema, through the WSGI app.

Every operation gets schemathesis's coverage cases (boundaries, missing and
wrongly typed fields) and SCHEMA_FUZZ_EXAMPLES generated requests, as saraf
A's owner with A's real objects in place (tests/schema/world.py); about half
of the requests use the id of a real object in each path parameter, so the
handlers are reached and not only their 404. A response must not be a 5xx,
its status code must be documented, and its body must match the schema.
"""

import os
import zlib

from hypothesis import HealthCheck, settings

from tests.schema import openapi

EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "5"))

schema = openapi.load()


def _use_real_ids(case, ids):
    for name, value in (case.path_parameters or {}).items():
        if name in ids and zlib.crc32(str(value).encode()) % 2 == 0:
            case.path_parameters[name] = ids[name]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case, world):
    _use_real_ids(case, world.ids)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {world.token}"}, checks=openapi.CHECKS
    )
