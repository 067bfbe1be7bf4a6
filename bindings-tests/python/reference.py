"""An independent implementation of Meta's endpoint crypto on the `cryptography` package,
written the way peers (pywa, Meta's examples) do it. The tests use it as an oracle in both
directions, and benches/python uses it as the baseline."""

from __future__ import annotations

import base64
import json
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def load_private_key(pem: bytes, password: bytes | None = None):
    return serialization.load_pem_private_key(pem, password=password)


def decrypt_request(private_key, body: dict) -> tuple[dict, bytes, bytes]:
    """Server side: returns (payload, aes_key, iv)."""
    flow_data = base64.b64decode(body["encrypted_flow_data"])
    aes_key = private_key.decrypt(base64.b64decode(body["encrypted_aes_key"]), OAEP)
    iv = base64.b64decode(body["initial_vector"])
    plaintext = AESGCM(aes_key).decrypt(iv, flow_data, None)
    return json.loads(plaintext), aes_key, iv


def encrypt_response(response: dict, aes_key: bytes, iv: bytes) -> str:
    flipped = bytes(b ^ 0xFF for b in iv)
    data = json.dumps(response).encode()
    return base64.b64encode(AESGCM(aes_key).encrypt(flipped, data, None)).decode()


def encrypt_request(public_pem: bytes, payload: bytes, aes_key: bytes | None = None, iv: bytes | None = None):
    """Phone side: returns (body dict, aes_key, iv)."""
    public_key = serialization.load_pem_public_key(public_pem)
    aes_key = aes_key or os.urandom(16)
    iv = iv or os.urandom(16)
    body = {
        "encrypted_flow_data": base64.b64encode(AESGCM(aes_key).encrypt(iv, payload, None)).decode(),
        "encrypted_aes_key": base64.b64encode(public_key.encrypt(aes_key, OAEP)).decode(),
        "initial_vector": base64.b64encode(iv).decode(),
    }
    return body, aes_key, iv


def decrypt_response(text: str, aes_key: bytes, iv: bytes) -> bytes:
    flipped = bytes(b ^ 0xFF for b in iv)
    return AESGCM(aes_key).decrypt(flipped, base64.b64decode(text), None)
