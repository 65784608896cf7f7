//! Rules over the normalized spec: `spec/operation-summary`, `spec/https-servers` and
//! `spec/example-valid`.

use serde_json::Value;

use super::source::{escape, Source};
use crate::diag::Diagnostic;
use crate::doc::Pos;
use crate::model::ApiVersion;
use crate::spec::validate::{Direction, Validator};
use crate::spec::{Dialect, MediaType, Operation, SchemaId};

/// `apis/x/versions/1.0/openapi.yaml` → `apis/x`.
fn api_dir(source: &str) -> &str {
    let mut idx = source.match_indices('/').map(|(i, _)| i);
    match (idx.next(), idx.next()) {
        (Some(_), Some(second)) => &source[..second],
        _ => source,
    }
}

/// The file an operation or schema is written in, relative to content/.
fn file_of(version: &ApiVersion, rel_to_api: &str) -> String {
    format!("{}/{rel_to_api}", api_dir(&version.source))
}

/// `spec/operation-summary`: every operation has a summary, the line the reference lists it by.
pub(super) fn operation_summary(version: &ApiVersion, out: &mut Vec<Diagnostic>) {
    for op in &version.spec.operations {
        if op.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            out.push(
                Diagnostic::warning(
                    "spec/operation-summary",
                    &version.source,
                    Some(op.pos),
                    format!("the operation {} {} has no summary", op.method.as_upper(), op.path),
                )
                .with_hint("add `summary:` with a few words saying what it does; the reference and search show it"),
            );
        }
    }
}

/// Words in a server's URL or description that say it is not production.
const NOT_PRODUCTION: &[&str] =
    &["test", "testing", "dev", "development", "sandbox", "staging", "stage", "demo", "mock", "localhost", "local", "qa", "uat", "preprod"];

/// Beginnings of Polish words that say the same (`testowy`, `piaskownica`, `deweloperski`…).
const NOT_PRODUCTION_PL: &[&str] = &["testow", "piaskownic", "deweloper", "rozwojow", "przedprodukc", "lokaln"];

fn says_not_production(text: &str) -> bool {
    let t = text.to_lowercase();
    if ["127.0.0.1", "[::1]", "0.0.0.0"].iter().any(|a| t.contains(a)) {
        return true;
    }
    t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).any(|w| NOT_PRODUCTION.contains(&w) || NOT_PRODUCTION_PL.iter().any(|p| w.starts_with(p)))
}

/// `spec/https-servers`: a production server is reached over https. Plain http is allowed for
/// servers whose address or description says they are for testing or development.
pub(super) fn https_servers(version: &ApiVersion, src: &mut Source<'_>, out: &mut Vec<Diagnostic>) {
    const HINT: &str = "serve the API over https; if this server is only for tests or development, say so in its `description`";
    let spec = &version.spec;
    if spec.dialect == Dialect::Swagger2 {
        // 2.0 servers come from `schemes` × `host`: point at the `http` scheme.
        let insecure = spec.servers.iter().find(|s| s.url.to_ascii_lowercase().starts_with("http://") && !says_not_production(&s.url));
        if let Some(server) = insecure {
            let pos = src
                .root()
                .and_then(|r| r.get("schemes"))
                .and_then(|s| s.as_seq())
                .and_then(|items| items.iter().find(|i| i.as_str() == Some("http")))
                .map(|n| n.pos);
            out.push(
                Diagnostic::error("spec/https-servers", &version.source, pos, format!("the API is served over plain http ({})", server.url))
                    .with_hint("list only `https` under `schemes` (keep `http` only for a test host)"),
            );
        }
        return;
    }
    let mut seen: Vec<String> = Vec::new();
    let mut check = |url: &str, template: &str, description: Option<&str>, pointer: String, out: &mut Vec<Diagnostic>| {
        if seen.iter().any(|s| s == template) {
            return;
        }
        seen.push(template.to_string());
        if !url.to_ascii_lowercase().starts_with("http://") || says_not_production(url) || description.is_some_and(says_not_production) {
            return;
        }
        let pos = src.pos(&format!("{pointer}/url"));
        out.push(Diagnostic::error("spec/https-servers", &version.source, pos, format!("the server {url} uses plain http")).with_hint(HINT));
    };
    for (i, s) in spec.servers.iter().enumerate() {
        check(&s.url, &s.template, s.description.as_deref(), format!("/servers/{i}"), out);
    }
    for op in &spec.operations {
        for (i, s) in op.servers.iter().enumerate() {
            if spec.servers.iter().any(|top| top.template == s.template) {
                continue;
            }
            check(&s.url, &s.template, s.description.as_deref(), format!("{}/servers/{i}", op.pointer), out);
        }
    }
}

