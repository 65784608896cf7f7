//! Prints every document of a content folder: id, kind and title (to write test queries).
//! Usage: dump CONTENT [LANG]
fn main() {
    struct L;
    impl search::Links for L {
        fn api(&self, _: &str, a: &str) -> String {
            a.into()
        }
        fn operation(&self, _: &str, a: &str, k: &str) -> String {
            format!("{a}/{k}")
        }
        fn guide(&self, _: &str, a: &str, s: &str) -> String {
            format!("{a}/{s}")
        }
        fn institution(&self, _: &str, i: &str) -> String {
            i.into()
        }
        fn initiative(&self, _: &str, i: &str) -> String {
            i.into()
        }
    }
    let args: Vec<String> = std::env::args().collect();
    let loaded = catalog::load(std::path::Path::new(&args[1])).expect("content loads");
    let lang = args.get(2).map(String::as_str).unwrap_or("pl");
    for d in search::document::corpus(&loaded.catalog, lang, &L).docs {
        println!("{}\t{:?}\t{}\t{}", d.id, d.kind, d.title, d.path.unwrap_or_default());
    }
}
