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
        env.add_function("t", move |state: &State<'_, '_>, key: &str, kwargs: Kwargs| -> Result<String, Error> {
            let lang = state.lookup("lang").and_then(|l| l.as_str().map(str::to_string)).unwrap_or_else(|| "pl".to_string());
            let table = strings.get(&lang).ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("no translations for `{lang}`")))?;
            let text = table.require(key).map_err(|m| Error::new(ErrorKind::InvalidOperation, m))?;
            if kwargs.args().next().is_none() {
                return Ok(text.to_string());
            }
            let mut text = text.to_string();
            let names: Vec<String> = kwargs.args().map(str::to_string).collect();
            for name in names {
                let v: Value = kwargs.get(&name)?;
                text = text.replace(&format!("{{{name}}}"), &v.to_string());
            }
            kwargs.assert_all_used()?;
            Ok(text)
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
