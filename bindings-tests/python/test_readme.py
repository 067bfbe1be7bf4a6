"""Every ```python block of README.md runs (top to bottom, in one namespace)."""

from __future__ import annotations

import re

from conftest import ROOT


def test_readme_python_blocks_run():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)
    assert blocks, "README has no Python example"
    namespace: dict = {"__name__": "readme"}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102


def test_readme_code_tables_are_generated_from_the_catalogues():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "readme_tables.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
