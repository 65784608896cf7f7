//! The rendered site, one behaviour per test: small content folders written by the test, loaded
//! with `catalog::load` and built with `generator::build` into a temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A content folder being written by a test.
struct Content {
    tmp: Rc<tempfile::TempDir>,
    root: PathBuf,
}

const SIMPLE_SPEC: &str = r##"openapi: 3.0.3
info: {title: Szkoły, version: "1.0"}
servers: [{url: "https://api.example.test/v1", description: Produkcja}]
paths:
  /szkoly/{regon}:
    get:
      operationId: getSchool
      summary: Pobierz szkołę
      tags: [szkoly]
      parameters:
        - {name: regon, in: path, required: true, schema: {type: string}, example: "012345678"}
      responses:
        "200":
          description: Szkoła
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Szkola"}
              example: {regon: "012345678", nazwa: "I LO"}
components:
  schemas:
    Szkola:
      type: object
      required: [regon]
      properties:
        regon: {type: string, pattern: "^[0-9]{9}$"}
        nazwa: {type: string}
"##;

impl Content {
    fn new() -> Content {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("content");
        let w = |rel: &str, text: &str| {
            let p = root.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        };
        w(
            "katalog.toml",
            "title = \"Katalog testowy\"\ntitle_en = \"Test catalogue\"\ndescription = \"Do testów.\"\nbase_url = \"https://example.test\"\nlanguages = [\"pl\", \"en\"]\npublisher = \"urzad\"\n[[categories]]\nid = \"edukacja\"\nname = \"Edukacja\"\nname_en = \"Education\"\n[[categories]]\nid = \"inne\"\nname = \"Inne\"\n",
        );
        w("institutions/urzad.md", "---\nname: Urząd Testowy\nname_en: Test Office\nkind: agency\n---\nOpis urzędu.\n");
        w("pages/deklaracja-dostepnosci.md", "---\ntitle: Deklaracja dostępności\ntitle_en: Accessibility statement\n---\n## Wstęp\n\nTreść.\n");
        let c = Content { tmp: Rc::new(tmp), root };
        c.api("szkoly", "categories: [edukacja]\ntags: [szkoly]", "## Dla kogo\n\nDla szkół.", SIMPLE_SPEC);
        c
    }

    fn write(&self, rel: &str, text: &str) -> &Content {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
        self
    }

    /// An API folder: `meta` is extra front matter lines.
    fn api(&self, id: &str, meta: &str, body: &str, spec: &str) -> &Content {
        self.write(
            &format!("apis/{id}/index.md"),
            &format!("---\ntitle: API {id}\nsummary: Streszczenie {id}.\ninstitution: urzad\nstatus: production\naccess: open\n{meta}\n---\n{body}\n"),
        );
        self.write(&format!("apis/{id}/openapi.yaml"), spec)
    }

    fn build(&self) -> Site {
        self.build_with(generator::Options::default())
    }

    fn build_with(&self, options: generator::Options) -> Site {
        let out = self.root.parent().unwrap().join("site");
        let report = self.try_build(&out, &options).unwrap();
        Site { _tmp: self.tmp.clone(), dir: out, report }
    }

    fn try_build(&self, out: &Path, options: &generator::Options) -> Result<generator::Report, generator::GenError> {
        let loaded = catalog::load(&self.root).unwrap();
        let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.severity == catalog::Severity::Error).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        generator::build(&loaded.catalog, out, options)
    }
}

struct Site {
    _tmp: Rc<tempfile::TempDir>,
    dir: PathBuf,
    report: generator::Report,
}

