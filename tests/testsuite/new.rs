//! `katalog new api`: a scaffold that passes the check.

use crate::harness::*;

#[test]
fn a_new_api_folder_passes_the_check() {
    let (_tmp, content) = copy_fixture("valid");
    let o = katalog(&["new", "api", "rejestr-testowy", "--content", content.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    // The scaffold names institution `mc`; the fixture has `men`.
    let index = content.join("apis/rejestr-testowy/index.md");
    let text_md = std::fs::read_to_string(&index).unwrap().replace("institution: mc", "institution: men").replace("[administracja]", "[edukacja]");
    std::fs::write(&index, text_md).unwrap();
    let (code, diags) = check_json(&content);
    assert_eq!(code, 0, "{diags:#?}");
}

#[test]
fn a_bad_slug_is_refused() {
    let (_tmp, content) = copy_fixture("valid");
    let o = katalog(&["new", "api", "Zła Nazwa", "--content", content.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o).contains("not a valid API id"));
}

#[test]
fn every_subcommand_explains_itself() {
    for cmd in [vec!["--help"], vec!["build", "--help"], vec!["check", "--help"], vec!["serve", "--help"], vec!["new", "api", "--help"]] {
        let o = katalog(&cmd);
        assert!(o.status.success(), "{cmd:?}: {}", text(&o));
        assert!(text(&o).contains("Usage:"), "{cmd:?}");
    }
}
