//! DCAT-AP 3 (`feeds/dcat.jsonld` and `feeds/dcat.ttl`, one graph): a `dcat:Catalog` of the
//! portal with one `dcat:DataService` per API version, built to pass the DCAT-AP 3.0.1 SHACL
//! shapes (mandatory: Catalog title, description and one publisher; DataService title and
//! endpointURL; Agent name) and to carry what they recommend (contact point, theme, keyword,
//! conformsTo, endpointDescription, publisher). No blank nodes: every node has a stable IRI
//! derived from the ids (`<api page>#service-<version>`, `<institution page>#agent`, …).
//!
//! A version without any absolute server has no endpoint URL, which DCAT-AP requires: it gets the
//! catalog's sandbox when the sandbox serves the API, and is left out otherwise.

use catalog::{Api, ApiVersion, InstitutionKind, Localized};

use super::rdf::{Graph, Term};
use super::{access_rights_iri, api_dates, endpoints_of, license_iri, openapi_spec_iri, theme_iri, Ctx};
use crate::output::Output;
use crate::GenError;

macro_rules! iri {
    (dcat: $l:literal) => {
        concat!("http://www.w3.org/ns/dcat#", $l)
    };
    (dct: $l:literal) => {
        concat!("http://purl.org/dc/terms/", $l)
    };
    (foaf: $l:literal) => {
        concat!("http://xmlns.com/foaf/0.1/", $l)
    };
    (vcard: $l:literal) => {
        concat!("http://www.w3.org/2006/vcard/ns#", $l)
    };
    (rdfs: $l:literal) => {
        concat!("http://www.w3.org/2000/01/rdf-schema#", $l)
    };
    (adms: $l:literal) => {
        concat!("http://www.w3.org/ns/adms#", $l)
    };
}

const XSD_DATE: &str = "http://www.w3.org/2001/XMLSchema#date";
const EU_AUTHORITY: &str = "http://publications.europa.eu/resource/authority/";

pub(crate) fn write(out: &Output, ctx: &Ctx<'_>) -> Result<(), GenError> {
    let graph = graph(ctx);
    ctx.write_json(out, &ctx.urls.feed("dcat.jsonld"), &graph.to_json_ld())?;
    out.write(&ctx.urls.file_for(&ctx.urls.feed("dcat.ttl")), graph.to_turtle().as_bytes())
}

/// IRI of a DataService: the API's page with a fragment naming the version.
pub(crate) fn service_iri(ctx: &Ctx<'_>, api: &Api, version: &ApiVersion) -> String {
    format!("{}#service-{}", ctx.api_iri(api), version.id)
}

/// The whole graph.
pub(crate) fn graph(ctx: &Ctx<'_>) -> Graph {
    let mut g = Graph::default();
    let site = &ctx.catalog.site;
    let urls = ctx.urls;
    let catalog_iri = format!("{}#catalog", ctx.abs(&urls.home("pl")));

    g.typed(&catalog_iri, iri!(dcat: "Catalog"));
    add_localized(&mut g, &catalog_iri, iri!(dct: "title"), &site.title);
    add_localized(&mut g, &catalog_iri, iri!(dct: "description"), &site.description);
    let publisher = agent(ctx, &mut g, &site.publisher);
    g.add(&catalog_iri, iri!(dct: "publisher"), Term::iri(publisher));
    g.add(&catalog_iri, iri!(foaf: "homepage"), Term::iri(ctx.abs(&urls.home("pl"))));
    for lang in &site.languages {
        if let Some(code) = eu_language(lang) {
            g.add(&catalog_iri, iri!(dct: "language"), Term::iri(format!("{EU_AUTHORITY}language/{code}")));
        }
    }
    g.add(&catalog_iri, iri!(dct: "spatial"), Term::iri(format!("{EU_AUTHORITY}country/POL")));
    g.add(&catalog_iri, iri!(dcat: "themeTaxonomy"), Term::iri(format!("{EU_AUTHORITY}data-theme")));
    let dates: Vec<_> = ctx.catalog.apis.iter().map(api_dates).collect();
    if let Some(first) = dates.iter().filter_map(|d| d.added).min() {
        g.add(&catalog_iri, iri!(dct: "issued"), Term::typed(first.to_string(), XSD_DATE));
    }
    if let Some(last) = ctx.newest_date() {
        g.add(&catalog_iri, iri!(dct: "modified"), Term::typed(last.to_string(), XSD_DATE));
    }

    for api in &ctx.catalog.apis {
        for version in &api.versions {
            if let Some(service) = data_service(ctx, &mut g, api, version) {
                g.add(&catalog_iri, iri!(dcat: "service"), Term::iri(service));
            }
        }
    }
    g
}

