"""Schemathesis over the whole contract against a live ``sekha serve``: zero failures allowed.

Driven through hypothesis directly (one parametrized test per operation and generation mode)
rather than schemathesis's pytest plugin, which reaches into pytest internals that change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.live import ServerProcess

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "sekha.yaml"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The contract declares timestamps as `date-time` but, like the real controller, they carry no offset
# (`2026-01-16T21:09:09.123456`), which strict RFC 3339 validation rejects. Formats are therefore not
# validated here; the route tests check the timestamp and UUID formats of every body explicitly.
CONFIG = {"checks": {"response_schema_conformance": {"validate-formats": False}}}
SCHEMA = schemathesis.openapi.from_path(SPEC, config=schemathesis.Config.from_dict(CONFIG))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
# Invalid data needs something to make invalid: routes without parameters or a body get positive only.
RUNS = [
    pytest.param(op, mode, id=f"{op.method.upper()} {op.path} {mode.value}")
    for op in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or any((op.body, op.query, op.path_parameters, op.headers))
]


def test_every_operation_of_the_contract_is_exercised() -> None:
    real = [op for op in OPERATIONS if "x-sekha-extension" not in op.definition.raw]
    assert len(real) == 26  # and the extensions the local controller serves beside them
    assert len(OPERATIONS) > len(real)


@pytest.mark.slow
@pytest.mark.parametrize(("operation", "mode"), RUNS)
def test_every_operation_conforms(
    operation: object, mode: GenerationMode, sekha_server: ServerProcess
) -> None:
    headers = {"Authorization": f"Bearer {sekha_server.api_key}"}

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data())
    def conforms(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy(generation_mode=mode))  # type: ignore[attr-defined]
        response = case.call(base_url=sekha_server.base_url, headers=headers)
        case.validate_response(response, checks=CHECKS)

    conforms()
