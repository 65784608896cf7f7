//! The feeds, each read back the way its consumers read it.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use catalog::spec::Server;
use catalog::Status;
use quick_xml::events::Event as XmlEvent;
use quick_xml::Reader;
use serde::Deserialize;
use serde_json::{json, Value};

use super::atom::{self, Event, EventKind};
use super::rdf::{turtle_string, Term};
use super::testkit::{self, server};
use super::{catalog_of_feeds, dcat, environment, kap, write_all, Ctx, Environment};
use crate::output::Output;
use crate::Urls;

/// Writes every feed of `catalog` into a temporary folder.
pub(super) fn build(catalog: &catalog::Catalog) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let urls = Urls::new(&catalog.site.base_url);
    write_all(&Output::new(dir.path()), &urls, catalog).unwrap();
    dir
}

/// With `KATALOG_FEEDS_OUT` set, also writes the feeds of `catalog` into `<that>/<name>/`, for
/// tests/shacl/validate.py to check (`<that>/<name>/feeds/dcat.jsonld`).
fn keep_for_shacl(name: &str, catalog: &catalog::Catalog) {
    if let Some(target) = std::env::var_os("KATALOG_FEEDS_OUT") {
        let dir = Path::new(&target).join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        write_all(&Output::new(&dir), &Urls::new(&catalog.site.base_url), catalog).unwrap();
    }
}

