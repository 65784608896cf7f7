//! The accessibility statement's data: the front matter of
//! `content/pages/deklaracja-dostepnosci.md`. The theme lays the statement out in the structure
//! the Polish rules fix; every field it reads must be here, typed, and no key misspelt, because
//! a statement with a silently empty date or contact is not a valid statement. (A statement
//! page with a title only is written in its markdown instead, and is checked like any page.)

use crate::frontmatter::Fields;

/// The page the theme shows as the accessibility statement.
pub const STATEMENT_PAGE: &str = "deklaracja-dostepnosci";

/// How far the site complies, as the statement says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compliance {
    Full,
    Partial,
    None,
}

/// Checks the statement's fields; problems go to `f.diags`, unknown keys included.
pub(crate) fn check(f: &mut Fields<'_>) {
    f.required_string("entity");
    f.url("url");
    f.require("url");
    for key in ["published", "updated", "prepared"] {
        f.date(key);
        f.require(key);
    }
    f.date("reviewed");
    let compliance = f.required_choice("status", &[("zgodna", Compliance::Full), ("czesciowo-zgodna", Compliance::Partial), ("niezgodna", Compliance::None)]);
    let nonconformities = f.strings("nonconformities");
    if matches!(compliance, Some(Compliance::Partial | Compliance::None)) && nonconformities.is_empty() {
        let pos = f.node("status").map(|n| n.pos).unwrap_or_default();
        f.error(
            "front-matter/required",
            pos,
            "a site that is not fully compliant must list its nonconformities".into(),
            Some("add `nonconformities:` with one `- …` line per problem or exemption".into()),
        );
    }
    let audited = f.required_choice("assessment", &[("samoocena", false), ("audyt", true)]);
    if audited == Some(true) {
        f.required_string("auditor");
    } else {
        f.string("auditor");
    }
    f.required_string("contact_person");
    f.email("email");
    f.require("email");
    f.required_string("phone");
    for key in ["architecture", "architecture_en", "communication", "communication_en"] {
        f.string(key);
    }
    f.finish(&[]);
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostic;
    use crate::doc::Pos;
    use crate::frontmatter::{split, Fields};

    fn check(src: &str) -> Vec<Diagnostic> {
        let mut d = Vec::new();
        let doc = split(src, "pages/deklaracja-dostepnosci.md", &mut d);
        let node = doc.front.expect("front matter");
        let mut f = Fields::new(&node, "pages/deklaracja-dostepnosci.md");
        f.string("title");
        super::check(&mut f);
        f.diags
    }

    const VALID: &str = "---\ntitle: Deklaracja\nentity: Ministerstwo\nurl: https://katalog.example\npublished: 2026-11-01\nupdated: 2026-11-24\n\
status: zgodna\nprepared: 2026-11-20\nassessment: samoocena\ncontact_person: Zespół\nemail: a11y@example.gov.pl\nphone: \"+48 22 000 00 00\"\n---\n";

    #[test]
    fn a_complete_statement_passes() {
        assert!(check(VALID).is_empty(), "{:#?}", check(VALID));
    }

    #[test]
    fn a_misspelt_key_is_unknown_and_its_field_missing_with_both_pointing_at_the_fix() {
        let d = check(&VALID.replace("email:", "emial:"));
        let unknown = d.iter().find(|d| d.rule == "front-matter/unknown-key").expect("unknown key");
        assert_eq!(unknown.pos, Some(Pos { line: 11, col: 1 }));
        assert_eq!(unknown.hint.as_deref(), Some("did you mean `email`?"));
        let missing = d.iter().find(|d| d.rule == "front-matter/required").expect("missing email");
        assert_eq!(missing.message, "`email` is required");
        assert_eq!(missing.hint.as_deref(), Some("line 11 has `emial`: rename it to `email`"));
    }

    #[test]
    fn values_are_typed_and_partial_compliance_needs_its_list() {
        let d = check(&VALID.replace("2026-11-24", "24.11.2026").replace("status: zgodna", "status: czesciowo-zgodna").replace("samoocena", "audit"));
        let rules: Vec<(&str, u32)> = d.iter().map(|d| (d.rule, d.pos.map_or(0, |p| p.line))).collect();
        assert!(rules.contains(&("front-matter/date", 6)), "{rules:?}");
        assert!(rules.contains(&("front-matter/required", 7)), "nonconformities: {rules:?}");
        assert!(rules.contains(&("front-matter/invalid-value", 9)), "{rules:?}");
        let with_list = VALID.replace("status: zgodna", "status: czesciowo-zgodna\nnonconformities:\n  - filmy bez napisów");
        assert!(check(&with_list).is_empty());
    }

    #[test]
    fn an_audit_names_its_auditor() {
        let d = check(&VALID.replace("samoocena", "audyt"));
        assert!(d.iter().any(|d| d.message == "`auditor` is required"), "{d:#?}");
        assert!(check(&VALID.replace("samoocena", "audyt\nauditor: Fundacja Widzialni")).is_empty());
    }
}