impl Site {
    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn html_files(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![self.dir.clone()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "html") {
                    out.push(p.strip_prefix(&self.dir).unwrap().to_string_lossy().to_string());
                }
            }
        }
        out.sort();
        out
    }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn hostile_markdown_renders_without_script_handlers_or_styles() {
    let c = Content::new();
    c.api(
        "zle",
        "",
        "Tekst <script>alert('x')</script> [klik](javascript:alert(1)) <img src=x onerror=\"alert(3)\">\n\n<p style=\"color:red\" onclick=\"alert(5)\">styl</p>",
        SIMPLE_SPEC,
    );
    let site = c.build();
    let html = site.read("apis/zle/index.html");
    for bad in ["<script>alert", "javascript:", "onerror", "onclick", "style=\"color"] {
        assert!(!html.contains(bad), "{bad} survived");
    }
    assert!(html.contains("styl"));
}

#[test]
fn hostile_spec_descriptions_are_sanitized_too() {
    let c = Content::new();
    let spec =
        SIMPLE_SPEC.replace("summary: Pobierz szkołę", "summary: Pobierz szkołę\n      description: \"<img src=x onerror=alert(7)> [x](javascript:alert(6))\"");
    c.api("zle", "", "Treść.", &spec);
    let html = c.build().read("apis/zle/operations/getschool/index.html");
    assert!(!html.contains("onerror") && !html.contains("javascript:"), "{html}");
}

#[test]
fn every_page_declares_its_language_has_one_h1_a_csp_and_no_inline_code() {
    let site = Content::new().build();
    let files = site.html_files();
    assert!(files.len() > 20, "{files:?}");
    for f in files {
        let html = site.read(&f);
        let lang = if f.starts_with("en/") { "en" } else { "pl" };
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{f}: lang");
        assert_eq!(count(&html, "<h1"), 1, "{f}: h1");
        assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self';"), "{f}: CSP");
        assert!(!html.contains(" style=\""), "{f}: style attribute");
        assert!(!html.contains("<style"), "{f}: style element");
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{f}: inline script");
        }
        assert!(html.contains("class=\"skip-link\" href=\"#main\""), "{f}: skip link");
    }
}

#[test]
fn pages_link_to_their_other_language() {
    let site = Content::new().build();
    let pl = site.read("apis/szkoly/index.html");
    assert!(pl.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.test/en/apis/szkoly/\">"), "{pl}");
    assert!(pl.contains("href=\"/en/apis/szkoly/\" hreflang=\"en\""));
    let en = site.read("en/apis/szkoly/index.html");
    assert!(en.contains("<link rel=\"alternate\" hreflang=\"pl\" href=\"https://example.test/apis/szkoly/\">"), "{en}");
    assert!(en.contains("href=\"/apis/szkoly/\" hreflang=\"pl\""));
}

#[test]
fn english_pages_show_polish_text_marked_when_there_is_no_translation() {
    let site = Content::new().build();
    let en = site.read("en/apis/szkoly/index.html");
    assert!(en.contains("has no English version yet"), "{en}");
    assert!(en.contains("<div class=\"prose\" lang=\"pl\">"));
    assert!(en.contains("<span lang=\"pl\">API szkoly</span>"));
    // The institution has an English name.
    assert!(en.contains("Test Office"));
}

#[test]
fn a_recursive_schema_renders_as_a_link_instead_of_looping() {
    let c = Content::new();
    let spec = r##"openapi: 3.0.3
info: {title: Drzewo, version: "1.0"}
paths:
  /wezly:
    get:
      operationId: listNodes
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Wezel"}
components:
  schemas:
    Wezel:
      type: object
      properties:
        nazwa: {type: string}
        dzieci: {type: array, items: {$ref: "#/components/schemas/Wezel"}}
        rodzic: {$ref: "#/components/schemas/Wezel"}
"##;
    c.api("drzewo", "", "Treść.", spec);
    let site = c.build();
    let op = site.read("apis/drzewo/operations/listnodes/index.html");
    assert!(op.contains("href=\"/apis/drzewo/schemas/#schema-wezel\""), "{op}");
    assert!(op.contains("rekurencja"), "{op}");
    // Few schemas: one page holds them all, each a section its links point to.
    let schema = site.read("apis/drzewo/schemas/index.html");
    assert!(schema.contains("<section class=\"schema\" id=\"schema-wezel\""), "{schema}");
    assert!(schema.contains("<code class=\"node-name\">dzieci</code>"));
}

