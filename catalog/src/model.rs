//! The catalog as the later stages see it: plain, validated, immutable values.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::spec::Spec;

/// The whole catalog: everything under content/ that loaded.
#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    /// katalog.toml.
    pub site: Site,
    /// Institutions, sorted by id.
    pub institutions: Vec<Institution>,
    /// APIs that loaded, sorted by id.
    pub apis: Vec<Api>,
    /// Prototyping initiatives, sorted by id.
    pub initiatives: Vec<Initiative>,
    /// Free pages (about, terms, accessibility statement data), sorted by id.
    pub pages: Vec<Page>,
}

/// A text in Polish with an optional English version.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Localized {
    /// Polish (always there).
    pub pl: String,
    /// English, when written.
    pub en: Option<String>,
}

impl Localized {
    /// Polish only.
    pub fn pl(text: impl Into<String>) -> Self {
        Localized { pl: text.into(), en: None }
    }

    /// The text in `lang`, falling back to Polish.
    pub fn get(&self, lang: &str) -> &str {
        match (lang, &self.en) {
            ("en", Some(en)) => en,
            _ => &self.pl,
        }
    }

    /// Whether the text exists in `lang` (not a fallback).
    pub fn has(&self, lang: &str) -> bool {
        lang == "pl" || (lang == "en" && self.en.is_some())
    }
}

/// A calendar date (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub time::Date);

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(s, &fmt).ok().map(Date)
    }

    /// Days from `self` to `other`.
    pub fn days_until(self, other: Date) -> i64 {
        (other.0 - self.0).whole_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), self.0.month() as u8, self.0.day())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// katalog.toml.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// Portal title.
    pub title: Localized,
    /// One-sentence description.
    pub description: Localized,
    /// Public URL the site is published at, without a trailing slash.
    pub base_url: String,
    /// Languages, Polish first.
    pub languages: Vec<String>,
    /// Id of the institution that runs the portal.
    pub publisher: String,
    /// The https address of the catalog's git repository (`https://github.com/org/katalog`):
    /// the changelog links each commit as `<repository>/commit/<id>`. Optional.
    pub repository: Option<String>,
    /// The closed list of categories.
    pub categories: Vec<Category>,
    /// Sandbox settings.
    pub sandbox: SandboxSettings,
    /// Try-it proxy settings.
    pub proxy: ProxySettings,
    /// `[rules]`: severity overrides by rule name (aliases already resolved to the rule's name).
    pub rules: BTreeMap<String, RuleLevel>,
}

/// What katalog.toml `[rules]` sets a rule to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Report as an error (fails `check`).
    Error,
    /// Report as a warning.
    Warning,
    /// Do not report.
    Off,
}

/// A category.
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    /// Slug.
    pub id: String,
    /// Name.
    pub name: Localized,
    /// EU data theme code (`ECON`, `TRAN`, …) for DCAT.
    pub theme: Option<String>,
}

/// `[sandbox]`.
#[derive(Debug, Clone, Serialize)]
pub struct SandboxSettings {
    /// Whether the sandbox is offered at all.
    pub enabled: bool,
}

/// `[proxy]`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProxySettings {
    /// Private address ranges (CIDR) an operator allows for intranet deployments; none by default.
    pub allow_private: Vec<String>,
}

/// Kind of institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InstitutionKind {
    /// A ministry.
    Ministry,
    /// A central agency or state body.
    Agency,
    /// Local government.
    Local,
    /// Anything else.
    Other,
}

/// Contact details.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Contact {
    /// Name (person, team or office).
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Web page.
    pub url: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
}

/// An institution (`content/institutions/<id>.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Institution {
    /// Id (file stem).
    pub id: String,
    /// Name.
    pub name: Localized,
    /// Acronym.
    pub acronym: Option<String>,
    /// Kind.
    pub kind: InstitutionKind,
    /// Website.
    pub website: Option<String>,
    /// Contact.
    pub contact: Contact,
    /// Logo, read and checked (a raster image, or an SVG rebuilt from an allow-list).
    pub logo: Option<crate::logo::Logo>,
    /// Markdown description.
    pub body: Localized,
}

