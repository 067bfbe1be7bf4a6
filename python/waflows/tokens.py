"""Signed flow tokens: the user's identity travels in the ``flow_token``.

    token = waflows.tokens.issue(secret, identity="919876543210", flow_id="1234",
                                 expires_at=now + 7 * 86400, campaign_id="spring")
    claims = waflows.tokens.verify(token, [new_secret, old_secret], now=now)
    claims.identity, claims.flow_id, claims.campaign_id, claims.expires_at

``verify`` raises :class:`waflows.InvalidFlowToken` (HTTP 427) — the subclass
:class:`waflows.FlowTokenExpired` when the token expired. Time is always passed in.
"""

from __future__ import annotations

from ._waflows import (
    FlowTokenClaims,
    sign_flow_token_signature,
    tokens_issue as issue,
    tokens_verify as verify,
    verify_flow_token_signature,
)

__all__ = [
    "FlowTokenClaims",
    "issue",
    "sign_flow_token_signature",
    "verify",
    "verify_flow_token_signature",
]
