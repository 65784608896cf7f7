//! Which page each named schema of a version is shown on. Schemas are sections of a few pages
//! rather than a page each: big specs have thousands of schemas, and a page (a folder and a file,
//! with the site's header and footer) for each was half of all pages and of the build's time.
//!
//! A version whose schema trees fit in one page gets a single page, `schemas/`. Otherwise the
//! schemas are filed like a dictionary, by the first letter of their slug (`schemas/a/`,
//! `schemas/b/`, …), and a letter with more than fits one page continues on `a-2`, `a-3`, …
//! Within a page, schemas are in slug order. A schema's address is its page plus
//! `#schema-<slug>`; it moves only when its letter's page overflows or the whole set stops
//! fitting one page.

/// Bytes of schema trees (as first rendered) one page may hold. A single tree is at most
/// `SCHEMA_PAGE_BUDGET` bytes, so a page stays far below the 1 MB limit even when the other
/// language's words are longer.
pub(crate) const CHUNK_BYTES: usize = 400_000;

/// One page of schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chunk {
    /// The page's name in its URL: empty for the single page, else `a`, `a-2`, `0`, `_`.
    pub(crate) name: String,
    /// The letter shown in the page list (`A`, `A 2`); empty for the single page.
    pub(crate) label: String,
    /// Indexes into the slice given to `chunks`, in slug order.
    pub(crate) members: Vec<usize>,
}

/// Files the schemas with these slugs and tree sizes into pages.
pub(crate) fn chunks(slugs: &[&str], sizes: &[usize]) -> Vec<Chunk> {
    let mut order: Vec<usize> = (0..slugs.len()).collect();
    order.sort_by(|&a, &b| slugs[a].cmp(slugs[b]).then(a.cmp(&b)));
    if order.is_empty() {
        return Vec::new();
    }
    let total: usize = sizes.iter().sum();
    if total <= CHUNK_BYTES {
        return vec![Chunk { name: String::new(), label: String::new(), members: order }];
    }
    let mut out: Vec<Chunk> = Vec::new();
    let mut current: Option<(char, usize, usize)> = None; // letter, part, bytes on the page
    for i in order {
        let letter = letter_of(slugs[i]);
        let size = sizes[i];
        let start_new = match current {
            Some((l, _, bytes)) if l == letter => bytes > 0 && bytes + size > CHUNK_BYTES,
            _ => true,
        };
        if start_new {
            let part = match current {
                Some((l, p, _)) if l == letter => p + 1,
                _ => 1,
            };
            let (name, label) = if part == 1 {
                (letter.to_string(), letter.to_uppercase().to_string())
            } else {
                (format!("{letter}-{part}"), format!("{} {part}", letter.to_uppercase()))
            };
            out.push(Chunk { name, label, members: Vec::new() });
            current = Some((letter, part, 0));
        }
        if let (Some((_, _, bytes)), Some(page)) = (current.as_mut(), out.last_mut()) {
            *bytes += size;
            page.members.push(i);
        }
    }
    out
}

/// The letter a slug is filed under: its first character if an ASCII letter or digit, else `_`.
fn letter_of(slug: &str) -> char {
    match slug.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
        _ => '_',
    }
}

#[cfg(test)]
mod tests {
    use super::{chunks, Chunk, CHUNK_BYTES};

    fn names(c: &[Chunk]) -> Vec<&str> {
        c.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn a_small_set_is_one_page_in_slug_order() {
        let c = chunks(&["osoba", "adres", "firma"], &[100, 200, 300]);
        assert_eq!(c, vec![Chunk { name: String::new(), label: String::new(), members: vec![1, 2, 0] }]);
    }

    #[test]
    fn no_schemas_no_pages() {
        assert!(chunks(&[], &[]).is_empty());
    }

    #[test]
    fn a_big_set_is_filed_by_first_letter() {
        let big = CHUNK_BYTES / 3;
        let c = chunks(&["beta", "alfa", "1xx", "-dziwny", "Adres", "bravo"], &[big, big, 10, 10, big, 10]);
        assert_eq!(names(&c), ["_", "1", "a", "b"]);
        assert_eq!(c[2].members, vec![4, 1], "Adres sorts before alfa (uppercase first), both under a");
        assert_eq!(c[2].label, "A");
        assert_eq!(c[3].members, vec![0, 5]);
    }

    #[test]
    fn a_letter_that_does_not_fit_continues_on_numbered_pages() {
        let slugs = ["a1", "a2", "a3", "a4", "b1"];
        let half = CHUNK_BYTES / 2;
        let c = chunks(&slugs, &[half, half, half, CHUNK_BYTES * 2, 5]);
        assert_eq!(names(&c), ["a", "a-2", "a-3", "b"]);
        assert_eq!(c[0].members, vec![0, 1], "two halves fill one page");
        assert_eq!(c[1].members, vec![2]);
        assert_eq!(c[2].members, vec![3], "a tree bigger than a page has a page of its own");
        assert_eq!(c[1].label, "A 2");
        for page in &c {
            let bytes: usize = page.members.iter().map(|&i| [half, half, half, CHUNK_BYTES * 2, 5][i]).sum();
            assert!(bytes <= CHUNK_BYTES || page.members.len() == 1, "{page:?}");
        }
    }

    #[test]
    fn the_filing_does_not_depend_on_the_input_order() {
        let big = CHUNK_BYTES / 2;
        let a = chunks(&["c", "a", "b", "aa"], &[big, big, big, big]);
        let b = chunks(&["aa", "b", "c", "a"], &[big, big, big, big]);
        let slugs_a = ["c", "a", "b", "aa"];
        let slugs_b = ["aa", "b", "c", "a"];
        let ma: Vec<Vec<&str>> = a.iter().map(|c| c.members.iter().map(|&i| slugs_a[i]).collect()).collect();
        let mb: Vec<Vec<&str>> = b.iter().map(|c| c.members.iter().map(|&i| slugs_b[i]).collect()).collect();
        assert_eq!(names(&a), names(&b));
        assert_eq!(ma, mb);
    }
}
