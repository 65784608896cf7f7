//! Differences between two versions of a spec, classified the way oasdiff does: what breaks
//! existing clients (an operation or parameter removed, something became required, a type
//! changed, an enum value or a response property gone, security added) and what does not
//! (new operations, optional parameters, descriptions). Works on the normalized model, so a
//! Swagger 2.0 spec can be compared with its OpenAPI 3 successor.
//!
//! [`base`] runs this for `katalog check --base REV` against the specs at a git revision.

pub mod base;

use std::collections::HashSet;

use serde::Serialize;

use crate::doc::Pos;
use crate::spec::{Method, Operation, ParamLocation, Parameter, SchemaId, SecurityRequirement, SecuritySchemeKind, Spec};

/// Every rule a [`Finding`] can carry, breaking ones first: pages name each one in words.
pub const RULES: [&str; 21] = [
    "breaking/operation-removed",
    "breaking/parameter-removed",
    "breaking/parameter-required",
    "breaking/request-body-required",
    "breaking/request-property-required",
    "breaking/media-type-removed",
    "breaking/response-removed",
    "breaking/response-property-removed",
    "breaking/type-changed",
    "breaking/enum-value-removed",
    "breaking/security-changed",
    "change/operation-added",
    "change/parameter-added",
    "change/request-body-removed",
    "change/request-property-removed",
    "change/response-added",
    "change/response-removed",
    "change/property-added",
    "change/enum-value-added",
    "change/description",
    "change/deprecated",
];

/// One difference between two specs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// `breaking/operation-removed`, … for breaking changes; `change/…` for the others.
    pub rule: &'static str,
    /// Whether existing clients may break.
    pub breaking: bool,
    /// The operation (`GET /pets/{id}`).
    pub operation: String,
    /// What changed, in English (`katalog check` prints it).
    pub message: String,
    /// What changed, as data for pages to put in words of their language.
    pub detail: Detail,
    /// Where the operation is, in the new spec (`None` when it was removed).
    pub pos: Option<Pos>,
    /// Where the changed parameter or schema is written in the new spec, when it still exists:
    /// the file relative to the API folder, and the position.
    pub at: Option<(String, Pos)>,
}

/// One step of the way into an operation to where a change is, outermost first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Place {
    /// A parameter (`location`: path, query, header or cookie).
    Parameter {
        /// Where it goes.
        location: &'static str,
        /// Its name.
        name: String,
    },
    /// The request body, in one media type or as a whole.
    RequestBody {
        /// The media type, when the change is in one.
        media_type: Option<String>,
    },
    /// A response, in one media type or as a whole.
    Response {
        /// Its status (`200`, `4XX`, `default`).
        status: String,
        /// The media type, when the change is in one.
        media_type: Option<String>,
    },
    /// A property of the object the step before names.
    Property {
        /// Its name.
        name: String,
    },
    /// The items of the array the step before names.
    Items,
}

/// What a finding says, as data: the change (a key of the theme's `diff.change` table), where it
/// is, and the values its words name (`from`, `to`, `values`, `schemes`, `scheme`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detail {
    /// `removed`, `type-changed`, …: one of [`CHANGES`].
    pub change: &'static str,
    /// Where, outermost first; empty for the operation itself.
    pub place: Vec<Place>,
    /// Named values, in the order the English message gives them.
    pub values: Vec<(&'static str, String)>,
}

impl Detail {
    fn new(change: &'static str, place: Vec<Place>) -> Detail {
        Detail { change, place, values: Vec::new() }
    }

    fn with(mut self, name: &'static str, value: impl Into<String>) -> Detail {
        self.values.push((name, value.into()));
        self
    }
}

