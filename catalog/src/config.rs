//! `content/katalog.toml`: the site's settings and the closed list of categories.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::doc::Pos;
use crate::frontmatter::suggest;
use crate::lint;
use crate::model::{Category, Localized, ProxySettings, RuleLevel, SandboxSettings, Site};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    title: String,
    title_en: Option<String>,
    description: Option<String>,
    description_en: Option<String>,
    base_url: String,
    #[serde(default = "default_languages")]
    languages: Vec<String>,
    publisher: String,
    repository: Option<String>,
    #[serde(default)]
    categories: Vec<RawCategory>,
    sandbox: Option<RawSandbox>,
    proxy: Option<RawProxy>,
    #[serde(default)]
    rules: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: String,
    name: String,
    name_en: Option<String>,
    theme: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSandbox {
    enabled: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProxy {
    #[serde(default)]
    allow_private: Vec<String>,
}

fn default_languages() -> Vec<String> {
    vec!["pl".into(), "en".into()]
}

const FILE: &str = "katalog.toml";
const KNOWN: &[&str] =
    &["title", "title_en", "description", "description_en", "base_url", "languages", "publisher", "repository", "categories", "sandbox", "proxy", "rules"];

/// Parses katalog.toml; `None` (with diagnostics) when the site cannot be built at all.
pub(crate) fn parse(src: &str, diags: &mut Vec<Diagnostic>) -> Option<Site> {
    let raw: RawSite = match toml::from_str(src) {
        Ok(raw) => raw,
        Err(e) => {
            let pos = e.span().map(|s| pos_at(src, s.start));
            let message = e.message().to_string();
            let mut d = Diagnostic::error("config/invalid", FILE, pos, message.clone());
            if let Some(unknown) = message.strip_prefix("unknown field `").and_then(|m| m.split('`').next()) {
                if let Some(s) = suggest(unknown, KNOWN) {
                    d = d.with_hint(format!("did you mean `{s}`?"));
                }
            }
            diags.push(d);
            return None;
        }
    };
    let mut ok = true;
    if !(raw.base_url.starts_with("https://") || raw.base_url.starts_with("http://")) {
        diags.push(Diagnostic::error("config/base-url", FILE, None, format!("base_url must be an http(s) address, not `{}`", raw.base_url)));
        ok = false;
    }
    if let Some(repo) = &raw.repository {
        if !repo.starts_with("https://") || repo.contains(['"', '<', '>', ' ', '?', '#']) {
            diags.push(
                Diagnostic::error("config/repository", FILE, None, format!("repository must be the https address of the git repository, not `{repo}`"))
                    .with_hint("repository = \"https://github.com/<organisation>/<repository>\" (commit links are <repository>/commit/<id>)"),
            );
            ok = false;
        }
    }
    if raw.languages.first().map(String::as_str) != Some("pl") || raw.languages.iter().any(|l| l != "pl" && l != "en") {
        diags.push(
            Diagnostic::error("config/languages", FILE, None, "languages must start with \"pl\"; \"en\" is the other supported one")
                .with_hint("languages = [\"pl\", \"en\"]"),
        );
        ok = false;
    }
    let mut categories: Vec<Category> = Vec::new();
    for c in raw.categories {
        if !is_slug(&c.id) {
            diags.push(Diagnostic::error("config/category-id", FILE, None, format!("category id `{}` must be lowercase letters, digits and dashes", c.id)));
            ok = false;
        }
        if categories.iter().any(|x| x.id == c.id) {
            diags.push(Diagnostic::error("config/category-duplicate", FILE, None, format!("category `{}` is defined twice", c.id)));
            ok = false;
        }
        categories.push(Category { id: c.id, name: Localized { pl: c.name, en: c.name_en }, theme: c.theme });
    }
    let mut rules = BTreeMap::new();
    for (name, level) in raw.rules {
        let pos = Some(pos_at(src, name.span().start));
        let Some(rule) = lint::rule_named(name.get_ref()) else {
            let known: Vec<&str> = lint::RULES.iter().map(|r| r.name).collect();
            let hint = match suggest(name.get_ref(), &known) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "`katalog check --list-rules` lists the rules that can be configured".to_string(),
            };
            diags.push(Diagnostic::error("config/rules", FILE, pos, format!("`{}` is not a rule that can be configured", name.get_ref())).with_hint(hint));
            ok = false;
            continue;
        };
        let level = match level.get_ref().as_str() {
            "error" => RuleLevel::Error,
            "warning" => RuleLevel::Warning,
            "off" => RuleLevel::Off,
            other => {
                let pos = Some(pos_at(src, level.span().start));
                diags.push(
                    Diagnostic::error("config/rules", FILE, pos, format!("`{other}` is not a severity")).with_hint("use \"error\", \"warning\" or \"off\""),
                );
                ok = false;
                continue;
            }
        };
        rules.insert(rule.name.to_string(), level);
    }
    ok.then(|| Site {
        title: Localized { pl: raw.title, en: raw.title_en },
        description: Localized { pl: raw.description.unwrap_or_default(), en: raw.description_en },
        base_url: raw.base_url.trim_end_matches('/').to_string(),
        languages: raw.languages,
        publisher: raw.publisher,
        repository: raw.repository.map(|r| r.trim_end_matches('/').to_string()),
        categories,
        sandbox: SandboxSettings { enabled: raw.sandbox.map(|s| s.enabled).unwrap_or(true) },
        proxy: ProxySettings { allow_private: raw.proxy.map(|p| p.allow_private).unwrap_or_default() },
        rules,
    })
}

/// Lowercase ASCII letters, digits and single dashes: the shape of every id in the catalog.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Line and column (1-based, in characters) of a byte offset.
pub(crate) fn pos_at(src: &str, offset: usize) -> Pos {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) as u32 + 1;
    Pos { line, col }
}
