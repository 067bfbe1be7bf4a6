"""Media decryption (PhotoPicker / DocumentPicker): the pywa KAT, a cross-check against an
independent encryptor (`cryptography`), every failure's typed error, media extraction from
requests and completions, and the httpx download helpers against a local server."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import http.server
import json
import os
import threading
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given, settings
from hypothesis import strategies as st

import waflows
from waflows import media
from conftest import fixture_bytes, fixture_json

KAT = fixture_json("vectors/pywa_media_upload_decrypt_kat.json")
KAT_FILE = base64.b64decode(KAT["cdn_file_base64"])
KAT_PLAIN = base64.b64decode(KAT["expected_plaintext_base64"])
KAT_META = KAT["encryption_metadata"]


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def wa_encrypt(plain: bytes, key: bytes, hmac_key: bytes, iv: bytes) -> tuple[bytes, dict[str, str]]:
    """WhatsApp's media encryption, written with `cryptography` (independent of waflows)."""
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    ct = enc.update(padded) + enc.finalize()
    tag = hmac.new(hmac_key, iv + ct, hashlib.sha256).digest()[:10]
    blob = ct + tag
    meta = {
        "encryption_key": b64(key),
        "hmac_key": b64(hmac_key),
        "iv": b64(iv),
        "plaintext_hash": b64(hashlib.sha256(plain).digest()),
        "encrypted_hash": b64(hashlib.sha256(blob).digest()),
    }
    return blob, meta


def test_kat_byte_exact() -> None:
    assert waflows.media.decrypt_media(KAT_FILE, KAT_META) == KAT_PLAIN
    # Metadata as JSON text or bytes, file as bytearray / memoryview.
    assert media.decrypt_media(bytearray(KAT_FILE), json.dumps(KAT_META)) == KAT_PLAIN
    assert media.decrypt_media(memoryview(KAT_FILE), json.dumps(KAT_META).encode()) == KAT_PLAIN
    # The raw fixture files the C test uses are the same vector.
    assert fixture_bytes("media/kat.enc") == KAT_FILE
    assert fixture_bytes("media/kat.jpg") == KAT_PLAIN


@settings(max_examples=60, deadline=None)
@given(
    plain=st.binary(max_size=2000),
    key=st.binary(min_size=32, max_size=32),
    hk=st.binary(min_size=32, max_size=32),
    iv=st.binary(min_size=16, max_size=16),
)
def test_cross_check_with_cryptography(plain: bytes, key: bytes, hk: bytes, iv: bytes) -> None:
    blob, meta = wa_encrypt(plain, key, hk, iv)
    assert media.decrypt_media(blob, meta) == plain


@settings(max_examples=60, deadline=None)
@given(data=st.data(), plain=st.binary(min_size=1, max_size=500))
def test_any_tampering_is_a_typed_error(data: st.DataObject, plain: bytes) -> None:
    blob, meta = wa_encrypt(plain, os.urandom(32), os.urandom(32), os.urandom(16))
    i = data.draw(st.integers(0, len(blob) - 1))
    bad = bytearray(blob)
    bad[i] ^= data.draw(st.integers(1, 255))
    with pytest.raises(waflows.MediaError) as e:
        media.decrypt_media(bytes(bad), meta)
    assert e.value.code == "media_encrypted_hash_mismatch"
    # Same tampering with the outer hash recomputed: the HMAC catches it.
    meta2 = dict(meta, encrypted_hash=b64(hashlib.sha256(bad).digest()))
    with pytest.raises(waflows.MediaError) as e:
        media.decrypt_media(bytes(bad), meta2)
    assert e.value.code == "media_hmac_mismatch"
    # Any truncation.
    n = data.draw(st.integers(0, len(blob) - 1))
    with pytest.raises(waflows.MediaError):
        media.decrypt_media(blob[:n], meta)


def _code(blob: bytes, meta: object) -> str:
    with pytest.raises(waflows.MediaError) as e:
        media.decrypt_media(blob, meta)  # type: ignore[arg-type]
    assert isinstance(e.value, waflows.WaflowsError)
    return e.value.code


def test_each_check_has_its_code() -> None:
    assert _code(KAT_FILE[:-1], KAT_META) == "media_truncated"
    assert _code(b"", KAT_META) == "media_truncated"
    assert _code(KAT_FILE + b"x", KAT_META) == "media_truncated"
    assert _code(KAT_FILE[:-1] + bytes([KAT_FILE[-1] ^ 1]), KAT_META) == "media_encrypted_hash_mismatch"
    assert _code(KAT_FILE, dict(KAT_META, plaintext_hash=b64(bytes(32)))) == "media_plaintext_hash_mismatch"
    assert _code(KAT_FILE, dict(KAT_META, hmac_key=b64(bytes(32)))) == "media_hmac_mismatch"

    # Valid HMAC over a block that decrypts to bad padding: built with cryptography, no padding.
    key, hk, iv = os.urandom(32), os.urandom(32), os.urandom(16)
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    ct = enc.update(bytes(16)) + enc.finalize()  # plaintext block ends in 0x00: invalid PKCS#7
    blob = ct + hmac.new(hk, iv + ct, hashlib.sha256).digest()[:10]
    meta = {"encryption_key": b64(key), "hmac_key": b64(hk), "iv": b64(iv),
            "plaintext_hash": b64(bytes(32)), "encrypted_hash": b64(hashlib.sha256(blob).digest())}
    assert _code(blob, meta) == "media_padding_invalid"