/// Media types whose examples are JSON values we can check (XML or CSV examples are strings).
fn structured(media_type: &str, value: &Value) -> bool {
    let mt = media_type.to_ascii_lowercase();
    // 2.0 `examples` keyed by something that is not a media type: a spec mistake, not an example.
    if !mt.contains('/') {
        return false;
    }
    mt.contains("json") || mt == "*/*" || mt.contains("form") || !value.is_string() && !mt.contains("xml")
}

/// `spec/example-valid`: examples of parameters, request and response bodies, and schemas'
/// own `example`s match their schemas.
pub(super) fn examples_valid(version: &ApiVersion, src: &mut Source<'_>, out: &mut Vec<Diagnostic>) {
    let spec = &version.spec;
    let request = Validator::new(spec, Direction::Request).with_max_issues(5);
    let response = Validator::new(spec, Direction::Response).with_max_issues(5);
    let any = Validator::new(spec, Direction::Any).with_max_issues(5);
    let mut ctx = Ctx { version, src, out, reported: 0 };
    for op in &spec.operations {
        for p in &op.parameters {
            let Some(schema) = p.schema else { continue };
            if let Some(v) = &p.example {
                let at = |src: &mut Source<'_>| {
                    let base = param_pointer(src, op, &p.name);
                    vec![format!("{base}/example"), format!("{base}/x-example")]
                };
                ctx.check(&request, schema, v, at, op.pos, &format!("the example of parameter `{}`", p.name));
            }
            for ex in &p.examples {
                if let Some(v) = &ex.value {
                    let at = |src: &mut Source<'_>| vec![format!("{}/examples/{}/value", param_pointer(src, op, &p.name), escape(&ex.name))];
                    ctx.check(&request, schema, v, at, op.pos, &format!("the example `{}` of parameter `{}`", ex.name, p.name));
                }
            }
        }
        if let Some(body) = &op.request_body {
            for mt in &body.content {
                let base = format!("{}/requestBody/content/{}", op.pointer, escape(&mt.media_type));
                ctx.media(&request, mt, &base, op.pos, &format!("{} {} request body", op.method.as_upper(), op.path));
            }
        }
        for r in &op.responses {
            for mt in &r.content {
                let base = match spec.dialect {
                    Dialect::Swagger2 => format!("{}/responses/{}", op.pointer, escape(&r.status)),
                    _ => format!("{}/responses/{}/content/{}", op.pointer, escape(&r.status), escape(&mt.media_type)),
                };
                ctx.media(&response, mt, &base, op.pos, &format!("{} {} response {}", op.method.as_upper(), op.path, r.status));
            }
        }
    }
    // Schemas' own `example`: each schema once, whether named or inline.
    for (i, s) in spec.schemas.iter().enumerate() {
        let Some(example) = &s.example else { continue };
        let issues = any.validate(SchemaId(i as u32), example);
        if issues.is_empty() || ctx.reported >= MAX_PER_SPEC {
            continue;
        }
        let (file, pos) = match s.source.as_deref() {
            Some((rel, pos)) => (file_of(version, rel), Some(*pos)),
            None => (version.source.clone(), None),
        };
        let what = match &s.name {
            Some(n) => format!("the example of schema `{n}`"),
            None => "the example of this schema".to_string(),
        };
        for issue in issues.iter().take(3) {
            let at = if issue.pointer.is_empty() { String::new() } else { format!(" at `{}`", issue.pointer) };
            ctx.out.push(
                Diagnostic::error("spec/example-valid", &file, pos, format!("{what} does not match the schema{at}: {}", issue.message))
                    .with_hint("correct the example, or the schema if the example shows what the API really returns"),
            );
        }
        ctx.reported += 1;
    }
}