#[test]
fn compositions_render_as_labelled_groups() {
    let c = Content::new();
    let spec = r##"openapi: 3.0.3
info: {title: Płatności, version: "1.0"}
paths:
  /platnosci:
    post:
      operationId: pay
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - {$ref: "#/components/schemas/Karta"}
                - {type: object, properties: {iban: {type: string}}}
      responses: {"204": {description: ok}}
components:
  schemas:
    Karta:
      allOf:
        - {type: object, properties: {numer: {type: string, readOnly: true}}}
        - {type: object, properties: {cvv: {type: string, writeOnly: true, nullable: true}}}
"##;
    c.api("platnosci", "", "Treść.", spec);
    let op = c.build().read("apis/platnosci/operations/pay/index.html");
    assert!(op.contains("<div class=\"group one-of\"><p class=\"group-label\">jeden z</p>"), "{op}");
    assert!(op.contains("class=\"group all-of\""), "{op}");
    assert!(op.contains("tylko do odczytu") && op.contains("tylko do zapisu") && op.contains("może być null"), "{op}");
}

#[test]
fn a_huge_schema_stays_under_one_megabyte() {
    // 4,000 properties with long descriptions, each an object nesting three levels down.
    let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Olbrzym, version: \"1.0\"}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/Olbrzym\"}\n        \"201\":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/Olbrzym\"}\ncomponents:\n  schemas:\n    Olbrzym:\n      type: object\n      properties:\n");
    let long = "Bardzo długi opis pola, który powtarza się wiele razy. ".repeat(6);
    for i in 0..4000 {
        spec.push_str(&format!(
            "        p{i}: {{type: object, description: \"{long}\", properties: {{a: {{type: object, properties: {{b: {{type: object, properties: {{c: {{type: string, description: \"{long}\"}}}}}}}}}}}}}}\n"
        ));
    }
    let c = Content::new();
    c.api("olbrzym", "", "Treść.", &spec);
    let site = c.build();
    let (path, bytes) = site.report.largest_page.clone().unwrap();
    assert!(bytes <= 1024 * 1024, "{path}: {bytes}");
    let op = site.read("apis/olbrzym/operations/getx/index.html");
    assert!(op.contains("class=\"truncated\""), "the budget must show that it cut");
    // Too big to share a page: filed under its letter.
    let schema = site.read("apis/olbrzym/schemas/o/index.html");
    assert!(schema.contains("id=\"schema-olbrzym\""));
    assert!(schema.len() <= 1024 * 1024, "{}", schema.len());
}

#[test]
fn many_schemas_are_filed_by_letter_and_every_link_reaches_its_section() {
    // 120 schemas of ~20 properties with long descriptions: too much for one page.
    let long = "Opis pola, dość długi, żeby schematy zajęły kilka stron. ".repeat(4);
    let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Słownik, version: \"1.0\"}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/Adres0\"}\ncomponents:\n  schemas:\n");
    for i in 0..120 {
        let name = ["Adres", "Budynek", "Zasob"][i % 3];
        spec.push_str(&format!("    {name}{i}:\n      type: object\n      properties:\n"));
        for p in 0..20 {
            spec.push_str(&format!("        pole{p}: {{type: string, description: \"{long}\"}}\n"));
        }
        spec.push_str(&format!("        dalej: {{$ref: \"#/components/schemas/{}{}\"}}\n", ["Adres", "Budynek", "Zasob"][(i + 1) % 3], (i + 1) % 120));
    }
    let c = Content::new();
    c.api("slownik", "", "Treść.", &spec);
    let site = c.build();
    let pages: Vec<String> = site.html_files().into_iter().filter(|f| f.starts_with("apis/slownik/schemas/")).collect();
    assert!(pages.iter().any(|p| p.starts_with("apis/slownik/schemas/a")), "{pages:?}");
    assert!(pages.iter().any(|p| p.starts_with("apis/slownik/schemas/z")), "{pages:?}");
    assert!(pages.len() >= 3 && pages.len() < 20, "a few pages, not one per schema: {pages:?}");
    // Every link to a schema, from the reference list and from the trees, names a section on a page.
    let mut links = 0;
    for page in ["apis/slownik/reference/index.html"].iter().map(|p| p.to_string()).chain(pages.iter().cloned()) {
        let html = site.read(&page);
        for href in html.split("href=\"").skip(1).filter_map(|h| h.split('"').next()).filter(|h| h.contains("#schema-")) {
            let (path, anchor) = href.split_once('#').expect("filtered on #");
            let target = site.read(&format!("{}index.html", path.trim_start_matches('/')));
            assert!(target.contains(&format!("id=\"{anchor}\"")), "{page}: {href} has no such section");
            links += 1;
        }
    }
    assert!(links >= 240, "the reference lists 120 schemas and each tree links the next: {links}");
    let (path, bytes) = site.report.largest_page.clone().unwrap();
    assert!(bytes <= 1024 * 1024, "{path}: {bytes}");
}