/// Every [`Detail::change`], with the values each names: pages have words for each.
pub const CHANGES: [(&str, &[&str]); 19] = [
    ("operation-removed", &[]),
    ("operation-added", &[]),
    ("removed", &[]),
    ("added", &[]),
    ("added-optional", &[]),
    ("added-required", &[]),
    ("became-required", &[]),
    ("description-changed", &[]),
    ("deprecated", &[]),
    ("security-added", &["schemes"]),
    ("security-requirement-removed", &["schemes"]),
    ("security-scheme-changed", &["scheme", "from", "to"]),
    ("type-changed", &["from", "to"]),
    ("no-longer-nullable", &[]),
    ("became-nullable", &[]),
    ("format-changed", &["from", "to"]),
    ("format-added", &["to"]),
    ("enum-values-removed", &["values"]),
    ("enum-values-added", &["values"]),
];

/// The kinds of [`Place`], as serialized.
pub const PLACES: [&str; 5] = ["parameter", "request-body", "response", "property", "items"];

/// An operation named for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpRef {
    /// Method.
    pub method: Method,
    /// Path template.
    pub path: String,
    /// Summary, if any.
    pub summary: Option<String>,
    /// Key of the operation (its stable URL segment) in the spec it is from.
    pub key: String,
}

impl OpRef {
    fn of(op: &Operation) -> OpRef {
        OpRef { method: op.method, path: op.path.clone(), summary: op.summary.clone(), key: op.key.clone() }
    }
}

/// Everything that differs between two specs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SpecDiff {
    /// Operations only in the new spec.
    pub added: Vec<OpRef>,
    /// Operations only in the old spec.
    pub removed: Vec<OpRef>,
    /// Operations in both that changed (breaking or not), as in the new spec.
    pub changed: Vec<OpRef>,
    /// Every difference found, breaking ones and the others.
    pub findings: Vec<Finding>,
}

impl SpecDiff {
    /// The breaking findings.
    pub fn breaking(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.breaking)
    }

    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty() && self.findings.is_empty()
    }
}

/// `/pets/{id}` and `/pets/{petId}` are the same path to a client.
fn path_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            c => out.push(c),
        }
    }
    out.trim_end_matches('/').to_string()
}

/// Compares two specs.
pub fn diff(old: &Spec, new: &Spec) -> SpecDiff {
    let mut out = SpecDiff::default();
    let key = |op: &Operation| (op.method, path_shape(&op.path));
    for o in &old.operations {
        match new.operations.iter().find(|n| key(n) == key(o)) {
            None => {
                out.removed.push(OpRef::of(o));
                out.findings.push(Finding {
                    rule: "breaking/operation-removed",
                    breaking: true,
                    operation: name(o),
                    message: "the operation was removed".into(),
                    detail: Detail::new("operation-removed", Vec::new()),
                    pos: None,
                    at: None,
                });
            }
            Some(n) => {
                let before = out.findings.len();
                let mut c = Cmp { old, new, op: n, findings: &mut out.findings, seen: HashSet::new() };
                c.operation(o, n);
                if out.findings.len() > before {
                    out.changed.push(OpRef::of(n));
                }
            }
        }
    }
    for n in &new.operations {
        if !old.operations.iter().any(|o| key(o) == key(n)) {
            out.added.push(OpRef::of(n));
            out.findings.push(Finding {
                rule: "change/operation-added",
                breaking: false,
                operation: name(n),
                message: "new operation".into(),
                detail: Detail::new("operation-added", Vec::new()),
                pos: Some(n.pos),
                at: None,
            });
        }
    }
    out
}

fn name(op: &Operation) -> String {
    format!("{} {}", op.method.as_upper(), op.path)
}

