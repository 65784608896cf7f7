//! Interface words: every `*.toml` file of `i18n/<lang>/` in the theme, merged into one table of
//! dotted keys (`api.versions` is `versions` in the `[api]` table). Templates ask for them with
//! `t("api.versions")`; a key that is missing is an error, never a blank.

use std::collections::HashMap;

use crate::theme::Theme;
use crate::GenError;

/// The interface words of one language.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strings {
    map: HashMap<String, String>,
}

impl Strings {
    /// Reads and merges the translation files of `lang`.
    pub(crate) fn load(theme: &Theme, lang: &str) -> Result<Strings, GenError> {
        let prefix = format!("i18n/{lang}/");
        let mut map = HashMap::new();
        let mut seen_any = false;
        for (name, bytes) in theme.under(&prefix) {
            if !name.ends_with(".toml") || name.contains('/') {
                continue;
            }
            seen_any = true;
            let file = format!("{prefix}{name}");
            let text = std::str::from_utf8(bytes).map_err(|e| GenError::Theme { file: file.clone(), message: e.to_string() })?;
            let table: toml::Table = text.parse().map_err(|e: toml::de::Error| GenError::Theme { file: file.clone(), message: e.to_string() })?;
            flatten("", &table, &file, &mut map)?;
        }
        if !seen_any {
            return Err(GenError::Theme { file: prefix, message: format!("no translation files for language `{lang}`") });
        }
        Ok(Strings { map })
    }

    /// The text of a key.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    /// The text of a key, or an error naming it.
    pub(crate) fn require(&self, key: &str) -> Result<&str, String> {
        self.get(key).ok_or_else(|| format!("missing translation `{key}`"))
    }

    /// Every key with its text.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Every key, sorted.
    #[cfg(test)]
    pub(crate) fn keys(&self) -> Vec<&str> {
        let mut k: Vec<&str> = self.map.keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }
}

fn flatten(prefix: &str, table: &toml::Table, file: &str, map: &mut HashMap<String, String>) -> Result<(), GenError> {
    for (k, v) in table {
        let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            toml::Value::Table(t) => flatten(&key, t, file, map)?,
            toml::Value::String(s) => {
                if map.insert(key.clone(), s.clone()).is_some() {
                    return Err(GenError::Theme { file: file.to_string(), message: format!("`{key}` is defined twice") });
                }
            }
            other => {
                return Err(GenError::Theme { file: file.to_string(), message: format!("`{key}` must be a string, not {}", other.type_str()) });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