/// Lifecycle status of an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Proposed.
    Proposed,
    /// A prototype.
    Prototype,
    /// A sandbox exists.
    Sandbox,
    /// Pilot with real users.
    Pilot,
    /// In production.
    Production,
    /// Deprecated (has a sunset date).
    Deprecated,
    /// Retired.
    Retired,
}

impl Status {
    /// All statuses, in lifecycle order.
    pub const ALL: [Status; 7] = [Status::Proposed, Status::Prototype, Status::Sandbox, Status::Pilot, Status::Production, Status::Deprecated, Status::Retired];

    /// The word used in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Prototype => "prototype",
            Status::Sandbox => "sandbox",
            Status::Pilot => "pilot",
            Status::Production => "production",
            Status::Deprecated => "deprecated",
            Status::Retired => "retired",
        }
    }
}

/// Access conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// Open to anyone.
    Open,
    /// After registration (a key or an account).
    Registration,
    /// Only for authorised parties.
    Restricted,
}

impl Access {
    /// All values.
    pub const ALL: [Access; 3] = [Access::Open, Access::Registration, Access::Restricted];

    /// The word used in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Open => "open",
            Access::Registration => "registration",
            Access::Restricted => "restricted",
        }
    }
}

/// Front matter of an API (`content/apis/<id>/index.md`).
#[derive(Debug, Clone, Serialize)]
pub struct ApiMeta {
    /// Institution id.
    pub institution: String,
    /// Status.
    pub status: Status,
    /// Available since.
    pub since: Option<Date>,
    /// Switched off on.
    pub sunset: Option<Date>,
    /// Category ids.
    pub categories: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Access.
    pub access: Access,
    /// Where to register or apply.
    pub access_url: Option<String>,
    /// Contact.
    pub contact: Contact,
    /// Licence of the data / service.
    pub license: Option<String>,
    /// Terms of use.
    pub terms_url: Option<String>,
    /// Official documentation.
    pub docs_url: Option<String>,
    /// Rate limit, as free text.
    pub rate_limit: Option<String>,
    /// Registers the API reads.
    pub data_sources: Vec<String>,
    /// Initiative id.
    pub initiative: Option<String>,
    /// Whether the sandbox mocks it.
    pub sandbox: bool,
    /// dane.gov.pl dataset ids.
    pub datasets: Vec<String>,
}

/// One API folder.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// Id: the folder name, stable forever.
    pub id: String,
    /// Title.
    pub title: Localized,
    /// One-sentence summary.
    pub summary: Localized,
    /// Business description (markdown).
    pub body: Localized,
    /// Metadata.
    pub meta: ApiMeta,
    /// Versions: the current one first, then the others newest first.
    pub versions: Vec<ApiVersion>,
    /// Guides.
    pub guides: Vec<Guide>,
    /// The folder, relative to content/ (`apis/ksef`).
    pub dir: String,
    /// What git says about the folder, when the content is in a git repository and history was
    /// read (`catalog::load_with_history`); `None` otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<ApiHistory>,
}

/// A moment in git history (seconds since the Unix epoch, UTC); serialized as RFC 3339.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The UTC calendar day.
    pub fn date(self) -> Date {
        let t = time::OffsetDateTime::from_unix_timestamp(self.0).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        Date(t.date())
    }
}

