//! The published specs: every version of every API as `specs/<api>/<version>/openapi.json`
//! (pretty JSON) and `openapi.yaml`, both from the bundled document (sibling-file `$ref`s
//! already in), keys in the order the author wrote them. Strings that YAML would read as
//! something else (`"1.10"`, `"yes"`, `"0123"`) are quoted (`yaml_out`), so the YAML reads back
//! as exactly the JSON.

use catalog::Catalog;
use rayon::prelude::*;

use crate::output::Output;
use crate::{GenError, Urls};

/// Writes both files for every version.
#[allow(dead_code)] // called by `build` once the pages land
pub(crate) fn write(out: &Output, urls: &Urls, catalog: &Catalog) -> Result<(), GenError> {
    // Serializing big specs (YAML above all) is most of the export's time: one version per task.
    let versions: Vec<_> = catalog.apis.iter().flat_map(|api| api.versions.iter().map(move |v| (api, v))).collect();
    versions.par_iter().try_for_each(|(api, version)| {
        let (json, yaml) = render(&version.bundled);
        out.write(&urls.file_for(&urls.spec_json(&api.id, &version.id)), json.as_bytes())?;
        out.write(&urls.file_for(&urls.spec_yaml(&api.id, &version.id)), yaml.as_bytes())
    })
}

/// The JSON and YAML texts of one document, each ending with a newline.
pub(crate) fn render(doc: &serde_json::Value) -> (String, String) {
    let mut json = serde_json::to_string_pretty(doc).expect("a JSON value always serializes");
    json.push('\n');
    (json, crate::yaml_out::to_yaml(doc))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::render;
    use crate::feeds::testkit;
    use crate::output::Output;
    use crate::Urls;

    fn yaml_back(yaml: &str) -> Value {
        yaml_serde::from_str(yaml).expect("our YAML parses")
    }

    #[test]
    fn yaml_quotes_strings_that_would_change_type() {
        let doc = json!({
            "version": "1.10", "yes": "yes", "no": "No", "on": "on", "zero": "0123", "octal": "0o17",
            "hex": "0x1F", "float": "1e3", "null": "null", "tilde": "~", "empty": "", "bool": true,
            "int": 10, "real": 1.5, "date": "2024-01-01", "colon": "a: b", "hash": "# not a comment",
            "multi": "line one\nline two", "dash": "- item", "star": "*alias", "amp": "&anchor",
            "pl": "zażółć gęślą jaźń", "space": " leading", "inf": ".inf", "nan": ".NaN",
        });
        let (_, yaml) = render(&doc);
        assert_eq!(yaml_back(&yaml), doc, "{yaml}");
        assert!(yaml.contains("'1.10'") || yaml.contains("\"1.10\""), "{yaml}");
    }

    #[test]
    fn key_order_is_kept_in_both_formats() {
        let doc: Value = serde_json::from_str(r#"{"openapi":"3.0.3","info":{"version":"1.0","title":"T"},"paths":{"/z":{},"/a":{}}}"#).unwrap();
        let (json, yaml) = render(&doc);
        let order = |s: &str, keys: &[&str]| keys.iter().map(|k| s.find(k).unwrap()).collect::<Vec<_>>().windows(2).all(|w| w[0] < w[1]);
        assert!(order(&json, &["openapi", "info", "\"version\"", "\"title\"", "paths", "/z", "/a"]), "{json}");
        assert!(order(&yaml, &["openapi", "info", "version", "title", "paths", "/z", "/a"]), "{yaml}");
        assert!(json.ends_with("}\n") && yaml.ends_with('\n'));
    }

    #[test]
    fn every_version_is_written_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::new(dir.path());
        let catalog = testkit::catalog();
        let urls = Urls::new(&catalog.site.base_url);
        super::write(&out, &urls, &catalog).unwrap();
        for api in &catalog.apis {
            for v in &api.versions {
                let base = dir.path().join("specs").join(&api.id).join(&v.id);
                let json = std::fs::read_to_string(base.join("openapi.json")).unwrap();
                let yaml = std::fs::read_to_string(base.join("openapi.yaml")).unwrap();
                let from_json: Value = serde_json::from_str(&json).unwrap();
                assert_eq!(from_json, v.bundled);
                assert_eq!(yaml_back(&yaml), v.bundled, "{}/{}", api.id, v.id);
            }
        }
        // "1.10" stays a string in the YAML of the KSeF 1.10 version.
        let yaml = std::fs::read_to_string(dir.path().join("specs/ksef/1.10/openapi.yaml")).unwrap();
        assert_eq!(yaml_back(&yaml)["info"]["version"], json!("1.10"));
    }

    #[test]
    fn writes_are_deterministic() {
        let catalog = testkit::catalog();
        let urls = Urls::new(&catalog.site.base_url);
        let read = || {
            let dir = tempfile::tempdir().unwrap();
            super::write(&Output::new(dir.path()), &urls, &catalog).unwrap();
            std::fs::read(dir.path().join("specs/ksef/2.0/openapi.yaml")).unwrap()
        };
        assert_eq!(read(), read());
    }
}
