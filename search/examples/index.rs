//! Builds the search index of a content folder straight from the catalog (no site) and prints
//! timings and sizes as `name value unit` lines.  Usage: index CONTENT OUT
use std::time::Instant;

struct PlainLinks;

impl search::Links for PlainLinks {
    fn api(&self, lang: &str, api: &str) -> String {
        format!("{}apis/{api}/", prefix(lang))
    }
    fn operation(&self, lang: &str, api: &str, key: &str) -> String {
        format!("{}apis/{api}/operations/{key}/", prefix(lang))
    }
    fn guide(&self, lang: &str, api: &str, slug: &str) -> String {
        format!("{}apis/{api}/guides/{slug}/", prefix(lang))
    }
    fn institution(&self, lang: &str, id: &str) -> String {
        format!("{}institutions/{id}/", prefix(lang))
    }
    fn initiative(&self, lang: &str, id: &str) -> String {
        format!("{}initiatives/{id}/", prefix(lang))
    }
}

fn prefix(lang: &str) -> &'static str {
    if lang == "pl" {
        "/"
    } else {
        "/en/"
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (content, out) = (std::path::Path::new(&args[1]), std::path::Path::new(&args[2]));
    let t = Instant::now();
    let loaded = catalog::load(content).expect("content loads");
    eprintln!("catalog loaded in {:.3} s", t.elapsed().as_secs_f64());
    let _ = std::fs::remove_dir_all(out);
    if std::env::var_os("PHASES").is_some() {
        for lang in &loaded.catalog.site.languages {
            let t = Instant::now();
            let c = search::document::corpus(&loaded.catalog, lang, &PlainLinks);
            let t1 = t.elapsed().as_secs_f64();
            let index = search::index::build(&c);
            let t2 = t.elapsed().as_secs_f64();
            let mut r = search::IndexReport::default();
            search::write::write_index(&c, &index, lang, &out.join(lang), &mut r).expect("written");
            eprintln!("{lang}: corpus {t1:.3} s, build {:.3} s, write {:.3} s", t2 - t1, t.elapsed().as_secs_f64() - t2);
        }
    }
    let t = Instant::now();
    let report = search::write_site_index(&loaded.catalog, &PlainLinks, out).expect("index written");
    let secs = t.elapsed().as_secs_f64();
    println!("index_build_time {secs:.3} s");
    println!("index_docs {} docs", report.docs);
    println!("index_terms {} terms", report.terms);
    println!("index_files {} files", report.files);
    println!("index_size {} bytes", report.bytes);
}
