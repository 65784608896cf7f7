use super::*;
use crate::document::{Corpus, DocKind, Document, Field, Group};
use crate::index::build;
use crate::write::{write_index, IndexReport};

fn doc(kind: DocKind, id: &str, group: Option<usize>, fields: &[(Field, &str)]) -> Document {
    Document {
        kind,
        id: id.to_string(),
        group,
        title: id.to_string(),
        url: format!("/{id}/"),
        excerpt: String::new(),
        method: None,
        path: None,
        fields: fields.iter().map(|(f, t)| (*f, t.to_string())).collect(),
    }
}

fn group(api_doc: usize, docs: usize, institution: &str, status: &str) -> Group {
    Group {
        api_doc,
        docs,
        facets: [
            vec![(institution.to_string(), institution.to_uppercase())],
            vec![("finanse".into(), "Finanse".into())],
            vec![(status.to_string(), status.to_string())],
            vec![("open".into(), "open".into())],
            vec![("none".into(), "none".into())],
        ],
    }
}

/// Two APIs with operations, and an institution.
fn corpus() -> Corpus {
    use DocKind::*;
    use Field::*;
    let docs = vec![
        doc(Api, "ksef", Some(0), &[(Title, "Krajowy System e-Faktur (KSeF)"), (Summary, "Wystawianie i odbieranie faktur ustrukturyzowanych.")]),
        doc(
            Operation,
            "ksef/sendinvoice",
            Some(0),
            &[(Identifier, "post /online/Session/{ref}/invoices sendInvoice"), (Summary, "Wysłanie faktury w sesji interaktywnej")],
        ),
        doc(
            Operation,
            "ksef/getinvoicestatus",
            Some(0),
            &[(Identifier, "get /invoices/{ksefNumber}/status getInvoiceStatus"), (Summary, "Status przetwarzania faktury")],
        ),
        doc(Api, "biala-lista-vat", Some(1), &[(Title, "Biała lista podatników VAT"), (Summary, "Weryfikacja rachunku i płatności kontrahenta.")]),
        doc(
            Operation,
            "biala-lista-vat/searchbynip",
            Some(1),
            &[
                (Identifier, "get /api/search/nip/{nip} searchByNip"),
                (Summary, "Wyszukanie podmiotu po NIP"),
                (Description, "Zaświadczenie o rachunkach w wykazie."),
            ],
        ),
        doc(
            Operation,
            "biala-lista-vat/checkaccount",
            Some(1),
            &[(Identifier, "get /api/check/nip/{nip}/bank-account/{account} checkAccount"), (Summary, "Sprawdzenie rachunku")],
        ),
        doc(Institution, "institution/mf", None, &[(Title, "Ministerstwo Finansów"), (Identifier, "MF"), (Description, "Fakturach nie ma tu.")]),
    ];
    Corpus { docs, groups: vec![group(0, 3, "mf", "production"), group(3, 3, "mf", "pilot")] }
}

fn engine() -> (tempfile::TempDir, Engine<DirLoader>) {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus();
    let index = build(&c);
    write_index(&c, &index, "pl", dir.path(), &mut IndexReport::default()).unwrap();
    let e = Engine::open(DirLoader::new(dir.path())).unwrap();
    (dir, e)
}

fn ids(e: &mut Engine<DirLoader>, q: &Query) -> Vec<String> {
    let c = corpus();
    e.search(q).unwrap().hits.iter().map(|h| c.docs[h.doc as usize].id.clone()).collect()
}

fn top(e: &mut Engine<DirLoader>, text: &str) -> Vec<String> {
    ids(e, &Query::text(text))
}

#[test]
fn one_edit_bounds() {
    assert!(one_edit("faktura", "fakrura"), "substitution");
    assert!(one_edit("faktura", "faktra"), "deletion");
    assert!(one_edit("faktura", "fakttura"), "insertion");
    assert!(one_edit("faktura", "fatkura"), "swap");
    assert!(!one_edit("faktura", "faktura"), "identical is not a typo");
    assert!(!one_edit("faktura", "fatkrua"), "two edits");
    assert!(!one_edit("faktura", "fakturaaa"), "length differs by two");
}

#[test]
fn inflections_find_the_base_form() {
    let (_d, mut e) = engine();
    for q in ["faktura", "faktury", "fakturach", "fakturami"] {
        let got = top(&mut e, q);
        assert!(got.iter().take(3).any(|id| id.starts_with("ksef")), "{q}: {got:?}");
    }
}

#[test]
fn folding_finds_words_typed_without_diacritics() {
    let (_d, mut e) = engine();
    assert_eq!(top(&mut e, "zaswiadczenie")[0], "biala-lista-vat/searchbynip");
    assert_eq!(top(&mut e, "biala lista")[0], "biala-lista-vat");
    assert_eq!(top(&mut e, "platnosci")[0], "biala-lista-vat");
}

#[test]
fn identifiers_and_paths() {
    let (_d, mut e) = engine();
    assert_eq!(top(&mut e, "getInvoiceStatus")[0], "ksef/getinvoicestatus");
    assert_eq!(top(&mut e, "get_invoice_status")[0], "ksef/getinvoicestatus");
    assert_eq!(top(&mut e, "searchByNip")[0], "biala-lista-vat/searchbynip");
    let nip = top(&mut e, "nip");
    assert!(nip[..2].contains(&"biala-lista-vat/searchbynip".to_string()), "{nip:?}");
    assert_eq!(top(&mut e, "/api/search/nip")[0], "biala-lista-vat/searchbynip");
}

