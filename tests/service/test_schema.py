"""Requests made from the service's own OpenAPI document, valid and not: none makes it fail."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from tests.service.conftest import Served
from tests.service.test_access import RULES

# the stream never ends (its own tests read it); the OpenAPI document is not in itself
OPERATIONS = sorted(k for k, v in RULES.items() if v[0] not in ("stream", "public"))


@schemathesis.serializer("application/jsonl")
def jsonl(ctx: Any, value: Any) -> bytes:
    """An import body as drawn: its text, as given."""
    return value.encode() if isinstance(value, str) else orjson.dumps(value)


@pytest.fixture(scope="module")
def api_schema(served: Served) -> Any:
    return schemathesis.openapi.from_url(f"{served.url}/openapi.json")


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_request_makes_the_service_fail(
    api_schema: Any, served: Served, method: str, path: str, data: st.DataObject
) -> None:
    case = data.draw(api_schema[path][method].as_strategy())
    headers = {"Authorization": f"Bearer {served.tokens['eva']}"}
    case.call_and_validate(base_url=served.url, headers=headers, checks=[not_a_server_error])