fn loc(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn same_param(a: &Parameter, b: &Parameter) -> bool {
    a.location == b.location && if a.location == ParamLocation::Header { a.name.eq_ignore_ascii_case(&b.name) } else { a.name == b.name }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

struct Cmp<'a> {
    old: &'a Spec,
    new: &'a Spec,
    op: &'a Operation,
    findings: &'a mut Vec<Finding>,
    /// Pairs of schemas already compared (recursive schemas are cycles).
    seen: HashSet<(SchemaId, SchemaId, bool)>,
}

impl Cmp<'_> {
    fn push(&mut self, rule: &'static str, breaking: bool, message: String, detail: Detail) {
        self.findings.push(Finding { rule, breaking, operation: name(self.op), message, detail, pos: Some(self.op.pos), at: None });
    }

    /// Like `push`, placed on a schema of the new spec.
    fn push_at(&mut self, rule: &'static str, breaking: bool, message: String, detail: Detail, schema: Option<SchemaId>) {
        let at = schema.and_then(|id| self.new.schemas.get(id.0 as usize)).and_then(|s| s.source.as_deref().cloned());
        self.findings.push(Finding { rule, breaking, operation: name(self.op), message, detail, pos: Some(self.op.pos), at });
    }

    fn operation(&mut self, o: &Operation, n: &Operation) {
        // Parameters. A path parameter renamed (`{id}` → `{petId}`) is the same to a client.
        for op in &o.parameters {
            let found = n.parameters.iter().find(|np| same_param(op, np)).or_else(|| {
                (op.location == ParamLocation::Path)
                    .then(|| n.parameters.iter().filter(|np| np.location == ParamLocation::Path).nth(path_index(o, &op.name)))
                    .flatten()
            });
            let place = vec![param_place(op)];
            match found {
                None => self.push(
                    "breaking/parameter-removed",
                    true,
                    format!("the {} parameter `{}` was removed", loc(op.location), op.name),
                    Detail::new("removed", place),
                ),
                Some(np) => {
                    if np.required && !op.required {
                        self.push_at(
                            "breaking/parameter-required",
                            true,
                            format!("the {} parameter `{}` became required", loc(op.location), op.name),
                            Detail::new("became-required", place.clone()),
                            np.schema,
                        );
                    }
                    if let (Some(a), Some(b)) = (op.schema, np.schema) {
                        self.schema(a, b, Side::Request, &place, 0);
                    }
                }
            }
        }
        for np in &n.parameters {
            let known = o.parameters.iter().any(|op| same_param(op, np)) || np.location == ParamLocation::Path;
            if known {
                continue;
            }
            let place = vec![param_place(np)];
            if np.required {
                let message = format!("new required {} parameter `{}`", loc(np.location), np.name);
                self.push_at("breaking/parameter-required", true, message, Detail::new("added-required", place), np.schema);
            } else {
                self.push(
                    "change/parameter-added",
                    false,
                    format!("new optional {} parameter `{}`", loc(np.location), np.name),
                    Detail::new("added-optional", place),
                );
            }
        }
        // Request body.
        let body = |media_type: Option<&str>| vec![Place::RequestBody { media_type: media_type.map(str::to_string) }];
        match (&o.request_body, &n.request_body) {
            (None, Some(nb)) if nb.required => {
                self.push("breaking/request-body-required", true, "a required request body was added".into(), Detail::new("added-required", body(None)))
            }
            (Some(ob), Some(nb)) => {
                if nb.required && !ob.required {
                    self.push("breaking/request-body-required", true, "the request body became required".into(), Detail::new("became-required", body(None)));
                }
                for om in &ob.content {
                    let place = body(Some(&om.media_type));
                    match nb.content.iter().find(|nm| nm.media_type.eq_ignore_ascii_case(&om.media_type)) {
                        None => self.push(
                            "breaking/media-type-removed",
                            true,
                            format!("the request body no longer accepts {}", om.media_type),
                            Detail::new("removed", place),
                        ),
                        Some(nm) => {
                            if let (Some(a), Some(b)) = (om.schema, nm.schema) {
                                self.schema(a, b, Side::Request, &place, 0);
                            }
                        }
                    }
                }
            }
            (Some(_), None) => self.push("change/request-body-removed", false, "the request body was removed".into(), Detail::new("removed", body(None))),
            _ => {}
        }
        // Responses.
        let response =
            |status: &str, media_type: Option<&str>| vec![Place::Response { status: status.to_string(), media_type: media_type.map(str::to_string) }];
        for or in &o.responses {
            match n.responses.iter().find(|nr| nr.status.eq_ignore_ascii_case(&or.status)) {
                None => {
                    let success = or.status.starts_with('2') || or.status.starts_with('3');
                    let rule = if success { "breaking/response-removed" } else { "change/response-removed" };
                    self.push(rule, success, format!("the response {} was removed", or.status), Detail::new("removed", response(&or.status, None)));
                }
                Some(nr) => {
                    for om in &or.content {
                        let place = response(&or.status, Some(&om.media_type));
                        match nr.content.iter().find(|nm| nm.media_type.eq_ignore_ascii_case(&om.media_type)) {
                            None => self.push(
                                "breaking/media-type-removed",
                                true,
                                format!("the response {} no longer returns {}", or.status, om.media_type),
                                Detail::new("removed", place),
                            ),
                            Some(nm) => {
                                if let (Some(a), Some(b)) = (om.schema, nm.schema) {
                                    self.schema(a, b, Side::Response, &place, 0);
                                }
                            }
                        }
                    }
                }
            }
        }
        for nr in &n.responses {
            if !o.responses.iter().any(|or| or.status.eq_ignore_ascii_case(&nr.status)) {
                self.push("change/response-added", false, format!("new response {}", nr.status), Detail::new("added", response(&nr.status, None)));
            }
        }
        self.security(o, n);
        if o.summary != n.summary || o.description != n.description {
            self.push("change/description", false, "summary or description changed".into(), Detail::new("description-changed", Vec::new()));
        }
        if n.deprecated && !o.deprecated {
            self.push("change/deprecated", false, "the operation was deprecated".into(), Detail::new("deprecated", Vec::new()));
        }
    }

    /// Security: adding authentication where there was none breaks every anonymous client;
    /// dropping a way to authenticate, or changing what a scheme is, breaks those who used it.
    fn security(&mut self, o: &Operation, n: &Operation) {
        let effective = |spec: &Spec, op: &Operation| -> Vec<Vec<String>> {
            let reqs: &[SecurityRequirement] = op.security.as_deref().unwrap_or(&spec.security);
            let mut alts: Vec<Vec<String>> = reqs
                .iter()
                .map(|r| {
                    let mut v: Vec<String> = r.schemes.iter().map(|(k, _)| k.clone()).collect();
                    v.sort();
                    v
                })
                .collect();
            alts.sort();
            alts.dedup();
            alts
        };
        let before = effective(self.old, o);
        let after = effective(self.new, n);
        let anonymous = |alts: &[Vec<String>]| alts.is_empty() || alts.iter().any(Vec::is_empty);
        if anonymous(&before) && !anonymous(&after) {
            let names: Vec<String> = after.iter().map(|a| a.join(" + ")).collect();
            let detail = Detail::new("security-added", Vec::new()).with("schemes", names.join(" | "));
            self.push("breaking/security-changed", true, format!("security was added: {}", names.join(" or ")), detail);
            return;
        }
        if !anonymous(&before) {
            for alt in &before {
                if !after.contains(alt) && !anonymous(&after) {
                    let detail = Detail::new("security-requirement-removed", Vec::new()).with("schemes", alt.join(" + "));
                    self.push("breaking/security-changed", true, format!("the security requirement {} was removed or changed", alt.join(" + ")), detail);
                }
            }
        }
        let used: HashSet<&String> = before.iter().flatten().filter(|k| after.iter().flatten().any(|x| x == *k)).collect();
        for key in used {
            let a = self.old.security_schemes.iter().find(|s| &s.key == key);
            let b = self.new.security_schemes.iter().find(|s| &s.key == key);
            if let (Some(a), Some(b)) = (a, b) {
                if let Some(what) = scheme_change(&a.kind, &b.kind) {
                    let detail = Detail::new("security-scheme-changed", Vec::new())
                        .with("scheme", key.as_str())
                        .with("from", scheme_shape(&a.kind))
                        .with("to", scheme_shape(&b.kind));
                    self.push("breaking/security-changed", true, format!("the security scheme `{key}` changed: {what}"), detail);
                }
            }
        }
    }

    /// Compares the schema `a` (old) with `b` (new) for one side of the exchange, at `place`
    /// (named in English only for a finding: most comparisons find nothing).
    fn schema(&mut self, a: SchemaId, b: SchemaId, side: Side, place: &[Place], depth: usize) {
        let what = || english(place);
        if depth > 24 || !self.seen.insert((a, b, side == Side::Request)) {
            return;
        }
        let fa = flatten(self.old, a);
        let fb = flatten(self.new, b);
        let plain = |t: &Vec<String>| -> Vec<String> {
            let mut v: Vec<String> = t.iter().filter(|x| x.as_str() != "null").cloned().collect();
            v.sort();
            v.dedup();
            v
        };
        let (ta, tb) = (plain(&fa.types), plain(&fb.types));
        let widened = side == Side::Request && ta == ["integer"] && tb == ["number"];
        let narrowed = side == Side::Response && ta == ["number"] && tb == ["integer"];
        if !ta.is_empty() && !tb.is_empty() && ta != tb && !widened && !narrowed {
            let detail = Detail::new("type-changed", place.to_vec()).with("from", ta.join("|")).with("to", tb.join("|"));
            self.push_at("breaking/type-changed", true, format!("the type of {} changed from {} to {}", what(), ta.join("|"), tb.join("|")), detail, Some(b));
            return;
        }
        let (na, nb) = (fa.types.iter().any(|t| t == "null"), fb.types.iter().any(|t| t == "null"));
        if side == Side::Request && na && !nb {
            self.push_at(
                "breaking/type-changed",
                true,
                format!("{} is no longer nullable", what()),
                Detail::new("no-longer-nullable", place.to_vec()),
                Some(b),
            );
        }
        if side == Side::Response && !na && nb {
            self.push_at("breaking/type-changed", true, format!("{} became nullable", what()), Detail::new("became-nullable", place.to_vec()), Some(b));
        }
        match (&fa.format, &fb.format) {
            (Some(x), Some(y)) if x != y => {
                let detail = Detail::new("format-changed", place.to_vec()).with("from", x.as_str()).with("to", y.as_str());
                self.push_at("breaking/type-changed", true, format!("the format of {} changed from {x} to {y}", what()), detail, Some(b))
            }
            (None, Some(y)) if side == Side::Request => {
                let detail = Detail::new("format-added", place.to_vec()).with("to", y.as_str());
                self.push_at("breaking/type-changed", true, format!("{} now has the format {y}", what()), detail, Some(b))
            }
            _ => {}
        }
        if side == Side::Request && !fb.enum_values.is_empty() {
            let gone: Vec<String> = fa.enum_values.iter().filter(|v| !fb.enum_values.contains(v)).map(|v| v.to_string()).collect();
            if !gone.is_empty() {
                let detail = Detail::new("enum-values-removed", place.to_vec()).with("values", gone.join(", "));
                self.push_at("breaking/enum-value-removed", true, format!("{} no longer accepts {}", what(), gone.join(", ")), detail, Some(b));
            }
        }
        if !fa.enum_values.is_empty() && !fb.enum_values.is_empty() {
            let added: Vec<String> = fb.enum_values.iter().filter(|v| !fa.enum_values.contains(v)).map(|v| v.to_string()).collect();
            if !added.is_empty() {
                let verb = if side == Side::Response { "may now return" } else { "now accepts" };
                let detail = Detail::new("enum-values-added", place.to_vec()).with("values", added.join(", "));
                self.push("change/enum-value-added", false, format!("{} {verb} {}", what(), added.join(", ")), detail);
            }
        }
        // Properties.
        for req in &fb.required {
            if fa.required.contains(req) || side != Side::Request {
                continue;
            }
            let prop = fb.properties.iter().find(|(n, _)| n == req).map(|(_, id)| *id);
            let read_only = prop.is_some_and(|id| self.new.schema(id).read_only);
            if read_only {
                continue;
            }
            let existed = fa.properties.iter().any(|(n, _)| n == req);
            let msg =
                if existed { format!("the property `{req}` of {} became required", what()) } else { format!("new required property `{req}` in {}", what()) };
            let detail = Detail::new(if existed { "became-required" } else { "added-required" }, within(place, Place::Property { name: req.clone() }));
            self.push_at("breaking/request-property-required", true, msg, detail, prop.or(Some(b)));
        }
        for (pname, pa) in &fa.properties {
            let at = within(place, Place::Property { name: pname.clone() });
            match fb.properties.iter().find(|(n, _)| n == pname) {
                None => {
                    let message = format!("the property `{pname}` of {} was removed", what());
                    if side == Side::Response && !self.old.schema(*pa).write_only {
                        self.push_at("breaking/response-property-removed", true, message, Detail::new("removed", at), Some(b));
                    } else if side == Side::Request {
                        self.push("change/request-property-removed", false, message, Detail::new("removed", at));
                    }
                }
                Some((_, pb)) => self.schema(*pa, *pb, side, &at, depth + 1),
            }
        }
        for (pname, _) in &fb.properties {
            let known = fa.properties.iter().any(|(n, _)| n == pname);
            // A new required request property was reported as breaking above.
            let required_in_request = side == Side::Request && fb.required.contains(pname);
            if !known && !required_in_request {
                self.push(
                    "change/property-added",
                    false,
                    format!("new property `{pname}` in {}", what()),
                    Detail::new("added", within(place, Place::Property { name: pname.clone() })),
                );
            }
        }
        if let (Some(ia), Some(ib)) = (fa.items, fb.items) {
            self.schema(ia, ib, side, &within(place, Place::Items), depth + 1);
        }
        // Same-shaped compositions are compared branch by branch.
        let (sa, sb) = (self.old.schema(a), self.new.schema(b));
        for (la, lb) in [(&sa.one_of, &sb.one_of), (&sa.any_of, &sb.any_of)] {
            if la.len() == lb.len() {
                for (x, y) in la.iter().zip(lb.iter()) {
                    self.schema(*x, *y, side, place, depth + 1);
                }
            }
        }
    }
}

