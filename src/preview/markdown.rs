//! The markdown subset of TextBody / TextCaption (`markdown: true`) and RichText, parsed by
//! pulldown-cmark and rendered through maud (so every piece of text is escaped). Raw HTML in
//! the source is shown as text; links have no `href` (the preview never navigates; the target
//! is shown as a tooltip); images are shown only from base64 `data:` URIs.
use maud::{Markup, html};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::media;

/// Deeper markdown nesting is flattened into its parent (its text is kept).
const MAX_MD_DEPTH: usize = 24;

enum Kind {
    Root,
    Para,
    Heading(u8),
    Quote,
    List(Option<u64>),
    Item,
    Em,
    Strong,
    Strike,
    Link(String),
    Image(String),
    Table,
    Head,
    Row,
    Cell,
    CodeBlock,
}

enum Node {
    Text(String),
    Code(String),
    Break,
    El(Kind, Vec<Node>),
}

fn kind_of(tag: Tag<'_>) -> Option<Kind> {
    Some(match tag {
        Tag::Paragraph => Kind::Para,
        Tag::Heading { level, .. } => Kind::Heading(match level {
            HeadingLevel::H1 => 1,
            HeadingLevel::H2 => 2,
            _ => 3,
        }),
        Tag::BlockQuote(_) => Kind::Quote,
        Tag::CodeBlock(_) => Kind::CodeBlock,
        Tag::List(start) => Kind::List(start),
        Tag::Item => Kind::Item,
        Tag::Emphasis => Kind::Em,
        Tag::Strong => Kind::Strong,
        Tag::Strikethrough => Kind::Strike,
        Tag::Link { dest_url, .. } => Kind::Link(dest_url.into_string()),
        Tag::Image { dest_url, .. } => Kind::Image(dest_url.into_string()),
        Tag::Table(_) => Kind::Table,
        Tag::TableHead => Kind::Head,
        Tag::TableRow => Kind::Row,
        Tag::TableCell => Kind::Cell,
        _ => return None,
    })
}

fn parse(src: &str) -> Vec<Node> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TABLES);
    // Stack of open elements; `None` marks a start tag that opened no element (unsupported
    // or too deep), so that its end tag is matched without closing anything.
    let mut stack: Vec<(Option<Kind>, Vec<Node>)> = vec![(Some(Kind::Root), Vec::new())];
    for ev in Parser::new_ext(src, opts) {
        let push = |stack: &mut Vec<(Option<Kind>, Vec<Node>)>, n: Node| {
            if let Some(top) = stack.last_mut() {
                top.1.push(n);
            }
        };
        match ev {
            Event::Start(tag) => {
                let k = if stack.len() > MAX_MD_DEPTH {
                    None
                } else {
                    kind_of(tag)
                };
                stack.push((k, Vec::new()));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) if stack.len() <= 1 => {}
            Event::End(_) if stack.len() > 1 => {
                if let Some((k, children)) = stack.pop() {
                    match k {
                        Some(k) => push(&mut stack, Node::El(k, children)),
                        None => {
                            if let Some(top) = stack.last_mut() {
                                top.1.extend(children);
                            }
                        }
                    }
                }
            }
            Event::End(_) => {}
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut stack, Node::Text(t.into_string()));
            }
            Event::Code(t) => push(&mut stack, Node::Code(t.into_string())),
            Event::SoftBreak | Event::HardBreak => push(&mut stack, Node::Break),
            Event::Rule => push(&mut stack, Node::Break),
            _ => {}
        }
    }
    while stack.len() > 1 {
        if let Some((k, children)) = stack.pop() {
            if let Some(top) = stack.last_mut() {
                match k {
                    Some(k) => top.1.push(Node::El(k, children)),
                    None => top.1.extend(children),
                }
            }
        }
    }
    stack.pop().map(|(_, c)| c).unwrap_or_default()
}

fn plain(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) | Node::Code(t) => out.push_str(t),
            Node::Break => out.push(' '),
            Node::El(_, c) => plain(c, out),
        }
    }
}

fn render_nodes(nodes: &[Node]) -> Markup {
    html! {
        @for n in nodes {
            (render_node(n))
        }
    }
}

fn render_node(n: &Node) -> Markup {
    match n {
        Node::Text(t) => html! { (t) },
        Node::Code(t) => html! { code { (t) } },
        Node::Break => html! { br; },
        Node::El(k, c) => {
            let inner = render_nodes(c);
            match k {
                Kind::Root => inner,
                Kind::Para => html! { p { (inner) } },
                Kind::Heading(1) => html! { h1 { (inner) } },
                Kind::Heading(2) => html! { h2 { (inner) } },
                Kind::Heading(_) => html! { h3 { (inner) } },
                Kind::Quote => html! { blockquote { (inner) } },
                Kind::CodeBlock => html! { pre { code { (inner) } } },
                Kind::List(None) => html! { ul { (inner) } },
                Kind::List(Some(start)) => html! { ol start=(start) { (inner) } },
                Kind::Item => html! { li { (inner) } },
                Kind::Em => html! { em { (inner) } },
                Kind::Strong => html! { strong { (inner) } },
                Kind::Strike => html! { del { (inner) } },
                Kind::Link(url) => html! { span.link title=(url) { (inner) } },
                Kind::Image(url) => {
                    let mut alt = String::new();
                    plain(c, &mut alt);
                    match media::data_uri(url) {
                        Some(uri) => html! { img src=(uri) alt=(alt); },
                        None => html! { span.noimg { "image: " (alt) } },
                    }
                }
                Kind::Table => html! { table { (inner) } },
                Kind::Head => html! { thead { tr { @for x in c { (head_cell(x)) } } } },
                Kind::Row => html! { tr { (inner) } },
                Kind::Cell => html! { td { (inner) } },
            }
        }
    }
}

fn head_cell(n: &Node) -> Markup {
    match n {
        Node::El(Kind::Cell, c) => html! { th { (render_nodes(c)) } },
        other => render_node(other),
    }
}

/// Renders markdown source as escaped HTML.
pub(crate) fn render(src: &str) -> Markup {
    render_nodes(&parse(src))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_subset_and_keeps_html_inert() {
        let out = render(
            "**b** *i* ~~s~~\n\n+ one\n+ two\n\n1. x\n\n[site](javascript:alert(1)) <script>alert(1)</script>",
        )
        .into_string();
        assert!(out.contains("<strong>b</strong>"), "{out}");
        assert!(out.contains("<em>i</em>"), "{out}");
        assert!(out.contains("<del>s</del>"), "{out}");
        assert!(out.contains("<ul><li>one</li><li>two</li></ul>"), "{out}");
        assert!(out.contains("<ol start=\"1\"><li>x</li></ol>"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("href"), "{out}");
        assert!(
            out.contains("<span class=\"link\" title=\"javascript:alert(1)\">site</span>"),
            "{out}"
        );
    }

    #[test]
    fn images_only_from_base64_and_tables_render() {
        let out = render("![logo](https://example.com/x.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |")
            .into_string();
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("image: logo"), "{out}");
        assert!(out.contains("<th>a</th>"), "{out}");
        assert!(out.contains("<td>2</td>"), "{out}");
    }

    #[test]
    fn deep_nesting_is_flattened_not_recursed() {
        let src = format!("{}x", "> ".repeat(5000));
        let out = render(&src).into_string();
        assert!(out.contains('x'));
        assert!(out.matches("<blockquote>").count() <= MAX_MD_DEPTH);
    }
}
