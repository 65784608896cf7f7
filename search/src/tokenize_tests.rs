use super::*;

fn terms(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.term).collect()
}

fn stems(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    stems_of(&lower, &fold(&lower))
}

fn meet(a: &str, b: &str) -> bool {
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    let qa = query_stems(&la, &fold(&la));
    let sb = stems_of(&lb, &fold(&lb));
    // The engine's rule: same term, the term is a stem of the word, or they share a stem.
    fold(&la) == fold(&lb) || qa.contains(&fold(&lb)) || qa.iter().any(|s| sb.contains(s))
}

#[test]
fn folding_strips_diacritics_including_l_with_stroke() {
    assert_eq!(fold("Zaświadczenie"), "zaswiadczenie");
    assert_eq!(fold("płatność"), "platnosc");
    assert_eq!(fold("ŁÓDŹ Żółć"), "lodz zolc");
    assert_eq!(fold("e-Doręczenia"), "e-doreczenia");
    // Decomposed input folds the same as precomposed.
    assert_eq!(fold("za\u{015B}wiadczenie"), fold("zas\u{0301}wiadczenie"));
}

#[test]
fn words_are_folded_terms() {
    assert_eq!(terms("Wyszukanie podmiotu, po NIP!"), ["wyszukanie", "podmiotu", "nip"]);
    assert_eq!(terms("Płatność za zaświadczenie"), ["platnosc", "zaswiadczenie"]);
}

#[test]
fn identifiers_split_and_kept_whole() {
    assert_eq!(terms("getInvoiceStatus"), ["get", "invoice", "status", "getinvoicestatus"]);
    assert_eq!(terms("invoice_status"), ["invoice", "status", "invoicestatus"]);
    assert_eq!(terms("get-invoice-status"), ["get", "invoice", "status", "getinvoicestatus"]);
    assert_eq!(terms("XMLParser"), ["xml", "parser", "xmlparser"]);
    assert_eq!(terms("getNIPStatus"), ["get", "nip", "status", "getnipstatus"]);
}

#[test]
fn acronyms_stay_whole() {
    assert_eq!(terms("KSeF"), ["ksef"]);
    assert_eq!(terms("CEPiK"), ["cepik"]);
    assert_eq!(terms("OAuth2"), ["oauth2"]);
    assert_eq!(terms("REGON"), ["regon"]);
    assert_eq!(split_camel("KSeF"), ["KSeF"]);
}

#[test]
fn paths_split_into_fragments_without_a_whole() {
    assert_eq!(terms("/api/search/nip/{nip}"), ["api", "search", "nip", "nip"]);
    assert_eq!(terms("/v1/invoices/{invoiceId}/status"), ["v1", "invoices", "invoice", "id", "status"]);
}

#[test]
fn single_letters_stopwords_and_long_words_are_dropped() {
    assert_eq!(terms("a i w z"), Vec::<String>::new());
    assert_eq!(terms("the status of the invoice"), ["status", "invoice"]);
    assert_eq!(terms(&"x".repeat(41)), Vec::<String>::new());
    assert_eq!(terms(&"x".repeat(40)).len(), 1);
}

#[test]
fn inflections_share_a_stem() {
    for word in ["faktury", "fakturach", "fakturą", "fakturę", "fakturami", "faktur"] {
        assert!(meet(word, "faktura"), "{word} must meet faktura: {:?} vs {:?}", stems(word), stems("faktura"));
    }
    assert!(meet("zaświadczenia", "zaświadczenie"));
    assert!(meet("podatników", "podatnik"));
    assert!(meet("pojazdu", "pojazdy"));
}

#[test]
fn inflections_meet_without_diacritics() {
    assert!(meet("zaswiadczenia", "zaświadczenie"));
    assert!(meet("platnosci", "płatność"));
    assert!(meet("platnosc", "płatności"));
    assert!(meet("podmiotow", "podmiot"), "-ów typed as -ow");
    assert!(meet("doreczen", "doręczenia") || meet("doreczenia", "doręczeń"));
}

#[test]
fn english_plurals_meet() {
    assert!(meet("invoices", "invoice"));
    assert!(meet("entries", "entry"));
    assert!(meet("payments", "payment"));
    assert_eq!(stem_english_plural("status"), None);
    assert_eq!(stem_english_plural("address"), None);
    assert_eq!(stem_english_plural("boxes").as_deref(), Some("box"));
}

#[test]
fn numbers_are_not_stemmed() {
    assert!(stems("v1").is_empty());
    assert!(stems("2024").is_empty());
    assert_eq!(terms("HTTP 404"), ["http", "404"]);
}

#[test]
fn query_tokens_add_the_genitive_plural_guess() {
    let t = tokenize_query("podmiotow");
    assert!(t[0].stems.contains(&"podmiot".to_string()), "{:?}", t[0].stems);
}