fn param_place(p: &Parameter) -> Place {
    Place::Parameter { location: loc(p.location), name: p.name.clone() }
}

/// `place` in the words `katalog check` prints, as in "the items of \`tags\` in the request
/// body (application/json)".
fn english(place: &[Place]) -> String {
    let mut out = String::new();
    for step in place {
        out = match step {
            Place::Parameter { location, name } => format!("the {location} parameter `{name}`"),
            Place::RequestBody { media_type: None } => "the request body".into(),
            Place::RequestBody { media_type: Some(m) } => format!("the request body ({m})"),
            Place::Response { status, media_type: None } => format!("the response {status}"),
            Place::Response { status, media_type: Some(m) } => format!("the response {status} ({m})"),
            Place::Property { name } => format!("`{name}` in {out}"),
            Place::Items => format!("the items of {out}"),
        };
    }
    out
}

/// `place` one step further in.
fn within(place: &[Place], step: Place) -> Vec<Place> {
    let mut v = place.to_vec();
    v.push(step);
    v
}

/// A security scheme's kind in the words of OpenAPI (the same in every language).
fn scheme_shape(k: &SecuritySchemeKind) -> String {
    match k {
        SecuritySchemeKind::ApiKey { name, location } => format!("apiKey ({} {name})", loc(*location)),
        SecuritySchemeKind::Http { scheme, .. } => format!("http {scheme}"),
        SecuritySchemeKind::OAuth2 { .. } => "oauth2".into(),
        SecuritySchemeKind::OpenIdConnect { .. } => "openIdConnect".into(),
        SecuritySchemeKind::MutualTls => "mutualTLS".into(),
        SecuritySchemeKind::Other { name } => name.clone(),
    }
}

