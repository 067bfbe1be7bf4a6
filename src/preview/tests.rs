use super::*;
use proptest::prelude::*;
use serde_json::json;

const HOTEL: &str = include_str!("../../tests/fixtures/relay/hotel_feedback.flow.json");
const BUS: &str = include_str!("../../tests/fixtures/relay/bus_booking.flow.json");
const WEATHER: &str = include_str!("../../tests/fixtures/relay/weather_age.flow.json");

fn render_value(flow: &Value, opts: &Options) -> Result<String> {
    render(flow.to_string().as_bytes(), opts)
}

/// Every element of the page (parsed by `tl`, an independent HTML parser): tag name and
/// attributes.
fn elements(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let dom = tl::parse(html, tl::ParserOptions::default()).expect("page parses");
    let parser = dom.parser();
    dom.nodes()
        .iter()
        .filter_map(|n| n.as_tag())
        .map(|t| {
            let attrs = t
                .attributes()
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_ascii_lowercase(),
                        v.map(|v| v.to_string()).unwrap_or_default(),
                    )
                })
                .collect();
            let _ = parser;
            (t.name().as_utf8_str().to_ascii_lowercase(), attrs)
        })
        .collect()
}

/// The page is inert: no script element, no event handler, no URL attribute other than a
/// checked `data:image/…` `src`, no `style` element other than ours.
fn assert_inert(html: &str) {
    let els = elements(html);
    assert!(!els.is_empty());
    let mut styles = 0;
    for (tag, attrs) in &els {
        assert!(
            !matches!(
                tag.as_str(),
                "script" | "iframe" | "object" | "embed" | "a" | "form" | "base" | "link"
            ),
            "element <{tag}> in the page"
        );
        if tag == "style" {
            styles += 1;
        }
        if tag == "meta" {
            if let Some((_, v)) = attrs.iter().find(|(k, _)| k == "http-equiv") {
                assert_eq!(v, "Content-Security-Policy");
            }
        }
        for (k, v) in attrs {
            assert!(!k.starts_with("on"), "event handler {k}={v} on <{tag}>");
            assert!(
                !matches!(
                    k.as_str(),
                    "href" | "action" | "formaction" | "srcset" | "srcdoc" | "xlink:href"
                ),
                "{k} on <{tag}>"
            );
            if k == "src" {
                assert!(v.starts_with("data:image/"), "src={v}");
                assert_eq!(tag, "img");
            }
        }
    }
    assert_eq!(styles, 1);
    assert!(html.contains(CONTENT_SECURITY_POLICY));
}

#[test]
fn renders_the_product_flows_with_titles_labels_and_arrows() {
    for (src, titles, labels) in [
        (
            HOTEL,
            &["Feedback 1 of 2", "Feedback 2 of 2"][..],
            &[
                "Choose one",
                "Leave a comment",
                "Stay Experience",
                "Continue",
                "Done",
            ][..],
        ),
        (BUS, &[][..], &[][..]),
        (
            WEATHER,
            &["Weather Today", "Todays Weather"][..],
            &["City", "Please enter city name"][..],
        ),
    ] {
        let html = render(src.as_bytes(), &Options::default()).unwrap();
        assert_inert(&html);
        let flow = Flow::parse(src.as_bytes()).unwrap();
        for s in &flow.screens {
            assert!(
                html.contains(&format!("data-screen=\"{}\"", s.id)),
                "{}",
                s.id
            );
        }
        for t in titles.iter().chain(labels) {
            assert!(html.contains(&format!(">{t}<")), "{t} missing");
        }
        // One arrow per routing edge between distinct screens.
        let edges: usize = flow
            .routing
            .edges
            .iter()
            .map(|(from, to)| {
                to.iter()
                    .filter(|t| *t != from && flow.screen(t).is_some())
                    .count()
            })
            .sum();
        assert_eq!(html.matches("marker-end=").count(), edges);
    }
}

#[test]
fn example_data_and_given_data_fill_bindings() {
    let html = render(WEATHER.as_bytes(), &Options::new().screen("WELCOME")).unwrap();
    // title "${data.toDisplay}" from __example__
    assert!(html.contains(">Text to be displayed<"), "{html}");
    let mut data = Map::new();
    data.insert("WELCOME".into(), json!({"toDisplay": "Hello Jay"}));
    let html = render(
        WEATHER.as_bytes(),
        &Options::new().screen("WELCOME").data(data),
    )
    .unwrap();
    assert!(html.contains(">Hello Jay<"));
    assert!(!html.contains("Text to be displayed"));
    // Only the one screen, no arrows.
    assert_eq!(html.matches("class=\"phone\"").count(), 1);
    assert!(!html.contains("marker-end"));
}

