//! The endpoint list (`feeds/endpoints.json`, `feeds/endpoints.csv`): one row per API version and
//! declared server with an absolute URL, for monitoring and for the try-it proxy's allow-list.
//! Relative server URLs have no public address: they are left out and counted. Rows follow the
//! catalog's order (APIs by id, versions current first, servers as declared).

use serde_json::{json, Value};

use super::{endpoints_of, Ctx, SCHEMA_VERSION};
use crate::output::Output;
use crate::GenError;

/// Columns of the CSV file.
pub(crate) const CSV_HEADER: [&str; 9] = ["api", "version", "version_label", "institution", "environment", "base_url", "spec_url", "status", "description"];

/// One row.
pub(crate) struct Row {
    pub(crate) cells: [String; 9],
    pub(crate) current: bool,
}

/// Rows and the number of relative servers left out.
pub(crate) fn rows(ctx: &Ctx<'_>) -> (Vec<Row>, usize) {
    let mut rows = Vec::new();
    let mut skipped = 0;
    for api in &ctx.catalog.apis {
        for version in &api.versions {
            let (endpoints, n) = endpoints_of(version);
            skipped += n;
            for e in endpoints {
                rows.push(Row {
                    cells: [
                        api.id.clone(),
                        version.id.clone(),
                        version.label.clone(),
                        api.meta.institution.clone(),
                        e.environment.as_str().to_string(),
                        e.server.url.clone(),
                        ctx.abs(&ctx.urls.spec_json(&api.id, &version.id)),
                        api.meta.status.as_str().to_string(),
                        e.server.description.clone().unwrap_or_default(),
                    ],
                    current: version.current,
                });
            }
        }
    }
    (rows, skipped)
}

pub(crate) fn write(out: &Output, ctx: &Ctx<'_>) -> Result<(), GenError> {
    let (rows, skipped) = rows(ctx);
    let json_rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            let [api, version, label, institution, environment, base_url, spec_url, status, description] = &r.cells;
            json!({
                "api": api,
                "version": version,
                "version_label": label,
                "current": r.current,
                "institution": institution,
                "environment": environment,
                "base_url": base_url,
                "spec_url": spec_url,
                "status": status,
                "description": if description.is_empty() { Value::Null } else { Value::String(description.clone()) },
            })
        })
        .collect();
    let doc = json!({
        "schema_version": SCHEMA_VERSION,
        "endpoint_count": json_rows.len(),
        "skipped_relative_servers": skipped,
        "endpoints": json_rows,
    });
    ctx.write_json(out, &ctx.urls.feed("endpoints.json"), &doc)?;
    out.write(&ctx.urls.file_for(&ctx.urls.feed("endpoints.csv")), to_csv(&rows).as_bytes())
}

/// RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, a quote, a
/// line break or leading/trailing spaces, quotes doubled.
pub(crate) fn to_csv(rows: &[Row]) -> String {
    let mut out = String::new();
    push_record(&mut out, CSV_HEADER.iter().copied());
    for row in rows {
        let mut cells = row.cells.clone();
        let description = &mut cells[8];
        // Descriptions come from untrusted specs: one starting like a spreadsheet formula gets a
        // leading apostrophe, so opening the file in a spreadsheet runs nothing (OWASP's advice).
        if description.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            description.insert(0, '\'');
        }
        push_record(&mut out, cells.iter().map(String::as_str));
    }
    out
}

fn push_record<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let needs_quotes = field.contains([',', '"', '\r', '\n']) || field.starts_with(' ') || field.ends_with(' ');
        if needs_quotes {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}