/// Examples reported per spec at most (a spec with systematically wrong examples says so soon enough).
const MAX_PER_SPEC: usize = 30;

struct Ctx<'a, 'b, 'c> {
    version: &'a ApiVersion,
    src: &'b mut Source<'c>,
    out: &'b mut Vec<Diagnostic>,
    reported: usize,
}

impl Ctx<'_, '_, '_> {
    fn media(&mut self, validator: &Validator<'_>, mt: &MediaType, base: &str, fallback: Pos, what: &str) {
        let Some(schema) = mt.schema else { return };
        for ex in &mt.examples {
            let Some(v) = &ex.value else { continue };
            if !structured(&mt.media_type, v) {
                continue;
            }
            let pointers = match self.version.spec.dialect {
                Dialect::Swagger2 => vec![format!("{base}/examples/{}", escape(&mt.media_type)), format!("{base}/schema/example")],
                _ if ex.name == "default" => vec![format!("{base}/example"), format!("{base}/examples/default/value")],
                _ => vec![format!("{base}/examples/{}/value", escape(&ex.name))],
            };
            let label = if ex.name == "default" {
                format!("the example of the {what} ({})", mt.media_type)
            } else {
                format!("the example `{}` of the {what} ({})", ex.name, mt.media_type)
            };
            self.check(validator, schema, v, |_| pointers, fallback, &label);
        }
    }

    /// `pointers` says where the example may be written; it is asked only when there is
    /// something to report (it may need the source document).
    fn check(
        &mut self,
        validator: &Validator<'_>,
        schema: SchemaId,
        value: &Value,
        pointers: impl FnOnce(&mut Source<'_>) -> Vec<String>,
        fallback: Pos,
        what: &str,
    ) {
        if self.reported >= MAX_PER_SPEC {
            return;
        }
        let issues = validator.validate(schema, value);
        if issues.is_empty() {
            return;
        }
        self.reported += 1;
        let pointers = pointers(self.src);
        let found = self.src.first(&pointers);
        for issue in issues.iter().take(3) {
            let pos = match &found {
                Some((base, _)) => self.src.pos(&format!("{base}{}", issue.pointer)),
                None => Some(fallback),
            };
            let at = if issue.pointer.is_empty() { String::new() } else { format!(" at `{}`", issue.pointer) };
            self.out.push(
                Diagnostic::error("spec/example-valid", &self.version.source, pos, format!("{what} does not match its schema{at}: {}", issue.message))
                    .with_hint("correct the example, or the schema if the example shows what the API really accepts or returns"),
            );
        }
    }
}

/// Where a parameter is written: in the operation's `parameters` or its path item's.
fn param_pointer(src: &mut Source<'_>, op: &Operation, name: &str) -> String {
    let path_item = op.pointer.rsplit_once('/').map_or("", |(p, _)| p).to_string();
    for base in [op.pointer.as_str(), path_item.as_str()] {
        let list = format!("{base}/parameters");
        if let Some(items) = src.root().and_then(|r| r.pointer(&list)).and_then(|n| n.as_seq()) {
            if let Some(i) = items.iter().position(|p| p.get("name").and_then(|n| n.as_str()) == Some(name)) {
                return format!("{list}/{i}");
            }
        }
    }
    format!("{}/parameters", op.pointer)
}
