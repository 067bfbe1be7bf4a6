"""The README's Limits table cannot drift from the code: every constant it names is defined
in the crate, every test it cites exists (Rust, Python or C), and every file it cites is in the
tree. A cap whose test is renamed or deleted fails here until the table says the truth."""

from __future__ import annotations

import itertools
import re

import pytest
from conftest import ROOT

SOURCE_DIRS = ("src", "tests", "bindings-tests", "fuzz")
SUFFIXES = {".rs", ".py", ".c", ".h"}


def limits_rows() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    header, _rule, *body = rows
    assert [c.strip() for c in header.strip("|").split("|")] == [
        "Input",
        "Cap",
        "Constant",
        "Over the cap",
        "Test (both sides)",
    ]
    return [[c.strip() for c in row.strip().strip("|").split("|")] for row in body]


def sources() -> str:
    parts = []
    for d in SOURCE_DIRS:
        for p in sorted((ROOT / d).rglob("*")):
            if p.suffix in SUFFIXES and "target" not in p.parts and p.is_file():
                parts.append(p.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


SOURCES = sources()
DEFINED = set(re.findall(r"\b(?:fn|def|void)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(", SOURCES))
CONSTS = set(re.findall(r"\b(?:const|static|define)\s+([A-Z][A-Z0-9_]*)\b", SOURCES))


def expand_braces(path: str) -> list[str]:
    m = re.search(r"\{([^}]*)\}", path)
    if not m:
        return [path]
    head, tail = path[: m.start()], path[m.end() :]
    return list(itertools.chain.from_iterable(expand_braces(head + alt + tail) for alt in m.group(1).split(",")))


def test_the_table_has_every_cap_row():
    rows = limits_rows()
    assert len(rows) >= 35, len(rows)
    for row in rows:
        assert len(row) == 5, row
        assert row[1] and row[3], f"row without a cap or an error: {row}"


def cited(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


@pytest.mark.parametrize("row", limits_rows(), ids=lambda r: r[0][:40])
def test_every_cited_test_exists(row):
    for item in cited(row[4]):
        if "/" in item:  # a file in the tree, or file.py::test
            path, _, name = item.partition("::")
            if not path.startswith(("fuzz/", "bindings-tests/")):
                path = "bindings-tests/python/" + path
            for p in expand_braces(path):
                assert (ROOT / p).exists(), f"{row[0]!r}: {p} is not in the tree"
            if name:
                assert name in DEFINED, f"{row[0]!r}: test {name} does not exist"
            continue
        name = item.split("::")[-1].rstrip("…")
        if item.endswith("…"):
            assert any(d.startswith(name) for d in DEFINED), f"{row[0]!r}: no test named {item}"
        else:
            assert name in DEFINED, f"{row[0]!r}: test {item} does not exist"


@pytest.mark.parametrize("row", limits_rows(), ids=lambda r: r[0][:40])
def test_every_named_constant_is_defined(row):
    for item in cited(row[2]):
        name = item.split("::")[-1]
        if re.fullmatch(r"[A-Z][A-Z0-9_]+", name):
            assert name in CONSTS, f"{row[0]!r}: constant {item} is not defined"