def test_oversized_file() -> None:
    big = bytes(media.MEDIA_MAX_CDN_FILE_BYTES + 1)
    assert _code(big, KAT_META) == "media_too_large"


@pytest.mark.parametrize(
    "edit,needle",
    [
        ({"iv": b64(bytes(12))}, "iv must decode to 16 bytes, got 12"),
        ({"encryption_key": "%%%"}, "encryption_key is not standard base64"),
        ({"hmac_key": b64(bytes(31))}, "hmac_key must decode to 32 bytes"),
        ({"extra": "x"}, "unknown field"),
        ({"iv": 5}, "invalid type"),
    ],
)
def test_bad_metadata(edit: dict[str, object], needle: str) -> None:
    with pytest.raises(waflows.MediaError) as e:
        media.decrypt_media(KAT_FILE, {**KAT_META, **edit})
    assert e.value.code == "media_metadata_invalid"
    assert needle in str(e.value)


@pytest.mark.parametrize("meta", [None, 5, "not json", b"[1]", {"encryption_key": "x"}, []])
def test_metadata_of_wrong_type(meta: object) -> None:
    assert _code(KAT_FILE, meta) == "media_metadata_invalid"


def test_metadata_json_cannot_carry_is_invalid_argument() -> None:
    # A dict that is not JSON (a non-string key) is refused by the strict converter, with the
    # path, like every other dict argument of the API.
    with pytest.raises(waflows.InvalidArgument) as e:
        media.decrypt_media(KAT_FILE, {1: 2})  # type: ignore[dict-item]
    assert "encryption_metadata" in str(e.value)


def test_file_of_wrong_type() -> None:
    with pytest.raises(waflows.InvalidArgument):
        media.decrypt_media(None, KAT_META)  # type: ignore[arg-type]


def _media_obj(mid: str) -> dict[str, object]:
    return {"file_name": f"{mid}.jpg", "media_id": mid, "cdn_url": f"https://cdn.example/{mid}",
            "encryption_metadata": KAT_META}


def test_uploads_from_request_and_completion() -> None:
    payload = {"version": "3.0", "action": "data_exchange", "screen": "S", "flow_token": "t",
               "data": {"photos": [_media_obj("a"), _media_obj("b")], "docs": [_media_obj("c")], "name": "x"}}
    ups = media.media_uploads(payload)
    assert [(u.pointer, u.media_id, u.file_name) for u in ups] == [
        ("/data/photos/0", "a", "a.jpg"), ("/data/photos/1", "b", "b.jpg"), ("/data/docs/0", "c", "c.jpg")]
    assert ups[0].cdn_url == "https://cdn.example/a"
    assert ups[0].encryption_metadata == KAT_META
    assert ups[0].decrypt(KAT_FILE) == KAT_PLAIN
    assert ups[0].to_dict() == {"pointer": "/data/photos/0", **_media_obj("a")}
    assert "MediaUpload(" in repr(ups[0])
    # A completion webhook's response_json (a JSON string).
    rj = json.dumps({"flow_token": "t", "photo": [_media_obj("z")]})
    (u,) = media.media_uploads(rj)
    assert (u.pointer, u.media_id) == ("/photo/0", "z")
    assert media.media_uploads({"a": 1}) == []


@pytest.mark.parametrize(
    "doc,code",
    [
        ({"p": [{"media_id": "a", "cdn_url": "u"}]}, "media_reference_invalid"),
        ({"p": [dict(_media_obj("a"), size=3)]}, "media_reference_invalid"),
        ({"p": [dict(_media_obj("a"), encryption_metadata={**KAT_META, "iv": "AA=="})]}, "media_metadata_invalid"),
        ("[1]", "invalid_payload"),
        ("{", "invalid_payload"),
        (7, "invalid_payload"),
    ],
)
def test_bad_uploads(doc: object, code: str) -> None:
    with pytest.raises(waflows.WaflowsError) as e:
        media.media_uploads(doc)  # type: ignore[arg-type]
    assert e.value.code == code


# --- download helpers against a local server ---------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/kat":
            body, status = KAT_FILE, 200
        elif self.path == "/tampered":
            body, status = KAT_FILE[:-1] + b"\x00", 200
        else:
            body, status = b"gone", 404
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def cdn() -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()


def _upload(base: str, path: str) -> waflows.media.MediaUpload:
    obj = dict(_media_obj("m"), cdn_url=base + path)
    (u,) = media.media_uploads({"data": {"photo": [obj]}})
    return u


def test_async_download_and_decrypt(cdn: str) -> None:
    assert asyncio.run(media.download_and_decrypt(_upload(cdn, "/kat"))) == KAT_PLAIN
    with pytest.raises(waflows.MediaError) as e:
        asyncio.run(media.download_and_decrypt(_upload(cdn, "/tampered")))
    assert e.value.code == "media_encrypted_hash_mismatch"
    with pytest.raises(waflows.MediaDownloadError) as d:
        asyncio.run(media.download_and_decrypt(_upload(cdn, "/missing")))
    assert d.value.status_code == 404


def test_sync_download_and_network_error(cdn: str) -> None:
    assert media.download_and_decrypt_sync(_upload(cdn, "/kat")) == KAT_PLAIN
    # A port nobody listens on: a typed error, not an httpx exception.
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(waflows.MediaDownloadError) as d:
        media.download_and_decrypt_sync(_upload(f"http://127.0.0.1:{port}", "/kat"))
    assert d.value.status_code is None
