//! Markdown from content/ and from specs is untrusted (it arrives in pull requests): it is
//! rendered with pulldown-cmark and then cleaned by ammonia to an explicit allow-list of tags and
//! attributes. Links keep only http, https, mailto and relative URLs and get
//! `rel="noopener noreferrer"`; images only relative sources (the Content-Security-Policy
//! forbids others anyway); no script, style, event handler or inline style survives. Headings
//! are shifted so the page's own `<h1>` stays the only one and levels follow the page's outline.
//!
//! Most markdown (every description of a big spec) has no raw HTML and no image. Its events
//! render only to allow-listed markup once fenced-code languages and table alignments are
//! dropped (ammonia would strip their `class` and `style`) and links are written under the same
//! URL policy: such text skips ammonia's parse and re-serialization, which were most of the
//! cost of rendering markdown. A test holds the two paths to the same document.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// Renders untrusted markdown to safe HTML.
pub(crate) struct Markdown {
    cleaner: ammonia::Builder<'static>,
}

impl std::fmt::Debug for Markdown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Markdown")
    }
}

const TAGS: [&str; 32] = [
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
    "sup",
    "sub",
    "kbd",
    "abbr",
];

/// The URL schemes a link may have.
const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

impl Markdown {
    /// The renderer with its allow-list.
    pub(crate) fn new() -> Markdown {
        let mut b = ammonia::Builder::empty();
        b.tags(TAGS.into_iter().collect())
            .clean_content_tags(["script", "style", "iframe", "object", "embed", "template", "textarea", "select", "noscript"].into_iter().collect())
            .tag_attributes(HashMap::from([
                ("a", HashSet::from(["href", "title"])),
                ("img", HashSet::from(["src", "alt", "title"])),
                ("abbr", HashSet::from(["title"])),
                ("ol", HashSet::from(["start"])),
                ("th", HashSet::from(["colspan", "rowspan"])),
                ("td", HashSet::from(["colspan", "rowspan"])),
            ]))
            .url_schemes(SCHEMES.into_iter().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true)
            .attribute_filter(|element, attribute, value| {
                // Images from elsewhere would be third-party requests (and blocked by the CSP).
                if element == "img" && attribute == "src" && !is_relative(value) {
                    return None;
                }
                Some(Cow::Borrowed(value))
            });
        Markdown { cleaner: b }
    }

    /// Renders `text` as block HTML whose highest heading is `<h{top}>` (2 on a page with a title).
    pub(crate) fn render(&self, text: &str, top: u8) -> String {
        self.render_by(text, top, Path::Plain).0
    }

    /// [`Markdown::render`] taking no path cheaper than `cheapest`; also says which it took.
    fn render_by<'a>(&self, text: &'a str, top: u8, cheapest: Path) -> (String, Path) {
        let text = text.trim();
        if text.is_empty() {
            return (String::new(), Path::Plain);
        }
        if cheapest <= Path::Plain && is_plain(text) {
            // One paragraph of plain words: what CommonMark would render, without the cost.
            let mut out = String::with_capacity(text.len() + 8);
            out.push_str("<p>");
            escape_into(text, &mut out);
            out.push_str("</p>");
            return (out, Path::Plain);
        }
        let events: Vec<Event<'_>> = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).collect();
        let min = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
                _ => None,
            })
            .min()
            .unwrap_or(top);
        let shift = |level: HeadingLevel| level_of((level as u8 + top).saturating_sub(min).clamp(top.max(2), 6));
        let shifted = |e: Event<'a>| match e {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => Event::Start(Tag::Heading { level: shift(level), id, classes, attrs }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
            other => other,
        };
        let mut html = String::with_capacity(text.len() * 3 / 2);
        if cheapest <= Path::Fast && events.iter().all(renders_clean) {
            pulldown_cmark::html::push_html(&mut html, events.into_iter().map(shifted).map(within_policy));
            return (html, Path::Fast);
        }
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(shifted));
        (self.cleaner.clean(&html).to_string(), Path::Cleaned)
    }
}

