//! One screen's components as WhatsApp-like HTML (maud escapes every string).
use maud::{Markup, html};
use serde_json::{Map, Value};

use super::bind::{Scope, display};
use super::{Budget, markdown, media};
use crate::{Error, ErrorCode, Result};

/// Deepest component nesting rendered (Form, If, Switch); Meta allows far less (If ≤ 3).
/// cbindgen:ignore
pub const MAX_COMPONENT_DEPTH: usize = 32;

/// A rendered screen body, with the Footer taken out (the phone pins it to the bottom).
pub(crate) struct ScreenBody {
    pub body: Markup,
    pub footer: Option<Markup>,
}

/// Renders the layout children of one screen.
pub(crate) fn render_screen(
    layout: Option<&Value>,
    scope: Scope<'_>,
    budget: &mut Budget,
) -> Result<ScreenBody> {
    let mut r = Renderer {
        scope,
        footer: None,
        budget,
    };
    let children = layout.and_then(|l| l.get("children"));
    let body = r.children(children, 0)?;
    Ok(ScreenBody {
        body,
        footer: r.footer,
    })
}

/// Collects the initial values of a screen's inputs (`init-value`, the Form's `init-values`)
/// into `out`, resolved against the screen's data.
pub(crate) fn collect_inits(
    v: Option<&Value>,
    scope: Scope<'_>,
    out: &mut Map<String, Value>,
    depth: usize,
) {
    if depth > MAX_COMPONENT_DEPTH {
        return;
    }
    let Some(Value::Array(items)) = v else { return };
    for c in items {
        let Some(c) = c.as_object() else { continue };
        match c.get("type").and_then(Value::as_str) {
            Some("Form") => {
                if let Some(Value::Object(iv)) = scope.value(c.get("init-values")) {
                    for (k, x) in iv {
                        out.entry(k).or_insert(x);
                    }
                }
                collect_inits(c.get("children"), scope, out, depth + 1);
            }
            Some("If") => {
                collect_inits(c.get("then"), scope, out, depth + 1);
                collect_inits(c.get("else"), scope, out, depth + 1);
            }
            Some("Switch") => {
                if let Some(Value::Object(cases)) = c.get("cases") {
                    for case in cases.values() {
                        collect_inits(Some(case), scope, out, depth + 1);
                    }
                }
            }
            _ => {
                if let (Some(name), Some(iv)) = (
                    c.get("name").and_then(Value::as_str),
                    scope.value(c.get("init-value")),
                ) {
                    out.entry(name.to_owned()).or_insert(iv);
                }
            }
        }
    }
}

struct Renderer<'a, 'b> {
    scope: Scope<'a>,
    footer: Option<Markup>,
    budget: &'b mut Budget,
}

fn too_deep() -> Error {
    Error::new(
        ErrorCode::PreviewTooDeep,
        format!("components nest deeper than {MAX_COMPONENT_DEPTH} levels"),
    )
}

/// A whole number of pixels from a JSON number (bounded, so CSS stays sane).
fn px(v: Option<Value>) -> Option<u32> {
    let n = v?.as_f64()?;
    (n.is_finite() && n > 0.0).then(|| n.min(4096.0) as u32)
}

fn icon(name: &str) -> Markup {
    let d = match name {
        "calendar" => {
            "M7 2v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-2V2h-2v2H9V2H7zm-2 8h14v10H5V10z"
        }
        "down" => "M7 10l5 5 5-5z",
        "camera" => {
            "M9 3 7.2 5H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9zm3 5a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6z"
        }
        "doc" => "M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5L13 3.5z",
        _ => "M9 6l6 6-6 6",
    };
    html! {
        svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" {
            path fill="currentColor" d=(d) {}
        }
    }
}

/// One item of a `data-source` (or a NavigationList item), resolved.
struct Item {
    id: String,
    title: String,
    description: Option<String>,
    metadata: Option<String>,
    enabled: bool,
    image: Option<String>,
    alt: Option<String>,
    color: Option<String>,
}

fn str_of(o: &Map<String, Value>, k: &str) -> Option<String> {
    o.get(k).filter(|v| !v.is_null()).map(display)
}

fn item_of(o: &Map<String, Value>) -> Item {
    Item {
        id: str_of(o, "id").unwrap_or_default(),
        title: str_of(o, "title").unwrap_or_default(),
        description: str_of(o, "description"),
        metadata: str_of(o, "metadata"),
        enabled: o.get("enabled").and_then(Value::as_bool).unwrap_or(true),
        image: o
            .get("image")
            .and_then(Value::as_str)
            .and_then(media::data_uri),
        alt: str_of(o, "alt-text"),
        color: o
            .get("color")
            .and_then(Value::as_str)
            .filter(|c| {
                c.len() == 7
                    && c.starts_with('#')
                    && c.bytes().skip(1).all(|b| b.is_ascii_hexdigit())
            })
            .map(str::to_owned),
    }
}

