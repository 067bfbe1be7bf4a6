"""Shared fixtures for the Python binding tests (they read the repository's tests/fixtures)."""

from __future__ import annotations

import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
PASSPHRASE = b"waflows-test"


def fixture_bytes(rel: str) -> bytes:
    return (FIXTURES / rel).read_bytes()


def fixture_json(rel: str):
    return json.loads(fixture_bytes(rel))


@pytest.fixture(scope="session")
def key():
    import waflows

    return waflows.PrivateKey.from_pem(fixture_bytes("keys/private_pkcs8.pem"))


@pytest.fixture(scope="session")
def public_pem() -> bytes:
    return fixture_bytes("keys/public_spki.pem")


@pytest.fixture(scope="session")
def vectors():
    return fixture_json("vectors/waflows_generated_vectors.json")
