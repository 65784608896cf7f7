//! Hand-built catalogs for the export tests (feeds, specs, sitemap): a small builder so that a
//! test says only what it is about.

use catalog::spec::{Dialect, Info, Method, Operation, SecurityScheme, SecuritySchemeKind, Server, Spec};
use catalog::{
    Access, Api, ApiMeta, ApiVersion, Catalog, Category, Contact, Date, Initiative, InitiativeStatus, Institution, InstitutionKind, Localized, ProxySettings,
    SandboxSettings, Site, Status,
};
use serde_json::json;

pub(crate) fn date(s: &str) -> Date {
    Date::parse(s).expect("a test date")
}

pub(crate) fn loc(pl: &str, en: Option<&str>) -> Localized {
    Localized { pl: pl.to_string(), en: en.map(str::to_string) }
}

pub(crate) fn server(url: &str, description: Option<&str>) -> Server {
    Server { url: url.to_string(), template: url.to_string(), description: description.map(str::to_string), variables: vec![] }
}

pub(crate) fn operation(method: Method, path: &str, id: &str) -> Operation {
    Operation {
        key: id.to_string(),
        method,
        path: path.to_string(),
        operation_id: Some(id.to_string()),
        summary: Some(format!("Operacja {id}")),
        description: None,
        tags: vec![],
        deprecated: false,
        parameters: vec![],
        request_body: None,
        responses: vec![],
        security: None,
        servers: vec![],
        callbacks: vec![],
        pointer: format!("/paths/{}/{}", path.replace('~', "~0").replace('/', "~1"), method.as_str()),
        pos: Default::default(),
    }
}

/// A version with its normalized spec and a bundled document that agrees with it.
pub(crate) fn version(label: &str, current: bool, spec_version: &str, servers: Vec<Server>, ops: usize) -> ApiVersion {
    let operations: Vec<Operation> = (0..ops).map(|i| operation(Method::Get, &format!("/items/{i}"), &format!("getItem{i}"))).collect();
    let dialect = match spec_version {
        "2.0" => Dialect::Swagger2,
        v if v.starts_with("3.1") => Dialect::OpenApi31,
        _ => Dialect::OpenApi30,
    };
    let mut paths = serde_json::Map::new();
    for op in &operations {
        paths.insert(
            op.path.clone(),
            json!({ "get": { "operationId": op.operation_id, "summary": op.summary, "responses": { "200": { "description": "OK" } } } }),
        );
    }
    let bundled = json!({
        "openapi": spec_version,
        "info": { "title": "Test API", "version": label, "description": "Opis: \"cytat\", zażółć gęślą jaźń" },
        "servers": servers.iter().map(|s| json!({ "url": s.url, "description": s.description })).collect::<Vec<_>>(),
        "paths": paths,
    });
    ApiVersion {
        id: catalog::version_id(label),
        label: label.to_string(),
        current,
        source: "apis/x/openapi.yaml".to_string(),
        spec: Spec {
            dialect,
            spec_version: spec_version.to_string(),
            info: Info { title: "Test API".into(), version: label.into(), ..Default::default() },
            servers,
            tags: vec![],
            operations,
            webhooks: vec![],
            security_schemes: vec![SecurityScheme {
                key: "bearer".into(),
                kind: SecuritySchemeKind::Http { scheme: "bearer".into(), bearer_format: Some("JWT".into()) },
                description: None,
            }],
            security: vec![],
            components: vec![],
            schemas: vec![],
            external_docs: None,
        },
        bundled,
    }
}

pub(crate) fn api(id: &str, institution: &str, status: Status, since: Option<&str>, versions: Vec<ApiVersion>) -> Api {
    Api {
        id: id.to_string(),
        title: loc(&format!("API {id} – zażółć"), Some(&format!("API {id}"))),
        summary: loc(&format!("Opis \"{id}\" w jednym zdaniu.\nDruga linia."), None),
        body: loc("Treść.", None),
        meta: ApiMeta {
            institution: institution.to_string(),
            status,
            since: since.map(date),
            sunset: None,
            categories: vec!["finanse".into()],
            tags: vec!["faktura".into(), "vat".into()],
            access: Access::Open,
            access_url: None,
            contact: Contact { name: Some("Zespół API".into()), email: Some("api@example.gov.pl".into()), url: None, phone: Some("+48 22 123 45 67".into()) },
            license: Some("CC-BY-4.0".into()),
            terms_url: None,
            docs_url: Some("https://example.gov.pl/docs".into()),
            rate_limit: None,
            data_sources: vec!["CEPiK".into()],
            initiative: None,
            sandbox: true,
            datasets: vec![],
        },
        versions,
        guides: vec![],
        dir: format!("apis/{id}"),
        history: None,
    }
}

