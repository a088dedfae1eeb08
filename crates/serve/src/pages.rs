//! The HTML pages: search, the article reader and the analyse form.

use std::fmt::Write;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use rhetor::{Doc, Technique};
use rhetor_corpus::{Found, marked};
use rhetor_render::html::{document, escape, present_layers, switches};
use rhetor_store::{Digest, Store};

use crate::api::Request;
use crate::search::Search;
use crate::{App, Failure, failure_response};

/// The server's own style, after the reader's.
pub const STYLE: &str = r#"
nav.site { font:14px/1.4 system-ui, sans-serif; background:#1d2430; padding:.45rem 1rem; display:flex; gap:1.2rem; }
nav.site a { color:#fff; text-decoration:none; } nav.site a:hover { text-decoration:underline; }
main.page { max-width:68rem; margin:1.5rem auto; padding:0 1rem; font:15px/1.5 system-ui, sans-serif; }
form.search { display:grid; grid-template-columns:repeat(auto-fill, minmax(12rem, 1fr)); gap:.5rem 1rem; margin-bottom:1.2rem; }
form label { display:flex; flex-direction:column; font-size:.8rem; color:var(--muted); }
form input, form select, form textarea { font:15px system-ui, sans-serif; padding:.3rem .4rem; border:1px solid var(--line); border-radius:4px; }
form textarea { width:100%; min-height:14rem; }
form button { font:15px system-ui, sans-serif; padding:.35rem .9rem; align-self:end; }
ol.results { padding-left:1.4rem; } ol.results li { margin:0 0 1rem; }
ol.results .hit { color:var(--ink); margin:.2rem 0; } .muted { color:var(--muted); font-size:.85rem; }
p.error { color:#8a1c1c; }
@media print { nav.site, header.bar, form { display:none; } .doc { display:block; } }
"#;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(search_page))
        .route("/articles/{*id}", get(article_page))
        .route("/analyze", get(analyse_form).post(analyse_page))
}

/// A page with the site's navigation around `body`.
fn layout(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · rhetor</title><link rel=\"icon\" href=\"data:,\">\
         <link rel=\"stylesheet\" href=\"/assets/reader.css\"></head>\
         <body>\n<nav class=\"site\"><a href=\"/\">Search</a><a href=\"/analyze\">Analyse</a></nav>\n\
         {body}\n<script src=\"/assets/reader.js\"></script>\n</body></html>\n",
        escape(title)
    ))
}

pub fn error_page(failure: &Failure) -> Html<String> {
    layout(
        "Error",
        &format!(
            "<main class=\"page\"><h1>{}</h1><p class=\"error\">{}</p></main>",
            failure.status.as_u16(),
            escape(&failure.message)
        ),
    )
}

fn answer(result: Result<Html<String>, Failure>) -> Response {
    match result {
        Ok(page) => page.into_response(),
        Err(f) => failure_response(f, false),
    }
}

/// Percent-encodes all but the unreserved characters, for paths and query strings.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn article_link(id: &str) -> String {
    format!("/articles/{}", encode(id))
}

/// `GET /?q=...`: the search form and a page of results.
async fn search_page(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    answer(
        async {
            let search = Search::parse(pairs)?;
            let form = search_form(&search);
            let asked = !search.given.is_empty();
            let shown = search.clone();
            let results = app.read(move |store| shown.run(store)).await?;
            let mut body = format!("<main class=\"page\"><h1>Search the corpus</h1>{form}");
            if results.articles.is_empty() {
                let none = if asked {
                    "No article matches."
                } else {
                    "The store is empty."
                };
                let _ = write!(body, "<p>{none}</p>");
            }
            let _ = write!(
                body,
                "<ol class=\"results\" start=\"{}\">",
                results.offset + 1
            );
            for found in &results.articles {
                body.push_str(&result_item(found));
            }
            body.push_str("</ol>");
            if results.more {
                let mut next: Vec<(String, String)> = search
                    .given
                    .iter()
                    .filter(|(k, _)| k != "offset")
                    .cloned()
                    .collect();
                next.push(("offset".into(), (search.offset + search.limit).to_string()));
                let query: Vec<String> = next
                    .iter()
                    .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                    .collect();
                let _ = write!(
                    body,
                    "<p><a href=\"/?{}\">More articles</a></p>",
                    escape(&query.join("&"))
                );
            }
            body.push_str("</main>");
            Ok(layout("Search", &body))
        }
        .await,
    )
}

fn search_form(search: &Search) -> String {
    let value = |key: &str| {
        search
            .given
            .iter()
            .find(|(k, _)| k == key)
            .map_or(String::new(), |(_, v)| escape(v))
    };
    let mut form = String::from("<form class=\"search\" method=\"get\" action=\"/\">");
    let fields = [
        ("q", "Words", "search"),
        ("entity", "Entity", "text"),
        ("source", "Source", "text"),
        ("site", "Site", "text"),
        ("since", "Since", "date"),
        ("until", "Until", "date"),
    ];
    for (key, label, kind) in fields {
        let _ = write!(
            form,
            "<label>{label}<input type=\"{kind}\" name=\"{key}\" value=\"{}\"></label>",
            value(key)
        );
    }
    let chosen = search.query.technique;
    form.push_str("<label>Technique<select name=\"technique\"><option value=\"\">any</option>");
    for t in Technique::ALL {
        let selected = if chosen == Some(t) { " selected" } else { "" };
        let _ = write!(
            form,
            "<option value=\"{0}\"{selected}>{1}</option>",
            t.label(),
            t.label().replace('_', " ")
        );
    }
    form.push_str("</select></label>");
    let _ = write!(
        form,
        "<label>Minimum confidence<input type=\"number\" name=\"min_confidence\" min=\"0\" \
         max=\"1\" step=\"0.05\" value=\"{}\"></label><button>Search</button></form>",
        value("min_confidence")
    );
    form
}

