//! The machine-readable feeds registries and tools harvest: the KAP feed for the national
//! registry of public services (with its JSON Schema), the endpoint list (JSON and CSV), DCAT-AP 3
//! (JSON-LD and Turtle), an APIs.guru-compatible `list.json` and `metrics.json`, and the Atom feed
//! of changes. Everything is derived from the catalog alone (no clock, no environment), so the
//! same catalog gives the same bytes.

mod apisguru;
mod atom;
#[cfg(test)]
mod atom_history_tests;
mod dcat;
mod endpoints;
mod kap;
mod rdf;
#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use catalog::spec::Server;
use catalog::{Api, ApiVersion, Catalog, Category, Date, Initiative, Institution, Status};
use serde::Serialize;

use crate::output::Output;
use crate::{GenError, Urls};

/// Version of the KAP feed's and the endpoint list's shape (semver: a new optional field is a
/// minor change, a removed or retyped one a major change).
pub(crate) const SCHEMA_VERSION: &str = "1.0.0";

/// One feed, as the "Open data" page lists it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FeedInfo {
    /// Stable id (`kap`, `endpoints-csv`, …).
    pub(crate) id: &'static str,
    /// Absolute URL.
    pub(crate) url: String,
    /// Short format name (`JSON`, `CSV`, `JSON-LD`, …).
    pub(crate) format: &'static str,
    /// Media type.
    pub(crate) media_type: &'static str,
    /// Absolute URL of the schema the feed follows, when there is one.
    pub(crate) schema_url: Option<String>,
    /// Translation key of the feed's name (`feeds.kap.title`).
    pub(crate) title_key: String,
    /// Translation key of the feed's description.
    pub(crate) description_key: String,
    /// A few lines showing the shape of the feed.
    pub(crate) example: String,
}

