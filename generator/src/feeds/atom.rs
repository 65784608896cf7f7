//! The Atom 1.0 feed of changes (`feed.atom` in Polish at the site root, `en/feed.atom` in
//! English): an entry when an API was added, got a new version, changed status, was deprecated
//! or retired, newest first. Entry ids are `tag:` URIs built from the API and version ids (and
//! the status reached), so they never change. Dates come from git history when the catalog has
//! it (the commit that created the folder, raised `info.version`, changed `status:`); without
//! it, from front matter (`since`, and `sunset` for deprecated and retired APIs) and no new
//! versions are listed. The feed's `updated` is its newest entry's: no clock, so the same
//! catalog gives the same bytes.

use std::fmt::Write as _;
use std::sync::OnceLock;

use std::collections::HashSet;

use catalog::{Api, ApiHistory, ApiVersion, Date, Status};

use super::{api_dates, date_time, url_host, xml_escape, Ctx};
use crate::output::Output;
use crate::GenError;

/// The texts of the feed, from the theme's translation files.
const STRINGS_PL: &str = include_str!("../../../themes/default/i18n/pl/feeds.toml");
const STRINGS_EN: &str = include_str!("../../../themes/default/i18n/en/feeds.toml");

/// Year in the `tag:` ids (RFC 4151: a date at which the authority held the name). Fixed
/// forever: changing it would change every entry id.
const TAG_YEAR: &str = "2025";

/// Site path of the feed in `lang`.
pub(crate) fn path(urls: &crate::Urls, lang: &str) -> String {
    format!("{}feed.atom", urls.home(lang))
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum EventKind {
    Retired,
    Deprecated,
    /// Another status reached (from history only).
    Status(Status),
    NewVersion,
    Added,
}

/// One change of the catalog.
#[derive(Debug, Clone)]
pub(crate) struct Event<'a> {
    pub(crate) kind: EventKind,
    pub(crate) api: &'a Api,
    pub(crate) version: Option<&'a ApiVersion>,
    pub(crate) date: Date,
}

/// The changes the catalog knows dates for, newest first (ties: retired, deprecated, another
/// status, new version, added; then by API id and version).
pub(crate) fn events<'a>(ctx: &Ctx<'a>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    for api in &ctx.catalog.apis {
        let from_history = api.history.as_ref().map(|h| history_events(api, h)).unwrap_or_default();
        let has = |kind: EventKind| from_history.iter().any(|e| e.kind == kind);
        if !has(EventKind::Added) {
            if let Some(date) = api_dates(api).added {
                out.push(Event { kind: EventKind::Added, api, version: None, date });
            }
        }
        let m = &api.meta;
        match (m.status, m.sunset) {
            (Status::Deprecated, Some(date)) if !has(EventKind::Deprecated) => out.push(Event { kind: EventKind::Deprecated, api, version: None, date }),
            (Status::Retired, Some(date)) if !has(EventKind::Retired) => out.push(Event { kind: EventKind::Retired, api, version: None, date }),
            _ => {}
        }
        out.extend(from_history);
    }
    sort(&mut out);
    out
}

/// What git says happened to one API: created, each new `info.version` still published, each
/// status reached for the first time. The status and version the folder was created with are
/// part of "added", not changes of their own (unless the history is truncated, when there is
/// no "added" and every recorded change is one).
fn history_events<'a>(api: &'a Api, h: &ApiHistory) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let skip_first = usize::from(!h.truncated);
    if let Some(t) = h.created {
        out.push(Event { kind: EventKind::Added, api, version: None, date: t.date() });
    }
    let mut reached = HashSet::new();
    for s in h.statuses.iter().skip(skip_first) {
        if !reached.insert(s.status) {
            continue;
        }
        let kind = match s.status {
            Status::Deprecated => EventKind::Deprecated,
            Status::Retired => EventKind::Retired,
            other => EventKind::Status(other),
        };
        out.push(Event { kind, api, version: None, date: s.time.date() });
    }
    for v in h.versions.iter().skip(skip_first) {
        // Only versions still published: the entry links to its reference.
        if let Some(version) = api.versions.iter().find(|x| x.label == v.label) {
            out.push(Event { kind: EventKind::NewVersion, api, version: Some(version), date: v.time.date() });
        }
    }
    out
}

pub(crate) fn sort(events: &mut [Event<'_>]) {
    events.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.api.id.cmp(&b.api.id))
            .then_with(|| a.version.map(|v| &v.id).cmp(&b.version.map(|v| &v.id)))
    });
}

pub(crate) fn write(out: &Output, ctx: &Ctx<'_>) -> Result<(), GenError> {
    let events = events(ctx);
    for lang in &ctx.catalog.site.languages {
        if lang == "pl" || lang == "en" {
            let xml = render(ctx, lang, &events);
            out.write(&ctx.urls.file_for(&path(ctx.urls, lang)), xml.as_bytes())?;
        }
    }
    Ok(())
}

