//! One build: the theme and the template engine set up once, then every page of every language
//! rendered in parallel and written as soon as it is ready. Pages that list APIs share the API
//! cards computed once per language; API pages are in [`crate::api_pages`].

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use catalog::{Access, Catalog, Institution, Status};
use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;

use crate::highlight::Highlighter;
use crate::i18n::Strings;
use crate::markdown::{safe_url, Markdown};
use crate::output::Output;
use crate::render::Renderer;
use crate::schema_tree::Labels;
use crate::sitemap::PageEntry;
use crate::theme::Theme;
use crate::view::{ApiCard, Facet, FacetItem, Link, Prose, Text};
use crate::{GenError, Options, Urls};

/// Page id of the "open data" page, rendered with the feeds' template when the theme has it.
const OPEN_DATA_PAGE: &str = "dane-otwarte";
/// Page ids linked from the main navigation when they exist.
const NAV_PAGES: [&str; 2] = ["o-katalogu", OPEN_DATA_PAGE];

/// Everything a page needs that does not change from page to page.
pub(crate) struct Site<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) urls: Urls,
    pub(crate) langs: Vec<String>,
    pub(crate) renderer: Renderer,
    pub(crate) labels: HashMap<String, Labels>,
    /// The interface words of each language, for words put together in Rust (diff details).
    pub(crate) strings: HashMap<String, Strings>,
    pub(crate) markdown: Markdown,
    pub(crate) highlighter: Highlighter,
    pub(crate) theme: Theme,
    commons: HashMap<String, Value>,
    institutions: HashMap<&'a str, &'a Institution>,
    cards: HashMap<String, Vec<ApiCard>>,
    /// Time spent in templates and in writing files, summed over threads (nanoseconds).
    pub(crate) render_nanos: AtomicU64,
    pub(crate) write_nanos: AtomicU64,
}

/// One HTML page written.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub(crate) path: String,
    pub(crate) bytes: u64,
    /// Every language version: (language, site path); empty for pages left out of the sitemap.
    pub(crate) alternates: Vec<(String, String)>,
}

/// A navigation or footer link whose text is a translation key.
#[derive(Debug, Serialize)]
struct NavItem {
    href: String,
    key: Option<&'static str>,
    text: Option<Text>,
}

