use axum::body::Body;
use axum::http::{Method, Request as HttpRequest};
use http_body_util::BodyExt;
use rhetor::{Doc, Span};
use tower::ServiceExt;

use super::*;

/// Strings that break out of text or attributes if written unescaped.
const PAYLOADS: [&str; 3] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'><svg onload=alert(3)>",
];

fn hostile_article() -> Doc {
    let text = format!(
        "{0} Mara Quist said the ferry will run in June. {1} Critics called it {2}.",
        PAYLOADS[0], PAYLOADS[1], PAYLOADS[2]
    );
    let mut doc = Doc::new(format!("id{}", PAYLOADS[1]), text.clone());
    doc.meta.title = Some(format!("Title {}", PAYLOADS[0]));
    doc.meta.authors = vec![PAYLOADS[1].to_string(), PAYLOADS[2].to_string()];
    doc.meta.url = Some(format!("https://example.org/{}", PAYLOADS[1]));
    doc.meta.site = Some(format!("Site {}", PAYLOADS[2]));
    doc.meta.tags = PAYLOADS.iter().map(|p| p.to_string()).collect();
    doc.meta.published = Some("2024-05-01".into());
    doc.layers.sentences = vec![Span::new(0, text.len())];
    doc.layers.paragraphs = vec![rhetor::Paragraph {
        span: Span::new(0, text.len()),
        kind: rhetor::ParagraphKind::Body,
    }];
    let at = |needle: &str| {
        let start = text.find(needle).expect("in the text");
        Span::new(start, start + needle.len())
    };
    // The entity's canonical name is itself a payload, so its page and links are tested too.
    let quist = at("Mara Quist");
    doc.layers.entities = Some(vec![rhetor::Entity {
        span: quist,
        label: rhetor::EntityLabel::PER,
        cluster: 0,
        confidence: 0.9,
    }]);
    doc.layers.clusters = Some(vec![rhetor::Cluster {
        id: 0,
        label: rhetor::EntityLabel::PER,
        name: format!("Mara {}", PAYLOADS[1]),
        mentions: 1,
        salience: 1,
    }]);
    doc.layers.attributions = Some(vec![rhetor::Attribution {
        source: Some(quist),
        cue: Some(at("said")),
        content: vec![at("the ferry will run in June")],
        kind: rhetor::AttributionKind::Indirect,
        cluster: Some(0),
        confidence: 0.8,
    }]);
    doc.layers.claims = Some(vec![rhetor::Claim {
        span: at("the ferry will run in June"),
        speaker: rhetor::Speaker::Attribution(0),
        checkworthy: 0.7,
    }]);
    doc.layers.techniques = Some(vec![rhetor::TechniqueSpan {
        span: at(PAYLOADS[2]),
        technique: rhetor::Technique::LoadedLanguage,
        confidence: 0.8,
        evidence: PAYLOADS[0].to_string(),
    }]);
    doc
}