fn result_item(found: &Found) -> String {
    let mut item = format!(
        "<li><a href=\"{}\">{}</a> <span class=\"muted\">{} · {}</span>",
        escape(&article_link(&found.id)),
        escape(found.title.as_deref().unwrap_or(&found.id)),
        escape(&found.site),
        escape(found.published.as_deref().unwrap_or("undated"))
    );
    for hit in found.hits.iter().take(3) {
        let _ = write!(item, "<div class=\"hit\">{}</div>", marked(hit));
    }
    if found.hits.len() > 3 {
        let _ = write!(
            item,
            "<div class=\"muted\">and {} more</div>",
            found.hits.len() - 3
        );
    }
    item.push_str("</li>");
    item
}

/// The stored article `id`, or a 404.
pub async fn stored(app: &Arc<App>, id: String) -> Result<Doc, Failure> {
    let wanted = id.clone();
    app.read(move |store| Ok(store.get(&wanted)?))
        .await?
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, format!("no article {id:?}")))
}

/// The reader for one document.
fn reader(doc: &Doc, note: &str) -> Html<String> {
    let title = doc.meta.title.as_deref().unwrap_or(&doc.id);
    let body = format!("{}{note}{}", switches(&present_layers(doc)), document(doc));
    layout(title, &body)
}

/// `GET /articles/{id}`
async fn article_page(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    answer(stored(&app, id).await.map(|doc| reader(&doc, "")))
}

/// `GET /analyze`: paste text or HTML.
async fn analyse_form(State(app): State<Arc<App>>) -> Html<String> {
    let mut body = String::from(
        "<main class=\"page\"><h1>Analyse an article</h1>\
         <form method=\"post\" action=\"/analyze\">\
         <p><textarea name=\"content\" required placeholder=\"Paste an article's text or a page's HTML\"></textarea></p>\
         <p><label>It is<select name=\"kind\"><option value=\"text\">text</option>\
         <option value=\"html\">HTML</option></select></label></p>\
         <p><label>URL<input type=\"url\" name=\"url\"></label>\
         <label>Published<input type=\"date\" name=\"published\"></label></p>",
    );
    if !app.read_only {
        body.push_str("<p><label><span><input type=\"checkbox\" name=\"store\" value=\"1\"> keep it in the store</span></label></p>");
    }
    if app.token.is_some() {
        body.push_str(
            "<p><label>Token (to store)<input type=\"password\" name=\"token\"></label></p>",
        );
    }
    body.push_str("<p><button>Analyse</button></p></form></main>");
    layout("Analyse", &body)
}

/// `POST /analyze` from the form: the reader for the result.
async fn analyse_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    answer(
        async {
            let field = |key: &str| {
                fields
                    .iter()
                    .find(|(k, v)| k == key && !v.trim().is_empty())
                    .map(|(_, v)| v.clone())
            };
            let content = field("content").ok_or_else(|| Failure::bad("nothing to analyse"))?;
            let html = field("kind").as_deref() == Some("html");
            let store = field("store").is_some();
            if store {
                app.may_write(&headers, field("token").as_deref())?;
            }
            let request = Request {
                text: (!html).then(|| content.clone()),
                html: html.then_some(content),
                id: None,
                url: field("url"),
                published: field("published"),
                store,
            };
            let doc = analyse(&app, request).await?;
            let note = if store {
                format!(
                    "<p class=\"muted\">Stored as <a href=\"{}\">{}</a>.</p>",
                    escape(&article_link(&doc.id)),
                    escape(&doc.id)
                )
            } else {
                String::new()
            };
            Ok(reader(&doc, &note))
        }
        .await,
    )
}

/// Analyses a request on a blocking thread, and stores the result when asked (the caller has
/// checked that it may write).
pub async fn analyse(app: &Arc<App>, request: Request) -> Result<Doc, Failure> {
    let published = match &request.published {
        Some(p) => Some(
            rhetor::parse_date(p)
                .filter(|d| d.len() == 10)
                .ok_or_else(|| {
                    Failure::bad(format!("`published`: {p:?} is not a date (YYYY-MM-DD)"))
                })?,
        ),
        None => None,
    };
    let (content, is_html) = match (request.text, request.html) {
        (Some(text), None) => (text, false),
        (None, Some(html)) => (html, true),
        _ => return Err(Failure::bad("give either `text` or `html`")),
    };
    let digest = Digest::of(&[
        if is_html { b"html" } else { b"text" },
        content.as_bytes(),
        request.url.as_deref().unwrap_or("").as_bytes(),
        published.as_deref().unwrap_or("").as_bytes(),
    ]);
    let id = request.id.unwrap_or_else(|| format!("analysed-{digest}"));
    let mut input = if is_html {
        rhetor::Input::html(id, content)
    } else {
        rhetor::Input::text(id, content)
    };
    input.source.url = request.url;
    input.published = published;
    let app = Arc::clone(app);
    let keep = request.store;
    tokio::task::spawn_blocking(move || {
        let doc = app
            .pipeline
            .analyze(input)
            .map_err(|e| Failure::bad(e.to_string()))?;
        if keep {
            let mut store = Store::create(&app.store)?;
            store.put(&doc, digest)?;
            store.commit()?;
        }
        Ok(doc)
    })
    .await
    .map_err(|e| Failure::internal(format!("the analysis failed: {e}")))?
}