/// The feeds a build publishes, in the order the "Open data" page shows them.
#[allow(dead_code)] // called by `build` once the pages land
pub(crate) fn catalog_of_feeds(urls: &Urls) -> Vec<FeedInfo> {
    let base = urls.base_url();
    let abs_feed = |name: &str| urls.absolute(&urls.feed(name));
    let info = |id: &'static str, key: &str, url: String, format, media_type, schema_url, example: String| FeedInfo {
        id,
        url,
        format,
        media_type,
        schema_url,
        title_key: format!("feeds.{key}.title"),
        description_key: format!("feeds.{key}.description"),
        example,
    };
    vec![
        info(
            "kap",
            "kap",
            abs_feed("kap.json"),
            "JSON",
            "application/json",
            Some(abs_feed("kap.schema.json")),
            format!(
                "{{\n  \"schema_version\": \"{SCHEMA_VERSION}\",\n  \"apis\": [\n    {{\n      \"id\": \"ksef\",\n      \"iri\": \"{base}/apis/ksef/\",\n      \"status\": \"production\",\n      \"access\": \"registration\",\n      \"versions\": [{{ \"id\": \"2.0\", \"spec_json\": \"{base}/specs/ksef/2.0/openapi.json\" }}],\n      …"
            ),
        ),
        info(
            "endpoints-json",
            "endpoints_json",
            abs_feed("endpoints.json"),
            "JSON",
            "application/json",
            None,
            "{\n  \"endpoints\": [\n    { \"api\": \"ksef\", \"version\": \"2.0\", \"institution\": \"mf\",\n      \"environment\": \"production\", \"base_url\": \"https://api.ksef.mf.gov.pl/v2\", … }"
                .to_string(),
        ),
        info(
            "endpoints-csv",
            "endpoints_csv",
            abs_feed("endpoints.csv"),
            "CSV",
            "text/csv",
            None,
            format!("{}\nksef,2.0,2.0,mf,production,https://api.ksef.mf.gov.pl/v2,{base}/specs/ksef/2.0/openapi.json,production,Produkcja", endpoints::CSV_HEADER.join(",")),
        ),
        info(
            "dcat-jsonld",
            "dcat_jsonld",
            abs_feed("dcat.jsonld"),
            "JSON-LD",
            "application/ld+json",
            Some("https://semiceu.github.io/DCAT-AP/releases/3.0.1/".to_string()),
            format!("{{\n  \"@graph\": [\n    {{ \"@id\": \"{base}/apis/ksef/#service-2.0\",\n      \"@type\": [\"dcat:DataService\"],\n      \"dcat:endpointURL\": [{{ \"@id\": \"https://api.ksef.mf.gov.pl/v2\" }}], …"),
        ),
        info(
            "dcat-ttl",
            "dcat_ttl",
            abs_feed("dcat.ttl"),
            "Turtle",
            "text/turtle",
            Some("https://semiceu.github.io/DCAT-AP/releases/3.0.1/".to_string()),
            format!("<{base}/apis/ksef/#service-2.0>\n    a dcat:DataService ;\n    dcat:endpointURL <https://api.ksef.mf.gov.pl/v2> ;\n    dct:conformsTo <https://spec.openapis.org/oas/v3.0.3> ; …"),
        ),
        info(
            "apis-guru-list",
            "apis_guru_list",
            abs_feed("list.json"),
            "JSON",
            "application/json",
            Some("https://api.apis.guru/v2/openapi.yaml".to_string()),
            format!("{{\n  \"ksef\": {{\n    \"added\": \"2022-01-01T00:00:00.000Z\",\n    \"preferred\": \"2.0\",\n    \"versions\": {{ \"2.0\": {{ \"swaggerUrl\": \"{base}/specs/ksef/2.0/openapi.json\", … }} }}"),
        ),
        info(
            "apis-guru-metrics",
            "apis_guru_metrics",
            abs_feed("metrics.json"),
            "JSON",
            "application/json",
            Some("https://api.apis.guru/v2/openapi.yaml".to_string()),
            "{\n  \"numSpecs\": 23,\n  \"numAPIs\": 22,\n  \"numEndpoints\": 310,\n  \"numProviders\": 14\n}".to_string(),
        ),
        info(
            "atom",
            "atom",
            urls.absolute(&atom::path(urls, "pl")),
            "Atom",
            "application/atom+xml",
            Some("https://www.rfc-editor.org/rfc/rfc4287".to_string()),
            format!("<entry>\n  <id>tag:…,2025:apis/ksef/added</id>\n  <title>Nowe API: Krajowy System e-Faktur (KSeF)</title>\n  <link href=\"{base}/apis/ksef/\"/>\n  <updated>2022-01-01T00:00:00Z</updated>\n  …"),
        ),
    ]
}

/// Writes every feed.
#[allow(dead_code)] // called by `build` once the pages land
pub(crate) fn write_all(out: &Output, urls: &Urls, catalog: &Catalog) -> Result<(), GenError> {
    let ctx = Ctx::new(urls, catalog);
    kap::write(out, &ctx)?;
    endpoints::write(out, &ctx)?;
    dcat::write(out, &ctx)?;
    apisguru::write(out, &ctx)?;
    atom::write(out, &ctx)
}

/// What every feed needs: the catalog, its URLs and a few lookups computed once.
pub(crate) struct Ctx<'a> {
    pub(crate) urls: &'a Urls,
    pub(crate) catalog: &'a Catalog,
    institutions: HashMap<&'a str, &'a Institution>,
    categories: HashMap<&'a str, &'a Category>,
    initiatives: HashMap<&'a str, &'a Initiative>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(urls: &'a Urls, catalog: &'a Catalog) -> Ctx<'a> {
        Ctx {
            urls,
            catalog,
            institutions: catalog.institutions.iter().map(|i| (i.id.as_str(), i)).collect(),
            categories: catalog.site.categories.iter().map(|c| (c.id.as_str(), c)).collect(),
            initiatives: catalog.initiatives.iter().map(|i| (i.id.as_str(), i)).collect(),
        }
    }

    pub(crate) fn institution(&self, id: &str) -> Option<&'a Institution> {
        self.institutions.get(id).copied()
    }

    pub(crate) fn category(&self, id: &str) -> Option<&'a Category> {
        self.categories.get(id).copied()
    }

    pub(crate) fn initiative(&self, id: &str) -> Option<&'a Initiative> {
        self.initiatives.get(id).copied()
    }

    /// Absolute URL of a site path.
    pub(crate) fn abs(&self, path: &str) -> String {
        self.urls.absolute(path)
    }

    /// The API's stable IRI: its Polish overview page.
    pub(crate) fn api_iri(&self, api: &Api) -> String {
        self.abs(&self.urls.api("pl", &api.id))
    }

    /// Writes pretty JSON with a trailing newline.
    pub(crate) fn write_json(&self, out: &Output, site_path: &str, value: &serde_json::Value) -> Result<(), GenError> {
        let mut bytes = serde_json::to_vec_pretty(value).expect("a JSON value always serializes");
        bytes.push(b'\n');
        out.write(&self.urls.file_for(site_path), &bytes)
    }

    /// The newest date anywhere in the content (no clock: this stands in for "now").
    pub(crate) fn newest_date(&self) -> Option<Date> {
        self.catalog.apis.iter().filter_map(|a| api_dates(a).updated).max()
    }
}

