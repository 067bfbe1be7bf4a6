"""Offline Flow JSON validation with Meta's error codes.

    import waflows
    report = waflows.validate_flow_json(open("flow.json", "rb").read(), mode="everything")
    for issue in report.errors:
        print(f"{issue.line}:{issue.column} {issue.code} {issue.message} ({issue.pointer})")

A bad document is a :class:`Report` with issues, never an exception. ``issue_codes()`` lists
every code the validator can emit.
"""

from __future__ import annotations

from ._waflows import Issue, Report, issue_codes, validate_flow_json

__all__ = ["Issue", "Report", "issue_codes", "validate_flow_json"]