#[test]
fn a_spec_with_thousands_of_operations_is_split_into_reference_pages() {
    let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Wiele, version: \"1.0\"}\npaths:\n");
    for i in 0..2500 {
        spec.push_str(&format!("  /zasob{i}:\n    get:\n      operationId: get{i}\n      tags: [grupa{}]\n      summary: Operacja numer {i}\n      responses: {{\"200\": {{description: ok}}}}\n", i % 7));
    }
    let c = Content::new();
    c.api("wiele", "", "Treść.", &spec);
    let site = c.build();
    let first = site.read("apis/wiele/reference/index.html");
    assert!(site.dir.join("apis/wiele/reference/13/index.html").is_file());
    assert!(first.contains("href=\"/apis/wiele/reference/2/\""), "pagination");
    assert!(site.dir.join("apis/wiele/operations/get2499/index.html").is_file());
    let overview = site.read("apis/wiele/index.html");
    assert!(overview.len() < 200_000, "the overview lists groups, not 2,500 operations");
    for n in 1..=13 {
        let rel = if n == 1 { "apis/wiele/reference/index.html".to_string() } else { format!("apis/wiele/reference/{n}/index.html") };
        assert!(site.read(&rel).len() < 1024 * 1024);
    }
}

#[test]
fn operation_pages_have_code_samples_and_a_try_it_slot() {
    let site = Content::new().build();
    let op = site.read("apis/szkoly/operations/getschool/index.html");
    assert!(op.contains("https://api.example.test/v1/szkoly/012345678"), "example value in the path");
    assert!(op.contains(">curl</span>") && op.contains("requests.") && op.contains(">fetch</span>"));
    assert!(op.contains("<section id=\"try-it\" class=\"try-it\" hidden data-api=\"szkoly\" data-version=\"1.0\" data-operation=\"getschool\" data-method=\"get\" data-path=\"/szkoly/{regon}\"></section>"), "{op}");
    assert!(op.contains("<span class=\"hl-s\">"), "highlighted example");
    assert!(op.contains("/static/highlight.css"), "the operation page loads the highlighting colours");
    assert!(!site.read("index.html").contains("highlight.css"), "pages without code do not");
}

#[test]
fn facet_pages_list_the_matching_apis_without_javascript() {
    let c = Content::new();
    c.api("inne-api", "categories: [inne]\ntags: [pogoda]", "Treść.", SIMPLE_SPEC);
    let site = c.build();
    let home = site.read("index.html");
    assert!(home.contains("href=\"/categories/edukacja/\">Edukacja</a> <span class=\"count\">1</span>"), "{home}");
    assert!(home.contains("<form class=\"search-form\" role=\"search\" action=\"/search/\" method=\"get\">"));
    let edu = site.read("categories/edukacja/index.html");
    assert!(edu.contains("href=\"/apis/szkoly/\"") && !edu.contains("href=\"/apis/inne-api/\""));
    assert!(site.read("tags/pogoda/index.html").contains("href=\"/apis/inne-api/\""));
    assert!(site.read("status/production/index.html").contains("href=\"/apis/inne-api/\""));
    assert!(site.read("access/open/index.html").contains("href=\"/apis/szkoly/\""));
    assert!(site.read("institutions/urzad/index.html").contains("href=\"/apis/szkoly/\""));
}