pub(super) fn read(dir: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(dir.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn read_json(dir: &tempfile::TempDir, rel: &str) -> Value {
    serde_json::from_str(&read(dir, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

// ---------------------------------------------------------------- KAP

#[test]
fn kap_feed_validates_against_its_published_schema() {
    let catalog = testkit::catalog();
    keep_for_shacl("fixture", &catalog);
    let dir = build(&catalog);
    let schema = read_json(&dir, "feeds/kap.schema.json");
    assert_eq!(schema, serde_json::from_str::<Value>(kap::SCHEMA).unwrap());
    jsonschema::meta::validate(&schema).expect("the schema is a valid draft 2020-12 schema");
    assert_kap_valid(&dir);
}

fn assert_kap_valid(dir: &tempfile::TempDir) {
    let schema: Value = serde_json::from_str(kap::SCHEMA).unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    let feed = read_json(dir, "feeds/kap.json");
    let errors: Vec<String> = validator.iter_errors(&feed).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn kap_schema_documents_every_field() {
    fn walk(v: &Value, at: &str, missing: &mut Vec<String>) {
        if let Some(props) = v.get("properties").and_then(Value::as_object) {
            for (k, p) in props {
                if p.get("description").and_then(Value::as_str).is_none_or(str::is_empty) {
                    missing.push(format!("{at}/{k}"));
                }
                walk(p, &format!("{at}/{k}"), missing);
            }
        }
        for key in ["$defs", "items"] {
            match v.get(key) {
                Some(Value::Object(defs)) if key == "$defs" => defs.iter().for_each(|(k, d)| walk(d, &format!("{at}/$defs/{k}"), missing)),
                Some(item) if key == "items" => walk(item, &format!("{at}[]"), missing),
                _ => {}
            }
        }
        if let Some(Value::Array(alts)) = v.get("oneOf") {
            alts.iter().for_each(|a| walk(a, at, missing));
        }
    }
    let schema: Value = serde_json::from_str(kap::SCHEMA).unwrap();
    let mut missing = Vec::new();
    walk(&schema, "", &mut missing);
    assert!(missing.is_empty(), "fields without a description: {missing:?}");
}

#[test]
fn kap_entry_carries_ids_urls_and_vocabularies() {
    let catalog = testkit::catalog();
    let urls = Urls::new(&catalog.site.base_url);
    let feed = kap::feed(&Ctx::new(&urls, &catalog));
    assert_eq!(feed["schema_version"], "1.0.0");
    assert_eq!(feed["publisher"]["id"], "mc");
    assert_eq!(feed["generated_from"]["api_count"], 5);
    assert_eq!(feed["generated_from"]["newest_content_date"], "2026-03-01");
    let ksef = &feed["apis"][0];
    assert_eq!(ksef["id"], "ksef");
    assert_eq!(ksef["iri"], "https://katalog-api.gov.pl/apis/ksef/");
    assert_eq!(ksef["title"], json!({ "pl": "API ksef – zażółć", "en": "API ksef" }));
    assert_eq!(ksef["summary"]["en"], Value::Null);
    assert_eq!(ksef["institution"]["name"]["en"], "Institution mf");
    assert_eq!(ksef["license_iri"], "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0");
    assert_eq!(ksef["access_rights"], "http://publications.europa.eu/resource/authority/access-right/PUBLIC");
    assert_eq!(ksef["categories"][0]["theme_iri"], "http://publications.europa.eu/resource/authority/data-theme/ECON");
    assert_eq!(ksef["versions"][1]["label"], "1.10");
    assert_eq!(ksef["versions"][1]["spec_yaml"], "https://katalog-api.gov.pl/specs/ksef/1.10/openapi.yaml");
    assert_eq!(ksef["versions"][0]["operation_count"], 3);
    assert_eq!(ksef["versions"][0]["conforms_to"], "https://spec.openapis.org/oas/v3.0.3");
    assert_eq!(ksef["auth"][0], json!({ "key": "bearer", "type": "http", "scheme": "bearer", "in": null, "flows": [] }));
    let envs: Vec<&str> = ksef["endpoints"].as_array().unwrap().iter().map(|e| e["environment"].as_str().unwrap()).collect();
    assert_eq!(envs, ["production", "demo", "test"], "the relative server is left out");
    let nbp = &feed["apis"][1];
    assert_eq!(nbp["license_iri"], Value::Null);
    assert_eq!(nbp["contact"], Value::Null);
    let proto = &feed["apis"][2];
    assert_eq!(proto["initiative"]["title"]["pl"], "Ocena zdolności kredytowej");
    assert_eq!(proto["access_rights"], "http://publications.europa.eu/resource/authority/access-right/RESTRICTED");
}

// ---------------------------------------------------------------- endpoints

/// A small RFC 4180 reader: quoted fields with doubled quotes and line breaks, CRLF records.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "a bare CR outside quotes");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            '\n' => panic!("a bare LF outside quotes"),
            c => field.push(c),
        }
    }
    assert!(record.is_empty() && field.is_empty() && !quoted, "the file ends with CRLF");
    records
}

#[test]
fn endpoints_csv_reads_back_with_one_row_per_version_and_absolute_server() {
    let mut catalog = testkit::catalog();
    catalog.apis[1].versions[0].spec.servers[0].description = Some("Serwer \"główny\", produkcja\nlinia 2".into());
    let dir = build(&catalog);
    let csv = read(&dir, "feeds/endpoints.csv");
    let records = parse_csv(&csv);
    assert_eq!(records[0], super::endpoints::CSV_HEADER);
    let rows: Vec<BTreeMap<&str, &str>> =
        records[1..].iter().map(|r| records[0].iter().map(String::as_str).zip(r.iter().map(String::as_str)).collect()).collect();
    let keys: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r["api"], r["version"], r["environment"])).collect();
    assert_eq!(
        keys,
        [
            ("ksef", "2.0", "production"),
            ("ksef", "2.0", "demo"),
            ("ksef", "2.0", "test"),
            ("ksef", "1.10", "production"),
            ("nbp", "1.0", "production"),
            ("stare-api", "1", "production"),
            ("wycofywane", "3.0", "sandbox"),
        ]
    );
    assert!(rows.iter().all(|r| r["base_url"].starts_with("http")), "no relative server");
    assert_eq!(rows[4]["description"], "Serwer \"główny\", produkcja\nlinia 2");
    assert_eq!(rows[4]["spec_url"], "https://katalog-api.gov.pl/specs/nbp/1.0/openapi.json");
    assert_eq!(rows[4]["institution"], "nbp");
    assert_eq!(rows[5]["status"], "retired");

    let json = read_json(&dir, "feeds/endpoints.json");
    assert_eq!(json["skipped_relative_servers"], 1);
    assert_eq!(json["endpoint_count"], 7);
    assert_eq!(
        json["endpoints"][3],
        json!({
            "api": "ksef", "version": "1.10", "version_label": "1.10", "current": false, "institution": "mf",
            "environment": "production", "base_url": "https://ksef.mf.gov.pl/api",
            "spec_url": "https://katalog-api.gov.pl/specs/ksef/1.10/openapi.json", "status": "production", "description": null,
        })
    );
}

#[test]
fn csv_defuses_formulas_in_descriptions() {
    let mut catalog = testkit::catalog();
    catalog.apis[1].versions[0].spec.servers[0].description = Some("=HYPERLINK(\"http://x\")".into());
    let dir = build(&catalog);
    let records = parse_csv(&read(&dir, "feeds/endpoints.csv"));
    let nbp = records.iter().find(|r| r[0] == "nbp").unwrap();
    assert_eq!(nbp[8], "'=HYPERLINK(\"http://x\")");
}

#[test]
fn environments_come_from_descriptions_then_host_names() {
    let env = |url: &str, d: Option<&str>| environment(&server(url, d));
    assert_eq!(env("https://api.ksef.mf.gov.pl/v2", Some("Produkcja")), Environment::Production);
    assert_eq!(env("https://api-demo.ksef.mf.gov.pl/v2", Some("Środowisko przedprodukcyjne (demo)")), Environment::Demo);
    assert_eq!(env("https://x.gov.pl", Some("Środowisko przedprodukcyjne")), Environment::Test);
    assert_eq!(env("https://x.gov.pl", Some("Środowisko testowe (integracyjne)")), Environment::Test);
    assert_eq!(env("https://katalog-api.gov.pl/sandbox/x", Some("Piaskownica katalogu (dane syntetyczne)")), Environment::Sandbox);
    assert_eq!(env("https://x.gov.pl", Some("Test sandbox")), Environment::Sandbox);
    assert_eq!(env("https://wl-test.mf.gov.pl", None), Environment::Test);
    assert_eq!(env("https://pal-test.adyen.com/pal", None), Environment::Test);
    assert_eq!(env("https://uaapi-int.e-doreczenia.gov.pl/api/v1", None), Environment::Test);
    assert_eq!(env("https://demo.example.org", None), Environment::Demo);
    assert_eq!(env("http://localhost:5001/engines", None), Environment::Other);
    assert_eq!(env("http://conjur.local", None), Environment::Other);
    assert_eq!(env("https://api.nbp.pl/api", None), Environment::Production);
    assert_eq!(env("https://testgeo.stat.gov.pl/api", None), Environment::Test);
    assert_eq!(env("https://api.github.com", Some("GitHub")), Environment::Production);
    assert_eq!(env("https://dev.example.org", Some("Development server")), Environment::Other);
    // "contest" or "latest" in a host name are not tests.
    assert_eq!(env("https://contest.example.org/latest", None), Environment::Production);
}

#[test]
fn relative_and_scheme_less_servers_are_not_endpoints() {
    let mut v = testkit::version(
        "1",
        true,
        "3.0.0",
        vec![server("/api", None), server("//cdn.example.org/x", None), server("ftp://x.org", None), server("HTTPS://Upper.example.org", None)],
        1,
    );
    v.spec.operations[0].servers = vec![server("https://ops.example.org", Some("sandbox")), server("HTTPS://Upper.example.org/", None)];
    let (endpoints, skipped) = super::endpoints_of(&v);
    let urls: Vec<&str> = endpoints.iter().map(|e| e.server.url.as_str()).collect();
    assert_eq!(urls, ["HTTPS://Upper.example.org", "https://ops.example.org"]);
    assert_eq!(skipped, 3);
}

// ---------------------------------------------------------------- DCAT

#[test]
fn dcat_has_what_dcat_ap_marks_mandatory() {
    let catalog = testkit::catalog();
    let urls = Urls::new(&catalog.site.base_url);
    let g = dcat::graph(&Ctx::new(&urls, &catalog));
    let triples = g.triples();
    let objects = |s: &str, p: &str| triples.iter().filter(|t| t.0 == s && t.1 == p).map(|t| t.2.clone()).collect::<Vec<_>>();
    let of_type =
        |class: &str| triples.iter().filter(|t| t.1 == super::rdf::RDF_TYPE && t.2 == Term::Iri(class.into())).map(|t| t.0.clone()).collect::<Vec<_>>();
    const DCAT: &str = "http://www.w3.org/ns/dcat#";
    const DCT: &str = "http://purl.org/dc/terms/";
    let catalogs = of_type(&format!("{DCAT}Catalog"));
    assert_eq!(catalogs, ["https://katalog-api.gov.pl/#catalog"]);
    for p in ["title", "description"] {
        assert!(!objects(&catalogs[0], &format!("{DCT}{p}")).is_empty(), "{p}");
    }
    assert_eq!(objects(&catalogs[0], &format!("{DCT}publisher")).len(), 1);

    let services = of_type(&format!("{DCAT}DataService"));
    // ksef 2.0 and 1.10, nbp, the prototype (sandbox endpoint), the retired and the deprecated API.
    assert_eq!(services.len(), 6, "{services:?}");
    assert_eq!(objects(&catalogs[0], &format!("{DCAT}service")).len(), 6);
    for s in &services {
        assert!(!objects(s, &format!("{DCT}title")).is_empty(), "{s}: title");
        assert!(!objects(s, &format!("{DCAT}endpointURL")).is_empty(), "{s}: endpointURL");
        for single in ["publisher", "license", "accessRights"] {
            assert!(objects(s, &format!("{DCT}{single}")).len() <= 1, "{s}: {single}");
        }
    }
    let proto = "https://katalog-api.gov.pl/apis/rejestr-dlugow/#service-0.1";
    assert_eq!(objects(proto, &format!("{DCAT}endpointURL")), [Term::iri("https://katalog-api.gov.pl/sandbox/rejestr-dlugow")]);
    let ksef = "https://katalog-api.gov.pl/apis/ksef/#service-2.0";
    assert_eq!(objects(ksef, &format!("{DCAT}endpointURL")).len(), 3);
    assert_eq!(objects(ksef, &format!("{DCT}title")), [Term::lang("API ksef – zażółć", "pl"), Term::lang("API ksef", "en")]);
    assert_eq!(objects(ksef, &format!("{DCT}conformsTo")), [Term::iri("https://spec.openapis.org/oas/v3.0.3")]);
    assert_eq!(objects(ksef, &format!("{DCT}issued")), [Term::typed("2022-01-01", "http://www.w3.org/2001/XMLSchema#date")]);
    for agent in of_type("http://xmlns.com/foaf/0.1/Agent") {
        assert!(!objects(&agent, "http://xmlns.com/foaf/0.1/name").is_empty(), "{agent}");
    }
    // Free-text terms become a licence document with the text as its label.
    let nbp_license = objects("https://katalog-api.gov.pl/apis/nbp/#service-1.0", &format!("{DCT}license"));
    assert_eq!(nbp_license, [Term::iri("https://katalog-api.gov.pl/apis/nbp/#license")]);
}

#[test]
fn dcat_leaves_out_a_version_with_no_endpoint_at_all() {
    let mut catalog = testkit::catalog();
    catalog.apis[2].meta.sandbox = false;
    let urls = Urls::new(&catalog.site.base_url);
    let g = dcat::graph(&Ctx::new(&urls, &catalog));
    assert!(!g.has("https://katalog-api.gov.pl/apis/rejestr-dlugow/#service-0.1"));
}

/// JSON-LD of our shape (compact IRIs from the inline context, arrays of value objects) back to
/// triples.
fn json_ld_triples(doc: &Value) -> HashSet<(String, String, Term)> {
    let ctx = doc["@context"].as_object().unwrap();
    let expand = |s: &str| match s.split_once(':') {
        Some((p, local)) if ctx.contains_key(p) => format!("{}{local}", ctx[p].as_str().unwrap()),
        _ => s.to_string(),
    };
    let mut out = HashSet::new();
    for node in doc["@graph"].as_array().unwrap() {
        let s = node["@id"].as_str().unwrap().to_string();
        for (k, v) in node.as_object().unwrap() {
            match k.as_str() {
                "@id" => {}
                "@type" => v.as_array().unwrap().iter().for_each(|t| {
                    out.insert((s.clone(), super::rdf::RDF_TYPE.to_string(), Term::Iri(expand(t.as_str().unwrap()))));
                }),
                p => {
                    for o in v.as_array().unwrap() {
                        let term = if let Some(id) = o.get("@id") {
                            Term::Iri(id.as_str().unwrap().to_string())
                        } else {
                            let value = o["@value"].as_str().unwrap().to_string();
                            match (o.get("@language"), o.get("@type")) {
                                (Some(l), _) => Term::lang(value, l.as_str().unwrap()),
                                (_, Some(t)) => {
                                    let dt: &'static str = Box::leak(expand(t.as_str().unwrap()).into_boxed_str());
                                    Term::typed(value, dt)
                                }
                                _ => Term::string(value),
                            }
                        };
                        out.insert((s.clone(), expand(p), term));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn json_ld_and_turtle_carry_the_same_graph() {
    let catalog = testkit::catalog();
    let dir = build(&catalog);
    let urls = Urls::new(&catalog.site.base_url);
    let g = dcat::graph(&Ctx::new(&urls, &catalog));
    let expected: HashSet<_> = g.triples().into_iter().collect();
    assert_eq!(json_ld_triples(&read_json(&dir, "feeds/dcat.jsonld")), expected);
    assert_eq!(read(&dir, "feeds/dcat.ttl"), g.to_turtle());
    // Every triple is one object in the Turtle: `a`/predicate lines and `,` continuations.
    let ttl = g.to_turtle();
    assert!(ttl.contains("a dcat:DataService"));
    assert!(ttl.contains("dct:title \"API ksef – zażółć\"@pl,\n        \"API ksef\"@en"));
    assert!(ttl.contains("\"Opis \\\"ksef\\\" w jednym zdaniu.\\nDruga linia.\"@pl"), "{ttl}");
    assert!(ttl.contains("dct:issued \"2022-01-01\"^^xsd:date"));
}

#[test]
fn turtle_strings_and_iris_are_escaped() {
    assert_eq!(turtle_string("a\"b\\c\nd\re\tf\u{1}g ł"), "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g ł\"");
    assert_eq!(super::rdf::clean_iri("https://x.org/a b{c}<d>\"|^`\\"), "https://x.org/a%20b%7Bc%7D%3Cd%3E%22%7C%5E%60%5C");
}

// ---------------------------------------------------------------- APIs.guru

/// A client of the APIs.guru directory API, written against its schemas (`APIs`, `API`,
/// `ApiVersion`, `Metrics`), which allow no other keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuruApi {
    added: String,
    preferred: String,
    versions: BTreeMap<String, GuruVersion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GuruVersion {
    added: String,
    updated: String,
    info: serde_json::Map<String, Value>,
    swagger_url: String,
    swagger_yaml_url: String,
    openapi_ver: String,
    link: Option<String>,
    external_docs: Option<serde_json::Map<String, Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(non_snake_case)]
struct GuruMetrics {
    num_specs: u64,
    #[serde(rename = "numAPIs")]
    num_apis: u64,
    num_endpoints: u64,
    num_providers: Option<u64>,
}

fn is_timestamp(s: &str) -> bool {
    s.len() == 24 && s.ends_with(".000Z") && s.as_bytes()[10] == b'T'
}

#[test]
fn list_json_reads_back_with_an_apis_guru_client() {
    let dir = build(&testkit::catalog());
    let list: BTreeMap<String, GuruApi> = serde_json::from_str(&read(&dir, "feeds/list.json")).unwrap();
    assert_eq!(list.keys().collect::<Vec<_>>(), ["ksef", "nbp", "rejestr-dlugow", "stare-api", "wycofywane"]);
    for (id, api) in &list {
        assert!(api.versions.contains_key(&api.preferred), "{id}: preferred names a version");
        assert!(is_timestamp(&api.added), "{id}: {}", api.added);
        for (v, version) in &api.versions {
            assert!(is_timestamp(&version.added) && is_timestamp(&version.updated));
            assert!(!version.info.is_empty() && version.info.contains_key("title"), "{id} {v}");
            assert_eq!(version.swagger_url, format!("https://katalog-api.gov.pl/specs/{id}/{v}/openapi.json"));
            assert_eq!(version.swagger_yaml_url, format!("https://katalog-api.gov.pl/specs/{id}/{v}/openapi.yaml"));
            let link = version.link.as_deref().unwrap();
            let entry: GuruApi = serde_json::from_str(&read(&dir, link.strip_prefix("https://katalog-api.gov.pl/").unwrap())).unwrap();
            assert_eq!(entry.preferred, api.preferred);
            assert!(version.external_docs.as_ref().is_none_or(|d| !d.is_empty()));
        }
    }
    let ksef = &list["ksef"];
    assert_eq!(ksef.preferred, "2.0");
    assert_eq!(ksef.added, "2022-01-01T00:00:00.000Z");
    assert_eq!(ksef.versions["1.10"].openapi_ver, "3.0.1");
    assert_eq!(ksef.versions["1.10"].info["version"], "1.10");
    assert_eq!(list["nbp"].versions["1.0"].openapi_ver, "2.0");
    // The retired API changed when it was switched off.
    assert_eq!(list["stare-api"].versions["1"].updated, "2024-06-30T00:00:00.000Z");

    let metrics: GuruMetrics = serde_json::from_str(&read(&dir, "feeds/metrics.json")).unwrap();
    assert_eq!((metrics.num_specs, metrics.num_apis, metrics.num_endpoints, metrics.num_providers), (6, 5, 13, Some(3)));
}

// ---------------------------------------------------------------- Atom

pub(super) struct AtomFeed {
    /// (element path, text) for every text node, e.g. ("feed/entry/id", "tag:…").
    pub(super) texts: Vec<(String, String)>,
    /// Element paths in document order.
    pub(super) elements: Vec<String>,
    /// `href` of every `link`, by element path.
    pub(super) links: Vec<(String, String)>,
}

pub(super) fn parse_atom(xml: &str) -> AtomFeed {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut feed = AtomFeed { texts: vec![], elements: vec![], links: vec![] };
    // Text and entity references of one element arrive as separate events: glue them.
    let mut pending = String::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match &event {
            XmlEvent::Text(t) => {
                pending.push_str(&t.xml10_content());
                continue;
            }
            XmlEvent::GeneralRef(r) => {
                pending.push_str(match &*r.clone().into_inner() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                });
                continue;
            }
            _ => {
                if !pending.trim().is_empty() {
                    feed.texts.push((stack.join("/"), std::mem::take(&mut pending)));
                }
                pending.clear();
            }
        }
        match event {
            XmlEvent::Start(e) => {
                stack.push(e.name().as_ref().to_string());
                feed.elements.push(stack.join("/"));
            }
            XmlEvent::Empty(e) => {
                let name = e.name().as_ref().to_string();
                let path = format!("{}/{name}", stack.join("/"));
                if name == "link" {
                    let href = e.try_get_attribute("href").unwrap().expect("link has href");
                    feed.links.push((path.clone(), href.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned()));
                }
                feed.elements.push(path);
            }
            XmlEvent::End(_) => {
                stack.pop();
            }
            XmlEvent::Eof => break,
            _ => {}
        }
        assert!(stack.len() < 10);
    }
    assert!(stack.is_empty());
    feed
}

pub(super) fn check_atom(feed: &AtomFeed) {
    let count = |path: &str| feed.elements.iter().filter(|e| *e == path).count();
    // RFC 4287 4.1.1: a feed has exactly one id, title and updated, and an author (or every
    // entry has one); 4.1.2: every entry has exactly one id, title and updated.
    assert_eq!(feed.elements[0], "feed");
    for el in ["feed/id", "feed/title", "feed/updated", "feed/author"] {
        assert_eq!(count(el), 1, "{el}");
    }
    assert_eq!(count("feed/author/name"), 1);
    let entries = count("feed/entry");
    for el in ["feed/entry/id", "feed/entry/title", "feed/entry/updated", "feed/entry/summary"] {
        assert_eq!(count(el), entries, "{el}");
    }
    assert_eq!(feed.links.iter().filter(|(p, _)| p == "feed/entry/link").count(), entries, "every entry links somewhere");
    let ids: Vec<&str> = feed.texts.iter().filter(|(p, _)| p.ends_with("/id")).map(|(_, t)| t.as_str()).collect();
    assert_eq!(ids.len(), entries + 1);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "ids are unique: {ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("tag:")));
    let updated: Vec<&str> = feed.texts.iter().filter(|(p, _)| p == "feed/entry/updated").map(|(_, t)| t.as_str()).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first: {updated:?}");
    let feed_updated = &feed.texts.iter().find(|(p, _)| p == "feed/updated").unwrap().1;
    assert!(updated.iter().all(|u| u <= &feed_updated.as_str()), "feed updated is the newest");
    for (_, t) in feed.texts.iter().filter(|(p, _)| p.ends_with("updated")) {
        assert!(t.len() == 20 && t.ends_with('Z') && t.as_bytes()[10] == b'T', "RFC 3339: {t}");
    }
}

#[test]
fn atom_feed_is_valid_newest_first_with_stable_ids() {
    let dir = build(&testkit::catalog());
    let feed = parse_atom(&read(&dir, "feed.atom"));
    check_atom(&feed);
    let titles: Vec<&str> = feed.texts.iter().filter(|(p, _)| p == "feed/entry/title").map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "API wycofywane – zażółć: API wycofywane",
            "Nowe API: API rejestr-dlugow – zażółć",
            "API stare-api – zażółć: API wyłączone",
            "Nowe API: API ksef – zażółć",
            "Nowe API: API stare-api – zażółć",
            "Nowe API: API nbp – zażółć",
        ]
    );
    let ids: Vec<&str> = feed.texts.iter().filter(|(p, _)| p == "feed/entry/id").map(|(_, t)| t.as_str()).collect();
    assert_eq!(ids[0], "tag:katalog-api.gov.pl,2025:apis/wycofywane/deprecated");
    assert_eq!(ids[2], "tag:katalog-api.gov.pl,2025:apis/stare-api/retired");
    assert!(feed.texts.contains(&("feed/updated".into(), "2027-01-01T00:00:00Z".into())));
    assert!(feed.links.contains(&("feed/link".into(), "https://katalog-api.gov.pl/feed.atom".into())));

    let en = parse_atom(&read(&dir, "en/feed.atom"));
    check_atom(&en);
    assert!(en.texts.contains(&("feed/entry/title".into(), "New API: API ksef".into())));
    assert!(en.links.contains(&("feed/entry/link".into(), "https://katalog-api.gov.pl/en/apis/ksef/".into())));
}

#[test]
fn atom_lists_new_versions_and_escapes_hostile_text() {
    let mut catalog = testkit::catalog();
    catalog.apis[0].title.pl = "KSeF <script>&\u{0}\u{1b}".into();
    let urls = Urls::new("https://example.org/sub/");
    let ctx = Ctx::new(&urls, &catalog);
    let ksef = &catalog.apis[0];
    let mut events = atom::events(&ctx);
    events.push(Event { kind: EventKind::NewVersion, api: ksef, version: Some(&ksef.versions[1]), date: testkit::date("2023-05-05") });
    events.push(Event { kind: EventKind::NewVersion, api: ksef, version: Some(&ksef.versions[0]), date: testkit::date("2025-05-05") });
    atom::sort(&mut events);
    let xml = atom::render(&ctx, "pl", &events);
    let feed = parse_atom(&xml);
    check_atom(&feed);
    let titles: Vec<&str> = feed.texts.iter().filter(|(p, _)| p == "feed/entry/title").map(|(_, t)| t.as_str()).collect();
    assert!(titles.contains(&"KSeF <script>&: nowa wersja 1.10"), "{titles:?}");
    let ids: Vec<&str> = feed.texts.iter().filter(|(p, _)| p == "feed/entry/id").map(|(_, t)| t.as_str()).collect();
    assert!(ids.contains(&"tag:example.org,2025:sub/apis/ksef/versions/2.0"), "{ids:?}");
    assert!(feed.links.contains(&("feed/entry/link".into(), "https://example.org/sub/apis/ksef/versions/1.10/reference/".into())));
}

#[test]
fn atom_without_dates_is_still_valid() {
    let mut catalog = testkit::catalog();
    for api in &mut catalog.apis {
        api.meta.since = None;
        api.meta.sunset = None;
        api.meta.status = Status::Production;
    }
    let dir = build(&catalog);
    let feed = parse_atom(&read(&dir, "feed.atom"));
    check_atom(&feed);
    assert!(!feed.elements.iter().any(|e| e == "feed/entry"));
    let list: BTreeMap<String, GuruApi> = serde_json::from_str(&read(&dir, "feeds/list.json")).unwrap();
    assert_eq!(list["ksef"].added, "1970-01-01T00:00:00.000Z");
}

// ---------------------------------------------------------------- all feeds

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn two_writes_are_byte_identical() {
    let catalog = testkit::catalog();
    let a = files(build(&catalog).path());
    let b = files(build(&catalog).path());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a == b, "feeds differ between two writes");
    assert!(a.contains_key("feeds/kap.json") && a.contains_key("feeds/apis/ksef.json") && a.contains_key("feed.atom"));
}

#[test]
fn every_listed_feed_is_written_and_described_in_both_languages() {
    let catalog = testkit::catalog();
    let dir = build(&catalog);
    let urls = Urls::new(&catalog.site.base_url);
    let feeds = catalog_of_feeds(&urls);
    let mut ids = HashSet::new();
    for f in &feeds {
        assert!(ids.insert(f.id), "{}", f.id);
        let rel = f.url.strip_prefix("https://katalog-api.gov.pl/").unwrap();
        assert!(dir.path().join(rel).is_file(), "{rel}");
        for key in [&f.title_key, &f.description_key] {
            for lang in ["pl", "en"] {
                assert_ne!(&atom::text(lang, key), key, "{lang}: {key}");
            }
        }
        if let Some(schema) = f.schema_url.as_deref().and_then(|s| s.strip_prefix("https://katalog-api.gov.pl/")) {
            assert!(dir.path().join(schema).is_file(), "{schema}");
        }
        assert!(!f.example.is_empty());
    }
    for key in ["feeds.table.feed", "feeds.table.url", "feeds.table.format", "feeds.table.schema", "feeds.table.example", "feeds.atom.entry.added"] {
        for lang in ["pl", "en"] {
            assert_ne!(atom::text(lang, key), key, "{lang}: {key}");
        }
    }
}

#[test]
fn xml_escape_drops_what_xml_forbids() {
    assert_eq!(super::xml_escape("a<b>&\"'\u{0}\u{1f}\t\u{fffe}ł"), "a&lt;b&gt;&amp;&quot;&apos;\tł");
}

#[test]
fn licences_and_themes_map_to_eu_authority_tables() {
    assert_eq!(super::license_iri("CC BY 4.0").as_deref(), Some("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"));
    assert_eq!(super::license_iri("cc0-1.0").as_deref(), Some("http://publications.europa.eu/resource/authority/licence/CC0"));
    assert_eq!(super::license_iri("Informacja publiczna – do swobodnego wykorzystania"), None);
    assert_eq!(super::theme_iri("econ").as_deref(), Some("http://publications.europa.eu/resource/authority/data-theme/ECON"));
    assert_eq!(super::theme_iri("EC ON"), None);
}

#[test]
fn server_urls_from_variables_are_kept_as_resolved() {
    let mut s: Server = server("https://s3.eu-west-1.amazonaws.com", None);
    s.template = "https://s3.{region}.amazonaws.com".into();
    let v = testkit::version("1", true, "3.0.0", vec![s], 1);
    let (e, skipped) = super::endpoints_of(&v);
    assert_eq!((e[0].server.url.as_str(), skipped), ("https://s3.eu-west-1.amazonaws.com", 0));
}

// ---------------------------------------------------------------- real catalogs

/// Loads a content folder; `None` (with a message) when it cannot be loaded at all.
fn load(content: &Path) -> Option<catalog::Catalog> {
    match catalog::load(content) {
        Ok(loaded) => {
            if !loaded.failed.is_empty() {
                eprintln!("{}: left out: {:?}", content.display(), loaded.failed);
            }
            Some(loaded.catalog)
        }
        Err(e) => {
            eprintln!("skipped: {} does not load: {e}", content.display());
            None
        }
    }
}

/// Checks on the feeds of a real catalog that hold for any catalog.
fn check_real_catalog(name: &str, catalog: &catalog::Catalog) {
    keep_for_shacl(name, catalog);
    let dir = build(catalog);
    assert_kap_valid(&dir);
    let kap = read_json(&dir, "feeds/kap.json");
    assert_eq!(kap["apis"].as_array().unwrap().len(), catalog.apis.len());
    let list: BTreeMap<String, GuruApi> = serde_json::from_str(&read(&dir, "feeds/list.json")).unwrap();
    assert_eq!(list.len(), catalog.apis.len());
    let records = parse_csv(&read(&dir, "feeds/endpoints.csv"));
    let json = read_json(&dir, "feeds/endpoints.json");
    assert_eq!(records.len() - 1, json["endpoints"].as_array().unwrap().len());
    check_atom(&parse_atom(&read(&dir, "feed.atom")));
    let urls = Urls::new(&catalog.site.base_url);
    let g = dcat::graph(&Ctx::new(&urls, catalog));
    assert_eq!(json_ld_triples(&read_json(&dir, "feeds/dcat.jsonld")), g.triples().into_iter().collect::<HashSet<_>>());
    let services = g.triples().iter().filter(|t| t.2 == Term::iri("http://www.w3.org/ns/dcat#DataService")).count();
    let versions: usize = catalog.apis.iter().map(|a| a.versions.len()).sum();
    eprintln!(
        "{name}: {} APIs, {versions} versions, {services} DataServices, {} endpoints, {} relative servers skipped",
        catalog.apis.len(),
        json["endpoint_count"],
        json["skipped_relative_servers"]
    );
}

#[test]
fn feeds_of_the_shipped_content() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let Some(catalog) = load(&content) else { return };
    check_real_catalog("content", &catalog);
    let urls = Urls::new(&catalog.site.base_url);
    let g = dcat::graph(&Ctx::new(&urls, &catalog));
    let services = g.triples().iter().filter(|t| t.2 == Term::iri("http://www.w3.org/ns/dcat#DataService")).count();
    let versions: usize = catalog.apis.iter().map(|a| a.versions.len()).sum();
    assert_eq!(services, versions, "every version of the shipped content has an endpoint");
}

#[test]
fn feeds_of_the_apis_guru_sample() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/apis-guru-sample");
    if !corpus.is_dir() {
        eprintln!("skipped: {} not found", corpus.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(content.join("institutions")).unwrap();
    std::fs::write(
        content.join("katalog.toml"),
        "title = \"Korpus\"\nbase_url = \"https://example.test\"\npublisher = \"apis-guru\"\n[[categories]]\nid = \"inne\"\nname = \"Inne\"\ntheme = \"TECH\"\n",
    )
    .unwrap();
    std::fs::write(content.join("institutions/apis-guru.md"), "---\nname: APIs.guru\nkind: other\n---\n").unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&corpus).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "yaml")).collect();
    files.sort();
    for f in &files {
        let stem = f.file_stem().unwrap().to_string_lossy().to_lowercase();
        let id = stem.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
        let dir = content.join("apis").join(&id);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.md"), format!("---\ntitle: \"{stem}\"\nsummary: Spec from the APIs.guru sample.\ninstitution: apis-guru\nstatus: production\ncategories: [inne]\naccess: open\nsince: 2024-01-01\n---\n")).unwrap();
        std::fs::copy(f, dir.join("openapi.yaml")).unwrap();
    }
    let Some(catalog) = load(&content) else { return };
    check_real_catalog("apis-guru-sample", &catalog);
    // What the export step costs (the build benchmark prints it against the whole build).
    let out = tempfile::tempdir().unwrap();
    let urls = Urls::new(&catalog.site.base_url);
    let t = std::time::Instant::now();
    write_all(&Output::new(out.path()), &urls, &catalog).unwrap();
    let feeds = t.elapsed();
    crate::specs_export::write(&Output::new(out.path()), &urls, &catalog).unwrap();
    eprintln!("apis-guru-sample: feeds {:?}, specs (JSON + YAML) {:?}", feeds, t.elapsed() - feeds);
}

