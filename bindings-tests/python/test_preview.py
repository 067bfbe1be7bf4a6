"""Python surface of the offline preview: waflows.preview and `waflows preview`."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

import waflows
from waflows.cli import main

ROOT = Path(__file__).resolve().parents[2]
HOTEL = ROOT / "tests" / "fixtures" / "relay" / "hotel_feedback.flow.json"
WEATHER = ROOT / "tests" / "fixtures" / "relay" / "weather_age.flow.json"
HOSTILE = ROOT / "bindings-tests" / "browser" / "hostile.flow.json"


class Elements(HTMLParser):
    """Every start tag with its attributes, read by Python's own HTML parser."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    p = Elements()
    p.feed(html)
    return p.tags


def assert_inert(html: str) -> None:
    tags = elements(html)
    assert tags
    for tag, attrs in tags:
        assert tag not in {"script", "iframe", "object", "embed", "a", "form", "base", "link"}, tag
        for k, v in attrs:
            assert not k.startswith("on"), (tag, k, v)
            assert k not in {"href", "action", "formaction", "srcset", "srcdoc"}, (tag, k)
            if k == "src":
                assert tag == "img" and (v or "").startswith("data:image/"), (tag, v)
    csp = [dict(a).get("content") for t, a in tags if t == "meta" and dict(a).get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0] or "") and "script" not in (csp[0] or "")


def test_preview_of_the_hotel_flow_from_text_bytes_or_dict() -> None:
    text = HOTEL.read_text(encoding="utf-8")
    for arg in (text, text.encode(), json.loads(text)):
        html = waflows.preview(arg)
        assert isinstance(html, str)
        assert html.startswith("<!DOCTYPE html>")
        assert ">Feedback 1 of 2<" in html and ">Feedback 2 of 2<" in html
        assert ">Stay Experience<" in html
        assert html.count("marker-end=") == 1
        assert_inert(html)


def test_one_screen_with_data_and_no_storyboard() -> None:
    flow = WEATHER.read_bytes()
    html = waflows.preview(flow, "WELCOME", {"WELCOME": {"toDisplay": "Hello <Jay>"}}, False)
    assert ">Hello &lt;Jay&gt;<" in html
    assert 'data-screen="WEATHER"' not in html
    assert "marker-end" not in html
    assert_inert(html)
    # Keywords work too, and the default uses __example__.
    assert ">Text to be displayed<" in waflows.preview(flow, screen="WELCOME")
    assert "marker-end" not in waflows.preview(flow, storyboard=False)


def test_hostile_flow_renders_inert_and_shows_its_text() -> None:
    html = waflows.preview(HOSTILE.read_bytes())
    assert_inert(html)
    assert "&lt;script&gt;window.__pwned=1" in html


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"screen": "NOPE"}, "preview_screen_unknown"),
        ({"data": {"NOPE": {}}}, "preview_data_invalid"),
        ({"data": {"RATE": [1, 2]}}, "preview_data_invalid"),
    ],
)
def test_preview_errors_are_preview_errors(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(waflows.PreviewError) as e:
        waflows.preview(HOTEL.read_bytes(), **kwargs)  # type: ignore[arg-type]
    assert e.value.code == code
    assert isinstance(e.value, waflows.WaflowsError) and isinstance(e.value, ValueError)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"screen": 3},
        {"storyboard": "yes"},
        {"storyboard": 1},
        {"data": [1]},
        {"data": {"RATE": {"x": {1, 2}}}},
        {"data": {"RATE": {"x": float("nan")}}},
    ],
)
def test_bad_argument_types_are_invalid_argument(kwargs: dict[str, object]) -> None:
    with pytest.raises(waflows.InvalidArgument):
        waflows.preview(HOTEL.read_bytes(), **kwargs)  # type: ignore[arg-type]


def test_unreadable_flows_are_typed() -> None:
    with pytest.raises(waflows.FlowJsonMalformed):
        waflows.preview("[]")
    with pytest.raises(waflows.FlowJsonMalformed):
        waflows.preview(b"\xff\xfe")
    with pytest.raises(waflows.InvalidArgument):
        waflows.preview(12)  # type: ignore[arg-type]


def test_deep_nesting_is_a_typed_limit_error() -> None:
    children: list[object] = [{"type": "TextBody", "text": "deep"}]
    for _ in range(40):
        children = [{"type": "If", "condition": True, "then": children}]
    flow = {"version": "7.3", "screens": [{"id": "A", "terminal": True,
                                           "layout": {"type": "SingleColumnLayout", "children": children}}]}
    # Each If adds two levels: the crate-wide JSON depth limit (64) refuses the document
    # before the preview's own component depth (32) is reached.
    with pytest.raises(waflows.LimitExceeded) as e:
        waflows.preview(flow)
    assert e.value.code == "limit_exceeded"


def test_cli_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hotel.html"
    assert main(["preview", str(HOTEL), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert ">Feedback 2 of 2<" in html
    assert_inert(html)

    data = tmp_path / "data.json"
    data.write_text(json.dumps({"WELCOME": {"toDisplay": "From the CLI"}}))
    out2 = tmp_path / "welcome.html"
    assert main(["preview", str(WEATHER), "-o", str(out2), "--screen", "WELCOME", "--data", str(data)]) == 0
    assert ">From the CLI<" in out2.read_text(encoding="utf-8")

    assert main(["preview", str(HOTEL), "-o", str(tmp_path / "x.html"), "--screen", "NOPE"]) == 1
    assert "preview_screen_unknown" in capsys.readouterr().err
    assert main(["preview", str(tmp_path / "missing.json"), "-o", str(tmp_path / "y.html")]) == 2
    data.write_text("{not json")
    assert main(["preview", str(HOTEL), "-o", str(tmp_path / "z.html"), "--data", str(data)]) == 2
    assert not (tmp_path / "x.html").exists()