fn data_service(ctx: &Ctx<'_>, g: &mut Graph, api: &Api, version: &ApiVersion) -> Option<String> {
    let urls = ctx.urls;
    let m = &api.meta;
    let (endpoints, _) = endpoints_of(version);
    let mut endpoint_urls: Vec<String> = endpoints.iter().map(|e| e.server.url.clone()).collect();
    if endpoint_urls.is_empty() && ctx.catalog.site.sandbox.enabled && m.sandbox {
        endpoint_urls.push(sandbox_url(ctx, api));
    }
    if endpoint_urls.is_empty() {
        return None;
    }
    let s = service_iri(ctx, api, version);
    let api_iri = ctx.api_iri(api);
    g.typed(&s, iri!(dcat: "DataService"));
    g.add(&s, iri!(dct: "identifier"), Term::string(format!("{}/{}", api.id, version.id)));
    add_localized(g, &s, iri!(dct: "title"), &api.title);
    add_localized(g, &s, iri!(dct: "description"), &api.summary);
    g.add(&s, iri!(dcat: "version"), Term::string(version.label.clone()));
    for url in endpoint_urls {
        g.add(&s, iri!(dcat: "endpointURL"), Term::iri(url));
    }
    g.add(&s, iri!(dcat: "endpointDescription"), Term::iri(ctx.abs(&urls.spec_json(&api.id, &version.id))));
    g.add(&s, iri!(dcat: "endpointDescription"), Term::iri(ctx.abs(&urls.spec_yaml(&api.id, &version.id))));
    g.add(&s, iri!(dct: "conformsTo"), Term::iri(openapi_spec_iri(&version.spec.spec_version)));
    let publisher = agent(ctx, g, &m.institution);
    g.add(&s, iri!(dct: "publisher"), Term::iri(publisher));
    if let Some(contact) = contact_point(ctx, g, api) {
        g.add(&s, iri!(dcat: "contactPoint"), Term::iri(contact));
    }
    for tag in &m.tags {
        g.add(&s, iri!(dcat: "keyword"), Term::string(tag.clone()));
    }
    for cat in m.categories.iter().filter_map(|id| ctx.category(id)) {
        // The category's name is a keyword too, so every service has one (DCAT-AP recommends it).
        add_localized(g, &s, iri!(dcat: "keyword"), &cat.name);
        if let Some(theme) = cat.theme.as_deref().and_then(theme_iri) {
            g.add(&s, iri!(dcat: "theme"), Term::iri(theme));
        }
    }
    if let Some(license) = &m.license {
        match license_iri(license) {
            Some(iri) => g.add(&s, iri!(dct: "license"), Term::iri(iri)),
            None => {
                // Free-text terms: a licence document of our own, labelled with the text.
                let doc = format!("{api_iri}#license");
                g.typed(&doc, iri!(dct: "LicenseDocument"));
                g.add(&doc, iri!(rdfs: "label"), Term::lang(license.clone(), "pl"));
                g.add(&s, iri!(dct: "license"), Term::iri(doc));
            }
        }
    }
    g.add(&s, iri!(dct: "accessRights"), Term::iri(access_rights_iri(m.access)));
    g.add(&s, iri!(dcat: "landingPage"), Term::iri(ctx.abs(&urls.api("pl", &api.id))));
    g.add(&s, iri!(dcat: "landingPage"), Term::iri(ctx.abs(&urls.api("en", &api.id))));
    g.add(&s, iri!(adms: "status"), Term::iri(format!("{EU_AUTHORITY}distribution-status/{}", distribution_status(m.status))));
    let dates = api_dates(api);
    if let Some(d) = dates.added {
        g.add(&s, iri!(dct: "issued"), Term::typed(d.to_string(), XSD_DATE));
    }
    if let Some(d) = dates.updated {
        g.add(&s, iri!(dct: "modified"), Term::typed(d.to_string(), XSD_DATE));
    }
    for dataset in &m.datasets {
        g.add(&s, iri!(dcat: "servesDataset"), Term::iri(format!("https://dane.gov.pl/pl/dataset/{dataset}")));
    }
    Some(s)
}