pub(crate) fn institution(id: &str, kind: InstitutionKind) -> Institution {
    Institution {
        id: id.to_string(),
        name: loc(&format!("Instytucja {id}"), Some(&format!("Institution {id}"))),
        acronym: Some(id.to_uppercase()),
        kind,
        website: Some(format!("https://{id}.gov.pl")),
        contact: Contact { email: Some(format!("kontakt@{id}.gov.pl")), ..Default::default() },
        logo: None,
        body: loc("", None),
    }
}

/// A catalog with a few APIs covering what the feeds must handle: two versions, Swagger 2.0,
/// a relative server, a retired API, an API without servers, free-text licence, Polish text.
pub(crate) fn catalog() -> Catalog {
    let ksef = api(
        "ksef",
        "mf",
        Status::Production,
        Some("2022-01-01"),
        vec![
            version(
                "2.0",
                true,
                "3.0.3",
                vec![
                    server("https://api.ksef.mf.gov.pl/v2", Some("Produkcja")),
                    server("https://api-demo.ksef.mf.gov.pl/v2", Some("Środowisko przedprodukcyjne (demo)")),
                    server("https://api-test.ksef.mf.gov.pl/v2", Some("Środowisko testowe")),
                    server("/v2", Some("Względny, \"bez hosta\"")),
                ],
                3,
            ),
            version("1.10", false, "3.0.1", vec![server("https://ksef.mf.gov.pl/api", None)], 2),
        ],
    );
    let mut nbp = api("nbp", "nbp", Status::Production, Some("2015-02-01"), vec![version("1.0", true, "2.0", vec![server("http://api.nbp.pl/api", None)], 4)]);
    nbp.meta.license = Some("Dane publiczne NBP – do swobodnego wykorzystania".into());
    nbp.meta.categories = vec!["finanse".into(), "statystyka".into()];
    nbp.meta.contact = Contact::default();
    let mut old = api(
        "stare-api",
        "mf",
        Status::Retired,
        Some("2016-01-01"),
        vec![version("1", true, "3.1.0", vec![server("https://old.mf.gov.pl", Some("Production, \"quoted\""))], 1)],
    );
    old.meta.sunset = Some(date("2024-06-30"));
    old.meta.access = Access::Restricted;
    old.meta.license = None;
    let mut proto = api("rejestr-dlugow", "mc", Status::Prototype, Some("2026-03-01"), vec![version("0.1", true, "3.1.0", vec![], 2)]);
    proto.meta.initiative = Some("ocena".into());
    proto.meta.access = Access::Registration;
    let mut dep = api(
        "wycofywane",
        "mc",
        Status::Deprecated,
        None,
        vec![version("3.0", true, "3.0.0", vec![server("https://sandbox.mc.gov.pl/v3", Some("Piaskownica"))], 1)],
    );
    dep.meta.sunset = Some(date("2027-01-01"));
    dep.meta.sandbox = false;
    Catalog {
        site: Site {
            title: loc("Katalog API administracji publicznej", Some("Catalogue of Polish public-administration APIs")),
            description: loc("Jedno miejsce, w którym znajdziesz API urzędów.", Some("One place to find public APIs.")),
            base_url: "https://katalog-api.gov.pl".into(),
            languages: vec!["pl".into(), "en".into()],
            publisher: "mc".into(),
            repository: None,
            categories: vec![
                Category { id: "finanse".into(), name: loc("Finanse i podatki", Some("Finance and taxes")), theme: Some("ECON".into()) },
                Category { id: "statystyka".into(), name: loc("Statystyka", None), theme: Some("SOCI".into()) },
            ],
            sandbox: SandboxSettings { enabled: true },
            proxy: ProxySettings::default(),
            rules: Default::default(),
        },
        institutions: vec![
            institution("mc", InstitutionKind::Ministry),
            institution("mf", InstitutionKind::Ministry),
            institution("nbp", InstitutionKind::Agency),
        ],
        apis: vec![ksef, nbp, proto, old, dep],
        initiatives: vec![Initiative {
            id: "ocena".into(),
            title: loc("Ocena zdolności kredytowej", None),
            goal: loc("Cel.", None),
            status: InitiativeStatus::Active,
            start: None,
            end: None,
            apis: vec!["rejestr-dlugow".into()],
            partners: vec![],
            body: loc("", None),
        }],
        pages: vec![],
    }
}
