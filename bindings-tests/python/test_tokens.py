"""waflows.tokens: issue/verify, rotation, expiry, flow_token_signature."""

from __future__ import annotations

import pytest

import waflows
from waflows import tokens

SECRET = b"python-test-secret-0123"
NOW = 1_764_000_000


def test_issue_and_verify():
    t = tokens.issue(SECRET, identity="919876543210", flow_id="1234567890", expires_at=NOW + 60, campaign_id="c1")
    assert len(t) < 200 and t.isascii()
    c = tokens.verify(t, [SECRET], now=NOW)
    assert (c.identity, c.flow_id, c.campaign_id, c.expires_at) == ("919876543210", "1234567890", "c1", NOW + 60)
    assert tokens.verify(t, SECRET.decode(), now=NOW).identity == "919876543210"


def test_rotation():
    old, new = b"old-secret-0123456789", b"new-secret-0123456789"
    t = tokens.issue(old, identity="u", flow_id="f", expires_at=NOW + 60)
    assert tokens.verify(t, [new, old], now=NOW).key_id
    with pytest.raises(waflows.InvalidFlowToken):
        tokens.verify(t, [new], now=NOW)


def test_rejections_are_427():
    t = tokens.issue(SECRET, identity="u", flow_id="f", expires_at=NOW)
    with pytest.raises(waflows.FlowTokenExpired) as e:
        tokens.verify(t, [SECRET], now=NOW)
    assert e.value.http_status == 427 and isinstance(e.value, waflows.InvalidFlowToken)
    for bad in ("", "garbage", t[:-2] + "AA", "1_2388541_2388541_1655455488_4393817507571773_1761636502"):
        with pytest.raises(waflows.InvalidFlowToken) as e:
            tokens.verify(bad, [SECRET], now=NOW - 10)
        assert e.value.http_status == 427


def test_bad_arguments():
    with pytest.raises(waflows.InvalidArgument):
        tokens.issue(b"short", identity="u", flow_id="f", expires_at=1)
    with pytest.raises(waflows.InvalidArgument):
        tokens.issue(SECRET, identity="u", flow_id="f|g", expires_at=1)
    with pytest.raises(waflows.InvalidArgument):
        tokens.issue(SECRET, identity="9" * 128, flow_id="f" * 60, campaign_id="c" * 60, expires_at=1)


def test_flow_token_signature():
    jwt = tokens.sign_flow_token_signature({"flow_token": "T", "exp": NOW + 60}, b"app")
    assert tokens.verify_flow_token_signature(jwt, "T", [b"app"], now=NOW) is None
    with pytest.raises(waflows.FlowTokenSignatureInvalid) as e:
        tokens.verify_flow_token_signature(jwt, "other", b"app", now=NOW)
    assert e.value.http_status == 427