#[test]
fn stats_and_404_pages_exist_in_both_languages() {
    let site = Content::new().build();
    for f in ["stats/index.html", "en/stats/index.html", "404.html", "en/404.html", "deklaracja-dostepnosci/index.html"] {
        assert!(site.dir.join(f).is_file(), "{f}");
    }
    let stats = site.read("stats/index.html");
    assert!(stats.contains("<caption class=\"visually-hidden\">API według statusu</caption>"), "{stats}");
    // The accessibility statement is linked from every page's footer.
    assert!(site.read("index.html").contains("href=\"/deklaracja-dostepnosci/\""));
}

#[test]
fn the_accessibility_statement_has_the_required_ids_once_from_its_front_matter() {
    let c = Content::new();
    c.write(
        "pages/deklaracja-dostepnosci.md",
        "---\ntitle: Deklaracja dostępności\ntitle_en: Accessibility statement\nentity: Urząd Testowy\nurl: https://example.test\n\
         published: 2026-01-02\nupdated: 2026-02-03\nstatus: zgodna\nprepared: 2026-03-04\nassessment: samoocena\n\
         contact_person: Zespół\nemail: a11y@example.test\nphone: \"+48 22 000 00 00\"\n\
         architecture: |\n  Wejście z podjazdem.\n\n  Winda.\ncommunication: Tłumacz PJM.\n---\n",
    );
    let site = c.build();
    for (rel, status) in [("deklaracja-dostepnosci/index.html", "jest zgodna"), ("en/deklaracja-dostepnosci/index.html", "is fully compliant")] {
        let page = site.read(rel);
        for id in [
            "a11y-wstep",
            "a11y-podmiot",
            "a11y-zakres",
            "a11y-url",
            "a11y-data-publikacja",
            "a11y-data-aktualizacja",
            "a11y-status",
            "a11y-kontakt",
            "a11y-email",
            "a11y-telefon",
            "a11y-procedura",
            "a11y-data-sporzadzenie",
            "a11y-architektura",
            "a11y-komunikacja",
        ] {
            assert_eq!(count(&page, &format!("id=\"{id}\"")), 1, "{rel}: {id}");
        }
        assert!(page.contains("<time id=\"a11y-data-publikacja\" datetime=\"2026-01-02\">"), "{page}");
        assert!(page.contains("<a id=\"a11y-telefon\" href=\"tel:+48220000000\">"), "{page}");
        assert!(page.contains(status), "{rel}: the status in the page's language");
        assert!(page.contains("<p>Wejście z podjazdem.</p><p>Winda.</p>"), "{rel}: paragraphs of the front matter");
    }
    assert!(site.read("en/deklaracja-dostepnosci/index.html").contains("<div lang=\"pl\"><p>Tłumacz PJM.</p></div>"), "untranslated text marked");
}