/// The n-th path parameter of an operation, by the order of `{…}` in its path.
fn path_index(op: &Operation, name: &str) -> usize {
    op.path.split('{').skip(1).position(|seg| seg.split('}').next() == Some(name)).unwrap_or(usize::MAX)
}

fn scheme_change(a: &SecuritySchemeKind, b: &SecuritySchemeKind) -> Option<String> {
    use SecuritySchemeKind as K;
    match (a, b) {
        (K::ApiKey { name: n1, location: l1 }, K::ApiKey { name: n2, location: l2 }) => {
            (n1 != n2 || l1 != l2).then(|| format!("the API key moved from {} `{n1}` to {} `{n2}`", loc(*l1), loc(*l2)))
        }
        (K::Http { scheme: s1, .. }, K::Http { scheme: s2, .. }) => (!s1.eq_ignore_ascii_case(s2)).then(|| format!("HTTP {s1} became HTTP {s2}")),
        (K::OAuth2 { .. }, K::OAuth2 { .. }) | (K::OpenIdConnect { .. }, K::OpenIdConnect { .. }) | (K::MutualTls, K::MutualTls) => None,
        (K::Other { name: x }, K::Other { name: y }) => (x != y).then(|| format!("{x} became {y}")),
        _ => Some(format!("{} became {}", kind_name(a), kind_name(b))),
    }
}

