//! `sitemap.xml` and `robots.txt`. Every page with its language versions as `xhtml:link`
//! alternates (hreflang); past 50,000 URLs or 50 MB (the sitemaps.org limits) the pages go into
//! `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml` becomes their index. robots.txt allows
//! everything but the live server's `/try/` and `/sandbox/`, and points at the sitemap.

use std::fmt::Write as _;

use crate::feeds::xml_escape;
use crate::output::Output;
use crate::{GenError, Urls};

/// One HTML page for the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageEntry {
    /// Site path, as [`Urls`] returns it (`/apis/ksef/`).
    pub(crate) path: String,
    /// Every language version of the page, this one included: (language, site path).
    pub(crate) alternates: Vec<(String, String)>,
}

/// Most URLs in one sitemap file.
pub(crate) const MAX_URLS: usize = 50_000;
/// Most bytes in one sitemap file (50 MiB, less room for the closing tag).
const MAX_BYTES: usize = 50 * 1024 * 1024 - 64;

const HEAD: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const TAIL: &str = "</urlset>\n";

/// Writes the sitemap (one file or an index with parts) and robots.txt.
#[allow(dead_code)] // called by `build` once the pages land
pub(crate) fn write(out: &Output, urls: &Urls, pages: &[PageEntry]) -> Result<(), GenError> {
    write_with_limit(out, urls, pages, MAX_URLS)
}

pub(crate) fn write_with_limit(out: &Output, urls: &Urls, pages: &[PageEntry], max_urls: usize) -> Result<(), GenError> {
    let home = urls.home("pl");
    let mut seen = std::collections::HashSet::new();
    let mut files: Vec<String> = Vec::new();
    let mut current = String::from(HEAD);
    let mut count = 0;
    for page in pages {
        if !seen.insert(page.path.as_str()) {
            continue;
        }
        let entry = url_entry(urls, page);
        if count > 0 && (count >= max_urls || current.len() + entry.len() + TAIL.len() > MAX_BYTES) {
            current.push_str(TAIL);
            files.push(std::mem::replace(&mut current, String::from(HEAD)));
            count = 0;
        }
        current.push_str(&entry);
        count += 1;
    }
    current.push_str(TAIL);
    files.push(current);

    let sitemap_path = format!("{home}sitemap.xml");
    if files.len() == 1 {
        out.write(&urls.file_for(&sitemap_path), files[0].as_bytes())?;
    } else {
        let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (i, file) in files.iter().enumerate() {
            let part = format!("{home}sitemap-{}.xml", i + 1);
            out.write(&urls.file_for(&part), file.as_bytes())?;
            let _ = writeln!(index, "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>", xml_escape(&urls.absolute(&part)));
        }
        index.push_str("</sitemapindex>\n");
        out.write(&urls.file_for(&sitemap_path), index.as_bytes())?;
    }

    let robots = format!("User-agent: *\nAllow: {home}\nDisallow: {home}try/\nDisallow: {home}sandbox/\n\nSitemap: {}\n", urls.absolute(&sitemap_path));
    out.write("robots.txt", robots.as_bytes())
}

fn url_entry(urls: &Urls, page: &PageEntry) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "  <url>\n    <loc>{}</loc>", xml_escape(&urls.absolute(&page.path)));
    for (lang, path) in &page.alternates {
        let _ = writeln!(s, "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>", xml_escape(lang), xml_escape(&urls.absolute(path)));
    }
    s.push_str("  </url>\n");
    s
}

#[cfg(test)]
mod tests {
    use quick_xml::events::Event;
    use quick_xml::Reader;

    use super::{write, write_with_limit, PageEntry};
    use crate::output::Output;
    use crate::Urls;

    fn pages(urls: &Urls, n: usize) -> Vec<PageEntry> {
        (0..n)
            .flat_map(|i| {
                let id = format!("api-{i}&x");
                let pl = urls.api("pl", &id);
                let en = urls.api("en", &id);
                let alternates = vec![("pl".to_string(), pl.clone()), ("en".to_string(), en.clone())];
                [PageEntry { path: pl, alternates: alternates.clone() }, PageEntry { path: en, alternates }]
            })
            .collect()
    }

