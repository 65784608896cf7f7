//! The sandbox over HTTP: request validation with JSON pointers, Prefer (code, example,
//! dynamic), seeds, content negotiation, security, and the audit log and metrics it feeds.

mod common;

use common::*;
use proxy::audit::Sink;
use proxy::config::Settings;
use serde_json::json;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Rejestr faktur, version: "1.0"}
servers: [{url: "https://faktury.example.gov.pl/api"}]
security: [{apiKey: []}]
paths:
  /faktury:
    post:
      operationId: wystawFakture
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Faktura'}
      responses:
        '201':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Faktura'}
        '422': {description: bad}
  /faktury/{numer}:
    parameters:
      - {name: numer, in: path, required: true, schema: {type: integer, minimum: 1}}
    get:
      operationId: pobierzFakture
      parameters:
        - {name: format, in: query, schema: {type: string, enum: [pelny, skrocony]}}
        - {name: X-Request-Id, in: header, required: true, schema: {type: string, format: uuid}}
      responses:
        '200':
          description: ok
          headers:
            X-Rate-Remaining: {schema: {type: integer, minimum: 0, maximum: 100}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Faktura'}
              examples:
                zwykla: {value: {numer: "FV/2024/1", nabywca: {nip: "5260250274"}, pozycje: [{kwota: 10}]}}
                korekta: {value: {numer: "KOR/2024/1", nabywca: {nip: "5260250274"}, pozycje: [{kwota: -10}]}}
            application/xml:
              schema: {$ref: '#/components/schemas/Faktura'}
        '404':
          description: brak
          content:
            application/problem+json:
              schema: {type: object, required: [title], properties: {title: {type: string}}}
      callbacks:
        onPaid:
          '{$request.query.callback}':
            post: {responses: {'200': {description: ok}}}
  /publiczne:
    get:
      security: []
      responses:
        '200':
          description: ok
          content:
            text/plain:
              schema: {type: string, pattern: "^[A-Z]{3}-\\d{4}$"}
components:
  securitySchemes:
    apiKey: {type: apiKey, in: header, name: X-Api-Key}
  schemas:
    Faktura:
      type: object
      required: [numer, nabywca, pozycje]
      properties:
        id: {type: string, format: uuid, readOnly: true}
        numer: {type: string}
        nabywca:
          type: object
          required: [nip]
          properties:
            nip: {type: string, format: nip}
            pesel: {type: string}
            nazwisko: {type: string}
        pozycje:
          type: array
          minItems: 1
          items:
            type: object
            required: [kwota]
            properties: {kwota: {type: number}, vin: {type: string}}
"#;

async fn sandbox(settings: Settings, sink: Sink) -> TestServer {
    let site = tempfile::tempdir().unwrap();
    let dir = site.path().join("specs/faktury/1.0");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("openapi.yaml"), SPEC).unwrap();
    start_site(site, settings, sink, None).await
}

