"""Every ```python block of docs/media.md, docs/webhooks.md and docs/clevertap.md runs (top to
bottom, one namespace per page), so the documentation stays true."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT


@pytest.mark.parametrize("page", ["media.md", "webhooks.md", "clevertap.md"])
def test_doc_python_blocks_run(page: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)
    assert blocks, f"docs/{page} has no Python example"
    namespace: dict[str, object] = {"__name__": f"docs_{page}"}
    for block in blocks:
        exec(compile(block, f"docs/{page}", "exec"), namespace)  # noqa: S102


def test_media_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    import runpy

    runpy.run_path(str(ROOT / "examples" / "media_demo.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "JPEG=True" in out
    assert "tampered file refused: [media_encrypted_hash_mismatch]" in out
    assert "ENDPOINT_LATENCY ACTIVATED flow=2015925505495025 p90=1300 ms" in out
    assert "lifecycle 'throttle' -> THROTTLED" in out
    assert "[rejected 515] Email value is invalid" in out