impl fmt::Display for Timestamp {
    /// `2025-01-10T09:30:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = time::OffsetDateTime::from_unix_timestamp(self.0).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        write!(f, "{}T{:02}:{:02}:{:02}Z", Date(t.date()), t.hour(), t.minute(), t.second())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The history of one API folder, read from git.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ApiHistory {
    /// When the folder first appeared (the oldest change); `None` when the history is
    /// truncated (a shallow clone whose oldest commit already had the folder).
    pub created: Option<Timestamp>,
    /// When the folder last changed (the newest change).
    pub updated: Option<Timestamp>,
    /// Commits that changed something in the folder, newest first.
    pub changes: Vec<Change>,
    /// Front-matter `status` as it changed over time, oldest first (read from index.md only at
    /// the commits that changed index.md). The first entry is the status the folder was created
    /// with, unless the history is truncated.
    pub statuses: Vec<StatusChange>,
    /// `info.version` of the current spec each time it became a version not seen before in
    /// this folder, oldest first. The first entry is the version the folder was created with,
    /// unless the history is truncated.
    pub versions: Vec<VersionChange>,
    /// Where the programme's KPI starts: the folder's creation when it was created as
    /// `proposed` (or before index.md said anything). `None` for an API added at a later stage,
    /// or when the history is truncated.
    pub proposed_at: Option<Timestamp>,
    /// Where the KPI ends: the first commit after [`ApiHistory::proposed_at`] with `prototype`
    /// or a later stage (`sandbox`, `pilot`, `production`); `None` until then.
    pub sandbox_at: Option<Timestamp>,
    /// Days from `proposed_at` to `sandbox_at`: the "time from proposed to sandbox" KPI.
    pub proposed_to_sandbox_days: Option<i64>,
    /// The repository is a shallow clone and the folder already existed in its oldest commit:
    /// the changes before it, the creation date and the KPI are unknown.
    pub truncated: bool,
}

/// A commit at which the current spec's `info.version` became a new version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionChange {
    /// `info.version` as written.
    pub label: String,
    /// Full commit id.
    pub commit: String,
    /// Author time.
    pub time: Timestamp,
}

/// One commit that changed an API folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Full commit id (hex).
    pub commit: String,
    /// Abbreviated id (7 hex digits), as `git log --oneline` shows it.
    pub short: String,
    /// Author time.
    pub time: Timestamp,
    /// First line of the commit message.
    pub subject: String,
}

/// A commit at which the API's front-matter status became a new value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusChange {
    /// The new status.
    pub status: Status,
    /// Full commit id.
    pub commit: String,
    /// Author time.
    pub time: Timestamp,
}

impl Api {
    /// The current version.
    pub fn current(&self) -> &ApiVersion {
        &self.versions[0]
    }
}

/// One version of an API's spec.
#[derive(Debug, Clone, Serialize)]
pub struct ApiVersion {
    /// URL-safe id (used in `specs/<api>/<id>/`).
    pub id: String,
    /// `info.version` as written.
    pub label: String,
    /// Whether this is the folder's main spec.
    pub current: bool,
    /// The spec file, relative to content/.
    pub source: String,
    /// The normalized spec.
    #[serde(skip)]
    pub spec: Spec,
    /// The document as published: sibling-file `$ref`s bundled in, `info.version` a string.
    #[serde(skip)]
    pub bundled: serde_json::Value,
}

/// A guide (`guides/*.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    /// Slug (file stem).
    pub slug: String,
    /// Title.
    pub title: Localized,
    /// Markdown.
    pub body: Localized,
}

/// Status of an initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InitiativeStatus {
    /// Not started.
    Planned,
    /// Running.
    Active,
    /// Finished.
    Completed,
}

/// A prototyping initiative (`content/initiatives/<id>.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Initiative {
    /// Id.
    pub id: String,
    /// Title.
    pub title: Localized,
    /// One-sentence goal.
    pub goal: Localized,
    /// Status.
    pub status: InitiativeStatus,
    /// Start.
    pub start: Option<Date>,
    /// End.
    pub end: Option<Date>,
    /// APIs it serves.
    pub apis: Vec<String>,
    /// Partners (free text).
    pub partners: Vec<String>,
    /// Markdown.
    pub body: Localized,
}

/// A free page (`content/pages/<id>.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// Id (file stem).
    pub id: String,
    /// Title.
    pub title: Localized,
    /// Markdown.
    pub body: Localized,
    /// Other front matter fields as written (the accessibility statement's data, …).
    pub fields: serde_json::Map<String, serde_json::Value>,
}