#[test]
fn options_errors_are_typed() {
    let e = render(HOTEL.as_bytes(), &Options::new().screen("NOPE")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PreviewScreenUnknown);
    let mut data = Map::new();
    data.insert("NOPE".into(), json!({}));
    let e = render(HOTEL.as_bytes(), &Options::new().data(data)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PreviewDataInvalid);
    let mut data = Map::new();
    data.insert("RATE".into(), json!([1]));
    let e = render(HOTEL.as_bytes(), &Options::new().data(data)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PreviewDataInvalid);
    let e = Options::from_json(br#"{"screen":"A","colour":"red"}"#).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    let o = Options::from_json(br#"{"screen":"A"}"#).unwrap();
    assert_eq!(o, Options::new().screen("A"));
    assert!(o.storyboard, "storyboard defaults to true");
    for bad in [
        &b"not json"[..],
        b"[]",
        b"{}",
        br#"{"screens":[{"title":"x"}]}"#,
    ] {
        let e = render(bad, &Options::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::FlowJsonMalformed);
    }
}

const HOSTILE: &[&str] = &[
    "<script>document.title='pwned'</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "' onmouseover='alert(1)",
    "</style><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "]]><a href=\"javascript:alert(1)\">x</a>",
];

fn hostile_flow(h: &str) -> Value {
    let action =
        json!({"name": "navigate", "next": {"type": "screen", "name": "B"}, "payload": {}});
    json!({
      "version": "7.3",
      "screens": [
        {"id": "A", "title": h,
         "data": {"x": {"type": "string", "__example__": h}},
         "layout": {"type": "SingleColumnLayout", "children": [
           {"type": "TextHeading", "text": h},
           {"type": "TextSubheading", "text": "${data.x}"},
           {"type": "TextBody", "markdown": true, "text": [h, format!("[link]({h})"), format!("![img]({h})")]},
           {"type": "TextCaption", "text": h},
           {"type": "EmbeddedLink", "text": h, "on-click-action": {"name": "open_url", "url": h}},
           {"type": "Image", "src": h, "alt-text": h},
           {"type": "ImageCarousel", "images": [{"src": h, "alt-text": h}]},
           {"type": "Form", "name": h, "init-values": {"t": h}, "children": [
             {"type": "TextInput", "name": "t", "label": h, "helper-text": h, "input-type": h},
             {"type": "TextArea", "name": "ta", "label": h, "helper-text": h},
             {"type": "Dropdown", "name": "d", "label": h,
              "data-source": [{"id": h, "title": h, "description": h, "image": h, "color": h}]},
             {"type": "RadioButtonsGroup", "name": "r", "label": h, "description": h,
              "data-source": [{"id": h, "title": h, "metadata": h, "alt-text": h}]},
             {"type": "CheckboxGroup", "name": "c", "label": h, "data-source": [{"id": h, "title": h}]},
             {"type": "ChipsSelector", "name": "ch", "label": h, "data-source": [{"id": h, "title": h}]},
             {"type": "DatePicker", "name": "dp", "label": h, "helper-text": h, "init-value": h},
             {"type": "CalendarPicker", "name": "cp", "mode": "range", "title": h, "description": h,
              "label": {"start-date": h, "end-date": h}},
             {"type": "OptIn", "name": "o", "label": h, "on-click-action": action},
             {"type": "PhotoPicker", "name": "p", "label": h, "description": h, "photo-source": h},
             {"type": "DocumentPicker", "name": "dd", "label": h, "description": h},
             {"type": h},
             {"type": "Footer", "label": h, "left-caption": h, "right-caption": h, "on-click-action": action}
           ]}
         ]}},
        {"id": "B", "title": "b", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
           {"type": "RichText", "text": [format!("# {h}"), h.to_owned(), format!("| {h} |\n|---|\n| {h} |")]},
           {"type": "NavigationList", "name": "n", "label": h, "description": h, "list-items": [
             {"id": h, "main-content": {"title": h, "description": h, "metadata": h},
              "start": {"image": h, "alt-text": h}, "end": {"title": h}, "badge": h, "tags": [h]}]},
           {"type": "Footer", "label": h, "center-caption": h, "on-click-action": {"name": "complete", "payload": {}}}
         ]}}
      ]
    })
}

