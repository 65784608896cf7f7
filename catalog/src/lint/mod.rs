//! Lint rules: what `katalog check` looks at after the catalog has loaded, each rule with a
//! stable name and a default severity that katalog.toml `[rules]` can change
//! (`"spec/https-servers" = "warning"`, or `"off"`). The loader's own metadata checks are rules
//! here too, so that they can be configured the same way.
//!
//! Every rule reads the immutable catalog and returns diagnostics; positions come from the
//! normalized model where it has them, otherwise from the source document, which is parsed again
//! only when a rule has something to report about it.

mod links;
mod openapi_schema;
mod secrets;
mod source;
mod spec_rules;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Severity};
use crate::load::{load, LoadError, Loaded};
use crate::model::{Catalog, RuleLevel};

/// A rule that katalog.toml can configure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable name diagnostics carry.
    pub name: &'static str,
    /// Other names accepted in katalog.toml.
    pub aliases: &'static [&'static str],
    /// Severity when katalog.toml says nothing.
    pub default: Severity,
    /// What the rule checks, for `katalog check --list-rules`.
    pub about: &'static str,
}

const fn def(name: &'static str, default: Severity, about: &'static str) -> Rule {
    Rule { name, aliases: &[], default, about }
}

use Severity::{Error, Warning};

/// Every configurable rule.
pub const RULES: &[Rule] = &[
    // Metadata: checked while loading (the loader leaves out an API whose front matter has errors).
    def("front-matter/required", Error, "a required front-matter field (title, summary, institution, status, access) is missing"),
    def("front-matter/invalid-value", Error, "a field outside its closed list (status, access, kind)"),
    def("front-matter/date", Error, "a date that is not a real YYYY-MM-DD day"),
    def("metadata/dates", Error, "dates in the wrong order (sunset before since, end before start)"),
    def("metadata/unknown-institution", Error, "`institution` names no file in content/institutions/"),
    def("metadata/unknown-category", Error, "a category that katalog.toml does not list"),
    def("metadata/unknown-initiative", Error, "`initiative` names no file in content/initiatives/"),
    def("metadata/unknown-api", Error, "an initiative lists an API folder that does not exist"),
    def("metadata/sunset-required", Error, "a deprecated API without a `sunset` date"),
    def("metadata/access-url-required", Error, "registration or restricted access without `access_url`"),
    def("metadata/tag", Error, "a tag that is not lowercase letters, digits and dashes"),
    def("metadata/no-category", Warning, "an API without any category"),
    def("metadata/summary-length", Warning, "a summary longer than one sentence (300 characters)"),
    // Specs.
    Rule { name: "spec/duplicate-operation-id", aliases: &["spec/unique-operation-id"], default: Error, about: "two operations with the same operationId" },
    def("spec/openapi-schema", Error, "the spec is not valid against the official OpenAPI JSON Schema of its version"),
    def("spec/operation-summary", Warning, "an operation without a summary"),
    def("spec/https-servers", Error, "a production server over plain http://"),
    def("spec/example-valid", Error, "an example that does not match its schema"),
    def("spec/no-secrets", Error, "a token, key or password in an example or default value"),
    // Markdown.
    def("content/internal-links", Error, "a relative link in markdown that leads to no page or file of the site"),
    def("content/external-links", Warning, "an external link that does not answer (only with --external-links)"),
    // Breaking changes (`check --base`): errors without a new version folder, warnings with one.
    def("breaking/api-removed", Error, "an API folder was removed"),
    def("breaking/operation-removed", Error, "an operation was removed"),
    def("breaking/parameter-removed", Error, "a parameter was removed"),
    def("breaking/parameter-required", Error, "a parameter became required, or a new required parameter"),
    def("breaking/request-property-required", Error, "a request-body property became required, or a new required one"),
    def("breaking/request-body-required", Error, "the request body became required"),
    def("breaking/type-changed", Error, "the type or format of a parameter or property changed"),
    def("breaking/enum-value-removed", Error, "a request enum lost a value"),
    def("breaking/response-property-removed", Error, "a response property was removed"),
    def("breaking/response-removed", Error, "a response status code was removed"),
    def("breaking/media-type-removed", Error, "a request or response media type was removed"),
    def("breaking/security-changed", Error, "security was added to an operation, or a scheme changed"),
];

/// The rule called `name` (or one of its aliases).
pub fn rule_named(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name || r.aliases.contains(&name))
}

/// What a lint run may do besides reading content/.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Check external (http/https) links in markdown with real HEAD requests.
    pub external_links: bool,
}

/// Runs every lint rule over a loaded catalog. Severities are the defaults; apply katalog.toml
/// with [`apply_rules`].
pub fn lint(content: &Path, catalog: &Catalog, options: &Options) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = catalog
        .apis
        .par_iter()
        .flat_map_iter(|api| {
            let mut d = Vec::new();
            for version in &api.versions {
                let mut src = source::Source::new(content, &version.source);
                openapi_schema::check(content, version, &mut src, &mut d);
                spec_rules::operation_summary(version, &mut d);
                spec_rules::https_servers(version, &mut src, &mut d);
                spec_rules::examples_valid(version, &mut src, &mut d);
                secrets::check(content, version, &mut src, &mut d);
            }
            d
        })
        .collect();
    diags.extend(links::internal(content, catalog));
    if options.external_links {
        diags.extend(links::external(content, catalog));
    }
    diags
}

/// Applies katalog.toml `[rules]`: a rule set to `off` is dropped, others take the severity set.
pub fn apply_rules(diags: &mut Vec<Diagnostic>, rules: &BTreeMap<String, RuleLevel>) {
    if rules.is_empty() {
        return;
    }
    diags.retain_mut(|d| match rules.get(d.rule) {
        Some(RuleLevel::Off) => false,
        Some(RuleLevel::Warning) => {
            d.severity = Severity::Warning;
            true
        }
        Some(RuleLevel::Error) => {
            d.severity = Severity::Error;
            true
        }
        None => true,
    });
}

/// Loads content/, runs the lint rules and applies katalog.toml `[rules]`: what `katalog check`
/// reports. Diagnostics are sorted by file and position.
pub fn check(content: &Path, options: &Options) -> Result<Loaded, LoadError> {
    let mut loaded = load(content)?;
    let mut extra = lint(content, &loaded.catalog, options);
    loaded.diagnostics.append(&mut extra);
    apply_rules(&mut loaded.diagnostics, &loaded.catalog.site.rules);
    loaded.diagnostics.sort_by(|a, b| (&a.file, a.pos, a.rule).cmp(&(&b.file, b.pos, b.rule)));
    Ok(loaded)
}

#[cfg(test)]
mod tests;