#[test]
fn open_data_template_renders_every_feed() {
    let urls = Urls::new("https://katalog-api.gov.pl");
    let mut env = minijinja::Environment::new();
    env.add_template("base.html", "<main>{% block content %}{% endblock %}</main>").unwrap();
    let source = include_str!("../../../themes/default/templates/open_data.html");
    env.add_template("open_data.html", source).unwrap();
    // The page title goes through the site's `txt` filter (marks untranslated text): plain here.
    env.add_filter("txt", |v: minijinja::Value| v.get_attr("text").map(|t| t.to_string()).unwrap_or_default());
    for lang in ["pl", "en"] {
        let lang_owned = lang.to_string();
        env.add_function("t", move |key: String| -> Result<String, minijinja::Error> {
            let text = atom::text(&lang_owned, &key);
            if text == key {
                return Err(minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, format!("missing translation {key}")));
            }
            Ok(text)
        });
        let feeds = catalog_of_feeds(&urls);
        let html = env
            .get_template("open_data.html")
            .unwrap()
            .render(minijinja::context! { lang, title => minijinja::context! { text => "Dane otwarte" }, page_body => "<p>Tekst <b>strony</b></p>", feeds => feeds })
            .unwrap();
        // minijinja's HTML escaping writes `/` as `&#x2f;`.
        let html = html.replace("&#x2f;", "/");
        assert!(html.contains("<p>Tekst <b>strony</b></p>"), "page body is rendered as HTML");
        assert!(html.contains("<h1>Dane otwarte</h1>"), "the page's title is its h1");
        for f in &feeds {
            assert!(html.contains(&format!("href=\"{}\"", f.url)), "{}", f.id);
            assert!(html.contains(&format!("id=\"feed-{}\"", f.id)));
        }
        assert!(html.contains("https://katalog-api.gov.pl/feeds/kap.schema.json"));
        assert!(html.contains("&quot;schema_version&quot;"), "examples are escaped");
    }
}
