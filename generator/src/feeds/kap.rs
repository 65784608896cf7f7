//! The KAP feed (`feeds/kap.json`): every API of the catalog for the national registry of public
//! services, shaped after the DCAT-AP DataService fields, with its JSON Schema published beside it
//! (`feeds/kap.schema.json`). Every key is always present (`null` when there is no value), so a
//! consumer never has to guess whether a field was forgotten.

use catalog::spec::SecuritySchemeKind;
use catalog::{Api, Contact, Institution, Localized};
use serde_json::{json, Value};

use super::{access_rights_iri, endpoints_of, license_iri, openapi_spec_iri, theme_iri, Ctx, SCHEMA_VERSION};
use crate::output::Output;
use crate::GenError;

/// The JSON Schema of the feed, published as is.
pub(crate) const SCHEMA: &str = include_str!("kap.schema.json");

pub(crate) fn write(out: &Output, ctx: &Ctx<'_>) -> Result<(), GenError> {
    let feed = feed(ctx);
    ctx.write_json(out, &ctx.urls.feed("kap.json"), &feed)?;
    out.write(&ctx.urls.file_for(&ctx.urls.feed("kap.schema.json")), SCHEMA.as_bytes())
}

/// The feed as a JSON value.
pub(crate) fn feed(ctx: &Ctx<'_>) -> Value {
    let apis: Vec<Value> = ctx.catalog.apis.iter().map(|api| api_entry(ctx, api)).collect();
    let apis = Value::Array(apis);
    let site = &ctx.catalog.site;
    let publisher = match ctx.institution(&site.publisher) {
        Some(inst) => institution(ctx, inst),
        None => json!({
            "id": site.publisher, "iri": Value::Null, "name": localized(&site.title), "acronym": Value::Null,
            "kind": "other", "website": Value::Null,
        }),
    };
    json!({
        "$schema": ctx.abs(&ctx.urls.feed("kap.schema.json")),
        "schema_version": SCHEMA_VERSION,
        "generated_from": {
            "catalog": ctx.abs(&ctx.urls.home("pl")),
            "api_count": ctx.catalog.apis.len(),
            "version_count": ctx.catalog.apis.iter().map(|a| a.versions.len()).sum::<usize>(),
            "newest_content_date": ctx.newest_date().map(|d| d.to_string()),
            "fingerprint": fingerprint(&apis),
        },
        "catalog": {
            "title": localized(&site.title),
            "description": localized(&site.description),
            "homepage": ctx.abs(&ctx.urls.home("pl")),
            "languages": site.languages,
        },
        "publisher": publisher,
        "apis": apis,
    })
}

fn api_entry(ctx: &Ctx<'_>, api: &Api) -> Value {
    let urls = ctx.urls;
    let m = &api.meta;
    let inst = match ctx.institution(&m.institution) {
        Some(inst) => institution(ctx, inst),
        None => {
            json!({ "id": m.institution, "iri": Value::Null, "name": { "pl": m.institution, "en": Value::Null }, "acronym": Value::Null, "kind": "other", "website": Value::Null })
        }
    };
    let categories: Vec<Value> = m
        .categories
        .iter()
        .map(|id| {
            let cat = ctx.category(id);
            let theme = cat.and_then(|c| c.theme.clone());
            json!({
                "id": id,
                "name": cat.map_or_else(|| json!({ "pl": id, "en": Value::Null }), |c| localized(&c.name)),
                "theme": theme,
                "theme_iri": theme.as_deref().and_then(theme_iri),
            })
        })
        .collect();
    let initiative = m.initiative.as_ref().map(|id| {
        json!({
            "id": id,
            "title": ctx.initiative(id).map_or_else(|| json!({ "pl": id, "en": Value::Null }), |i| localized(&i.title)),
            "iri": ctx.abs(&urls.initiative("pl", id)),
        })
    });
    let current = api.current();
    let versions: Vec<Value> = api
        .versions
        .iter()
        .map(|v| {
            let version = (!v.current).then_some(v.id.as_str());
            json!({
                "id": v.id,
                "label": v.label,
                "current": v.current,
                "openapi_version": v.spec.spec_version,
                "conforms_to": openapi_spec_iri(&v.spec.spec_version),
                "spec_json": ctx.abs(&urls.spec_json(&api.id, &v.id)),
                "spec_yaml": ctx.abs(&urls.spec_yaml(&api.id, &v.id)),
                "reference": ctx.abs(&urls.reference("pl", &api.id, version)),
                "operation_count": v.spec.operations.len(),
            })
        })
        .collect();
    let endpoints: Vec<Value> = endpoints_of(current)
        .0
        .iter()
        .map(|e| json!({ "url": e.server.url, "environment": e.environment.as_str(), "description": e.server.description }))
        .collect();
    let auth: Vec<Value> = current.spec.security_schemes.iter().map(|s| auth_scheme(&s.key, &s.kind)).collect();
    json!({
        "id": api.id,
        "iri": ctx.api_iri(api),
        "landing_page": {
            "pl": ctx.abs(&urls.api("pl", &api.id)),
            "en": ctx.abs(&urls.api("en", &api.id)),
        },
        "title": localized(&api.title),
        "summary": localized(&api.summary),
        "institution": inst,
        "status": m.status.as_str(),
        "since": m.since.map(|d| d.to_string()),
        "sunset": m.sunset.map(|d| d.to_string()),
        "access": m.access.as_str(),
        "access_url": m.access_url,
        "access_rights": access_rights_iri(m.access),
        "contact": contact(&m.contact),
        "license": m.license,
        "license_iri": m.license.as_deref().and_then(license_iri),
        "terms_url": m.terms_url,
        "docs_url": m.docs_url,
        "rate_limit": m.rate_limit,
        "categories": categories,
        "tags": m.tags,
        "data_sources": m.data_sources,
        "datasets": m.datasets,
        "initiative": initiative,
        "sandbox": ctx.catalog.site.sandbox.enabled && m.sandbox,
        "auth": auth,
        "versions": versions,
        "endpoints": endpoints,
    })
}

