//! The article reader, and the analyse page: paste text or HTML or upload a file, and read the
//! result in the same reader (stored only when asked).

use std::sync::Arc;

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, Response};
use rhetor::Doc;
use rhetor_render::html::{document, escape, present_layers, switches};
use rhetor_store::{Digest, Store};

use super::{answer, article_link, layout};
use crate::{App, Failure};

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
pub async fn article(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    answer(stored(&app, id).await.map(|doc| reader(&doc, "")))
}

/// `GET /analyze`: paste text or HTML, or choose a file.
pub async fn form(State(app): State<Arc<App>>) -> Html<String> {
    let mut body = String::from(
        "<main class=\"page\"><h1>Analyse an article</h1>\
         <form method=\"post\" action=\"/analyze\" enctype=\"multipart/form-data\">\
         <p><textarea name=\"content\" placeholder=\"Paste an article's text or a page's HTML\"></textarea></p>\
         <p><label>It is<select name=\"kind\"><option value=\"text\">text</option>\
         <option value=\"html\">HTML</option></select></label></p>\
         <p><label>Or a file (HTML or text, any encoding; it wins over the pasted text)\
         <input type=\"file\" name=\"file\"></label></p>\
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

/// What was given to analyse.
pub enum Submitted {
    Text(String),
    Html(String),
    /// A file of unknown kind and encoding, read as `rhetor analyze` reads one.
    File(Vec<u8>),
}

/// An analysis asked for: the content and what is known of it.
pub struct Asked {
    pub content: Submitted,
    pub id: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// Keep the analysis in the store.
    pub store: bool,
}

/// `POST /analyze` from the form: the reader for the result.
pub async fn submitted(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    answer(
        async {
            let fields = fields(multipart).await?;
            let field = |key: &str| {
                fields
                    .iter()
                    .find(|(k, v)| k == key && !v.iter().all(u8::is_ascii_whitespace))
                    .map(|(_, v)| v.clone())
            };
            let text = |key: &str| -> Result<Option<String>, Failure> {
                field(key)
                    .map(|v| {
                        String::from_utf8(v)
                            .map_err(|_| Failure::bad(format!("`{key}` is not UTF-8 text")))
                    })
                    .transpose()
            };
            let content = match (field("file"), text("content")?) {
                (Some(file), _) => Submitted::File(file),
                (None, Some(content)) if text("kind")?.as_deref() == Some("html") => {
                    Submitted::Html(content)
                }
                (None, Some(content)) => Submitted::Text(content),
                (None, None) => {
                    return Err(Failure::bad(
                        "nothing to analyse: paste a text or choose a file",
                    ));
                }
            };
            let store = field("store").is_some();
            if store {
                app.may_write(&headers, text("token")?.as_deref())?;
            }
            let asked = Asked {
                content,
                id: None,
                url: text("url")?,
                published: text("published")?,
                store,
            };
            let doc = analyse(&app, asked).await?;
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

/// The form's fields, each name with its bytes.
async fn fields(mut multipart: Multipart) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        Failure::new(
            e.status(),
            format!("the form cannot be read: {}", e.body_text()),
        )
    };
    let mut fields = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(unreadable)?;
        fields.push((name, bytes.to_vec()));
    }
    Ok(fields)
}

/// Analyses on a blocking thread, and stores the result when asked (the caller has checked
/// that it may write).
pub async fn analyse(app: &Arc<App>, asked: Asked) -> Result<Doc, Failure> {
    let published = match &asked.published {
        Some(p) => Some(
            rhetor::parse_date(p)
                .filter(|d| d.len() == 10)
                .ok_or_else(|| {
                    Failure::bad(format!("`published`: {p:?} is not a date (YYYY-MM-DD)"))
                })?,
        ),
        None => None,
    };
    let (kind, bytes): (&[u8], &[u8]) = match &asked.content {
        Submitted::Text(t) => (b"text", t.as_bytes()),
        Submitted::Html(h) => (b"html", h.as_bytes()),
        Submitted::File(b) => (b"bytes", b),
    };
    let digest = Digest::of(&[
        kind,
        bytes,
        asked.url.as_deref().unwrap_or("").as_bytes(),
        published.as_deref().unwrap_or("").as_bytes(),
    ]);
    let id = asked.id.unwrap_or_else(|| format!("analysed-{digest}"));
    let mut input = match asked.content {
        Submitted::Text(t) => rhetor::Input::text(id, t),
        Submitted::Html(h) => rhetor::Input::html(id, h),
        Submitted::File(b) => rhetor::Input::bytes(id, b),
    };
    input.source.url = asked.url;
    input.published = published;
    let app = Arc::clone(app);
    let keep = asked.store;
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
