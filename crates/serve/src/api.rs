//! The JSON API: search, one article, and analysis.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::pages::{Asked, Submitted};
use crate::search::Search;
use crate::{App, Failure, failure_response};

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/articles/{*id}", get(article))
        .route("/api/analyze", post(analyze))
        .route("/api/outlets", get(outlets))
        .route("/api/entities/{*name}", get(entity))
}

fn encoded(value: &impl serde::Serialize) -> Result<Response, Failure> {
    let body = serde_json::to_vec(value).map_err(|e| Failure::internal(e.to_string()))?;
    Ok(json(body))
}

fn json(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

fn answer(result: Result<Response, Failure>) -> Response {
    result.unwrap_or_else(|f| failure_response(f, true))
}

/// `GET /api/search?q=&entity=&source=&technique=&site=&since=&until=&min_confidence=&offset=&limit=`
async fn search(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    answer(
        async {
            let search = Search::parse(pairs)?;
            let reader = Arc::clone(&app);
            let results = app
                .read(move |store| search.run(store, &reader.facets))
                .await?;
            encoded(&results)
        }
        .await,
    )
}

/// `GET /api/outlets?<the criteria of a search>`: one row per site over the matching articles.
async fn outlets(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    answer(
        async {
            let search = Search::parse(pairs)?;
            let rows = crate::pages::outlets(&app, &search).await?;
            encoded(&*rows)
        }
        .await,
    )
}

/// `GET /api/entities/{name}?offset=&limit=`: what the store knows of an entity (by canonical
/// name) and a page of the articles naming it, newest first.
async fn entity(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    answer(
        async {
            let page = crate::pages::entity_page(&app, name, pairs).await?;
            encoded(&page)
        }
        .await,
    )
}

/// `GET /api/articles/{id}`: the rhetor/1 document.
async fn article(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    answer(
        async {
            let doc = crate::pages::stored(&app, id).await?;
            let mut body = Vec::new();
            rhetor::json::write_line(&doc, &mut body)
                .map_err(|e| Failure::internal(e.to_string()))?;
            Ok(json(body))
        }
        .await,
    )
}

/// What `POST /api/analyze` takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub text: Option<String>,
    pub html: Option<String>,
    pub id: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// Keep the analysis in the store.
    #[serde(default)]
    pub store: bool,
}

/// `POST /api/analyze`: the rhetor/1 document of `text` or `html`, stored when asked.
async fn analyze(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    answer(
        async {
            let request: Request = serde_json::from_slice(&body)
                .map_err(|e| Failure::bad(format!("not an analysis request: {e}")))?;
            if request.store {
                app.may_write(&headers, None)?;
            }
            let content = match (request.text, request.html) {
                (Some(text), None) => Submitted::Text(text),
                (None, Some(html)) => Submitted::Html(html),
                _ => return Err(Failure::bad("give either `text` or `html`")),
            };
            let asked = Asked {
                content,
                id: request.id,
                url: request.url,
                published: request.published,
                store: request.store,
            };
            let doc = crate::pages::analyse(&app, asked).await?;
            let mut body = Vec::new();
            rhetor::json::write_line(&doc, &mut body)
                .map_err(|e| Failure::internal(e.to_string()))?;
            Ok(json(body))
        }
        .await,
    )
}