fn institution(ctx: &Ctx<'_>, inst: &Institution) -> Value {
    json!({
        "id": inst.id,
        "iri": ctx.abs(&ctx.urls.institution("pl", &inst.id)),
        "name": localized(&inst.name),
        "acronym": inst.acronym,
        "kind": inst.kind,
        "website": inst.website,
    })
}

fn localized(text: &Localized) -> Value {
    json!({ "pl": text.pl, "en": text.en })
}

fn contact(c: &Contact) -> Value {
    if c.name.is_none() && c.email.is_none() && c.url.is_none() && c.phone.is_none() {
        return Value::Null;
    }
    json!({ "name": c.name, "email": c.email, "url": c.url, "phone": c.phone })
}

fn auth_scheme(key: &str, kind: &SecuritySchemeKind) -> Value {
    let (ty, scheme, location, flows): (&str, Option<&str>, Option<&str>, Vec<&str>) = match kind {
        SecuritySchemeKind::ApiKey { location, .. } => ("apiKey", None, Some(param_location(*location)), vec![]),
        SecuritySchemeKind::Http { scheme, .. } => ("http", Some(scheme.as_str()), None, vec![]),
        SecuritySchemeKind::OAuth2 { flows } => (
            "oauth2",
            None,
            None,
            flows
                .iter()
                .map(|f| match f.kind {
                    catalog::spec::FlowKind::Implicit => "implicit",
                    catalog::spec::FlowKind::Password => "password",
                    catalog::spec::FlowKind::ClientCredentials => "clientCredentials",
                    catalog::spec::FlowKind::AuthorizationCode => "authorizationCode",
                })
                .collect(),
        ),
        SecuritySchemeKind::OpenIdConnect { .. } => ("openIdConnect", None, None, vec![]),
        SecuritySchemeKind::MutualTls => ("mutualTLS", None, None, vec![]),
        SecuritySchemeKind::Other { .. } => ("other", None, None, vec![]),
    };
    json!({ "key": key, "type": ty, "scheme": scheme, "in": location, "flows": flows })
}

fn param_location(l: catalog::spec::ParamLocation) -> &'static str {
    match l {
        catalog::spec::ParamLocation::Path => "path",
        catalog::spec::ParamLocation::Query => "query",
        catalog::spec::ParamLocation::Header => "header",
        catalog::spec::ParamLocation::Cookie => "cookie",
    }
}

/// FNV-1a (64 bit) of the `apis` array as compact JSON: changes whenever any API's entry does,
/// so a harvester can skip an unchanged feed. Not a security measure.
fn fingerprint(apis: &Value) -> String {
    let bytes = serde_json::to_vec(apis).expect("a JSON value always serializes");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}