impl<'a> Site<'a> {
    pub(crate) fn new(catalog: &'a Catalog, options: &Options) -> Result<Site<'a>, GenError> {
        let urls = Urls::new(options.base_url.as_deref().unwrap_or(&catalog.site.base_url));
        let mut langs = catalog.site.languages.clone();
        if langs.is_empty() {
            langs.push("pl".into());
        }
        let theme = Theme::load(options.theme_dir.as_deref())?;
        let mut strings = HashMap::new();
        let mut labels = HashMap::new();
        for lang in &langs {
            let s = Strings::load(&theme, lang)?;
            labels.insert(lang.clone(), Labels::new(&s)?);
            strings.insert(lang.clone(), s);
        }
        let renderer = Renderer::new(&theme, &strings)?;
        let institutions = catalog.institutions.iter().map(|i| (i.id.as_str(), i)).collect();
        let mut site = Site {
            catalog,
            urls,
            langs,
            renderer,
            labels,
            strings,
            markdown: Markdown::new(),
            highlighter: Highlighter::new(),
            theme,
            commons: HashMap::new(),
            institutions,
            cards: HashMap::new(),
            render_nanos: AtomicU64::new(0),
            write_nanos: AtomicU64::new(0),
        };
        for lang in site.langs.clone() {
            let common = site.common(&lang, options.live_reload);
            // Navigation and footer are the same on every page of a language: rendered once.
            let nav = site.renderer.render(&lang, "partials/nav.html", common.clone())?;
            let footer = site.renderer.render(&lang, "partials/footer.html", common.clone())?;
            let chrome = context! { nav => Value::from_safe_string(nav), footer => Value::from_safe_string(footer) };
            site.commons.insert(lang.clone(), context! { chrome => chrome, ..common });
            let cards = catalog.apis.iter().map(|a| site.card(a, &lang)).collect();
            site.cards.insert(lang, cards);
        }
        Ok(site)
    }

    fn common(&self, lang: &str, live_reload: bool) -> Value {
        let u = &self.urls;
        let c = self.catalog;
        let page_exists = |id: &str| c.pages.iter().find(|p| p.id == id);
        let mut nav = vec![
            NavItem { href: u.home(lang), key: Some("nav.apis"), text: None },
            NavItem { href: u.institutions(lang), key: Some("nav.institutions"), text: None },
        ];
        if !c.initiatives.is_empty() {
            nav.push(NavItem { href: u.initiatives(lang), key: Some("nav.initiatives"), text: None });
        }
        nav.push(NavItem { href: u.stats(lang), key: Some("nav.stats"), text: None });
        for id in NAV_PAGES {
            if let Some(p) = page_exists(id) {
                nav.push(NavItem { href: u.page(lang, id), key: None, text: Some(Text::of(&p.title, lang)) });
            }
        }
        let footer: Vec<NavItem> = c.pages.iter().map(|p| NavItem { href: u.page(lang, &p.id), key: None, text: Some(Text::of(&p.title, lang)) }).collect();
        let publisher = self.institution_link(&c.site.publisher, lang);
        context! {
            lang => lang,
            site_title => Text::of(&c.site.title, lang),
            site_description => Text::of(&c.site.description, lang),
            home => u.home(lang),
            search_url => u.search(lang),
            links => context! { institutions => u.institutions(lang), initiatives => u.initiatives(lang), stats => u.stats(lang) },
            nav => nav,
            footer_pages => footer,
            publisher => publisher,
            feed_links => context! {
                kap => u.feed("kap.json"),
                endpoints => u.feed("endpoints.json"),
                sitemap => format!("{}sitemap.xml", u.base_path()),
            },
            css => u.static_file("style.css"),
            highlight_css => u.static_file("highlight.css"),
            favicon => u.static_file("favicon.svg"),
            livereload => live_reload.then(|| u.static_file("livereload.js")),
            base_path => u.base_path(),
        }
    }

    pub(crate) fn institution_link(&self, id: &str, lang: &str) -> Option<Link> {
        self.institutions.get(id).map(|i| Link { href: self.urls.institution(lang, id), text: Text::of(&i.name, lang) })
    }

    /// Where an institution's logo is published, if it has one.
    fn logo_href(&self, inst: &Institution) -> Option<String> {
        inst.logo.as_ref().map(|l| self.urls.institution_logo(&inst.id, l.extension))
    }

    pub(crate) fn category_link(&self, id: &str, lang: &str) -> Link {
        let name = self.catalog.site.categories.iter().find(|c| c.id == id).map(|c| Text::of(&c.name, lang)).unwrap_or_else(|| Text::plain(id));
        Link { href: self.urls.category(lang, id), text: name }
    }

    fn card(&self, api: &catalog::Api, lang: &str) -> ApiCard {
        let u = &self.urls;
        ApiCard {
            id: api.id.clone(),
            href: u.api(lang, &api.id),
            title: Text::of(&api.title, lang),
            summary: Text::of(&api.summary, lang),
            institution: self.institution_link(&api.meta.institution, lang),
            status: api.meta.status.as_str(),
            status_href: u.status(lang, api.meta.status.as_str()),
            access: api.meta.access.as_str(),
            access_href: u.access(lang, api.meta.access.as_str()),
            categories: api.meta.categories.iter().map(|c| self.category_link(c, lang)).collect(),
            operations: api.versions.first().map(|v| v.spec.operations.len()).unwrap_or(0),
        }
    }

    /// API cards of one language, for the APIs `keep` accepts, in catalog order.
    pub(crate) fn cards(&self, lang: &str, keep: impl Fn(&catalog::Api) -> bool) -> Vec<&ApiCard> {
        self.catalog.apis.iter().zip(&self.cards[lang]).filter(|(a, _)| keep(a)).map(|(_, c)| c).collect()
    }

    /// Renders one page in one language and writes it. `paths` has the page's path in every
    /// language; `in_sitemap` is false for pages robots need not index (404).
    #[allow(clippy::too_many_arguments)] // every caller names them all; a struct would only wrap them
    pub(crate) fn page(
        &self,
        out: &Output,
        lang: &str,
        paths: &[(String, String)],
        template: &str,
        title: &str,
        ctx: Value,
        in_sitemap: bool,
    ) -> Result<Written, GenError> {
        let path = paths.iter().find(|(l, _)| l == lang).map(|(_, p)| p.clone()).unwrap_or_default();
        let alternates: Vec<Value> =
            paths.iter().map(|(l, p)| context! { lang => l, href => p, current => l == lang, absolute => self.urls.absolute(p) }).collect();
        let own = context! { page_title => title, alternates => alternates, canonical => self.urls.absolute(&path) };
        // Later maps win: the page's own values over the shared ones.
        let full = context! { ..self.commons[lang].clone(), ..ctx, ..own };
        thread_local!(static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) });
        PAGE.with_borrow_mut(|html| {
            let t = Instant::now();
            self.renderer.render_into(lang, template, full, html)?;
            let t2 = Instant::now();
            out.write(&self.urls.file_for(&path), html)?;
            self.render_nanos.fetch_add((t2 - t).as_nanos() as u64, Ordering::Relaxed);
            self.write_nanos.fetch_add(t2.elapsed().as_nanos() as u64, Ordering::Relaxed);
            Ok(Written { path, bytes: html.len() as u64, alternates: if in_sitemap { paths.to_vec() } else { Vec::new() } })
        })
    }

    /// The same page in every language: `path(lang)` gives its path, `make(lang)` its
    /// template, title and context.
    pub(crate) fn each_lang(
        &self,
        out: &Output,
        path: impl Fn(&str) -> String,
        in_sitemap: bool,
        mut make: impl FnMut(&str) -> Result<(&'static str, String, Value), GenError>,
    ) -> Result<Vec<Written>, GenError> {
        let paths: Vec<(String, String)> = self.langs.iter().map(|l| (l.clone(), path(l))).collect();
        let mut written = Vec::with_capacity(self.langs.len());
        for lang in &self.langs {
            let (template, title, ctx) = make(lang)?;
            written.push(self.page(out, lang, &paths, template, &title, ctx, in_sitemap)?);
        }
        Ok(written)
    }

    /// Every page that is not about one API's spec: home, facets, institutions, initiatives,
    /// content pages, statistics, search, 404.
    pub(crate) fn global_pages(&self, out: &Output) -> Result<Vec<Written>, GenError> {
        type Job<'j> = Box<dyn Fn() -> Result<Vec<Written>, GenError> + Send + Sync + 'j>;
        let c = self.catalog;
        let mut jobs: Vec<Job<'_>> = vec![
            Box::new(|| self.home(out)),
            Box::new(|| self.institutions_page(out)),
            Box::new(|| self.initiatives_page(out)),
            Box::new(|| self.stats(out)),
            Box::new(|| self.search(out)),
            Box::new(|| self.not_found(out)),
        ];
        for inst in &c.institutions {
            jobs.push(Box::new(move || self.institution_page(out, inst)));
        }
        for cat in &c.site.categories {
            jobs.push(Box::new(move || {
                self.listing(out, |l| self.urls.category(l, &cat.id), "category", |l| Text::of(&cat.name, l), |a| a.meta.categories.contains(&cat.id))
            }));
        }
        let mut tags: Vec<&str> = c.apis.iter().flat_map(|a| a.meta.tags.iter().map(String::as_str)).collect();
        tags.sort_unstable();
        tags.dedup();
        for tag in tags {
            jobs.push(Box::new(move || self.listing(out, |l| self.urls.tag(l, tag), "tag", |_| Text::plain(tag), |a| a.meta.tags.iter().any(|t| t == tag))));
        }
        for status in Status::ALL {
            jobs.push(Box::new(move || {
                self.listing(out, |l| self.urls.status(l, status.as_str()), "status", |_| Text::plain(status.as_str()), |a| a.meta.status == status)
            }));
        }
        for access in Access::ALL {
            jobs.push(Box::new(move || {
                self.listing(out, |l| self.urls.access(l, access.as_str()), "access", |_| Text::plain(access.as_str()), |a| a.meta.access == access)
            }));
        }
        for init in &c.initiatives {
            jobs.push(Box::new(move || self.initiative_page(out, init)));
        }
        for page in &c.pages {
            jobs.push(Box::new(move || self.content_page(out, page)));
        }
        let results: Vec<Result<Vec<Written>, GenError>> = jobs.par_iter().map(|j| j()).collect();
        let mut all = Vec::new();
        for r in results {
            all.extend(r?);
        }
        Ok(all)
    }

    fn facets(&self, lang: &str) -> Vec<Facet> {
        let c = self.catalog;
        let u = &self.urls;
        let count = |f: &dyn Fn(&catalog::Api) -> bool| c.apis.iter().filter(|a| f(a)).count();
        let institutions = c
            .institutions
            .iter()
            .map(|i| FacetItem {
                href: u.institution(lang, &i.id),
                label: Some(Text::of(&i.name, lang)),
                value: i.id.clone(),
                count: count(&|a| a.meta.institution == i.id),
            })
            .filter(|f| f.count > 0)
            .collect();
        let categories = c
            .site
            .categories
            .iter()
            .map(|cat| FacetItem {
                href: u.category(lang, &cat.id),
                label: Some(Text::of(&cat.name, lang)),
                value: cat.id.clone(),
                count: count(&|a| a.meta.categories.contains(&cat.id)),
            })
            .filter(|f| f.count > 0)
            .collect();
        let statuses = Status::ALL
            .iter()
            .map(|s| FacetItem { href: u.status(lang, s.as_str()), label: None, value: s.as_str().into(), count: count(&|a| a.meta.status == *s) })
            .filter(|f| f.count > 0)
            .collect();
        let access = Access::ALL
            .iter()
            .map(|s| FacetItem { href: u.access(lang, s.as_str()), label: None, value: s.as_str().into(), count: count(&|a| a.meta.access == *s) })
            .filter(|f| f.count > 0)
            .collect();
        vec![
            Facet { key: "institution", items: institutions },
            Facet { key: "category", items: categories },
            Facet { key: "status", items: statuses },
            Facet { key: "access", items: access },
        ]
    }

    fn home(&self, out: &Output) -> Result<Vec<Written>, GenError> {
        self.each_lang(
            out,
            |l| self.urls.home(l),
            true,
            |lang| {
                let title = self.catalog.site.title.get(lang).to_string();
                Ok(("home.html", title, context! { apis => self.cards(lang, |_| true), facets => self.facets(lang) }))
            },
        )
    }

    fn listing(
        &self,
        out: &Output,
        path: impl Fn(&str) -> String,
        kind: &'static str,
        name: impl Fn(&str) -> Text,
        keep: impl Fn(&catalog::Api) -> bool,
    ) -> Result<Vec<Written>, GenError> {
        self.each_lang(out, &path, true, |lang| {
            let name = name(lang);
            let title = name.text.clone();
            Ok(("listing.html", title, context! { kind => kind, name => name, apis => self.cards(lang, &keep), facets => self.facets(lang) }))
        })
    }

    fn institutions_page(&self, out: &Output) -> Result<Vec<Written>, GenError> {
        self.each_lang(
            out,
            |l| self.urls.institutions(l),
            true,
            |lang| {
                let items: Vec<Value> = self
                    .catalog
                    .institutions
                    .iter()
                    .map(|i| {
                        context! {
                            href => self.urls.institution(lang, &i.id),
                            name => Text::of(&i.name, lang),
                            acronym => i.acronym.clone(),
                            kind => i.kind,
                            logo => self.logo_href(i),
                            count => self.catalog.apis.iter().filter(|a| a.meta.institution == i.id).count(),
                        }
                    })
                    .collect();
                Ok(("institutions.html", String::new(), context! { institutions => items }))
            },
        )
    }

    fn institution_page(&self, out: &Output, inst: &Institution) -> Result<Vec<Written>, GenError> {
        self.each_lang(
            out,
            |l| self.urls.institution(l, &inst.id),
            true,
            |lang| {
                let ctx = context! {
                    name => Text::of(&inst.name, lang),
                    acronym => inst.acronym.clone(),
                    kind => inst.kind,
                    logo => self.logo_href(inst),
                    website => inst.website.as_deref().and_then(safe_url),
                    contact => contact_view(&inst.contact),
                    body => Prose::of(&self.markdown, &inst.body, lang, 2),
                    apis => self.cards(lang, |a| a.meta.institution == inst.id),
                };
                Ok(("institution.html", inst.name.get(lang).to_string(), ctx))
            },
        )
    }

    fn initiatives_page(&self, out: &Output) -> Result<Vec<Written>, GenError> {
        self.each_lang(
            out,
            |l| self.urls.initiatives(l),
            true,
            |lang| {
                let items: Vec<Value> = self
                    .catalog
                    .initiatives
                    .iter()
                    .map(|i| {
                        context! {
                            href => self.urls.initiative(lang, &i.id),
                            title => Text::of(&i.title, lang),
                            goal => Text::of(&i.goal, lang),
                            status => i.status,
                            start => i.start.map(|d| d.to_string()),
                            end => i.end.map(|d| d.to_string()),
                            count => i.apis.len(),
                        }
                    })
                    .collect();
                Ok(("initiatives.html", String::new(), context! { initiatives => items }))
            },
        )
    }

    fn initiative_page(&self, out: &Output, init: &catalog::Initiative) -> Result<Vec<Written>, GenError> {
        self.each_lang(
            out,
            |l| self.urls.initiative(l, &init.id),
            true,
            |lang| {
                let ctx = context! {
                    title => Text::of(&init.title, lang),
                    goal => Text::of(&init.goal, lang),
                    status => init.status,
                    start => init.start.map(|d| d.to_string()),
                    end => init.end.map(|d| d.to_string()),
                    partners => init.partners.clone(),
                    body => Prose::of(&self.markdown, &init.body, lang, 2),
                    apis => self.cards(lang, |a| init.apis.contains(&a.id) || a.meta.initiative.as_deref() == Some(init.id.as_str())),
                };
                Ok(("initiative.html", init.title.get(lang).to_string(), ctx))
            },
        )
    }

    fn content_page(&self, out: &Output, page: &catalog::Page) -> Result<Vec<Written>, GenError> {
        let open_data = page.id == OPEN_DATA_PAGE && self.renderer.has("open_data.html");
        self.each_lang(
            out,
            |l| self.urls.page(l, &page.id),
            true,
            |lang| {
                let fields: BTreeMap<&String, &serde_json::Value> = page.fields.iter().collect();
                let mut ctx = context! {
                    id => page.id.clone(),
                    title => Text::of(&page.title, lang),
                    body => Prose::of(&self.markdown, &page.body, lang, 2),
                    fields => fields,
                };
                let body_html = self.markdown.render(page.body.get(lang), 2);
                let mut template = "page.html";
                if open_data {
                    template = "open_data.html";
                    ctx = context! { feeds => crate::feeds::catalog_of_feeds(&self.urls), page_body => body_html, ..ctx };
                }
                Ok((template, page.title.get(lang).to_string(), ctx))
            },
        )
    }

    fn search(&self, out: &Output) -> Result<Vec<Written>, GenError> {
        self.each_lang(out, |l| self.urls.search(l), false, |_| Ok(("search.html", String::new(), context! {})))
    }

    fn not_found(&self, out: &Output) -> Result<Vec<Written>, GenError> {
        // Served for any missing path, so every link on it is root-relative (Urls are).
        self.each_lang(out, |l| format!("{}404.html", self.urls.home(l)), false, |_| Ok(("404.html", String::new(), context! {})))
    }

    fn stats(&self, out: &Output) -> Result<Vec<Written>, GenError> {
        let c = self.catalog;
        let operations: usize = c.apis.iter().map(|a| a.current().spec.operations.len()).sum();
        let versions: usize = c.apis.iter().map(|a| a.versions.len()).sum();
        let mut servers: Vec<&str> = c
            .apis
            .iter()
            .flat_map(|a| a.versions.iter())
            .flat_map(|v| v.spec.servers.iter().chain(v.spec.operations.iter().flat_map(|o| o.servers.iter())))
            .map(|s| s.url.trim_end_matches('/'))
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .collect();
        servers.sort_unstable();
        servers.dedup();
        let endpoints = servers.len();
        self.each_lang(
            out,
            |l| self.urls.stats(l),
            true,
            |lang| {
                let facets = self.facets(lang);
                let mut by_category: Vec<&FacetItem> = facets[1].items.iter().collect();
                by_category.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
                let mut by_institution: Vec<&FacetItem> = facets[0].items.iter().collect();
                by_institution.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
                let ctx = context! {
                    apis => c.apis.len(),
                    operations => operations,
                    versions => versions,
                    endpoints => endpoints,
                    institutions => c.institutions.len(),
                    by_status => facets[2].items.clone(),
                    by_access => facets[3].items.clone(),
                    by_category => by_category,
                    by_institution => by_institution,
                    kpi => crate::kpi::kpi(c, &self.urls, lang),
                };
                Ok(("stats.html", String::new(), ctx))
            },
        )
    }

    /// Copies the theme's static files to `static/`.
    pub(crate) fn static_files(&self, out: &Output) -> Result<usize, GenError> {
        let mut n = 0;
        for (name, bytes) in self.theme.under("static/") {
            out.write(&format!("static/{name}"), bytes)?;
            n += 1;
        }
        // Logos as the catalog checked them (an SVG already rebuilt from its allow-list).
        for inst in &self.catalog.institutions {
            if let (Some(logo), Some(url)) = (&inst.logo, self.logo_href(inst)) {
                out.write(&self.urls.file_for(&url), &logo.bytes)?;
                n += 1;
            }
        }
        Ok(n)
    }
}

/// Contact details with only safe links.
pub(crate) fn contact_view(c: &catalog::Contact) -> Value {
    context! {
        name => c.name.clone(),
        email => c.email.clone(),
        url => c.url.as_deref().and_then(safe_url),
        url_text => c.url.clone(),
        phone => c.phone.clone(),
    }
}

/// The sitemap's entries: one per page path, with its language versions.
pub(crate) fn sitemap_entries(written: &[Written]) -> Vec<PageEntry> {
    let mut entries: Vec<PageEntry> =
        written.iter().filter(|w| !w.alternates.is_empty()).map(|w| PageEntry { path: w.path.clone(), alternates: w.alternates.clone() }).collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries
}
