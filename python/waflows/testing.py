"""The phone's side of the endpoint contract, for testing an endpoint.

    phone = waflows.testing.encrypt_request(public_key_pem, {"action": "ping", "version": "3.0"})
    status, text = post(url, phone.body)
    answer = phone.decrypt_response(text)      # {"data": {"status": "active"}}
"""

from __future__ import annotations

from ._waflows import EncryptedRequest, encrypt_request

__all__ = ["EncryptedRequest", "encrypt_request"]
