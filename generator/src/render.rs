//! The template engine: minijinja with every template of the theme loaded up front (a broken
//! template fails the build before anything is written), HTML auto-escaping for `.html`, and
//! `t("section.key", name=value)` for interface words — a missing key fails the render instead
//! of printing a blank. One environment per language, so that `t` knows its language without
//! looking anything up (it is called tens of thousands of times in a big build).

use std::collections::HashMap;
use std::sync::Arc;

use minijinja::value::{Kwargs, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};

use crate::i18n::Strings;
use crate::markdown::escape_into;
use crate::theme::Theme;
use crate::GenError;

/// Renders pages from the theme's templates.
pub(crate) struct Renderer {
    envs: HashMap<String, Environment<'static>>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Renderer")
    }
}

impl Renderer {
    /// Loads every template of the theme once per language in `strings`.
    pub(crate) fn new(theme: &Theme, strings: &HashMap<String, Strings>) -> Result<Renderer, GenError> {
        let mut templates = Vec::new();
        for (name, bytes) in theme.under("templates/") {
            let source = String::from_utf8(bytes.to_vec()).map_err(|e| GenError::Template { name: name.to_string(), message: e.to_string() })?;
            templates.push((name.to_string(), source));
        }
        let mut envs = HashMap::new();
        for (lang, words) in strings {
            let mut env = environment(words);
            for (name, source) in &templates {
                env.add_template_owned(name.clone(), source.clone()).map_err(|e| template_error(name, &e))?;
            }
            envs.insert(lang.clone(), env);
        }
        Ok(Renderer { envs })
    }

    /// Whether the theme has a template.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.envs.values().next().is_some_and(|e| e.get_template(name).is_ok())
    }

    /// The template `name` of the environment of `lang`.
    fn template(&self, lang: &str, name: &str) -> Result<minijinja::Template<'_, '_>, GenError> {
        let env = self.envs.get(lang).ok_or_else(|| GenError::Template { name: name.to_string(), message: format!("no translations for `{lang}`") })?;
        env.get_template(name).map_err(|e| template_error(name, &e))
    }

    /// Renders a template in a language with a context.
    pub(crate) fn render(&self, lang: &str, name: &str, ctx: Value) -> Result<String, GenError> {
        self.template(lang, name)?.render(ctx).map_err(|e| template_error(name, &e))
    }

    /// Renders into `buf` (cleared first): pages reuse one buffer per thread instead of growing
    /// a new string for each.
    pub(crate) fn render_into(&self, lang: &str, name: &str, ctx: Value, buf: &mut Vec<u8>) -> Result<(), GenError> {
        let tmpl = self.template(lang, name)?;
        buf.clear();
        tmpl.render_captured_to(ctx, &mut *buf).map(|_| ()).map_err(|e| template_error(name, &e))
    }
}

/// An environment whose `t` speaks one language.
fn environment(words: &Strings) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_auto_escape_callback(|name| if name.ends_with(".html") { AutoEscape::Html } else { AutoEscape::None });
    // minijinja escapes `/` too; links read better (and tests match them) without that, and
    // `/` is harmless in text and in quoted attributes.
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == AutoEscape::Html && !value.is_safe() {
            if let Some(s) = value.as_str() {
                let mut escaped = String::with_capacity(s.len() + 8);
                escape_into(s, &mut escaped);
                return out.write_str(&escaped).map_err(|_| Error::new(ErrorKind::WriteFailure, "write failed"));
            }
        }
        minijinja::escape_formatter(out, state, value)
    });
    let table: Arc<HashMap<String, Arc<str>>> = Arc::new(words.entries().map(|(k, v)| (k.to_string(), Arc::from(v))).collect());
    let lookup = {
        let table = table.clone();
        move |key: &str| -> Result<Arc<str>, Error> {
            table.get(key).cloned().ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("missing translation `{key}`")))
        }
    };
    let t = lookup.clone();
    env.add_function("t", move |key: &str, kwargs: Kwargs| -> Result<Value, Error> {
        let text = t(key)?;
        if kwargs.args().next().is_none() {
            return Ok(Value::from(text));
        }
        let mut text = text.to_string();
        let names: Vec<String> = kwargs.args().map(str::to_string).collect();
        for name in names {
            let v: Value = kwargs.get(&name)?;
            text = text.replace(&format!("{{{name}}}"), &v.to_string());
        }
        kwargs.assert_all_used()?;
        Ok(Value::from(text))
    });
    // Every key of a section as one JSON object, ready for a single-quoted data attribute
    // (scripts read their words from there). Computed once per section.
    let sections: HashMap<String, Value> = {
        let mut by_section: HashMap<&str, serde_json::Map<String, serde_json::Value>> = HashMap::new();
        let mut keys: Vec<&String> = table.keys().collect();
        keys.sort();
        for key in keys {
            if let Some((section, rest)) = key.split_once('.') {
                by_section.entry(section).or_default().insert(rest.to_string(), serde_json::Value::String(table[key].to_string()));
            }
        }
        by_section
            .into_iter()
            .map(|(section, map)| {
                let json = serde_json::Value::Object(map).to_string();
                let mut safe = String::with_capacity(json.len());
                for c in json.chars() {
                    match c {
                        '<' => safe.push_str("\\u003c"),
                        '>' => safe.push_str("\\u003e"),
                        '&' => safe.push_str("\\u0026"),
                        '\'' => safe.push_str("\\u0027"),
                        c => safe.push(c),
                    }
                }
                (section.to_string(), Value::from_safe_string(safe))
            })
            .collect()
    };
    env.add_function("t_json", move |section: &str| -> Result<Value, Error> {
        sections.get(section).cloned().ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("no translations in section `{section}`")))
    });
    let status = lookup;
    env.add_function("status_badge", move |s: &str, href: Option<&str>| -> Result<Value, Error> {
        let label = status(&format!("status.{s}"))?;
        let mut out = String::new();
        let (open, close) = if href.is_some() { ("<a", "</a>") } else { ("<span", "</span>") };
        out.push_str(open);
        out.push_str(" class=\"badge status status-");
        escape_into(s, &mut out);
        out.push('"');
        if let Some(h) = href {
            out.push_str(" href=\"");
            escape_into(h, &mut out);
            out.push('"');
        }
        out.push('>');
        escape_into(&label, &mut out);
        out.push_str(close);
        Ok(Value::from_safe_string(out))
    });
    // Small pieces of markup as Rust filters: far cheaper than template macros on the thirty
    // thousand pages of a big catalog.
    env.add_filter("txt", |v: Value| -> Result<Value, Error> {
        let text = v.get_attr("text")?;
        let mut out = String::new();
        let fallback = v.get_attr("fallback").map(|f| f.is_true()).unwrap_or(false);
        if fallback {
            out.push_str("<span lang=\"pl\">");
        }
        escape_into(text.as_str().unwrap_or_default(), &mut out);
        if fallback {
            out.push_str("</span>");
        }
        Ok(Value::from_safe_string(out))
    });
    env.add_filter("method", |m: &str| -> Value {
        let mut out = String::from("<span class=\"method method-");
        escape_into(m, &mut out);
        out.push_str("\">");
        escape_into(&m.to_ascii_uppercase(), &mut out);
        out.push_str("</span>");
        Value::from_safe_string(out)
    });
    env.add_filter("date", |d: &str| -> Value {
        let mut e = String::new();
        escape_into(d, &mut e);
        Value::from_safe_string(format!("<time datetime=\"{e}\">{e}</time>"))
    });
    env
}

fn template_error(name: &str, e: &Error) -> GenError {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    GenError::Template { name: name.to_string(), message }
}
