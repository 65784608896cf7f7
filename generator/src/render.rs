//! The template engine: minijinja with every template of the theme loaded up front (a broken
//! template fails the build before anything is written), HTML auto-escaping for `.html`, and
//! `t("section.key", name=value)` for interface words in the page's language — a missing key
//! fails the render instead of printing a blank.

use std::collections::HashMap;
use std::sync::Arc;

use minijinja::value::{Kwargs, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, State, UndefinedBehavior};

use crate::i18n::Strings;
use crate::markdown::escape_into;
use crate::theme::Theme;
use crate::GenError;

/// Renders pages from the theme's templates.
pub(crate) struct Renderer {
    env: Environment<'static>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Renderer")
    }
}

impl Renderer {
    /// Loads every template of the theme; `strings` has the words of every language.
    pub(crate) fn new(theme: &Theme, strings: Arc<HashMap<String, Strings>>) -> Result<Renderer, GenError> {
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
        let words = strings.clone();
        env.add_function("status_badge", move |state: &State<'_, '_>, status: &str, href: Option<&str>| -> Result<Value, Error> {
            let label = lookup(&words, state, &format!("status.{status}"))?;
            let mut out = String::new();
            let (open, close) = if href.is_some() { ("<a", "</a>") } else { ("<span", "</span>") };
            out.push_str(open);
            out.push_str(" class=\"badge status status-");
            escape_into(status, &mut out);
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
        env.add_function("t", move |state: &State<'_, '_>, key: &str, kwargs: Kwargs| -> Result<String, Error> {
            let mut text = lookup(&strings, state, key)?;
            if kwargs.args().next().is_none() {
                return Ok(text);
            }
            let names: Vec<String> = kwargs.args().map(str::to_string).collect();
            for name in names {
                let v: Value = kwargs.get(&name)?;
                text = text.replace(&format!("{{{name}}}"), &v.to_string());
            }
            kwargs.assert_all_used()?;
            Ok(text)
        });
        // Small pieces of markup as Rust filters: far cheaper than template macros on the
        // thirty thousand pages of a big catalog.
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
        for (name, bytes) in theme.under("templates/") {
            let source = String::from_utf8(bytes.to_vec()).map_err(|e| GenError::Template { name: name.to_string(), message: e.to_string() })?;
            env.add_template_owned(name.to_string(), source).map_err(|e| template_error(name, &e))?;
        }
        Ok(Renderer { env })
    }

    /// Whether the theme has a template.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.env.get_template(name).is_ok()
    }

    /// Renders a template with a context.
    pub(crate) fn render(&self, name: &str, ctx: Value) -> Result<String, GenError> {
        let tmpl = self.env.get_template(name).map_err(|e| template_error(name, &e))?;
        tmpl.render(ctx).map_err(|e| template_error(name, &e))
    }
}

/// The text of `key` in the language of the page being rendered (`lang` in its context).
fn lookup(strings: &HashMap<String, Strings>, state: &State<'_, '_>, key: &str) -> Result<String, Error> {
    let lang = state.lookup("lang").ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "the page has no `lang`"))?;
    let lang = lang.as_str().unwrap_or("pl");
    let table = strings.get(lang).ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("no translations for `{lang}`")))?;
    table.require(key).map(str::to_string).map_err(|m| Error::new(ErrorKind::InvalidOperation, m))
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