    /// (element names, text of every `loc`), checking the XML is well-formed.
    fn parse(xml: &str) -> (Vec<String>, Vec<String>) {
        let mut reader = Reader::from_str(xml);
        let (mut names, mut locs, mut in_loc) = (Vec::new(), Vec::new(), false);
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.name().as_ref().to_string();
                    in_loc = name == "loc";
                    names.push(name);
                }
                Event::Text(t) if in_loc => locs.push(t.xml10_content().into_owned()),
                Event::GeneralRef(r) if in_loc => {
                    let last = locs.last_mut().unwrap();
                    last.push_str(&format!("&{};", r.into_inner()));
                }
                Event::End(_) => in_loc = false,
                Event::Eof => break,
                _ => {}
            }
        }
        (names, locs)
    }

    #[test]
    fn one_file_with_hreflang_alternates_and_robots() {
        let dir = tempfile::tempdir().unwrap();
        let urls = Urls::new("https://katalog-api.gov.pl");
        write(&Output::new(dir.path()), &urls, &pages(&urls, 2)).unwrap();
        let xml = std::fs::read_to_string(dir.path().join("sitemap.xml")).unwrap();
        let (names, locs) = parse(&xml);
        assert_eq!(names.iter().filter(|n| *n == "url").count(), 4);
        assert_eq!(names.iter().filter(|n| *n == "xhtml:link").count(), 8);
        assert!(locs[0].starts_with("https://katalog-api.gov.pl/apis/api-0&"), "{locs:?}");
        assert!(xml.contains("hreflang=\"en\" href=\"https://katalog-api.gov.pl/en/apis/api-0&amp;x/\""));
        let robots = std::fs::read_to_string(dir.path().join("robots.txt")).unwrap();
        assert_eq!(robots, "User-agent: *\nAllow: /\nDisallow: /try/\nDisallow: /sandbox/\n\nSitemap: https://katalog-api.gov.pl/sitemap.xml\n");
    }

    #[test]
    fn splits_into_an_index_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let urls = Urls::new("https://example.org/katalog/");
        write_with_limit(&Output::new(dir.path()), &urls, &pages(&urls, 5), 4).unwrap();
        let index = std::fs::read_to_string(dir.path().join("sitemap.xml")).unwrap();
        let (names, locs) = parse(&index);
        assert_eq!(names[0], "sitemapindex");
        assert_eq!(
            locs,
            ["https://example.org/katalog/sitemap-1.xml", "https://example.org/katalog/sitemap-2.xml", "https://example.org/katalog/sitemap-3.xml"]
        );
        let total: usize = (1..=3)
            .map(|i| {
                let part = std::fs::read_to_string(dir.path().join(format!("sitemap-{i}.xml"))).unwrap();
                parse(&part).0.iter().filter(|n| *n == "url").count()
            })
            .sum();
        assert_eq!(total, 10);
        let robots = std::fs::read_to_string(dir.path().join("robots.txt")).unwrap();
        assert!(robots.contains("Disallow: /katalog/try/\n") && robots.contains("Sitemap: https://example.org/katalog/sitemap.xml\n"));
    }

    #[test]
    fn deterministic_and_without_duplicates() {
        let urls = Urls::new("https://katalog-api.gov.pl");
        let mut p = pages(&urls, 3);
        p.push(p[0].clone());
        let run = || {
            let dir = tempfile::tempdir().unwrap();
            write(&Output::new(dir.path()), &urls, &p).unwrap();
            std::fs::read(dir.path().join("sitemap.xml")).unwrap()
        };
        let a = run();
        assert_eq!(a, run());
        let (names, _) = parse(std::str::from_utf8(&a).unwrap());
        assert_eq!(names.iter().filter(|n| *n == "url").count(), 6);
    }
}
