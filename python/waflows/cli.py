"""The ``waflows`` command line (also ``python -m waflows``).

    waflows validate flow.json [more.json ...] [--mode builder|everything] [--for-publish]
                               [--strict] [--format text|json]
    waflows preview FLOW.json -o page.html [--screen ID] [--data DATA.json] [--no-storyboard]
    waflows simulate FLOW.json --script STEPS.json [--answers ANSWERS.json] [--format text|json]
                               [--html TRACE.html]

Text output is compiler-style: ``flow.json:14:9: error[CODE] message`` followed by the
offending source line and a caret under the reported column. Exit status: 0 when no file has
an error, 1 when any has, 2 for usage problems or unreadable files.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import Sequence

from . import _waflows
from .errors import WaflowsError


def _source_line(lines: list[bytes], line: int) -> str | None:
    if 1 <= line <= len(lines):
        return lines[line - 1].rstrip(b"\r\n").decode("utf-8", errors="surrogateescape")
    return None


def _shown(ch: str) -> str:
    """One source character as it is echoed: invalid UTF-8 bytes as ``\\xNN``, control
    characters escaped, a tab as one space (so the caret stays under its column)."""
    o = ord(ch)
    if 0xDC80 <= o <= 0xDCFF:  # an invalid UTF-8 byte (surrogateescape)
        return f"\\x{o - 0xDC00:02x}"
    if ch == "\t":
        return " "
    if o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0 or unicodedata.category(ch) in ("Cf", "Zl", "Zp"):
        return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"
    return ch


def _render_text(name: str, data: bytes, report: _waflows.Report) -> str:
    lines = data.split(b"\n")
    out: list[str] = []
    for issue in report.issues:
        out.append(f"{name}:{issue.line}:{issue.column}: {issue.severity}[{issue.code}] {_escaped(issue.message)}")
        src = _source_line(lines, issue.line)
        if src is not None:
            shown = [_shown(c) for c in src]
            out.append("    " + "".join(shown))
            width = 1
            if issue.end_line == issue.line and issue.end_column >= issue.column:
                width = issue.end_column - issue.column + 1
            first = min(issue.column - 1, len(shown))
            span = shown[first:first + max(1, width)]
            caret_width = max(1, sum(len(c) for c in span))
            out.append("    " + " " * sum(len(c) for c in shown[:first]) + "^" + "~" * (caret_width - 1))
        if issue.pointer:
            out.append(f"    at {_escaped(issue.pointer)}")
    errors = len(report.errors)
    warnings = len(report.warnings)
    out.append(f"{name}: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")
    skipped = _semantic_skipped(report)
    if skipped:
        out.append(f"{name}: {skipped} semantic check{'s' if skipped != 1 else ''} skipped because the schema "
                   "checks failed (as Flow Builder does); run with --mode everything")
    return "\n".join(out)


def _escaped(text: str) -> str:
    return "".join(_shown(c) if c != "\t" else "\\t" for c in text)


def _semantic_skipped(report: _waflows.Report) -> int:
    """Semantic issues that builder mode left out (0 when none or in everything mode)."""
    if report.ok:
        return 0
    return int(json.loads(report.to_json()).get("semantic_skipped", 0))


def _read_input(name: str, what: str = "") -> bytes | None:
    """The bytes of file `name` (``-`` is standard input), or None after printing why it cannot
    be read (`what` names the input in the message)."""
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        with open(name, "rb") as fh:
            return fh.read()
    except OSError as e:
        print(f"{name}: cannot read{' ' + what if what else ''}: {e.strerror or e}", file=sys.stderr)
        return None


def _validate(args: argparse.Namespace) -> int:
    status = 0
    results = []
    for name in args.files:
        data = _read_input(name)
        if data is None:
            status = max(status, 2)
            continue
        try:
            report = _waflows.validate_flow_json(
                data, mode=args.mode, for_publish=args.for_publish, strict=args.strict
            )
        except WaflowsError as e:
            print(f"{name}: {e} [{e.code}]", file=sys.stderr)
            status = max(status, 1)
            continue
        if not report.ok:
            status = max(status, 1)
        if args.format == "json":
            results.append({"file": name, **json.loads(report.to_json())})
        else:
            print(_render_text(name, data, report))
    if args.format == "json":
        print(json.dumps({"files": results}, ensure_ascii=False, indent=2))
    return status


# --- preview (branch preview) ---------------------------------------------------------------


def _run_preview(args: argparse.Namespace) -> int:
    """``waflows preview FLOW.json -o page.html [--screen ID] [--data DATA.json]``.

    Exit status: 0 when the page was written, 1 when the flow cannot be previewed as asked
    (the reason is printed), 2 for unreadable or unwritable files."""
    flow = _read_input(args.flow)
    if flow is None:
        return 2
    data = None
    if args.data is not None:
        try:
            with open(args.data, "rb") as fh:
                data = json.loads(fh.read())
        except OSError as e:
            print(f"{args.data}: cannot read: {e.strerror or e}", file=sys.stderr)
            return 2
        except ValueError as e:
            print(f"{args.data}: not JSON: {e}", file=sys.stderr)
            return 2
    try:
        html = _waflows.preview(flow, args.screen, data, not args.no_storyboard)
    except WaflowsError as e:
        print(f"{args.flow}: {e} [{e.code}]", file=sys.stderr)
        return 1
    try:
        if args.output == "-":
            sys.stdout.write(html)
        else:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(html)
    except OSError as e:
        print(f"{args.output}: cannot write: {e.strerror or e}", file=sys.stderr)
        return 2
    if args.output != "-":
        print(f"{args.output}: {len(html.encode())} bytes", file=sys.stderr)
    return 0


def _add_preview(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("preview", help="render a flow as one offline HTML page (storyboard)")
    p.add_argument("flow", metavar="FLOW", help="Flow JSON file ('-' reads stdin)")
    p.add_argument("-o", "--output", required=True, metavar="PAGE", help="HTML file to write ('-' for stdout)")
    p.add_argument("--screen", metavar="ID", help="render only this screen")
    p.add_argument("--data", metavar="DATA", help='JSON file {"SCREEN": {"field": value}} replacing __example__')
    p.add_argument("--no-storyboard", action="store_true", help="lay the screens out without routing arrows")
    p.set_defaults(run=_run_preview)


# --- simulate (branch sim) ------------------------------------------------------------------

# Errors that mean the input itself is unusable (exit 2), as opposed to a run that stopped
# early (exit 1).
_UNREADABLE = {
    "flow_json_malformed",
    "flow_json_too_large",
    "simulator_script_invalid",
    "simulator_flow_unsupported",
    "invalid_argument",
    "limit_exceeded",
}


def _read_json_file(name: str, what: str) -> tuple[object, int]:
    """(parsed JSON, 0), or (None, 2) after printing why it cannot be read."""
    raw = _read_input(name, what)
    if raw is None:
        return None, 2
    try:
        return json.loads(raw), 0
    except ValueError as e:
        print(f"{name}: {what} is not JSON: {e}", file=sys.stderr)
        return None, 2


def _trace_text(trace: dict[str, object]) -> str:
    out: list[str] = []
    views = trace.get("views")
    for v in views if isinstance(views, list) else []:
        out.append(f"screen {v['id']} ({v['reason']}): {_escaped(str(v['title']))}")
        for c in v["components"]:
            if "value" in c:
                out.append(f"    {_escaped(str(c.get('name')))} = {_escaped(json.dumps(c['value'], ensure_ascii=False))}")
    requests = trace.get("requests")
    for r in requests if isinstance(requests, list) else []:
        out.append(f"request: {_escaped(json.dumps(r, ensure_ascii=False))}")
    messages = trace.get("messages")
    for m in messages if isinstance(messages, list) else []:
        out.append(f"message on {m['screen']}: {_escaped(str(m['message']))}")
    urls = trace.get("opened_urls")
    for u in urls if isinstance(urls, list) else []:
        out.append(f"opened: {_escaped(str(u))}")
    if trace.get("complete") is not None:
        out.append(f"complete: {_escaped(json.dumps(trace['complete'], ensure_ascii=False))}")
    records = trace.get("records")
    for rec in records if isinstance(records, list) else []:
        out.append(f"record ({rec['source']}): {_escaped(json.dumps(rec['record'], ensure_ascii=False))}")
    if trace.get("refused") is not None:
        out.append(f"refused at step {trace.get('refused_step')}: {_escaped(str(trace['refused']))}")
    return "\n".join(out)


def _run_simulate(args: argparse.Namespace) -> int:
    """``waflows simulate FLOW.json --script STEPS.json [--answers ANSWERS.json]``.

    Exit status: 0 when the script ran to its end, 1 when a step was refused (the reason the
    phone would show is printed) or the run stopped on an endpoint or expression error, 2 for
    unreadable input (files, JSON, script shape, flow)."""
    flow = _read_input(args.flow)
    if flow is None:
        return 2
    script, rc = _read_json_file(args.script, "the script")
    if rc:
        return rc
    if not isinstance(script, dict):
        print(f"{args.script}: the script must be a JSON object {{\"steps\": [...]}}", file=sys.stderr)
        return 2
    answers = None
    if args.answers is not None:
        answers, rc = _read_json_file(args.answers, "the answers")
        if rc:
            return rc
    try:
        trace = _waflows.simulate(flow, script, answers)
    except WaflowsError as e:
        print(f"{args.flow}: {e} [{e.code}]", file=sys.stderr)
        unreadable = e.code in _UNREADABLE or (e.code == "simulator_answer_invalid" and _answers_shape_error(e))
        return 2 if unreadable else 1
    if args.html is not None:
        try:
            html = _waflows.preview_trace(flow, trace)
            with open(args.html, "w", encoding="utf-8") as fh:
                fh.write(html)
        except WaflowsError as e:
            print(f"{args.html}: {e} [{e.code}]", file=sys.stderr)
            return 1
        except OSError as e:
            print(f"{args.html}: cannot write: {e.strerror or e}", file=sys.stderr)
            return 2
    if args.format == "json":
        print(json.dumps(trace, ensure_ascii=False, indent=2))
    else:
        print(_trace_text(trace))
    refused = trace.get("refused")
    if refused is not None:
        print(f"refused: {_escaped(str(refused))}", file=sys.stderr)
        return 1
    return 0


def _answers_shape_error(e: WaflowsError) -> bool:
    """An answers file of the wrong shape (not a list or a relay object) is unreadable input."""
    text = str(e)
    return "answers must be" in text or "unknown answers key" in text or "relay." in text or "unknown relay key" in text


def _add_simulate(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("simulate", help="run a flow headlessly from a script of user steps")
    p.add_argument("flow", metavar="FLOW", help="Flow JSON file ('-' reads stdin)")
    p.add_argument("--script", required=True, metavar="STEPS",
                   help='script JSON {"steps": [{"fill": {...}}, {"tap": "footer"}, {"back": true}]}')
    p.add_argument("--answers", metavar="ANSWERS",
                   help='endpoint answers JSON: a list, or {"relay": {"setup": ..., "customer": [...]}}')
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    p.add_argument("--html", metavar="PAGE", help="also write the trace as an offline HTML page")
    p.set_defaults(run=_run_simulate)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="waflows", description="WhatsApp Flows tools (Rust core).")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate Flow JSON files offline, with Meta's error codes")
    v.add_argument("files", nargs="+", metavar="FILE", help="Flow JSON files ('-' reads stdin)")
    v.add_argument("--mode", choices=["builder", "everything"], default="builder",
                   help="builder: like Flow Builder (schema first); everything: every check")
    v.add_argument("--for-publish", action="store_true", help="a frozen Flow JSON version is an error")
    v.add_argument("--strict", action="store_true", help="strict reading of documented discrepancies")
    v.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    v.set_defaults(run=_validate)
    _add_preview(sub)
    _add_simulate(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``waflows`` command."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BrokenPipeError:
        # The reader went away (`waflows validate ... | head`): stop quietly.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
