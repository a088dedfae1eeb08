//! `rhetor serve`: a local web app and JSON API over a corpus store.
//!
//! Pages are rendered on the server (the reader shares the static page's markup, style and
//! script) and use no external asset; the JSON API answers the same questions. Every string from
//! an article is escaped where it is written, and every response carries a Content-Security-
//! Policy that allows only this server's own style sheet and script, so an article's text can
//! never run as code. The server binds to loopback by default; beyond it, writes need a token.
//!
//! SQLite connections are blocking: each request borrows a read-only connection from a small
//! pool on tokio's blocking threads, so one slow query never stalls the others.

mod api;
mod cache;
mod pages;
mod search;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rhetor::Pipeline;
use rhetor_corpus::Outlet;
use rhetor_store::{Facets, Store, StoreError};

use cache::Cache;

/// The largest request body: a page to analyse.
pub const MAX_BODY: usize = rhetor::DEFAULT_MAX_BYTES;
/// The longest query string a search takes.
pub const MAX_QUERY: usize = 8 * 1024;

const POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
                      form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Idle connections kept for the next requests (each holds SQLite's page cache); a burst opens
/// more and closes them after.
const POOL: usize = 16;

/// How the server runs.
pub struct Config {
    pub store: PathBuf,
    pub addr: SocketAddr,
    /// Refuse every write: analyses are shown, never stored.
    pub read_only: bool,
    /// The token a write must carry (`Authorization: Bearer TOKEN`, or the analyse form's
    /// token field); needed when the server listens beyond loopback and takes writes.
    pub token: Option<String>,
}

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "{0} is reachable from other machines: give a --token that writes must carry, or serve \
         --read-only"
    )]
    NoToken(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// What every request handler shares.
pub struct App {
    store: PathBuf,
    read_only: bool,
    token: Option<String>,
    pipeline: Pipeline,
    /// Read-only connections not in use.
    readers: Mutex<Vec<Store>>,
    facets: Cache<Facets>,
    outlets: Cache<Vec<Outlet>>,
}

impl App {
    /// Checks the store and builds the pipeline.
    pub fn new(config: &Config) -> Result<Arc<App>, ServeError> {
        if !config.addr.ip().is_loopback() && !config.read_only && config.token.is_none() {
            return Err(ServeError::NoToken(config.addr));
        }
        let first = Store::open(&config.store)?;
        Ok(Arc::new(App {
            store: config.store.clone(),
            read_only: config.read_only,
            token: config.token.clone(),
            pipeline: Pipeline::new(rhetor::Options::default()),
            readers: Mutex::new(vec![first]),
            facets: Cache::default(),
            outlets: Cache::default(),
        }))
    }

    /// Runs `f` with a read-only connection on a blocking thread.
    async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, Failure> {
        let app = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let pooled = app.readers.lock().map(|mut r| r.pop()).unwrap_or(None);
            let store = match pooled {
                Some(store) => store,
                None => Store::open(&app.store)?,
            };
            let result = f(&store);
            if let Ok(mut readers) = app.readers.lock()
                && readers.len() < POOL
            {
                readers.push(store);
            }
            result
        })
        .await
        .map_err(|e| Failure::internal(format!("the request failed: {e}")))?
    }

    /// Whether a write may go ahead: not read-only, and carrying the token when one is set.
    fn may_write(&self, headers: &HeaderMap, form_token: Option<&str>) -> Result<(), Failure> {
        if self.read_only {
            return Err(Failure::new(
                StatusCode::FORBIDDEN,
                "this server is read-only: analyses are not stored",
            ));
        }
        let Some(token) = &self.token else {
            return Ok(());
        };
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if bearer == Some(token.as_str()) || form_token == Some(token.as_str()) {
            Ok(())
        } else {
            Err(Failure::new(
                StatusCode::UNAUTHORIZED,
                "storing needs the server's token",
            ))
        }
    }
}

/// A request that could not be answered: its status and a message for the reader.
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
        }
    }

    fn bad(message: impl Into<String>) -> Self {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }

    fn internal(message: impl Into<String>) -> Self {
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::internal(e.to_string())
    }
}

/// The web app: pages, assets and the JSON API.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .route("/assets/reader.css", get(css))
        .route("/assets/reader.js", get(js))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(guard))
        .with_state(app)
}

async fn css() -> impl IntoResponse {
    let css = format!("{}{}", rhetor_render::html::STYLE, pages::STYLE);
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], css)
}

async fn js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        rhetor_render::html::SCRIPT,
    )
}

/// Refuses over-long queries and sets the security headers on every response.
async fn guard(request: Request, next: Next) -> Response {
    let too_long = request.uri().query().is_some_and(|q| q.len() > MAX_QUERY);
    let mut response = if too_long {
        let message = format!("the query is over the limit of {MAX_QUERY} bytes");
        let api = request.uri().path().starts_with("/api/");
        failure_response(Failure::new(StatusCode::URI_TOO_LONG, message), api)
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// A failure as JSON (`{"error": ...}`) for the API, as a page otherwise.
fn failure_response(failure: Failure, api: bool) -> Response {
    if api {
        let body = serde_json::json!({ "error": failure.message });
        (failure.status, axum::Json(body)).into_response()
    } else {
        (failure.status, pages::error_page(&failure)).into_response()
    }
}

/// Serves until the process is stopped.
pub fn serve(config: Config) -> Result<(), ServeError> {
    let app = App::new(&config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Listen {
            addr: config.addr,
            source,
        })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServeError::Listen {
                addr: config.addr,
                source,
            })?;
        let addr = listener.local_addr().unwrap_or(config.addr);
        eprintln!(
            "rhetor: serving {} on http://{addr}/",
            config.store.display()
        );
        axum::serve(listener, router(app))
            .await
            .map_err(|source| ServeError::Listen { addr, source })
    })
}

#[cfg(test)]
mod tests;
