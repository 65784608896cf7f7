//! `feeds/list.json` and `feeds/metrics.json` in the shape of the APIs.guru directory API
//! (its `APIs`, `API`, `ApiVersion` and `Metrics` schemas, which forbid extra keys), so that
//! tools written for APIs.guru read this catalog unchanged; and `feeds/apis/<id>.json`, the
//! single-API entry that each version's `link` points at. Versions are keyed by their URL-safe id
//! (the same key as in the spec URLs); `preferred` is the current one.

use catalog::Api;
use serde_json::{json, Map, Value};

use super::{api_dates, Ctx};
use crate::output::Output;
use crate::GenError;

pub(crate) fn write(out: &Output, ctx: &Ctx<'_>) -> Result<(), GenError> {
    let mut list = Map::new();
    for api in &ctx.catalog.apis {
        let entry = api_entry(ctx, api);
        ctx.write_json(out, &entry_path(ctx, api), &entry)?;
        list.insert(api.id.clone(), entry);
    }
    ctx.write_json(out, &ctx.urls.feed("list.json"), &Value::Object(list))?;
    ctx.write_json(out, &ctx.urls.feed("metrics.json"), &metrics(ctx))
}

fn entry_path(ctx: &Ctx<'_>, api: &Api) -> String {
    ctx.urls.feed(&format!("apis/{}.json", api.id))
}

/// APIs.guru timestamps look like `2017-05-30T08:34:14.000Z`.
fn timestamp(date: Option<catalog::Date>, ctx: &Ctx<'_>) -> String {
    // `added` and `updated` are required; an API without dates borrows the newest content date
    // (still no clock), and a catalog without any date the epoch.
    match date.or_else(|| ctx.newest_date()) {
        Some(d) => format!("{d}T00:00:00.000Z"),
        None => "1970-01-01T00:00:00.000Z".to_string(),
    }
}

pub(crate) fn api_entry(ctx: &Ctx<'_>, api: &Api) -> Value {
    let urls = ctx.urls;
    let dates = api_dates(api);
    let added = timestamp(dates.added, ctx);
    let updated = timestamp(dates.updated, ctx);
    let link = ctx.abs(&entry_path(ctx, api));
    let mut versions = Map::new();
    for v in &api.versions {
        let mut info = match v.bundled.get("info") {
            Some(Value::Object(info)) if !info.is_empty() => info.clone(),
            _ => {
                let mut m = Map::new();
                m.insert("title".into(), Value::String(v.spec.info.title.clone()));
                m.insert("version".into(), Value::String(v.spec.info.version.clone()));
                m
            }
        };
        info.insert("x-providerName".into(), Value::String(api.id.clone()));
        info.insert("x-apisguru-categories".into(), json!(api.meta.categories));
        info.insert("x-preferred".into(), Value::Bool(v.current));
        info.insert("x-institution".into(), Value::String(api.meta.institution.clone()));
        let mut version = Map::new();
        version.insert("added".into(), Value::String(added.clone()));
        version.insert("info".into(), Value::Object(info));
        version.insert("updated".into(), Value::String(updated.clone()));
        version.insert("swaggerUrl".into(), Value::String(ctx.abs(&urls.spec_json(&api.id, &v.id))));
        version.insert("swaggerYamlUrl".into(), Value::String(ctx.abs(&urls.spec_yaml(&api.id, &v.id))));
        version.insert("openapiVer".into(), Value::String(v.spec.spec_version.clone()));
        version.insert("link".into(), Value::String(link.clone()));
        if let Some(Value::Object(docs)) = v.bundled.get("externalDocs") {
            if !docs.is_empty() {
                version.insert("externalDocs".into(), Value::Object(docs.clone()));
            }
        }
        versions.insert(v.id.clone(), Value::Object(version));
    }
    json!({ "added": added, "preferred": api.current().id, "versions": versions })
}

fn metrics(ctx: &Ctx<'_>) -> Value {
    let apis = &ctx.catalog.apis;
    let mut providers: Vec<&str> = apis.iter().map(|a| a.meta.institution.as_str()).collect();
    providers.sort_unstable();
    providers.dedup();
    json!({
        "numSpecs": apis.iter().map(|a| a.versions.len()).sum::<usize>(),
        "numAPIs": apis.len(),
        "numEndpoints": apis.iter().flat_map(|a| a.versions.iter()).map(|v| v.spec.operations.len()).sum::<usize>(),
        "numProviders": providers.len(),
    })
}
