"""One PrivateKey shared by many threads; the GIL is released during RSA work."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import waflows


def test_shared_key_across_threads(key, public_pem):
    phones = [waflows.testing.encrypt_request(public_pem, {"action": "data_exchange", "screen": f"S{i}", "data": {"i": i}})
              for i in range(32)]

    def serve(i):
        req = key.decrypt_request(phones[i].body)
        return phones[i].decrypt_response(req.respond_next_screen(req.screen, req.data))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(serve, range(32)))
    assert results == [{"screen": f"S{i}", "data": {"i": i}} for i in range(32)]
    assert json.dumps(results)