#[test]
fn untrusted_text_renders_inert_everywhere() {
    for h in HOSTILE {
        let html = render_value(&hostile_flow(h), &Options::default()).unwrap();
        assert_inert(&html);
        // The text is shown (escaped), not dropped.
        assert!(html.contains(&maud::html! { (h) }.into_string()), "{h}");
    }
}

#[test]
fn hostile_screen_ids_are_escaped_in_ids_and_arrows() {
    let h = "\"><script>alert(1)</script>";
    let flow = json!({"version": "7.3", "screens": [
        {"id": h, "layout": {"type": "SingleColumnLayout", "children": [
          {"type": "Footer", "label": "go", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "Z"}, "payload": {}}}]}},
        {"id": "Z", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": []}}]});
    let html = render_value(&flow, &Options::default()).unwrap();
    assert_inert(&html);
    assert_eq!(html.matches("marker-end=").count(), 1);
}

#[test]
fn if_and_switch_pick_the_branch_the_data_selects() {
    let flow = |flag: bool| {
        json!({"version": "7.3", "screens": [{"id": "A", "terminal": true,
          "data": {"flag": {"type": "boolean", "__example__": flag}, "k": {"type": "string", "__example__": "two"}},
          "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "If", "condition": "${data.flag}", "then": [{"type": "TextBody", "text": "THEN"}],
             "else": [{"type": "TextBody", "text": "ELSE"}]},
            {"type": "Switch", "value": "${data.k}", "cases": {
              "one": [{"type": "TextBody", "text": "CASE1"}], "two": [{"type": "TextBody", "text": "CASE2"}]}},
            {"type": "TextBody", "text": "HIDDEN", "visible": "${data.flag}"}]}}]})
    };
    let on = render_value(&flow(true), &Options::default()).unwrap();
    assert!(on.contains(">THEN<") && !on.contains(">ELSE<"));
    assert!(on.contains(">CASE2<") && !on.contains(">CASE1<"));
    assert!(on.contains(">HIDDEN<"));
    let off = render_value(&flow(false), &Options::default()).unwrap();
    assert!(off.contains(">ELSE<") && !off.contains(">THEN<"));
    assert!(!off.contains(">HIDDEN<"));
}

