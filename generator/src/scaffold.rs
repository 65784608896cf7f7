//! Templates of `katalog new api`: part of the theme, embedded in the binary.

/// The files of a new API folder (name, text with `{{slug}}` to fill in).
pub fn api_files() -> [(&'static str, &'static str); 2] {
    [("index.md", include_str!("../../themes/default/scaffold/index.md")), ("openapi.yaml", include_str!("../../themes/default/scaffold/openapi.yaml"))]
}
