"""The endpoint codec through Python: vectors, key forms, errors, and cross-checks against an
independent `cryptography` implementation in both directions."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import waflows
from conftest import PASSPHRASE, fixture_bytes, fixture_json
import reference

KEY_FILES = [
    ("keys/private_pkcs1.pem", None),
    ("keys/private_pkcs1_des3.pem", PASSPHRASE),
    ("keys/private_pkcs1_aes128.pem", PASSPHRASE),
    ("keys/private_pkcs1_aes256.pem", PASSPHRASE.decode()),
    ("keys/private_pkcs8.pem", None),
    ("keys/private_pkcs8_aes256.pem", PASSPHRASE),
    ("keys/private_pkcs8_aes128.pem", PASSPHRASE),
    ("keys/private_pkcs8_des3.pem", PASSPHRASE),
]


def test_published_vector_byte_for_byte():
    v = fixture_json("vectors/pywa_flow_endpoint_kat.json")
    key = waflows.PrivateKey.from_pem(v["private_key_pem"], password="pywa")
    req = key.decrypt_request(json.dumps(v["request_body"]))
    assert req.raw == v["expected_request_plaintext_utf8"].encode()
    assert (req.action, req.screen, req.flow_token, req.version) == ("INIT", "", "my_flow_token", "3.0")
    assert req.data == {}
    assert req.payload == v["expected_request_json"]
    assert req.encrypt_response(v["response_plaintext_utf8"]) == v["expected_response_body_base64"]
    assert req.encrypt_response(v["alt_compact_response_plaintext_utf8"].encode()) == v["alt_compact_expected_response_body_base64"]
    assert req.encrypt_response(json.loads(v["alt_compact_response_plaintext_utf8"])) == v["alt_compact_expected_response_body_base64"]


@pytest.mark.parametrize("file,password", KEY_FILES)
def test_every_key_form_decrypts_every_case(file, password, vectors):
    key = waflows.PrivateKey.from_pem(fixture_bytes(file), password=password)
    assert key.bits == 2048
    assert key.public_key_pem() == fixture_bytes("keys/public_spki.pem").decode()
    for case in vectors["cases"]:
        body = json.dumps(case["request_body"]).encode()
        for form in (body, body.decode(), bytearray(body), memoryview(body)):
            req = key.decrypt_request(form)
            assert req.raw == case["expected_request_plaintext_utf8"].encode()
        assert req.encrypt_response(case["response_plaintext_utf8"]) == case["expected_response_body_base64"]


def test_negative_vectors_are_one_undetailed_421(key, vectors):
    messages = set()
    for case in vectors["negative_cases"]:
        with pytest.raises(waflows.DecryptionError) as exc:
            key.decrypt_request(json.dumps(case["request_body"]))
        assert exc.value.http_status == 421 and exc.value.code == "decryption_failed"
        messages.add(str(exc.value))
    assert len(messages) == 1


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[]", b'{"encrypted_flow_data": "AA=="}',
     b'{"encrypted_flow_data":"AA==","encrypted_aes_key":"AA==","initial_vector":"AAAA"}',
     b'{"encrypted_flow_data":"@@","encrypted_aes_key":"AA==","initial_vector":"AAAAAAAAAAAAAAAAAAAAAA=="}',
     b" " * (1 << 21)],
)
def test_malformed_bodies_are_400(key, body):
    with pytest.raises(waflows.MalformedRequest) as exc:
        key.decrypt_request(body)
    assert exc.value.http_status == 400
    assert isinstance(exc.value, ValueError)


def test_wrong_input_types_are_type_errors(key):
    with pytest.raises(TypeError):
        key.decrypt_request(12)
    with pytest.raises(TypeError):
        waflows.PrivateKey.from_pem(None)


@pytest.mark.parametrize(
    "file,password,code",
    [
        ("keys/private_pkcs1_des3.pem", None, "key_password_required"),
        ("keys/private_pkcs8_aes256.pem", None, "key_password_required"),
        ("keys/private_pkcs1_des3.pem", b"wrong", "key_password_wrong"),
        ("keys/private_pkcs8_des3.pem", "wrong", "key_password_wrong"),
        ("keys/public_spki.pem", None, "key_is_public"),
        ("keys/certificate.pem", None, "key_is_public"),
        ("keys/rsa1024_pkcs8.pem", None, "key_size_unsupported"),
        ("keys/ec_p256_pkcs8.pem", None, "key_unsupported"),
        ("keys/private_pkcs8_pbes1.pem", PASSPHRASE, "key_unsupported"),
    ],
)
def test_key_errors_have_their_own_codes(file, password, code):
    with pytest.raises(waflows.InvalidKey) as exc:
        waflows.PrivateKey.from_pem(fixture_bytes(file), password=password)
    assert exc.value.code == code
    assert str(exc.value)


def test_garbage_key():
    with pytest.raises(waflows.InvalidKey) as exc:
        waflows.PrivateKey.from_pem(b"\x00garbage")
    assert exc.value.code == "key_malformed"


def test_generated_key_pairs_load_in_cryptography_and_back():
    priv, pub = waflows.generate_key_pair(password=b"s3cret")
    assert priv.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    # The independent implementation reads what we wrote ...
    ref_key = reference.load_private_key(priv.encode(), b"s3cret")
    assert ref_key.key_size == 2048
    # ... and we read it back.
    ours = waflows.PrivateKey.from_pem(priv, password="s3cret")
    assert ours.public_key_pem() == pub
    plain_priv, _ = waflows.generate_key_pair(3072)
    assert waflows.PrivateKey.from_pem(plain_priv).bits == 3072
    with pytest.raises(waflows.InvalidArgument):
        waflows.generate_key_pair(1024)


def test_signature_vectors(vectors):
    cases = list(vectors["signature_cases"]) + [fixture_json("vectors/pywa_x_hub_signature_kat.json")]
    for c in cases:
        body = c["raw_body_utf8"].encode()
        header = c["x_hub_signature_256"]
        assert waflows.sign(body, c["app_secret"]) == header
        waflows.verify_signature(body, header, c["app_secret"])
        waflows.verify_signature(body, header, ["old-secret", c["app_secret"].encode()])
        with pytest.raises(waflows.InvalidSignature) as exc:
            waflows.verify_signature(body + b" ", header, c["app_secret"])
        assert exc.value.http_status == 432
    with pytest.raises(waflows.InvalidSignature):
        waflows.verify_signature(b"x", None, "s")
    with pytest.raises(waflows.InvalidArgument):
        waflows.verify_signature(b"x", "sha256=00", [])


def test_respond_helpers(key, public_pem):
    phone = waflows.testing.encrypt_request(
        public_pem, {"version": "3.0", "action": "data_exchange", "screen": "A", "flow_token": "tok", "data": {"error_key": "x"}}
    )
    req = key.decrypt_request(phone.body)
    assert req.is_error_notification and req.error_key == "x"
    assert phone.decrypt_response(req.respond_error_ack()) == {"data": {"acknowledged": True}}
    assert phone.decrypt_response(req.respond_next_screen("B", {"n": 1}, error_message="no")) == {
        "screen": "B", "data": {"n": 1, "error_message": "no"}}
    assert phone.decrypt_response(req.respond_close({"order": "7"})) == {
        "screen": "SUCCESS", "data": {"extension_message_response": {"params": {"flow_token": "tok", "order": "7"}}}}
    assert phone.decrypt_response(req.respond_token_error("expired")) == {"error_msg": "expired"}
    with pytest.raises(waflows.InvalidArgument):
        req.respond_next_screen("SUCCESS")
    with pytest.raises(waflows.InvalidArgument):
        req.encrypt_response("[1, 2]")
    with pytest.raises(TypeError):
        req.encrypt_response({"x": object()})
    with pytest.raises(waflows.InvalidResponse):
        phone.decrypt_response("AAAAAAAAAAAAAAAAAAAAAAAA")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None)
@given(data=st.dictionaries(st.text(max_size=12), json_values, max_size=5), screen=st.text(min_size=1, max_size=20))
def test_reference_phone_to_waflows_endpoint(key, public_pem, data, screen):
    """cryptography encrypts like the phone; waflows decrypts and answers; cryptography decrypts."""
    if screen == "SUCCESS":
        return
    payload = {"version": "3.0", "action": "data_exchange", "screen": screen, "data": data, "flow_token": "t"}
    body, aes_key, iv = reference.encrypt_request(public_pem, json.dumps(payload).encode())
    req = key.decrypt_request(json.dumps(body))
    assert req.payload == payload
    answer = req.respond_next_screen(screen, data)
    assert json.loads(reference.decrypt_response(answer, aes_key, iv)) == {"screen": screen, "data": data}


@settings(max_examples=40, deadline=None)
@given(data=st.dictionaries(st.text(max_size=12), json_values, max_size=5))
def test_waflows_phone_to_reference_endpoint(public_pem, data):
    """waflows encrypts like the phone; cryptography decrypts and answers; waflows decrypts."""
    ref_key = reference.load_private_key(fixture_bytes("keys/private_pkcs8.pem"))
    payload = {"version": "3.0", "action": "INIT", "data": data}
    phone = waflows.testing.encrypt_request(public_pem, payload)
    got, aes_key, iv = reference.decrypt_request(ref_key, json.loads(phone.body))
    assert got == payload
    answer = reference.encrypt_response({"screen": "S", "data": data}, aes_key, iv)
    assert phone.decrypt_response(answer) == {"screen": "S", "data": data}


@settings(max_examples=60, deadline=None)
@given(field=st.sampled_from(["encrypted_flow_data", "encrypted_aes_key", "initial_vector"]), bit=st.integers(0, 4095))
def test_any_flipped_bit_is_the_same_421(key, vectors, field, bit):
    import base64

    body = dict(vectors["cases"][1]["request_body"])
    raw = bytearray(base64.b64decode(body[field]))
    raw[(bit // 8) % len(raw)] ^= 1 << (bit % 8)
    body[field] = base64.b64encode(bytes(raw)).decode()
    with pytest.raises(waflows.DecryptionError) as exc:
        key.decrypt_request(json.dumps(body))
    assert str(exc.value) == "the request could not be decrypted"