#[test]
fn inputs_show_init_values_and_selected_items() {
    let flow = json!({"version": "7.3", "screens": [{"id": "A", "terminal": true,
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Form", "name": "f", "init-values": {"city": "Pune", "pick": "b", "pw": "secret"}, "children": [
          {"type": "TextInput", "name": "city", "label": "City"},
          {"type": "TextInput", "name": "pw", "label": "PIN", "input-type": "password"},
          {"type": "Dropdown", "name": "pick", "label": "Pick",
           "data-source": [{"id": "a", "title": "Apple"}, {"id": "b", "title": "Banana"}]},
          {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete", "payload": {}}}]}]}}]});
    let html = render_value(&flow, &Options::default()).unwrap();
    assert!(html.contains(">Pune<"));
    assert!(html.contains(">Banana<"));
    assert!(!html.contains("secret"), "a password is masked");
    assert!(html.contains(">••••••<"));
}

#[test]
fn images_render_from_base64_only() {
    let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    let flow = json!({"version": "7.3", "screens": [{"id": "A", "terminal": true,
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Image", "src": png, "width": 100, "height": 50, "alt-text": "dot"},
        {"type": "Image", "src": "https://example.com/x.png", "alt-text": "remote"}]}}]});
    let html = render_value(&flow, &Options::default()).unwrap();
    assert_eq!(
        html.matches(&format!("src=\"data:image/png;base64,{png}\""))
            .count(),
        1
    );
    assert!(!html.contains("https://example.com"));
    assert!(html.contains("Image: remote"));
}

#[test]
fn deep_nesting_is_a_typed_error() {
    let mut children = json!([{"type": "TextBody", "text": "deep"}]);
    for _ in 0..(MAX_COMPONENT_DEPTH + 5) {
        children = json!([{"type": "If", "condition": true, "then": children}]);
    }
    let flow = json!({"version": "7.3", "screens": [{"id": "A", "terminal": true,
      "layout": {"type": "SingleColumnLayout", "children": children}}]});
    let e = render_value(&flow, &Options::default()).unwrap_err();
    // Each If adds two JSON levels, so the crate-wide JSON depth limit (64, checked when the
    // flow is read) refuses this document before the preview's own component depth (32) is
    // reached: a typed limit error either way, never a stack overflow.
    assert_eq!(e.code(), ErrorCode::LimitExceeded);
}

#[test]
fn output_is_capped_even_when_one_value_is_bound_many_times() {
    // 1 MiB of example text bound by 40 components: 40 MiB of page.
    let big = "x".repeat(1024 * 1024);
    let children: Vec<Value> = (0..40)
        .map(|_| json!({"type": "TextBody", "text": "${data.big}"}))
        .collect();
    let flow = json!({"version": "7.3", "screens": [{"id": "A", "terminal": true,
      "data": {"big": {"type": "string", "__example__": big}},
      "layout": {"type": "SingleColumnLayout", "children": children}}]});
    let e = render_value(&flow, &Options::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PreviewTooLarge);
}

#[test]
fn too_many_arrows_is_a_typed_error() {
    let n = 50;
    let ids: Vec<String> = (0..n).map(|i| format!("S{i}")).collect();
    let routing: Map<String, Value> = ids.iter().map(|id| (id.clone(), json!(ids))).collect();
    let screens: Vec<Value> = ids
        .iter()
        .map(|id| json!({"id": id, "layout": {"type": "SingleColumnLayout", "children": []}}))
        .collect();
    let flow = json!({"version": "7.3", "data_api_version": "3.0", "routing_model": routing, "screens": screens});
    let e = render_value(&flow, &Options::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PreviewTooLarge);
    // Without the storyboard the same flow renders.
    assert!(render_value(&flow, &Options::new().storyboard(false)).is_ok());
}

fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 <>\"'&=/:;${}.`*_~#\\[\\]()+-]{0,24}",
        Just("${data.x}".to_owned()),
        Just("${form.f}".to_owned()),
        Just("`${data.n} > 1`".to_owned()),
        Just("<script>x</script>".to_owned()),
    ]
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        arb_text().prop_map(Value::String),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        Just(Value::Null),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(arb_key(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("type".to_owned()),
        Just("text".to_owned()),
        Just("label".to_owned()),
        Just("data-source".to_owned()),
        Just("children".to_owned()),
        Just("then".to_owned()),
        Just("cases".to_owned()),
        Just("src".to_owned()),
        Just("images".to_owned()),
        Just("list-items".to_owned()),
        Just("init-values".to_owned()),
        Just("visible".to_owned()),
        Just("markdown".to_owned()),
        Just("mode".to_owned()),
        "[a-z-]{1,8}",
    ]
}

const TYPES: &[&str] = &[
    "TextHeading",
    "TextSubheading",
    "TextBody",
    "TextCaption",
    "RichText",
    "TextInput",
    "TextArea",
    "CheckboxGroup",
    "RadioButtonsGroup",
    "Dropdown",
    "ChipsSelector",
    "DatePicker",
    "CalendarPicker",
    "OptIn",
    "EmbeddedLink",
    "Footer",
    "Image",
    "ImageCarousel",
    "PhotoPicker",
    "DocumentPicker",
    "NavigationList",
    "Form",
    "If",
    "Switch",
];

fn arb_component() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(TYPES),
        prop::collection::btree_map(arb_key(), arb_value(), 0..6),
    )
        .prop_map(|(ty, props)| {
            let mut o: Map<String, Value> = props.into_iter().collect();
            o.insert("type".into(), json!(ty));
            Value::Object(o)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any component soup renders inert or fails with a typed error; never a panic.
    #[test]
    fn arbitrary_components_never_panic(
        comps in prop::collection::vec(arb_component(), 0..8),
        data in arb_value(),
        title in arb_value(),
    ) {
        let flow = json!({"version": "7.3", "screens": [
            {"id": "A", "title": title, "data": {"x": {"type": "string", "__example__": data}},
             "layout": {"type": "SingleColumnLayout", "children": comps}}]});
        match render_value(&flow, &Options::default()) {
            Ok(html) => assert_inert(&html),
            Err(e) => prop_assert!(matches!(e.code(),
                ErrorCode::PreviewTooDeep | ErrorCode::PreviewTooLarge)),
        }
    }
}