#[test]
fn an_older_version_links_a_security_scheme_only_when_the_overview_describes_it() {
    let c = Content::new();
    let with_security = |spec: &str, version: &str, schemes: &str, security: &str| {
        spec.replace("version: \"1.0\"", &format!("version: \"{version}\""))
            .replace("      operationId: getSchool\n", &format!("      operationId: getSchool\n      security: {security}\n"))
            .replace("components:\n", &format!("components:\n  securitySchemes:\n{schemes}"))
    };
    let klucz = "    klucz: {type: apiKey, in: header, name: X-Klucz}\n";
    let stary = "    staryKlucz: {type: apiKey, in: header, name: X-Stary}\n";
    c.write("apis/szkoly/openapi.yaml", &with_security(SIMPLE_SPEC, "1.0", klucz, "[{klucz: []}]"));
    c.write("apis/szkoly/versions/0.9/openapi.yaml", &with_security(SIMPLE_SPEC, "0.9", &format!("{klucz}{stary}"), "[{klucz: []}, {staryKlucz: []}]"));
    let site = c.build();
    assert!(site.read("apis/szkoly/index.html").contains("id=\"auth-klucz\""));
    let old = site.read("apis/szkoly/versions/0.9/operations/getschool/index.html");
    assert!(old.contains("href=\"/apis/szkoly/#auth-klucz\""), "{old}");
    assert!(old.contains("<code>staryKlucz</code>") && !old.contains("#auth-staryKlucz"), "no link to an id the overview lacks: {old}");
}

#[test]
fn two_builds_give_identical_bytes() {
    let c = Content::new();
    let a = c.build();
    let first: Vec<(String, Vec<u8>)> = a.html_files().into_iter().map(|f| (f.clone(), fs::read(a.dir.join(&f)).unwrap())).collect();
    let b = c.build();
    assert_eq!(a.report.files, b.report.files);
    for (f, bytes) in first {
        assert!(fs::read(b.dir.join(&f)).unwrap() == bytes, "{f} differs");
    }
}

#[test]
fn a_broken_theme_override_fails_and_leaves_the_previous_site() {
    let c = Content::new();
    let site = c.build();
    let before = site.read("index.html");
    let theme = c.root.parent().unwrap().join("theme");
    fs::create_dir_all(theme.join("templates")).unwrap();
    fs::write(theme.join("templates/api.html"), "{% extends \"base.html\" %}{% block content %}{{ broken( }}{% endblock %}").unwrap();
    let err = c.try_build(&site.dir, &generator::Options { theme_dir: Some(theme), ..Default::default() }).unwrap_err();
    assert!(err.to_string().contains("api.html"), "{err}");
    assert_eq!(site.read("index.html"), before);
}

#[test]
fn a_theme_file_overrides_the_embedded_one() {
    let c = Content::new();
    let theme = c.root.parent().unwrap().join("theme");
    fs::create_dir_all(theme.join("static")).unwrap();
    fs::write(theme.join("static/style.css"), "body { color: red }\n").unwrap();
    let site = c.build_with(generator::Options { theme_dir: Some(theme), ..Default::default() });
    assert_eq!(site.read("static/style.css"), "body { color: red }\n");
    assert!(site.dir.join("static/highlight.css").is_file());
}

#[test]
fn a_missing_translation_is_a_build_error() {
    let c = Content::new();
    let theme = c.root.parent().unwrap().join("theme");
    fs::create_dir_all(theme.join("i18n/en")).unwrap();
    fs::write(theme.join("i18n/en/ui.toml"), "[nav]\nskip = \"Skip\"\n").unwrap();
    let out = c.root.parent().unwrap().join("site");
    let err = c.try_build(&out, &generator::Options { theme_dir: Some(theme), ..Default::default() }).unwrap_err();
    assert!(err.to_string().contains("missing translation") || err.to_string().contains("schema."), "{err}");
}

#[test]
fn live_reload_adds_only_an_external_script() {
    let site = Content::new().build_with(generator::Options { live_reload: true, ..Default::default() });
    let home = site.read("index.html");
    assert!(home.contains("<script src=\"/static/livereload.js\" data-base=\"/\"></script>"), "{home}");
    assert!(site.read("static/livereload.js").contains("__livereload"));
}

#[test]
fn the_report_counts_pages_and_finds_the_largest() {
    let site = Content::new().build();
    assert_eq!(site.report.pages, site.html_files().len());
    assert!(site.report.files > site.report.pages);
    let (path, bytes) = site.report.largest_page.clone().unwrap();
    assert!(path.starts_with('/') && bytes > 1000, "{path} {bytes}");
}
