//! The web app driven in headless Chromium: search with facets, open an article, switch a layer
//! off, jump from the side panel to a span, open a popover, compare outlets, open an entity's
//! page, analyse pasted text, and no console error on the way. Skipped when Chromium or chromedriver is missing, unless `RHETOR_REQUIRE_BROWSER` is
//! set (as CI sets it). With `RHETOR_SCREENSHOTS=DIR` it saves the main pages there.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use rhetor_serve::{App, Config, router};
use rhetor_store::{Digest, Store};
use serde_json::json;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A store holding the two bundled examples, analysed.
fn store(dir: &Path) -> PathBuf {
    let path = dir.join("corpus.rhetor");
    let pipeline = rhetor::Pipeline::new(rhetor::Options::default());
    let mut store = Store::create(&path).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for name in ["harbour-bridge.txt", "water-rights.html"] {
        let bytes = std::fs::read(examples.join(name)).unwrap();
        let digest = Digest::of(&[&bytes]);
        let doc = pipeline.analyze(rhetor::Input::bytes(name, bytes)).unwrap();
        store.put(&doc, digest).unwrap();
    }
    store.commit().unwrap();
    path
}

/// Chrome's console messages of the session, over chromedriver's log endpoint (which WebDriver
/// clients do not wrap).
fn console(port: u16, session: &str) -> Vec<serde_json::Value> {
    let body = r#"{"type":"browser"}"#;
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /session/{session}/se/log HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // Read the head, then exactly the body its Content-Length announces.
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        answer.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&answer).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a Content-Length");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    value["value"].as_array().cloned().unwrap_or_default()
}

async fn shot(client: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("RHETOR_SCREENSHOTS") {
        let png = client.screenshot().await.unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

/// Waits for an element to appear: a form's submission is not awaited by the click.
async fn appears(client: &Client, css: &str) -> fantoccini::elements::Element {
    let start = Instant::now();
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            return element;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{css} never appeared"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the browser has loaded a page whose URL contains `part` (a click that submits a
/// form returns before the next page is there, and the old page's elements go stale).
async fn arrives(client: &Client, part: &str) {
    let start = Instant::now();
    loop {
        let url = client.current_url().await.unwrap();
        if url.as_str().contains(part)
            && script(client, "return document.readyState").await == json!("complete")
        {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "never arrived at a page with {part} (at {url})"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn script(client: &Client, js: &str) -> serde_json::Value {
    client.execute(js, vec![]).await.unwrap()
}

#[test]
fn the_reader_works_in_a_real_browser() {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        assert!(
            std::env::var_os("RHETOR_REQUIRE_BROWSER").is_none(),
            "RHETOR_REQUIRE_BROWSER is set but {CHROMIUM} or {CHROMEDRIVER} is missing"
        );
        eprintln!("skipped: no {CHROMIUM} and {CHROMEDRIVER}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let driver_port = free_port();
    let _driver = Killed(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", driver_port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let config = Config {
            store,
            addr: "127.0.0.1:0".parse().unwrap(),
            read_only: false,
            token: None,
        };
        let listener = tokio::net::TcpListener::bind(config.addr).await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(axum::serve(listener, router(App::new(&config).unwrap())).into_future());

        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1400,1000"],
            }),
        );
        capabilities.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await
            .expect("a browser session");
        let session = client.session_id().await.unwrap().expect("a session id");

        // Search.
        client.goto(&format!("{base}/")).await.unwrap();
        client
            .find(Locator::Css("input[name=q]"))
            .await
            .unwrap()
            .send_keys("bridge")
            .await
            .unwrap();
        client
            .find(Locator::Css("form.search button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        arrives(&client, "q=bridge").await;
        let first = appears(&client, "ol.results li a").await;
        let marked = client.find_all(Locator::Css("ol.results mark")).await.unwrap();
        assert!(!marked.is_empty(), "hits are shown in their sentence");
        let facets = client.find_all(Locator::Css("aside.facets li")).await.unwrap();
        assert!(!facets.is_empty(), "the matches are counted per facet value");
        shot(&client, "search").await;

        // Open the article; switch the entity layer off.
        first.click().await.unwrap();
        let switch = appears(&client, "header.bar input[data-layer=entity]").await;
        assert_eq!(script(&client, "return document.body.classList.contains('hide-entity')").await, json!(false));
        switch.click().await.unwrap();
        assert_eq!(script(&client, "return document.body.classList.contains('hide-entity')").await, json!(true));
        switch.click().await.unwrap();

        // A side-panel entry marks its spans in the text.
        assert!(client.find_all(Locator::Css("article .m.focus")).await.unwrap().is_empty());
        client
            .find(Locator::Css("aside a[data-jump]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let focused = client.find_all(Locator::Css("article .m.focus")).await.unwrap();
        assert!(!focused.is_empty(), "the entry's spans are highlighted");

        // A highlight, clicked, says what it is.
        client
            .find(Locator::Css("article .m.entity"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let popover = script(&client, "const p = document.querySelector('.popover'); return p.hidden ? '' : p.textContent").await;
        assert!(popover.as_str().is_some_and(|t| !t.is_empty()), "{popover}");
        script(&client, "document.querySelector('.popover').hidden = true; window.scrollTo(0, 0)").await;
        shot(&client, "article").await;

        // Outlets compared, with the technique chart.
        client.goto(&format!("{base}/outlets")).await.unwrap();
        appears(&client, "table.outlets tbody tr").await;
        let rows = client.find_all(Locator::Css("svg.chart text")).await.unwrap();
        assert!(!rows.is_empty(), "each outlet has its row in the technique chart");
        shot(&client, "outlets").await;

        // An entity's page, from a facet of the search.
        client.goto(&format!("{base}/")).await.unwrap();
        appears(&client, "aside.facets a[href^='/entities/']")
            .await
            .click()
            .await
            .unwrap();
        arrives(&client, "/entities/").await;
        appears(&client, "ol.results li").await;
        let months = client.find_all(Locator::Css("svg.chart rect")).await.unwrap();
        assert!(!months.is_empty(), "articles per month are drawn");
        shot(&client, "entity").await;

        // Analyse pasted text.
        client.goto(&format!("{base}/analyze")).await.unwrap();
        client
            .find(Locator::Css("textarea[name=content]"))
            .await
            .unwrap()
            .send_keys("Mara Quist, the harbour master, said on Monday that the ferry would run again in June.")
            .await
            .unwrap();
        client
            .find(Locator::Css("form button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        appears(&client, "div.doc article").await;
        shot(&client, "analyse").await;

        let problems: Vec<_> = console(driver_port, &session)
            .into_iter()
            .filter(|m| m["level"] == "SEVERE" || m["level"] == "WARNING")
            .collect();
        assert!(problems.is_empty(), "console: {problems:?}");
        client.close().await.unwrap();
    });
}
