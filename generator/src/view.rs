//! Small view models shared by the pages: texts that may fall back to Polish, links, API cards
//! for lists and the facet blocks. Plain serializable values; templates decide the markup.

use catalog::Localized;
use serde::Serialize;

use crate::markdown::Markdown;

/// A text in the page's language, or the Polish one when it has none (`fallback`; the template
/// marks it `lang="pl"`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Text {
    pub(crate) text: String,
    pub(crate) fallback: bool,
}

impl Text {
    pub(crate) fn of(l: &Localized, lang: &str) -> Text {
        Text { text: l.get(lang).to_string(), fallback: !l.has(lang) }
    }

    pub(crate) fn plain(s: impl Into<String>) -> Text {
        Text { text: s.into(), fallback: false }
    }
}

/// Markdown rendered to safe HTML, possibly the Polish text on an English page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Prose {
    pub(crate) html: String,
    pub(crate) fallback: bool,
}

impl Prose {
    pub(crate) fn of(md: &Markdown, l: &Localized, lang: &str, top: u8) -> Prose {
        Prose { html: md.render(l.get(lang), top), fallback: !l.has(lang) && !l.pl.trim().is_empty() }
    }
}

/// A link with its text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub(crate) href: String,
    pub(crate) text: Text,
}

/// One API in a list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ApiCard {
    pub(crate) id: String,
    pub(crate) href: String,
    pub(crate) title: Text,
    pub(crate) summary: Text,
    pub(crate) institution: Option<Link>,
    pub(crate) status: &'static str,
    pub(crate) status_href: String,
    pub(crate) access: &'static str,
    pub(crate) access_href: String,
    pub(crate) categories: Vec<Link>,
    pub(crate) operations: usize,
}

/// One value of a facet, with the number of APIs that have it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FacetItem {
    pub(crate) href: String,
    /// A text for institutions and categories; for status and access the template translates `value`.
    pub(crate) label: Option<Text>,
    pub(crate) value: String,
    pub(crate) count: usize,
}

/// A facet block.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Facet {
    pub(crate) key: &'static str,
    pub(crate) items: Vec<FacetItem>,
}
