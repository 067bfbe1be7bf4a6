"""The exception tree and the error catalogue."""

from __future__ import annotations

import waflows
from waflows import errors


def test_catalogue_matches_exception_table():
    codes = waflows.error_codes()
    names = [c[0] for c in codes]
    assert len(names) == len(set(names))
    for name, number, status, description in codes:
        assert isinstance(number, int) and description
        assert name in errors._BY_CODE, f"{name} has no exception class"
        cls = errors._BY_CODE[name]
        exc = errors._from_code(name, "m")
        assert isinstance(exc, cls) and isinstance(exc, waflows.WaflowsError)
        assert exc.code == name
        assert exc.http_status == status or cls.http_status == status


def test_http_statuses():
    by_name = {c[0]: c[2] for c in waflows.error_codes()}
    assert by_name["malformed_request"] == 400
    assert by_name["decryption_failed"] == 421
    assert by_name["invalid_flow_token"] == 427
    assert by_name["invalid_signature"] == 432
    assert waflows.DecryptionError.http_status == 421
    assert issubclass(waflows.MalformedRequest, ValueError)
    assert not issubclass(waflows.DecryptionError, ValueError)