/// The sandbox root of an API on the catalog's own server (the convention the content uses for
/// its prototype APIs' servers).
fn sandbox_url(ctx: &Ctx<'_>, api: &Api) -> String {
    format!("{}sandbox/{}", ctx.abs(&ctx.urls.home("pl")), api.id)
}

/// The `foaf:Agent` for an institution id (added once), its IRI returned. An id the catalog does
/// not describe still gets an agent, named by the id, so `dct:publisher` always resolves.
fn agent(ctx: &Ctx<'_>, g: &mut Graph, id: &str) -> String {
    let iri = format!("{}#agent", ctx.abs(&ctx.urls.institution("pl", id)));
    if g.has(&iri) {
        return iri;
    }
    g.typed(&iri, iri!(foaf: "Agent"));
    g.typed(&iri, iri!(foaf: "Organization"));
    match ctx.institution(id) {
        Some(inst) => {
            add_localized(g, &iri, iri!(foaf: "name"), &inst.name);
            let publisher_type = match inst.kind {
                InstitutionKind::Ministry | InstitutionKind::Agency => Some("NationalAuthority"),
                InstitutionKind::Local => Some("LocalAuthority"),
                InstitutionKind::Other => None,
            };
            if let Some(t) = publisher_type {
                g.add(&iri, iri!(dct: "type"), Term::iri(format!("http://purl.org/adms/publishertype/{t}")));
            }
            if let Some(website) = &inst.website {
                g.add(&iri, iri!(foaf: "homepage"), Term::iri(website));
            }
            g.add(&iri, iri!(dct: "identifier"), Term::string(inst.id.clone()));
        }
        None => g.add(&iri, iri!(foaf: "name"), Term::string(id.to_string())),
    }
    iri
}

/// A vCard for the API's contact: its front matter's, else its institution's, else the one in
/// the current spec's `info.contact`; `None` when there is none at all.
fn contact_point(ctx: &Ctx<'_>, g: &mut Graph, api: &Api) -> Option<String> {
    let inst = ctx.institution(&api.meta.institution);
    let empty = |c: &catalog::Contact| c.name.is_none() && c.email.is_none() && c.url.is_none() && c.phone.is_none();
    let from_spec = api.current().spec.info.contact.as_ref().map(|c| catalog::Contact {
        name: c.name.clone(),
        email: c.email.clone(),
        url: c.url.clone().filter(|u| super::is_absolute(u)),
        phone: None,
    });
    let institution_name = inst.map(|i| i.name.pl.clone());
    let c = [Some(api.meta.contact.clone()), inst.map(|i| i.contact.clone()), from_spec].into_iter().flatten().find(|c| !empty(c))?;
    let iri = format!("{}#contact", ctx.api_iri(api));
    g.typed(&iri, iri!(vcard: "Kind"));
    if let Some(name) = c.name.clone().or(institution_name) {
        g.add(&iri, iri!(vcard: "fn"), Term::string(name));
    }
    if let Some(email) = &c.email {
        g.add(&iri, iri!(vcard: "hasEmail"), Term::iri(format!("mailto:{}", email.trim())));
    }
    if let Some(url) = &c.url {
        g.add(&iri, iri!(vcard: "hasURL"), Term::iri(url.trim()));
    }
    if let Some(phone) = &c.phone {
        let tel: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        if !tel.is_empty() {
            g.add(&iri, iri!(vcard: "hasTelephone"), Term::iri(format!("tel:{tel}")));
        }
    }
    Some(iri)
}

fn add_localized(g: &mut Graph, s: &str, p: &'static str, text: &Localized) {
    g.add(s, p, Term::lang(text.pl.clone(), "pl"));
    if let Some(en) = &text.en {
        g.add(s, p, Term::lang(en.clone(), "en"));
    }
}

/// ISO 639-1 → the EU language authority code.
fn eu_language(lang: &str) -> Option<&'static str> {
    Some(match lang {
        "pl" => "POL",
        "en" => "ENG",
        "de" => "DEU",
        "uk" => "UKR",
        "fr" => "FRA",
        _ => return None,
    })
}

/// Lifecycle status → the EU distribution-status authority table.
fn distribution_status(status: catalog::Status) -> &'static str {
    use catalog::Status::*;
    match status {
        Proposed | Prototype | Sandbox | Pilot => "DEVELOP",
        Production => "COMPLETED",
        Deprecated => "DEPRECATED",
        Retired => "WITHDRAWN",
    }
}