fn kind_name(k: &SecuritySchemeKind) -> &'static str {
    match k {
        SecuritySchemeKind::ApiKey { .. } => "an API key",
        SecuritySchemeKind::Http { .. } => "HTTP authentication",
        SecuritySchemeKind::OAuth2 { .. } => "OAuth 2.0",
        SecuritySchemeKind::OpenIdConnect { .. } => "OpenID Connect",
        SecuritySchemeKind::MutualTls => "mutual TLS",
        SecuritySchemeKind::Other { .. } => "another scheme",
    }
}

/// A schema with its `allOf` parts merged in: what a client sees as one object.
struct Flat {
    types: Vec<String>,
    format: Option<String>,
    enum_values: Vec<serde_json::Value>,
    properties: Vec<(String, SchemaId)>,
    required: Vec<String>,
    items: Option<SchemaId>,
}

fn flatten(spec: &Spec, id: SchemaId) -> Flat {
    let mut f = Flat { types: Vec::new(), format: None, enum_values: Vec::new(), properties: Vec::new(), required: Vec::new(), items: None };
    let mut stack = vec![(id, 0usize)];
    let mut visited = HashSet::new();
    while let Some((id, depth)) = stack.pop() {
        if depth > 16 || !visited.insert(id) {
            continue;
        }
        let s = spec.schema(id);
        if f.types.is_empty() {
            f.types = s.types.clone();
        }
        if f.format.is_none() {
            f.format = s.format.clone();
        }
        if f.enum_values.is_empty() {
            f.enum_values = s.enum_values.clone();
        }
        for (n, p) in &s.properties {
            if !f.properties.iter().any(|(x, _)| x == n) {
                f.properties.push((n.clone(), *p));
            }
        }
        for r in &s.required {
            if !f.required.contains(r) {
                f.required.push(r.clone());
            }
        }
        if f.items.is_none() {
            f.items = s.items;
        }
        for sub in s.all_of.iter().rev() {
            stack.push((*sub, depth + 1));
        }
    }
    f
}

#[cfg(test)]
mod tests;
