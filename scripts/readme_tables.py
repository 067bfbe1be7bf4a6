"""Regenerates the catalogue tables in README.md and docs/*.md from the library itself (error
codes, and Flow JSON issue codes when the validator provides them), wherever their
`<!-- name:start -->` / `<!-- name:end -->` markers stand. `--check` fails when a page is
stale; `make readme-tables` rewrites them."""

from __future__ import annotations

import pathlib
import re
import sys

import waflows
from waflows import errors

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def error_table() -> str:
    rows = ["| code | number | HTTP | Python exception | meaning |", "| --- | --- | --- | --- | --- |"]
    for name, number, status, description in waflows.error_codes():
        cls = errors._BY_CODE.get(name, waflows.WaflowsError).__name__
        rows.append(f"| `{name}` | {number} | {status or ''} | `{cls}` | {description} |")
    return "\n".join(rows)


def issue_table() -> str | None:
    codes = getattr(waflows, "issue_codes", None)
    if codes is None:
        return None
    rows = ["| code | severity | meaning |", "| --- | --- | --- |"]
    for entry in codes():
        if isinstance(entry, dict):
            rows.append(f"| `{entry.get('code')}` | {entry.get('severity', '')} | {entry.get('description', '')} |")
        else:
            rows.append("| " + " | ".join(str(x) for x in entry) + " |")
    return "\n".join(rows)


def render(text: str) -> str:
    tables = {"error-codes": error_table(), "issue-codes": issue_table()}
    for name, table in tables.items():
        if table is None:
            continue
        text = re.sub(
            rf"(<!-- {name}:start -->\n)(?:.*?\n)?(<!-- {name}:end -->)",
            lambda m, table=table: m.group(1) + table + "\n" + m.group(2),
            text,
            flags=re.S,
        )
    return text


def main() -> int:
    stale = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        new = render(text)
        if new == text:
            continue
        if "--check" in sys.argv:
            stale.append(page.relative_to(ROOT).as_posix())
        else:
            page.write_text(new, encoding="utf-8")
    if stale:
        print(f"stale code tables in {', '.join(stale)}: run `make readme-tables`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