/// A `multipart/form-data` body of `fields`, and its content type.
fn multipart(fields: &[(&str, &str)]) -> (String, String) {
    let boundary = "rhetor-test-boundary";
    let mut body = String::new();
    for (name, value) in fields {
        let filename = if *name == "file" {
            "; filename=\"page.html\""
        } else {
            ""
        };
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{filename}\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (body, format!("multipart/form-data; boundary={boundary}"))
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.rhetor");
    let mut store = Store::create(&path).unwrap();
    let doc = hostile_article();
    store
        .put(&doc, rhetor_store::Digest::of(&[doc.text.as_bytes()]))
        .unwrap();
    store.commit().unwrap();
    Fixture { _dir: dir, path }
}

fn app(fixture: &Fixture, read_only: bool, token: Option<&str>) -> Router {
    let config = Config {
        store: fixture.path.clone(),
        addr: "127.0.0.1:0".parse().unwrap(),
        read_only,
        token: token.map(String::from),
    };
    router(App::new(&config).unwrap())
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

async fn call(
    router: &Router,
    method: Method,
    uri: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> Answer {
    let mut request = HttpRequest::builder().method(method).uri(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(router: &Router, uri: &str) -> Answer {
    call(router, Method::GET, uri, "", &[]).await
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn no_article_string_reaches_a_page_unescaped() {
    let fixture = fixture();
    runtime().block_on(async {
        let router = app(&fixture, false, None);
        let id = pages::encode(&hostile_article().id);
        let (form, form_type) = multipart(&[
            ("content", "<script>alert(4)</script> Ana said so."),
            ("kind", "html"),
            ("url", "https://x.org/\"><script>"),
        ]);
        let entity = pages::encode(&format!("Mara {}", PAYLOADS[1]));
        let pages = [
            get(&router, "/").await,
            get(&router, "/?q=mara&technique=").await,
            get(&router, "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await,
            get(&router, &format!("/articles/{id}")).await,
            get(&router, "/analyze").await,
            get(&router, "/articles/%3Cscript%3Enope").await,
            get(&router, "/?since=%22%3E%3Cscript%3E").await,
            call(
                &router,
                Method::POST,
                "/analyze",
                &form,
                &[("content-type", &form_type)],
            )
            .await,
            get(&router, "/outlets").await,
            get(&router, "/outlets?q=ferry").await,
            get(&router, &format!("/entities/{entity}")).await,
            get(&router, "/?entity=mara").await,
        ];
        for (n, page) in pages.iter().enumerate() {
            for payload in PAYLOADS
                .iter()
                .copied()
                .chain(["<script>alert(4)", "\"><script>"])
            {
                assert!(
                    !page.body.contains(payload),
                    "page {n} holds {payload:?}:\n{}",
                    page.body
                );
            }
            // The only scripts are this server's own file.
            assert_eq!(page.body.matches("<script").count(), 1, "page {n}");
            assert!(
                page.body
                    .contains("<script src=\"/assets/reader.js\"></script>"),
                "page {n}"
            );
        }
        assert_eq!(pages[0].status, StatusCode::OK);
        assert!(
            pages[1].body.contains("Title &lt;script&gt;"),
            "{}",
            pages[1].body
        );
        assert_eq!(pages[3].status, StatusCode::OK);
        assert!(pages[3].body.contains("Mara Quist"), "{}", pages[3].body);
        assert_eq!(pages[5].status, StatusCode::NOT_FOUND);
        assert_eq!(pages[6].status, StatusCode::BAD_REQUEST);
        assert_eq!(pages[7].status, StatusCode::OK, "{}", pages[7].body);
        for page in &pages[8..] {
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        }
        assert!(
            pages[8].body.contains("Techniques per 1,000 words"),
            "{}",
            pages[8].body
        );
        assert!(
            pages[10].body.contains("Named in 1 articles"),
            "{}",
            pages[10].body
        );
        assert!(
            pages[10].body.contains("the ferry will run in June"),
            "{}",
            pages[10].body
        );
        assert!(
            pages[11].body.contains("1 article matches."),
            "{}",
            pages[11].body
        );
        assert!(
            pages[11].body.contains("href=\"/entities/Mara%20%22%3E"),
            "{}",
            pages[11].body
        );

        // The API answers JSON that no browser sniffs as a page.
        for uri in [
            "/api/search?q=mara",
            &format!("/api/articles/{id}"),
            "/api/outlets",
            &format!("/api/entities/{entity}"),
        ] {
            let answer = get(&router, uri).await;
            assert_eq!(answer.status, StatusCode::OK, "{uri}");
            assert_eq!(answer.headers[header::CONTENT_TYPE], "application/json");
            let value: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
            assert!(value.is_object() || value.is_array());
        }
    });
}

#[test]
fn every_response_carries_a_strict_policy() {
    let fixture = fixture();
    runtime().block_on(async {
        let router = app(&fixture, false, None);
        for uri in [
            "/",
            "/analyze",
            "/api/search",
            "/assets/reader.css",
            "/assets/reader.js",
            "/nope",
            "/api/articles/x",
        ] {
            let answer = get(&router, uri).await;
            let policy = answer.headers[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap();
            assert!(
                policy.contains("script-src 'self'") && !policy.contains("unsafe"),
                "{uri}"
            );
            assert_eq!(
                answer.headers[header::X_CONTENT_TYPE_OPTIONS],
                "nosniff",
                "{uri}"
            );
        }
    });
}

#[test]
fn bad_requests_get_a_clear_4xx_and_the_server_goes_on() {
    let fixture = fixture();
    runtime().block_on(async {
        let router = app(&fixture, false, None);
        // Past the server's limit; hyper itself refuses request lines far longer (10 MB).
        let huge = format!("/api/search?q={}", "a".repeat(60_000));
        let cases = [
            (
                "/api/search?colour=red",
                StatusCode::BAD_REQUEST,
                "unknown parameter \\\"colour\\\"",
            ),
            (
                "/api/search?since=yesterday",
                StatusCode::BAD_REQUEST,
                "not a date",
            ),
            (
                "/api/search?technique=sarcasm",
                StatusCode::BAD_REQUEST,
                "no technique is called",
            ),
            (
                "/api/search?min_confidence=2",
                StatusCode::BAD_REQUEST,
                "between 0 and 1",
            ),
            (
                "/api/search?limit=many",
                StatusCode::BAD_REQUEST,
                "not a whole number",
            ),
            (huge.as_str(), StatusCode::URI_TOO_LONG, "over the limit"),
            ("/api/articles/none", StatusCode::NOT_FOUND, "no article"),
        ];
        for (uri, status, message) in cases {
            let answer = get(&router, uri).await;
            assert_eq!(answer.status, status, "{}", &uri[..uri.len().min(60)]);
            assert!(answer.body.contains(message), "{}", answer.body);
            assert!(answer.body.starts_with("{\"error\":"), "{}", answer.body);
        }
        let post = |body: &'static str| {
            let router = router.clone();
            async move { call(&router, Method::POST, "/api/analyze", body, &[]).await }
        };
        assert_eq!(post("not json").await.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            post("{\"text\": \"a\", \"html\": \"b\"}").await.status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            post("{\"text\": \"a\", \"colour\": 1}").await.status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            post("{\"text\": \"a\", \"published\": \"soon\"}")
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        let big = format!("{{\"text\": \"{}\"}}", "a".repeat(MAX_BODY + 1));
        let answer = call(&router, Method::POST, "/api/analyze", &big, &[]).await;
        assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
        // Still serving.
        assert_eq!(
            get(&router, "/api/search?q=mara").await.status,
            StatusCode::OK
        );
    });
}

#[test]
fn analyses_are_stored_only_when_asked_and_allowed() {
    let fixture = fixture();
    runtime().block_on(async {
        let ask = "{\"text\": \"Ines Oyelaran opened the library on Monday.\", \"id\": \"lib\", \"store\": true}";
        let read_only = app(&fixture, true, None);
        let refused = call(&read_only, Method::POST, "/api/analyze", ask, &[]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let guarded = app(&fixture, false, Some("s3cret"));
        let refused = call(&guarded, Method::POST, "/api/analyze", ask, &[]).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        let shown = "{\"text\": \"Ines Oyelaran opened the library on Monday.\", \"id\": \"lib\"}";
        let answer = call(&guarded, Method::POST, "/api/analyze", shown, &[]).await;
        assert_eq!(answer.status, StatusCode::OK, "analysing without storing needs no token");
        assert_eq!(get(&guarded, "/api/articles/lib").await.status, StatusCode::NOT_FOUND);

        let stored = call(&guarded, Method::POST, "/api/analyze", ask, &[("authorization", "Bearer s3cret")]).await;
        assert_eq!(stored.status, StatusCode::OK, "{}", stored.body);
        let doc: serde_json::Value = serde_json::from_str(&stored.body).unwrap();
        assert_eq!(doc["schema"], "rhetor/1");
        let found = get(&guarded, "/api/search?q=library").await;
        assert!(found.body.contains("\"id\":\"lib\""), "{}", found.body);
    });
}

#[test]
fn an_uploaded_file_is_read_as_analyze_reads_files() {
    let fixture = fixture();
    runtime().block_on(async {
        let router = app(&fixture, false, None);
        let page = "<html><head><title>Ferry news</title></head><body><article><h1>Ferry news</h1>\
                    <p>Ines Oyelaran said the ferry will run again in June.</p></article></body></html>";
        let (body, kind) = multipart(&[("content", ""), ("file", page), ("store", "1")]);
        let answer = call(&router, Method::POST, "/analyze", &body, &[("content-type", &kind)]).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert!(answer.body.contains("<title>Ferry news · rhetor</title>"), "{}", answer.body);
        assert!(answer.body.contains("Stored as"), "{}", answer.body);
        let (empty, kind) = multipart(&[("content", "  ")]);
        let answer = call(&router, Method::POST, "/analyze", &empty, &[("content-type", &kind)]).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        assert!(answer.body.contains("nothing to analyse"), "{}", answer.body);
        let found = get(&router, "/api/search?q=ferry+june").await;
        assert!(found.body.contains("\"articles\":2"), "{}", found.body);
    });
}

#[test]
fn listening_beyond_loopback_needs_a_token_for_writes() {
    let fixture = fixture();
    let config = |read_only, token: Option<&str>| Config {
        store: fixture.path.clone(),
        addr: "0.0.0.0:8080".parse().unwrap(),
        read_only,
        token: token.map(String::from),
    };
    assert!(matches!(
        App::new(&config(false, None)),
        Err(ServeError::NoToken(_))
    ));
    assert!(App::new(&config(true, None)).is_ok());
    assert!(App::new(&config(false, Some("t"))).is_ok());
}