/// The feed's stable id prefix: `tag:<host>,2025:`.
fn tag(ctx: &Ctx<'_>, specific: &str) -> String {
    let host = url_host(ctx.urls.base_url()).unwrap_or("localhost");
    let host = if host.is_empty() { "localhost" } else { host };
    format!("tag:{host},{TAG_YEAR}:{}{specific}", ctx.urls.base_path().trim_start_matches('/'))
}

/// Renders the feed in `lang`.
pub(crate) fn render(ctx: &Ctx<'_>, lang: &str, events: &[Event<'_>]) -> String {
    let urls = ctx.urls;
    let site = &ctx.catalog.site;
    let t = |key: &str| text(lang, key);
    let updated = events.first().map(|e| e.date).or_else(|| ctx.newest_date());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">");
    let _ = writeln!(x, "  <id>{}</id>", xml_escape(&tag(ctx, &format!("feed/{lang}"))));
    let title = t("feeds.atom.feed_title").replace("{site}", site.title.get(lang));
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(&title));
    let _ = writeln!(x, "  <subtitle>{}</subtitle>", xml_escape(site.description.get(lang)));
    let _ = writeln!(x, "  <updated>{}</updated>", updated.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), date_time));
    let _ = writeln!(x, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", xml_escape(&ctx.abs(&path(urls, lang))));
    let _ = writeln!(x, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml_escape(&ctx.abs(&urls.home(lang))));
    let publisher = ctx.institution(&site.publisher);
    let author = publisher.map_or_else(|| site.title.get(lang).to_string(), |i| i.name.get(lang).to_string());
    let _ = write!(x, "  <author>\n    <name>{}</name>\n", xml_escape(&author));
    if let Some(website) = publisher.and_then(|i| i.website.as_deref()) {
        let _ = writeln!(x, "    <uri>{}</uri>", xml_escape(website));
    }
    x.push_str("  </author>\n");
    for e in events {
        let api = e.api;
        let (key, specific) = match e.kind {
            EventKind::Added => ("feeds.atom.entry.added", format!("apis/{}/added", api.id)),
            EventKind::NewVersion => ("feeds.atom.entry.new_version", format!("apis/{}/versions/{}", api.id, e.version.map_or("", |v| v.id.as_str()))),
            EventKind::Deprecated => ("feeds.atom.entry.deprecated", format!("apis/{}/deprecated", api.id)),
            EventKind::Retired => ("feeds.atom.entry.retired", format!("apis/{}/retired", api.id)),
            EventKind::Status(status) => ("feeds.atom.entry.status", format!("apis/{}/status/{}", api.id, status.as_str())),
        };
        let status_name = match e.kind {
            EventKind::Status(status) => t(&format!("feeds.atom.status.{}", status.as_str())),
            _ => String::new(),
        };
        let title = t(key)
            .replace("{title}", api.title.get(lang))
            .replace("{version}", e.version.map_or("", |v| v.label.as_str()))
            .replace("{status}", &status_name)
            .replace("{date}", &e.date.to_string());
        let link = match e.version {
            Some(v) if !v.current => ctx.abs(&urls.reference(lang, &api.id, Some(&v.id))),
            _ => ctx.abs(&urls.api(lang, &api.id)),
        };
        let mut summary = api.summary.get(lang).to_string();
        if let (EventKind::Deprecated | EventKind::Retired, Some(sunset)) = (e.kind, api.meta.sunset) {
            summary.push(' ');
            summary.push_str(&t("feeds.atom.entry.sunset").replace("{date}", &sunset.to_string()));
        }
        x.push_str("  <entry>\n");
        let _ = writeln!(x, "    <id>{}</id>", xml_escape(&tag(ctx, &specific)));
        let _ = writeln!(x, "    <title>{}</title>", xml_escape(&title));
        let _ = writeln!(x, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml_escape(&link));
        let _ = writeln!(x, "    <updated>{}</updated>", date_time(e.date));
        let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(&summary));
        let _ = writeln!(x, "    <category term=\"{}\"/>", api.meta.status.as_str());
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// A text from the embedded `feeds.toml` of `lang` (Polish when missing), by dotted key.
pub(crate) fn text(lang: &str, key: &str) -> String {
    static PL: OnceLock<toml::Table> = OnceLock::new();
    static EN: OnceLock<toml::Table> = OnceLock::new();
    let parse = |s: &str| s.parse::<toml::Table>().unwrap_or_default();
    let pl = PL.get_or_init(|| parse(STRINGS_PL));
    let table = if lang == "en" { EN.get_or_init(|| parse(STRINGS_EN)) } else { pl };
    lookup(table, key).or_else(|| lookup(pl, key)).unwrap_or_else(|| key.to_string())
}

fn lookup(table: &toml::Table, key: &str) -> Option<String> {
    let mut parts = key.split('.');
    let mut value = table.get(parts.next()?)?;
    for part in parts {
        value = value.as_table()?.get(part)?;
    }
    value.as_str().map(str::to_string)
}