/// Environment of a declared server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Environment {
    /// The real service.
    Production,
    /// A test or pre-production environment of the provider.
    Test,
    /// A demo environment.
    Demo,
    /// A sandbox (synthetic data).
    Sandbox,
    /// Development or local servers, and anything else that is not for the public.
    Other,
}

impl Environment {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Test => "test",
            Environment::Demo => "demo",
            Environment::Sandbox => "sandbox",
            Environment::Other => "other",
        }
    }
}

/// Which environment a server is, from the words of its description and the labels of its
/// host name. The description wins; with neither saying anything, a declared server is taken
/// to be the production one.
pub(crate) fn environment(server: &Server) -> Environment {
    if let Some(env) = server.description.as_deref().and_then(|d| env_from_words(d.split(|c: char| !c.is_alphanumeric()))) {
        return env;
    }
    let host = url_host(&server.url).unwrap_or("");
    if host == "localhost" || host.ends_with(".local") || host.ends_with(".localhost") || host.starts_with("127.") || host == "[::1]" {
        return Environment::Other;
    }
    env_from_words(host.split(['.', '-', '_'])).unwrap_or(Environment::Production)
}

/// The strongest hint among `words`: sandbox, then demo, then test, then development, then
/// production (so "Środowisko testowe (sandbox)" is a sandbox and "przedprodukcyjne" a test).
fn env_from_words<'w>(words: impl Iterator<Item = &'w str>) -> Option<Environment> {
    let mut best: Option<(u8, Environment)> = None;
    for word in words {
        let w = word.to_lowercase();
        if w.is_empty() {
            continue;
        }
        let hit = if w.starts_with("sandbox") || w.starts_with("piaskownic") || w == "sbx" || w == "mock" {
            Some((5, Environment::Sandbox))
        } else if w.starts_with("demo") {
            Some((4, Environment::Demo))
        } else if w.starts_with("test")
            || w.starts_with("przedprodukc")
            || w.starts_with("preprod")
            || w.starts_with("integrac")
            || w.starts_with("integration")
            || w.starts_with("staging")
            || matches!(w.as_str(), "tst" | "uat" | "stage" | "int" | "qa")
        {
            Some((3, Environment::Test))
        } else if w.starts_with("dev") || w.starts_with("deweloper") || w.starts_with("lokaln") || w == "local" || w == "localhost" {
            Some((2, Environment::Other))
        } else if w.starts_with("produkc") || w.starts_with("production") || w == "prod" || w == "live" {
            Some((1, Environment::Production))
        } else {
            None
        };
        if let Some(hit) = hit {
            if best.is_none_or(|b| hit.0 > b.0) {
                best = Some(hit);
            }
        }
    }
    best.map(|b| b.1)
}

/// The host of an absolute http(s) URL, lower-cased, without port or credentials.
pub(crate) fn url_host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') { host_port.split_inclusive(']').next().unwrap_or(host_port) } else { host_port.split(':').next().unwrap_or("") };
    Some(host)
}

/// Whether a server URL is absolute (http or https with a host): only those are public
/// endpoints; a relative one has no public base.
pub(crate) fn is_absolute(url: &str) -> bool {
    let lower = url.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    (lower.starts_with("https://") || lower.starts_with("http://")) && url_host(&url.to_ascii_lowercase()).is_some_and(|h| !h.is_empty())
}