impl<'a> Renderer<'a, '_> {
    fn children(&mut self, v: Option<&'a Value>, depth: usize) -> Result<Markup> {
        if depth > MAX_COMPONENT_DEPTH {
            return Err(too_deep());
        }
        let Some(Value::Array(items)) = v else {
            return Ok(html! {});
        };
        let mut parts = Vec::with_capacity(items.len());
        for c in items {
            if let Some(c) = c.as_object() {
                parts.push(self.component(c, depth)?);
            }
        }
        Ok(html! { @for p in &parts { (p) } })
    }

    fn text(&self, c: &'a Map<String, Value>, k: &str) -> Option<String> {
        self.scope.text(c.get(k)).filter(|s| !s.is_empty())
    }

    fn items(&self, v: Option<&'a Value>) -> Vec<Item> {
        match self.scope.value(v) {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).map(item_of).collect(),
            _ => Vec::new(),
        }
    }

    /// The input's current value: the screen's form state, else its own `init-value`.
    fn input_value(&self, c: &'a Map<String, Value>) -> Option<Value> {
        c.get("name")
            .and_then(Value::as_str)
            .and_then(|n| self.scope.form().get(n).cloned())
            .or_else(|| self.scope.value(c.get("init-value")))
            .filter(|v| !v.is_null())
    }

    fn component(&mut self, c: &'a Map<String, Value>, depth: usize) -> Result<Markup> {
        let ty = c.get("type").and_then(Value::as_str).unwrap_or("");
        if !matches!(ty, "Footer" | "Form" | "If" | "Switch")
            && self.scope.boolean(c.get("visible")) == Some(false)
        {
            return Ok(html! {});
        }
        let inner = match ty {
            "Form" => return self.children(c.get("children"), depth + 1),
            "If" => {
                let branch = match self.scope.condition(c.get("condition")) {
                    Some(false) => c.get("else"),
                    _ => c.get("then"),
                };
                return self.children(branch, depth + 1);
            }
            "Switch" => {
                let Some(Value::Object(cases)) = c.get("cases") else {
                    return Ok(html! {});
                };
                let chosen = match self.scope.value(c.get("value")) {
                    Some(v) => cases.get(&display(&v)),
                    None => cases.values().next(),
                };
                return self.children(chosen, depth + 1);
            }
            "Footer" => {
                let f = self.footer_markup(c);
                self.budget.spend(f.0.len())?;
                if self.footer.is_none() {
                    self.footer = Some(f);
                    return Ok(html! {});
                }
                return Ok(f);
            }
            "TextHeading" | "TextSubheading" | "TextBody" | "TextCaption" | "RichText" => {
                self.text_component(ty, c)
            }
            "TextInput" | "TextArea" => self.text_input(ty, c),
            "Dropdown" => self.dropdown(c),
            "RadioButtonsGroup" | "CheckboxGroup" => self.choice_group(ty, c),
            "ChipsSelector" => self.chips(c),
            "DatePicker" => self.date_field(c, "label", "helper-text", self.input_value(c)),
            "CalendarPicker" => self.calendar(c),
            "OptIn" => self.opt_in(c),
            "EmbeddedLink" => html! { span.link { (self.text(c, "text").unwrap_or_default()) } },
            "Image" => self.image(c),
            "ImageCarousel" => self.carousel(c),
            "PhotoPicker" | "DocumentPicker" => self.picker(ty, c),
            "NavigationList" => self.navigation_list(c),
            other => html! { div.unknown { "Unsupported component: " (other) } },
        };
        let out = html! { div.comp data-type=(ty) { (inner) } };
        // Leaf components only: containers return their children's (already counted) markup.
        self.budget.spend(out.0.len())?;
        Ok(out)
    }

    fn footer_markup(&self, c: &'a Map<String, Value>) -> Markup {
        let label = self.text(c, "label").unwrap_or_default();
        let enabled = self.scope.boolean(c.get("enabled")) != Some(false);
        let center = self.text(c, "center-caption");
        let left = self.text(c, "left-caption");
        let right = self.text(c, "right-caption");
        html! {
            div.comp data-type="Footer" {
                @if let Some(center) = center {
                    div.caps.center { span { (center) } }
                } @else if left.is_some() || right.is_some() {
                    div.caps {
                        span { (left.unwrap_or_default()) }
                        span { (right.unwrap_or_default()) }
                    }
                }
                div.btn.off[!enabled] { (label) }
            }
        }
    }

    fn text_component(&self, ty: &str, c: &'a Map<String, Value>) -> Markup {
        let source = match c.get("text") {
            Some(Value::Array(lines)) => Some(
                lines
                    .iter()
                    .map(|l| self.scope.text(Some(l)).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            other => self.scope.text(other),
        }
        .unwrap_or_default();
        let class = match ty {
            "TextHeading" => "t-heading",
            "TextSubheading" => "t-subheading",
            "TextCaption" => "t-caption",
            _ => "t-body",
        };
        let weight = self
            .scope
            .text(c.get("font-weight"))
            .filter(|w| matches!(w.as_str(), "bold" | "italic" | "bold_italic"))
            .map(|w| format!(" fw-{w}"))
            .unwrap_or_default();
        let strike = if self.scope.boolean(c.get("strikethrough")) == Some(true) {
            " strike"
        } else {
            ""
        };
        let md = ty == "RichText" || c.get("markdown").and_then(Value::as_bool) == Some(true);
        let classes = format!("{class}{weight}{strike}");
        if md {
            html! { div.md class=(classes) { (markdown::render(&source)) } }
        } else {
            html! { div class=(classes) style="white-space:pre-line" { (source) } }
        }
    }

    fn label_parts(&self, c: &'a Map<String, Value>) -> (String, bool) {
        let label = self.text(c, "label").unwrap_or_default();
        let large = c.get("label-variant").and_then(Value::as_str) == Some("large");
        (label, large)
    }

    fn text_input(&self, ty: &str, c: &'a Map<String, Value>) -> Markup {
        let (label, large) = self.label_parts(c);
        let kind = self
            .scope
            .text(c.get("input-type"))
            .unwrap_or_else(|| "text".into());
        let value = self.input_value(c).map(|v| display(&v)).unwrap_or_default();
        let shown = if matches!(kind.as_str(), "password" | "passcode") {
            "•".repeat(value.chars().count().min(64))
        } else {
            value.clone()
        };
        let helper = self.text(c, "helper-text");
        let error = self.text(c, "error-message");
        let max = if ty == "TextArea" {
            px(self.scope.value(c.get("max-length")))
        } else {
            None
        };
        html! {
            @if large { span.lbl-large { (label) } }
            div.field.area[ty == "TextArea"] {
                @if !large { span.lbl { (label) } }
                span.val { (shown) }
            }
            @if helper.is_some() || max.is_some() || error.is_some() {
                div.helper {
                    @if let Some(e) = &error { span style="color:#c0392b" { (e) } " " }
                    @if let Some(h) = helper { (h) }
                    @if let Some(m) = max { span.count { (value.chars().count()) "/" (m) } }
                }
            }
        }
    }

    fn dropdown(&self, c: &'a Map<String, Value>) -> Markup {
        let (label, large) = self.label_parts(c);
        let items = self.items(c.get("data-source"));
        let selected = self.input_value(c).map(|v| display(&v));
        let title = selected
            .as_deref()
            .and_then(|id| items.iter().find(|i| i.id == id))
            .map(|i| i.title.clone());
        html! {
            @if large { span.lbl-large { (label) } }
            div.field.with-icon {
                @if !large { span.lbl { (label) } }
                @match title {
                    Some(t) => span.val { (t) },
                    None => span.val.ph { "Select" },
                }
                span.icon { (icon("down")) }
            }
        }
    }

    fn item_row(&self, i: &Item, mark: Markup, large: bool) -> Markup {
        html! {
            div.opt.off[!i.enabled].large[large] {
                @if let Some(uri) = &i.image {
                    img.thumb src=(uri) alt=(i.alt.as_deref().unwrap_or(""));
                }
                @if let Some(col) = &i.color {
                    span.swatch style=(format!("background:{col}")) {}
                }
                span.txt {
                    span.ttl { (i.title) }
                    @if let Some(d) = &i.description { span.dsc { (d) } }
                    @if let Some(m) = &i.metadata { span.meta { (m) } }
                }
                (mark)
            }
        }
    }

    fn group_head(&self, c: &'a Map<String, Value>) -> Markup {
        let label = self.text(c, "label");
        let desc = self.text(c, "description");
        html! {
            @if let Some(l) = label { div.glabel { (l) } }
            @if let Some(d) = desc { div.gdesc { (d) } }
        }
    }

    fn choice_group(&self, ty: &str, c: &'a Map<String, Value>) -> Markup {
        let items = self.items(c.get("data-source"));
        let value = self.input_value(c);
        let is_on = |id: &str| match &value {
            Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(id)),
            Some(v) => display(v) == id,
            None => false,
        };
        let large = self.scope.text(c.get("media-size")).as_deref() == Some("large");
        let radio = ty == "RadioButtonsGroup";
        html! {
            div.group {
                (self.group_head(c))
                div.opts {
                    @for i in &items {
                        (self.item_row(i, if radio {
                            html! { span.radio.on[is_on(&i.id)] {} }
                        } else {
                            html! { span.check.on[is_on(&i.id)] {} }
                        }, large))
                    }
                }
            }
        }
    }

    fn chips(&self, c: &'a Map<String, Value>) -> Markup {
        let items = self.items(c.get("data-source"));
        let value = self.input_value(c);
        let is_on = |id: &str| matches!(&value, Some(Value::Array(a)) if a.iter().any(|x| x.as_str() == Some(id)));
        html! {
            div.group {
                (self.group_head(c))
                div.chips {
                    @for i in &items {
                        span.chip.on[is_on(&i.id)].off[!i.enabled] { (i.title) }
                    }
                }
            }
        }
    }

    fn date_field(
        &self,
        c: &'a Map<String, Value>,
        label_key: &str,
        helper_key: &str,
        value: Option<Value>,
    ) -> Markup {
        let label = self.text(c, label_key).unwrap_or_default();
        let helper = self.text(c, helper_key);
        let shown = value.map(|v| display(&v)).filter(|s| !s.is_empty());
        html! {
            div.field.with-icon {
                span.lbl { (label) }
                @match shown {
                    Some(v) => span.val { (v) },
                    None => span.val.ph { "YYYY-MM-DD" },
                }
                span.icon { (icon("calendar")) }
            }
            @if let Some(h) = helper { div.helper { (h) } }
        }
    }

    fn calendar(&self, c: &'a Map<String, Value>) -> Markup {
        let range = self.scope.text(c.get("mode")).as_deref() == Some("range");
        if !range {
            return self.date_field(c, "label", "helper-text", self.input_value(c));
        }
        let part = |v: Option<Value>, k: &str| -> Option<String> {
            match v {
                Some(Value::Object(o)) => o.get(k).map(display),
                Some(other) => Some(display(&other)),
                None => None,
            }
        };
        let label = self.scope.value(c.get("label"));
        let value = self.input_value(c);
        let title = self.text(c, "title");
        let desc = self.text(c, "description");
        html! {
            @if let Some(t) = title { div.glabel { (t) } }
            @if let Some(d) = desc { div.gdesc { (d) } }
            div.range {
                @for k in ["start-date", "end-date"] {
                    div.field.with-icon {
                        span.lbl { (part(label.clone(), k).unwrap_or_default()) }
                        @match part(value.clone(), k).filter(|s| !s.is_empty()) {
                            Some(v) => span.val { (v) },
                            None => span.val.ph { "YYYY-MM-DD" },
                        }
                        span.icon { (icon("calendar")) }
                    }
                }
            }
        }
    }

    fn opt_in(&self, c: &'a Map<String, Value>) -> Markup {
        let label = self.text(c, "label").unwrap_or_default();
        let on = self.input_value(c).and_then(|v| v.as_bool()) == Some(true);
        let more = c.get("on-click-action").is_some();
        html! {
            div.optin {
                span.check.on[on] {}
                span.txt {
                    (label)
                    @if more { " " span.link { "Read more" } }
                }
            }
        }
    }

    fn image(&self, c: &'a Map<String, Value>) -> Markup {
        let src = self.scope.text(c.get("src")).unwrap_or_default();
        let alt = self.text(c, "alt-text").unwrap_or_default();
        let Some(uri) = media::data_uri(&src) else {
            return html! { div.noimg { "Image" @if !alt.is_empty() { ": " (alt) } } };
        };
        let w = px(self.scope.value(c.get("width")));
        let h = px(self.scope.value(c.get("height")));
        let ratio = self
            .scope
            .value(c.get("aspect-ratio"))
            .and_then(|v| v.as_f64())
            .filter(|r| r.is_finite() && *r > 0.0 && *r < 100.0);
        let mut style = String::new();
        if let Some(w) = w {
            style.push_str(&format!("width:{w}px;"));
        }
        match (h, ratio) {
            (Some(h), _) => style.push_str(&format!("height:{h}px;")),
            (None, Some(r)) => style.push_str(&format!("aspect-ratio:{r};width:100%;")),
            (None, None) => {}
        }
        let fit = if self.scope.text(c.get("scale-type")).as_deref() == Some("cover") {
            "cover"
        } else {
            "contain"
        };
        html! { img.img class=(fit) src=(uri) alt=(alt) style=(style); }
    }

    fn carousel(&self, c: &'a Map<String, Value>) -> Markup {
        let images = match self.scope.value(c.get("images")) {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        let ratio = match self.scope.text(c.get("aspect-ratio")).as_deref() {
            Some("16:9") => "16/9",
            _ => "4/3",
        };
        let fit = if self.scope.text(c.get("scale-type")).as_deref() == Some("cover") {
            "cover"
        } else {
            "contain"
        };
        let style = format!("aspect-ratio:{ratio};object-fit:{fit}");
        html! {
            div.carousel {
                @for im in &images {
                    @let alt = im.get("alt-text").map(display).unwrap_or_default();
                    div.slide {
                        @match im.get("src").and_then(Value::as_str).and_then(media::data_uri) {
                            Some(uri) => img src=(uri) alt=(alt) style=(style);,
                            None => div.noimg { "Image: " (alt) },
                        }
                    }
                }
                div.dots {
                    @for (n, _) in images.iter().enumerate() {
                        @if n == 0 { b { "●" } } @else { "●" }
                    }
                }
            }
        }
    }

    fn picker(&self, ty: &str, c: &'a Map<String, Value>) -> Markup {
        let photo = ty == "PhotoPicker";
        let label = self.text(c, "label").unwrap_or_default();
        let desc = self.text(c, "description");
        let (min_k, max_k) = if photo {
            ("min-uploaded-photos", "max-uploaded-photos")
        } else {
            ("min-uploaded-documents", "max-uploaded-documents")
        };
        let num = |k: &str| c.get(k).and_then(Value::as_u64);
        let max = num(max_k).unwrap_or(30);
        let min = num(min_k).unwrap_or(0);
        let size_mb = num("max-file-size-kb").unwrap_or(25_600).div_ceil(1024);
        let action = if photo {
            match self.scope.text(c.get("photo-source")).as_deref() {
                Some("camera") => "Take photo",
                Some("gallery") => "Choose from gallery",
                _ => "Take photo or choose from gallery",
            }
        } else {
            "Upload document"
        };
        let noun = if photo { "photo" } else { "file" };
        html! {
            div.group {
                div.glabel { (label) }
                @if let Some(d) = desc { div.gdesc { (d) } }
                div.picker style="margin-top:8px" {
                    span.big { (icon(if photo { "camera" } else { "doc" })) }
                    span.act { (action) }
                    span.lim {
                        @if min > 0 { "At least " (min) ", " }
                        "up to " (max) " " (noun) @if max != 1 { "s" }
                        ", " (size_mb) " MB each"
                    }
                }
            }
        }
    }

    fn navigation_list(&self, c: &'a Map<String, Value>) -> Markup {
        let items = match self.scope.value(c.get("list-items")) {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        let large = self.scope.text(c.get("media-size")).as_deref() == Some("large");
        html! {
            div.group.nav {
                (self.group_head(c))
                @for it in &items {
                    @let main = it.get("main-content");
                    @let f = |k: &str| main.and_then(|m| m.get(k)).map(display);
                    @let start = it.get("start").and_then(|s| s.get("image")).and_then(Value::as_str).and_then(media::data_uri);
                    @let start_alt = it.get("start").and_then(|s| s.get("alt-text")).map(display).unwrap_or_default();
                    @let end = it.get("end");
                    @let e = |k: &str| end.and_then(|m| m.get(k)).map(display);
                    div.item {
                        @if let Some(uri) = start {
                            img.thumb src=(uri) alt=(start_alt)
                                style=(if large { "width:64px;height:64px;border-radius:8px;object-fit:cover" } else { "width:40px;height:40px;border-radius:6px;object-fit:cover" });
                        }
                        span.txt {
                            span.ttl style="display:block;font-weight:500" { (f("title").unwrap_or_default()) }
                            @if let Some(d) = f("description") { span style="display:block;color:#667781;font-size:13px" { (d) } }
                            @if let Some(m) = f("metadata") { span style="display:block;color:#667781;font-size:12px" { (m) } }
                            @if let Some(Value::Array(tags)) = it.get("tags") {
                                span.tags { @for t in tags { span { (display(t)) } } }
                            }
                            @if let Some(b) = it.get("badge") { span.badge { (display(b)) } }
                        }
                        @if end.is_some() {
                            span.end {
                                @for k in ["title", "description", "metadata"] {
                                    @if let Some(x) = e(k) { span style="display:block" { (x) } }
                                }
                            }
                        }
                        span.chev { "›" }
                    }
                }
            }
        }
    }
}
