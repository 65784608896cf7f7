//! Every URL the site has, in one place: pages link with these, feeds publish them, the sitemap
//! lists them. Polish pages live at the root, English ones under `en/`; path segments are the
//! same in both languages. Links are root-relative under the base URL's path, so a site built
//! for `https://host/katalog` works there and a preview built for `http://127.0.0.1:8000` works
//! locally.

/// Builds URLs for one site.
#[derive(Debug, Clone)]
pub struct Urls {
    base_url: String,
    base_path: String,
}

impl Urls {
    /// `base_url` like `https://katalog-api.gov.pl` or `https://org.github.io/katalog/`.
    pub fn new(base_url: &str) -> Urls {
        let base_url = base_url.trim_end_matches('/').to_string();
        let after_scheme = base_url.split_once("://").map(|(_, r)| r).unwrap_or(&base_url);
        let path = after_scheme.find('/').map(|i| &after_scheme[i..]).unwrap_or("");
        let base_path = format!("{}/", path.trim_end_matches('/'));
        Urls { base_url, base_path }
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The path every URL starts with (`/` or `/katalog/`).
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    fn at(&self, lang: &str, rest: &str) -> String {
        let prefix = if lang == "pl" { "" } else { "en/" };
        format!("{}{}{}", self.base_path, prefix, rest)
    }

    /// Home page.
    pub fn home(&self, lang: &str) -> String {
        self.at(lang, "")
    }

    /// API overview.
    pub fn api(&self, lang: &str, api: &str) -> String {
        self.at(lang, &format!("apis/{api}/"))
    }

    /// `apis/<api>/` for the current version, `apis/<api>/versions/<v>/` for another.
    fn version_root(&self, lang: &str, api: &str, version: Option<&str>) -> String {
        match version {
            None => self.at(lang, &format!("apis/{api}/")),
            Some(v) => self.at(lang, &format!("apis/{api}/versions/{v}/")),
        }
    }

    /// Reference index of a version (`None` = current).
    pub fn reference(&self, lang: &str, api: &str, version: Option<&str>) -> String {
        self.version_root(lang, api, version) + "reference/"
    }

    /// Page `n` (from 1) of the reference split of a version; page 1 is the reference index.
    pub fn reference_page(&self, lang: &str, api: &str, version: Option<&str>, n: usize) -> String {
        if n <= 1 {
            self.reference(lang, api, version)
        } else {
            format!("{}{n}/", self.reference(lang, api, version))
        }
    }

    /// One operation: stable for as long as its key (operationId) is.
    pub fn operation(&self, lang: &str, api: &str, version: Option<&str>, key: &str) -> String {
        self.version_root(lang, api, version) + &format!("operations/{key}/")
    }

    /// A page of named schemas: `chunk` is empty when one page holds them all, else the page's
    /// name (`a`, `a-2`, …; see `schema_chunks`).
    pub fn schemas_page(&self, lang: &str, api: &str, version: Option<&str>, chunk: &str) -> String {
        if chunk.is_empty() {
            self.version_root(lang, api, version) + "schemas/"
        } else {
            self.version_root(lang, api, version) + &format!("schemas/{chunk}/")
        }
    }

    /// One named schema: its section on the schema page `chunk`.
    pub fn schema(&self, lang: &str, api: &str, version: Option<&str>, chunk: &str, slug: &str) -> String {
        self.schemas_page(lang, api, version, chunk) + &format!("#schema-{slug}")
    }

    /// What changed between two versions of an API (version ids, the older one first).
    pub fn diff(&self, lang: &str, api: &str, old: &str, new: &str) -> String {
        self.at(lang, &format!("apis/{api}/diff/{old}/{new}/"))
    }

    /// Institution page.
    pub fn institution(&self, lang: &str, id: &str) -> String {
        self.at(lang, &format!("institutions/{id}/"))
    }

    /// An institution's logo (one file for every language).
    pub fn institution_logo(&self, id: &str, extension: &str) -> String {
        format!("{}institutions/{id}/logo.{extension}", self.base_path)
    }

    /// List of institutions.
    pub fn institutions(&self, lang: &str) -> String {
        self.at(lang, "institutions/")
    }

    /// Category page.
    pub fn category(&self, lang: &str, id: &str) -> String {
        self.at(lang, &format!("categories/{id}/"))
    }

    /// Tag page.
    pub fn tag(&self, lang: &str, tag: &str) -> String {
        self.at(lang, &format!("tags/{tag}/"))
    }

    /// APIs with one status.
    pub fn status(&self, lang: &str, status: &str) -> String {
        self.at(lang, &format!("status/{status}/"))
    }

    /// APIs with one access level.
    pub fn access(&self, lang: &str, access: &str) -> String {
        self.at(lang, &format!("access/{access}/"))
    }

    /// Initiative page.
    pub fn initiative(&self, lang: &str, id: &str) -> String {
        self.at(lang, &format!("initiatives/{id}/"))
    }

    /// List of initiatives.
    pub fn initiatives(&self, lang: &str) -> String {
        self.at(lang, "initiatives/")
    }

    /// A free page from content/pages (about, terms, accessibility statement, open data).
    pub fn page(&self, lang: &str, id: &str) -> String {
        self.at(lang, &format!("{id}/"))
    }

    /// Statistics.
    pub fn stats(&self, lang: &str) -> String {
        self.at(lang, "stats/")
    }

    /// Search page.
    pub fn search(&self, lang: &str) -> String {
        self.at(lang, "search/")
    }

    /// Theme assets (CSS, JS, images), shared by both languages.
    pub fn static_file(&self, name: &str) -> String {
        format!("{}static/{name}", self.base_path)
    }

    /// Published spec, JSON.
    pub fn spec_json(&self, api: &str, version: &str) -> String {
        format!("{}specs/{api}/{version}/openapi.json", self.base_path)
    }

    /// Published spec, YAML.
    pub fn spec_yaml(&self, api: &str, version: &str) -> String {
        format!("{}specs/{api}/{version}/openapi.yaml", self.base_path)
    }

    /// A feed file (`kap.json`, `endpoints.csv`, …).
    pub fn feed(&self, name: &str) -> String {
        format!("{}feeds/{name}", self.base_path)
    }

    /// Absolute URL of a site path returned by the methods above.
    pub fn absolute(&self, path: &str) -> String {
        let rest = path.strip_prefix(&self.base_path).unwrap_or(path.trim_start_matches('/'));
        format!("{}/{rest}", self.base_url)
    }

    /// The file in the output folder that serves a site path (`…/` → `…/index.html`).
    pub fn file_for(&self, path: &str) -> String {
        let rest = path.strip_prefix(&self.base_path).unwrap_or(path.trim_start_matches('/'));
        if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else {
            rest.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Urls;

    #[test]
    fn root_site_urls() {
        let u = Urls::new("https://katalog-api.gov.pl/");
        assert_eq!(u.api("pl", "ksef"), "/apis/ksef/");
        assert_eq!(u.api("en", "ksef"), "/en/apis/ksef/");
        assert_eq!(u.operation("pl", "ksef", Some("1.0"), "get-x"), "/apis/ksef/versions/1.0/operations/get-x/");
        assert_eq!(u.absolute(&u.spec_json("nbp", "1.0")), "https://katalog-api.gov.pl/specs/nbp/1.0/openapi.json");
        assert_eq!(u.file_for(&u.home("en")), "en/index.html");
        assert_eq!(u.diff("en", "ksef", "1.0", "2.0"), "/en/apis/ksef/diff/1.0/2.0/");
    }

    #[test]
    fn site_under_a_sub_path() {
        let u = Urls::new("https://org.github.io/katalog");
        assert_eq!(u.home("pl"), "/katalog/");
        assert_eq!(u.absolute("/katalog/apis/x/"), "https://org.github.io/katalog/apis/x/");
        assert_eq!(u.file_for("/katalog/apis/x/"), "apis/x/index.html");
    }
}