/// How a text was rendered, from the cheapest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Path {
    /// One paragraph of plain words, escaped.
    Plain,
    /// Markdown without raw HTML or images: rendered within the policy, not cleaned.
    Fast,
    /// Rendered, then cleaned by ammonia.
    Cleaned,
}

/// Whether `pulldown_cmark::html` writes `e` (after [`within_policy`]) only as markup the
/// cleaner allows as it is. Raw HTML and images (whose sources the cleaner filters) are not.
fn renders_clean(e: &Event<'_>) -> bool {
    match e {
        Event::Start(Tag::Heading { id, classes, attrs, .. }) => id.is_none() && classes.is_empty() && attrs.is_empty(),
        Event::Start(t) => matches!(
            t,
            Tag::Paragraph
                | Tag::BlockQuote(None)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
        ),
        Event::End(t) => matches!(
            t,
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(None)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
        ),
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        _ => false,
    }
}

/// What the cleaner would make of `e`: no language class on code, no alignment style on table
/// cells, and links written here with the cleaner's URL policy and `rel`.
fn within_policy(e: Event<'_>) -> Event<'_> {
    match e {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)),
        Event::Start(Tag::Table(aligns)) => Event::Start(Tag::Table(vec![Alignment::None; aligns.len()])),
        Event::Start(Tag::Link { link_type, dest_url, title, .. }) => Event::InlineHtml(CowStr::from(link_open(link_type, &dest_url, &title))),
        Event::End(TagEnd::Link) => Event::InlineHtml(CowStr::Borrowed("</a>")),
        other => other,
    }
}

/// `<a …>` as pulldown-cmark writes it, with the href kept only where the cleaner keeps it
/// (http, https, mailto or relative, judged on the attribute's value) and its `rel` added.
fn link_open(link_type: LinkType, dest: &str, title: &str) -> String {
    let mut href = String::with_capacity(dest.len() + 8);
    if link_type == LinkType::Email {
        href.push_str("mailto:");
    }
    let _ = pulldown_cmark_escape::escape_href(&mut href, dest);
    let mut out = String::with_capacity(href.len() + title.len() + 48);
    out.push_str("<a");
    if cleaner_keeps(&href.replace("&amp;", "&").replace("&#x27;", "'")) {
        out.push_str(" href=\"");
        out.push_str(&href);
        out.push('"');
    }
    if !title.is_empty() {
        out.push_str(" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut out, title);
        out.push('"');
    }
    out.push_str(" rel=\"noopener noreferrer\">");
    out
}

/// The cleaner's test of a link's URL (ammonia's, with the schemes set in [`Markdown::new`]).
fn cleaner_keeps(url: &str) -> bool {
    match url::Url::parse(url) {
        Ok(u) => SCHEMES.contains(&u.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

fn level_of(n: u8) -> HeadingLevel {
    match n {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// A URL with no scheme and no host (`img/a.png`, `../b`, `#x`).
fn is_relative(url: &str) -> bool {
    let url = url.trim();
    !url.starts_with("//") && !url.starts_with("\\\\") && url.split(['/', '?', '#']).next().is_none_or(|first| !first.contains(':'))
}

/// Text that CommonMark renders as exactly one paragraph of the same words.
fn is_plain(text: &str) -> bool {
    let first = text.chars().next().unwrap_or(' ');
    let markup = |b: u8| matches!(b, b'<' | b'>' | b'&' | b'*' | b'_' | b'`' | b'[' | b']' | b'\\' | b'\n' | b'\r' | b'#' | b'|' | b'~' | b'!' | b'\t');
    let block_start = first.is_ascii_digit() || "-+*>=#|".contains(first);
    !(block_start || text.bytes().any(markup) || text.contains("  ") || text.contains("://"))
}

/// HTML-escapes text for element content and attribute values.
pub(crate) fn escape_into(text: &str, out: &mut String) {
    // Runs of plain text are copied whole: this escapes every schema tree and code sample.
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
}

/// A URL from content or a spec when it is safe to link to (http, https, mailto), else `None`.
pub(crate) fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        .then_some(u)
        .filter(|u| !u.chars().any(|c| c.is_control() || c == ' '))
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
