"""Regenerates the catalogue tables in README.md from the library itself (error codes, and
Flow JSON issue codes when the validator provides them). `--check` fails when README.md is
stale; `make readme-tables` rewrites it."""

from __future__ import annotations

import pathlib
import re
import sys

import waflows
from waflows import errors

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
# Documents that carry a generated table too (the Flow JSON issue codes live in docs/).
DOCS = [README, README.parent / "docs" / "flow_json.md"]


def error_table() -> str:
    rows = ["| code | number | HTTP | Python exception | meaning |", "| --- | --- | --- | --- | --- |"]
    for name, number, status, description in waflows.error_codes():
        if name == "ok":
            continue
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
    status = 0
    for doc in DOCS:
        if not doc.is_file():
            continue
        text = doc.read_text(encoding="utf-8")
        new = render(text)
        if "--check" in sys.argv:
            if new != text:
                print(f"{doc.name} tables are stale: run `make readme-tables`", file=sys.stderr)
                status = 1
            continue
        doc.write_text(new, encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