const KEY: (&str, &str) = ("x-api-key", "anything");
const RID: (&str, &str) = ("x-request-id", "123e4567-e89b-12d3-a456-426614174000");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validates_requests_with_pointers() {
    let srv = sandbox(open_settings(), Sink::Off).await;
    let a = call(
        srv.addr,
        "POST",
        "/sandbox/faktury/1.0/faktury",
        &[KEY, ("content-type", "application/json")],
        r#"{"numer": 7, "nabywca": {"nip": "5260250275"}, "pozycje": [{"kwota": "dużo"}]}"#,
    )
    .await;
    assert_eq!(a.status, 422);
    let p = a.json();
    assert_eq!(p["type"], "https://katalog.gov.pl/problems/invalid-request");
    let pointers: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
    assert_eq!(pointers, ["/body/numer", "/body/nabywca/nip", "/body/pozycje/0/kwota"], "{p}");

    let a = call(srv.addr, "POST", "/sandbox/faktury/1.0/faktury", &[KEY, ("content-type", "application/json")], "{nie json").await;
    assert_eq!((a.status, a.json()["errors"][0]["pointer"].as_str()), (400, Some("/body")));
    let a = call(srv.addr, "POST", "/sandbox/faktury/1.0/faktury", &[KEY, ("content-type", "text/csv")], "a,b").await;
    assert_eq!(a.status, 415);
    let a = call(srv.addr, "POST", "/sandbox/faktury/1.0/faktury", &[KEY], "").await;
    assert_eq!((a.status, a.json()["errors"][0]["pointer"].as_str()), (400, Some("/body")));

    let a = call(srv.addr, "GET", "/sandbox/faktury/1.0/faktury/0?format=inny", &[KEY], "").await;
    assert_eq!(a.status, 400);
    let pointers: Vec<String> = a.json()["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap().to_string()).collect();
    assert_eq!(pointers, ["/path/numer", "/query/format", "/header/X-Request-Id"]);
    let a = call(srv.addr, "GET", "/sandbox/faktury/1.0/faktury/abc", &[KEY, RID], "").await;
    assert_eq!((a.status, a.json()["errors"][0]["detail"].as_str()), (400, Some("expected integer, got string")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_by_prefer_seed_and_accept() {
    let srv = sandbox(open_settings(), Sink::Off).await;
    let base = "/sandbox/faktury/1.0/faktury/5";
    // Examples first, in order; by name with Prefer.
    let a = call(srv.addr, "GET", base, &[KEY, RID], "").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["numer"], "FV/2024/1");
    assert_eq!(a.header("content-type"), Some("application/json"));
    let rate: i64 = a.header("x-rate-remaining").unwrap().parse().unwrap();
    assert!((0..=100).contains(&rate));
    let a = call(srv.addr, "GET", base, &[KEY, RID, ("prefer", "example=korekta")], "").await;
    assert_eq!(a.json()["numer"], "KOR/2024/1");
    let a = call(srv.addr, "GET", base, &[KEY, RID, ("prefer", "example=brak")], "").await;
    assert_eq!((a.status, a.json()["type"].as_str()), (400, Some("https://katalog.gov.pl/problems/no-such-example")));
    // Generated, deterministic for a seed, different for another.
    let dynamic = |seed: &'static str| [KEY, RID, ("prefer", "dynamic=true"), ("katalog-seed", seed)];
    let one = call(srv.addr, "GET", base, &dynamic("1"), "").await;
    let again = call(srv.addr, "GET", base, &dynamic("1"), "").await;
    let other = call(srv.addr, "GET", base, &dynamic("2"), "").await;
    assert_eq!(one.body, again.body);
    assert_ne!(one.body, other.body);
    let v = one.json();
    assert!(proxy::sandbox::pl::nip_valid(v["nabywca"]["nip"].as_str().unwrap()), "{v}");
    assert!(v.get("id").is_some(), "readOnly properties are in responses");
    let by_query = call(srv.addr, "GET", &format!("{base}?__seed=1"), &[KEY, RID, ("prefer", "dynamic=true")], "").await;
    assert_eq!(by_query.body, one.body, "the seed may come in the query too");
    let default_a = call(srv.addr, "GET", base, &[KEY, RID, ("prefer", "dynamic=true")], "").await;
    let default_b = call(srv.addr, "GET", base, &[KEY, RID, ("prefer", "dynamic=true")], "").await;
    assert_eq!(default_a.body, default_b.body, "by default the seed comes from the path");
    assert_eq!(default_a.header("katalog-seed"), default_b.header("katalog-seed"));
    // Another declared status; an undeclared one.
    let a = call(srv.addr, "GET", base, &[KEY, RID, ("prefer", "code=404")], "").await;
    assert_eq!((a.status, a.header("content-type")), (404, Some("application/problem+json")));
    assert!(a.json()["title"].is_string());
    let a = call(srv.addr, "GET", base, &[KEY, RID, ("prefer", "code=418")], "").await;
    assert_eq!((a.status, a.json()["type"].as_str()), (400, Some("https://katalog.gov.pl/problems/no-such-response")));
    // XML when asked; 406 for what is not offered.
    let a = call(srv.addr, "GET", base, &[KEY, RID, ("accept", "application/xml")], "").await;
    assert_eq!(a.header("content-type"), Some("application/xml"));
    assert!(String::from_utf8_lossy(&a.body).contains("<Faktura><id>"), "{}", String::from_utf8_lossy(&a.body));
    assert_eq!(call(srv.addr, "GET", base, &[KEY, RID, ("accept", "image/png")], "").await.status, 406);
    // A POST answers 201 with the generated resource; text/plain follows its pattern.
    let a = call(
        srv.addr,
        "POST",
        "/sandbox/faktury/1.0/faktury",
        &[KEY, ("content-type", "application/json")],
        r#"{"numer": "FV/1", "nabywca": {"nip": "5260250274"}, "pozycje": [{"kwota": 1}]}"#,
    )
    .await;
    assert_eq!(a.status, 201);
    let a = get(srv.addr, "/sandbox/faktury/1.0/publiczne").await;
    assert_eq!((a.status, a.header("content-type")), (200, Some("text/plain")));
    let text = String::from_utf8(a.body.to_vec()).unwrap();
    assert!(regex::Regex::new(r"^[A-Z]{3}-\d{4}$").unwrap().is_match(&text), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routing_security_and_limits() {
    let srv = sandbox(Settings { sandbox_rate: proxy::config::Rate { per_second: 1.0, burst: 30.0 }, ..open_settings() }, Sink::Off).await;
    let a = get(srv.addr, "/sandbox/faktury/1.0/faktury/5").await;
    assert_eq!((a.status, a.header("www-authenticate")), (401, Some("Bearer")));
    assert_eq!(a.json()["type"], "https://katalog.gov.pl/problems/unauthorized");
    assert_eq!(call(srv.addr, "DELETE", "/sandbox/faktury/1.0/faktury/5", &[KEY], "").await.header("allow"), Some("GET"));
    assert_eq!(get(srv.addr, "/sandbox/faktury/1.0/nic").await.status, 404);
    assert_eq!(get(srv.addr, "/sandbox/faktury/9.9/faktury").await.status, 404);
    let a = get(srv.addr, "/sandbox/faktury/1.0/publiczne").await;
    assert_eq!(a.header("content-security-policy"), Some("default-src 'none'; sandbox"));
    let mut last = 0;
    for _ in 0..40 {
        last = get(srv.addr, "/sandbox/faktury/1.0/publiczne").await.status;
    }
    assert_eq!(last, 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_can_be_switched_off() {
    let srv = sandbox(Settings { sandbox_enabled: false, ..open_settings() }, Sink::Off).await;
    assert_eq!(get(srv.addr, "/sandbox/faktury/1.0/publiczne").await.status, 404, "the operator switched it off");
    // server.json (katalog.toml's [sandbox] and the APIs' `sandbox: false`) switches it off too.
    let site = tempfile::tempdir().unwrap();
    let dir = site.path().join("specs/faktury/1.0");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("openapi.yaml"), SPEC).unwrap();
    std::fs::write(
        site.path().join("server.json"),
        r#"{"format": 1, "proxy": {"allow_private": []}, "sandbox": {"enabled": true, "disabled_apis": ["faktury"]}}"#,
    )
    .unwrap();
    let srv = start_site(site, open_settings(), Sink::Off, None).await;
    let a = get(srv.addr, "/sandbox/faktury/1.0/publiczne").await;
    assert_eq!((a.status, a.json()["type"].as_str()), (404, Some("https://katalog.gov.pl/problems/sandbox-off")));
    assert_eq!(get(srv.addr, "/try/faktury/1.0/").await.json()["sandbox"], json!(null));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_log_and_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let settings = Settings { audit_salt: Some("sól".into()), ..open_settings() };
    let srv = sandbox(settings, Sink::File(log.clone())).await;
    let body = r#"{"numer": "FV/1", "nabywca": {"nip": "5260250274"}, "pozycje": [{"kwota": 1}]}"#;
    call(srv.addr, "POST", "/sandbox/faktury/1.0/faktury", &[("x-api-key", "TAJNY-KLUCZ"), ("content-type", "application/json")], body).await;
    call(srv.addr, "GET", "/sandbox/faktury/1.0/faktury/5", &[("x-api-key", "TAJNY-KLUCZ"), RID, ("authorization", "Bearer TAJNY-TOKEN")], "").await;
    get(srv.addr, "/sandbox/nieznane/1/x").await;
    let mut text = String::new();
    for _ in 0..50 {
        text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.lines().count() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "{text}");
    let first = &lines[0];
    assert_eq!(first["kind"], "sandbox");
    assert_eq!(first["api"], "faktury");
    assert_eq!(first["version"], "1.0");
    assert_eq!(first["operation"], "wystawFakture");
    assert_eq!(first["method"], "POST");
    assert_eq!(first["status"], 201);
    assert_eq!(first["request_bytes"], body.len());
    assert!(first["response_bytes"].as_u64().unwrap() > 0);
    assert!(first["latency_ms"].as_f64().unwrap() >= 0.0);
    assert!(time::OffsetDateTime::parse(first["time"].as_str().unwrap(), &time::format_description::well_known::Rfc3339).is_ok());
    let client = first["client"].as_str().unwrap();
    assert_eq!(client.len(), 16);
    assert_ne!(client, "127.0.0.1");
    assert_eq!(lines[1]["client"], client, "one client, one hash");
    assert_eq!(lines[1]["operation"], "pobierzFakture");
    assert_eq!(lines[2]["api"], serde_json::Value::Null);
    assert_eq!(lines[2]["status"], 404);
    for secret in ["TAJNY", "5260250274", "FV/1", "Bearer"] {
        assert!(!text.contains(secret), "{secret} leaked into the audit log");
    }
    let m = String::from_utf8(get(srv.addr, "/metrics").await.body.to_vec()).unwrap();
    assert!(m.contains(r#"katalog_calls_total{kind="sandbox",api="faktury",version="1.0",status="201"} 1"#), "{m}");
    assert!(m.contains(r#"katalog_calls_total{kind="sandbox",api="",version="",status="404"} 1"#), "{m}");
    assert!(m.contains(r#"katalog_call_duration_seconds_count{kind="sandbox"} 3"#), "{m}");
    assert!(m.contains("# TYPE katalog_call_duration_seconds histogram"));
}
