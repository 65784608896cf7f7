//! Markdown from content/ and from specs is untrusted (it arrives in pull requests): it is
//! rendered with pulldown-cmark and then cleaned by ammonia to an explicit allow-list of tags and
//! attributes. Links keep only http, https, mailto and relative URLs and get
//! `rel="noopener noreferrer"`; images only relative sources (the Content-Security-Policy
//! forbids others anyway); no script, style, event handler or inline style survives. Headings
//! are shifted so the page's own `<h1>` stays the only one and levels follow the page's outline.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
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
        let text = text.trim();
        if text.is_empty() {
            return String::new();
        }
        if is_plain(text) {
            // One paragraph of plain words: what CommonMark would render, without the cost.
            let mut out = String::with_capacity(text.len() + 8);
            out.push_str("<p>");
            escape_into(text, &mut out);
            out.push_str("</p>");
            return out;
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
        let events = events.into_iter().map(|e| match e {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => Event::Start(Tag::Heading { level: shift(level), id, classes, attrs }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
            other => other,
        });
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events);
        self.cleaner.clean(&html).to_string()
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