/// The servers a version declares: the spec's, then path- and operation-level ones not already
/// listed, each URL once.
pub(crate) fn declared_servers(version: &ApiVersion) -> Vec<&Server> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    let ops = version.spec.all_operations().flat_map(|op| op.servers.iter());
    for server in version.spec.servers.iter().chain(ops) {
        let url = server.url.trim_end_matches('/');
        if !seen.contains(&url) {
            seen.push(url);
            out.push(server);
        }
    }
    out
}

/// A public endpoint of one API version.
pub(crate) struct Endpoint<'a> {
    pub(crate) server: &'a Server,
    pub(crate) environment: Environment,
}

/// The public endpoints of a version and the number of relative servers left out.
pub(crate) fn endpoints_of(version: &ApiVersion) -> (Vec<Endpoint<'_>>, usize) {
    let mut skipped = 0;
    let mut out = Vec::new();
    for server in declared_servers(version) {
        if is_absolute(&server.url) {
            out.push(Endpoint { server, environment: environment(server) });
        } else {
            skipped += 1;
        }
    }
    (out, skipped)
}

/// When an API appeared and last changed: from git history when the catalog has it (the commit
/// that created the folder, the newest that changed it); otherwise from front matter: added =
/// `since`; updated = `sunset` for a retired API (it changed when it was switched off), `since`
/// otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ApiDates {
    pub(crate) added: Option<Date>,
    pub(crate) updated: Option<Date>,
}

pub(crate) fn api_dates(api: &Api) -> ApiDates {
    let history = api.history.as_ref();
    let added = history.and_then(|h| h.created).map(|t| t.date()).or(api.meta.since);
    let front_matter = match (api.meta.status, api.meta.sunset) {
        (Status::Retired, Some(sunset)) => Some(added.map_or(sunset, |a| a.max(sunset))),
        _ => added,
    };
    let updated = history.and_then(|h| h.updated).map(|t| t.date()).or(front_matter);
    ApiDates { added, updated }
}

/// `https://spec.openapis.org/oas/v3.0.3`: what a spec conforms to.
pub(crate) fn openapi_spec_iri(spec_version: &str) -> String {
    let v: String = spec_version.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.').collect();
    format!("https://spec.openapis.org/oas/v{v}")
}

/// EU data theme (`ECON`) as its authority IRI.
pub(crate) fn theme_iri(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    (!code.is_empty() && code.chars().all(|c| c.is_ascii_alphabetic())).then(|| format!("http://publications.europa.eu/resource/authority/data-theme/{code}"))
}

/// EU access-right authority IRI for an access level.
pub(crate) fn access_rights_iri(access: catalog::Access) -> &'static str {
    match access {
        catalog::Access::Open => "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
        catalog::Access::Registration => "http://publications.europa.eu/resource/authority/access-right/RESTRICTED",
        catalog::Access::Restricted => "http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC",
    }
}

/// EU licence authority IRI for a licence written as an SPDX-like id (`CC-BY-4.0`, `CC BY 4.0`,
/// `cc0`); `None` for free text, which the feeds keep as text.
pub(crate) fn license_iri(license: &str) -> Option<String> {
    let key: String = license.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    let code = match key.as_str() {
        "CCBY40" => "CC_BY_4_0",
        "CCBYSA40" => "CC_BYSA_4_0",
        "CCBYNC40" => "CC_BYNC_4_0",
        "CCBYND40" => "CC_BYND_4_0",
        "CC0" | "CC010" | "CCZERO" => "CC0",
        "ODCBY" | "ODCBY10" => "ODC_BY",
        "EUPL12" => "EUPL_1_2",
        _ => return None,
    };
    Some(format!("http://publications.europa.eu/resource/authority/licence/{code}"))
}

/// `YYYY-MM-DDT00:00:00Z`.
pub(crate) fn date_time(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// Text for XML content or a quoted attribute: markup characters escaped, and characters XML 1.0
/// forbids (controls other than tab and line breaks, U+FFFE, U+FFFF) dropped, since content
/// from pull requests may hold anything.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
