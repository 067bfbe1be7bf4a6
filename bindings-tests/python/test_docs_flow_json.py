"""Every ```python block of docs/flow_json.md runs (top to bottom, in one namespace)."""

from __future__ import annotations

import re

from conftest import ROOT


def test_flow_json_doc_python_blocks_run() -> None:
    text = (ROOT / "docs" / "flow_json.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)
    assert blocks, "docs/flow_json.md has no Python example"
    namespace: dict = {"__name__": "docs_flow_json"}
    for block in blocks:
        exec(compile(block, "docs/flow_json.md", "exec"), namespace)  # noqa: S102
