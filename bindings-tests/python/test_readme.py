"""Every ```python block of README.md and of each docs/*.md page runs (top to bottom, one
namespace per page), so the documentation cannot drift from the API."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def python_blocks(page):
    text = page.read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_readme_has_a_python_example():
    assert python_blocks(ROOT / "README.md"), "README has no Python example"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_python_blocks_run(page):
    namespace: dict = {"__name__": "docs"}
    for block in python_blocks(page):
        exec(compile(block, page.name, "exec"), namespace)  # noqa: S102


def test_code_tables_are_generated_from_the_catalogues():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "readme_tables.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