#[test]
fn acronyms() {
    let (_d, mut e) = engine();
    assert_eq!(top(&mut e, "KSeF")[0], "ksef");
    assert_eq!(top(&mut e, "ksef")[0], "ksef");
    assert_eq!(top(&mut e, "MF")[0], "institution/mf");
}

#[test]
fn prefix_completes_the_last_word_only() {
    let (_d, mut e) = engine();
    assert_eq!(top(&mut e, "weryfik")[0], "biala-lista-vat");
    assert!(top(&mut e, "we").is_empty(), "two letters are not completed");
    // "wyszuk" is completed as the last word, not as the first.
    assert_eq!(top(&mut e, "nip wyszuk")[0], "biala-lista-vat/searchbynip");
    let r = e.search(&Query::text("wyszuk nip")).unwrap();
    assert!(r.hits.iter().all(|h| h.coverage <= 1));
}

#[test]
fn one_typo_from_five_letters() {
    let (_d, mut e) = engine();
    assert!(top(&mut e, "fakrury").contains(&"ksef/sendinvoice".to_string()), "typo in a 7-letter word");
    assert!(top(&mut e, "statsu").contains(&"ksef/getinvoicestatus".to_string()), "swap");
    assert!(top(&mut e, "sttus").contains(&"ksef/getinvoicestatus".to_string()), "deletion, 5 letters");
    assert!(top(&mut e, "ksaf").is_empty(), "no typo tolerance under five letters");
    assert!(top(&mut e, "fkatury").is_empty(), "the first two letters are taken as typed");
    assert!(top(&mut e, "fakrurx").is_empty(), "two typos");
}

#[test]
fn more_words_matched_rank_first() {
    let (_d, mut e) = engine();
    let r = e.search(&Query::text("status faktury")).unwrap();
    assert_eq!(r.hits[0].coverage, 2);
    assert_eq!(corpus().docs[r.hits[0].doc as usize].id, "ksef/getinvoicestatus");
}

#[test]
fn facets_filter_and_count() {
    let (_d, mut e) = engine();
    let r = e.search(&Query::text("rachunku")).unwrap();
    let status = &r.facets.iter().find(|(n, _)| n == "status").unwrap().1;
    assert_eq!(status, &vec![("pilot".to_string(), 1)]);
    let mut q = Query::text("faktury");
    q.filters.insert("status".into(), vec!["pilot".into()]);
    let got = ids(&mut e, &q);
    assert!(got.iter().all(|id| id.starts_with("biala")), "{got:?}");
    // The filtered facet still counts its other values, so the user can switch.
    let r = e.search(&q).unwrap();
    let status = &r.facets.iter().find(|(n, _)| n == "status").unwrap().1;
    assert!(status.iter().any(|(v, n)| v == "production" && *n == 1), "{status:?}");
}

#[test]
fn documents_are_fetched_on_demand() {
    let (_d, mut e) = engine();
    let r = e.search(&Query::text("nip")).unwrap();
    let rec = e.doc(r.hits[0].doc).unwrap();
    assert!(rec.u.starts_with("/biala-lista-vat/"));
    let files: Vec<&str> = e.loader().log.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(files[0], "manifest.json.gz");
    assert!(files.iter().any(|f| f.starts_with("t/")) && files.iter().any(|f| f.starts_with("d/")));
}

/// Enough documents for several term shards and document chunks.
fn big_corpus() -> Corpus {
    let mut docs = Vec::new();
    for i in 0..400 {
        let mut d = doc(
            DocKind::Operation,
            &format!("api/op{i}"),
            Some(0),
            &[
                (Field::Identifier, &format!("get /items/{i} getItem{i} word{i}x")),
                (Field::Description, &format!("opis{} numer{i} {}", i % 7, "tekst ".repeat(20))),
            ],
        );
        d.excerpt = "x".repeat(150);
        docs.push(d);
    }
    Corpus { docs, groups: vec![group(0, 400, "mf", "production")] }
}

#[test]
fn many_shards_and_chunks_resolve_every_document() {
    let dir = tempfile::tempdir().unwrap();
    let c = big_corpus();
    write_index(&c, &build(&c), "pl", dir.path(), &mut IndexReport::default()).unwrap();
    let mut e = Engine::open(DirLoader::new(dir.path())).unwrap();
    assert!(e.manifest().t.len() > 1 && e.manifest().d.len() > 1, "several shards and chunks");
    for i in 0..400u32 {
        assert_eq!(e.doc(i).unwrap().u, format!("/api/op{i}/"));
    }
    for i in [0, 133, 399] {
        let r = e.search(&Query::text(&format!("word{i}x"))).unwrap();
        assert_eq!(r.hits[0].doc, i);
    }
}

#[test]
fn the_index_is_deterministic() {
    let c = big_corpus();
    let files = |c: &Corpus| crate::write::index_files(c, &build(c), "pl", &mut IndexReport::default()).unwrap();
    assert_eq!(files(&c), files(&c));
}
