//! The HTML pages: search with facets, the article reader, outlets compared, an entity's page
//! and the analyse form.

mod entity;
mod outlets;
mod reader;
mod search;

use std::fmt::Write;
use std::sync::Arc;

use axum::Router;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use rhetor_render::html::escape;

use crate::{App, Failure, failure_response};

pub use entity::entity_page;
pub use outlets::outlets;
pub use reader::{Asked, Submitted, analyse, stored};

/// The server's own style, after the reader's.
pub const STYLE: &str = r#"
nav.site { font:14px/1.4 system-ui, sans-serif; background:#1d2430; padding:.45rem 1rem; display:flex; gap:1.2rem; }
nav.site a { color:#fff; text-decoration:none; } nav.site a:hover { text-decoration:underline; }
main.page { max-width:76rem; margin:1.5rem auto; padding:0 1rem; font:15px/1.5 system-ui, sans-serif; }
form.search { display:grid; grid-template-columns:repeat(auto-fill, minmax(12rem, 1fr)); gap:.5rem 1rem; margin-bottom:1.2rem; }
form label { display:flex; flex-direction:column; font-size:.8rem; color:var(--muted); }
form input, form select, form textarea { font:15px system-ui, sans-serif; padding:.3rem .4rem; border:1px solid var(--line); border-radius:4px; }
form textarea { width:100%; min-height:14rem; }
form button { font:15px system-ui, sans-serif; padding:.35rem .9rem; align-self:end; }
.columns { display:grid; grid-template-columns:minmax(0, 1fr) 17rem; gap:1.5rem; }
@media (max-width:800px) { .columns { grid-template-columns:1fr; } }
aside.facets h2 { font-size:.8rem; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin:1rem 0 .3rem; }
aside.facets ul { list-style:none; padding:0; margin:0; font-size:.9rem; }
aside.facets li { display:flex; justify-content:space-between; gap:.5rem; padding:.1rem 0; }
aside.facets li a { overflow-wrap:anywhere; } .count { color:var(--muted); font-variant-numeric:tabular-nums; }
ol.results { padding-left:1.4rem; } ol.results li { margin:0 0 1rem; }
ol.results .hit { color:var(--ink); margin:.2rem 0; } .muted { color:var(--muted); font-size:.85rem; }
p.error { color:#8a1c1c; }
table.outlets { border-collapse:collapse; width:100%; font-size:.9rem; }
table.outlets th, table.outlets td { text-align:left; vertical-align:top; padding:.35rem .5rem; border-bottom:1px solid var(--line); }
table.outlets th { font-size:.75rem; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
table.outlets td.n { text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums; }
.bar { display:block; margin-top:.15rem; } .bar rect { fill:#9db4d8; }
.chart { width:100%; max-width:60rem; } .chart text { font:12px system-ui, sans-serif; fill:var(--ink); }
.chart .axis { fill:var(--muted); }
ul.legend { list-style:none; padding:0; display:flex; flex-wrap:wrap; gap:.3rem 1rem; font-size:.85rem; }
ul.legend svg { vertical-align:middle; margin-right:.3rem; }
@media print { nav.site, header.bar, form { display:none; } .doc { display:block; } }
"#;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(search::page))
        .route("/articles/{*id}", get(reader::article))
        .route("/analyze", get(reader::form).post(reader::submitted))
        .route("/outlets", get(outlets::page))
        .route("/entities/{*name}", get(entity::page))
}

/// A page with the site's navigation around `body`.
fn layout(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · rhetor</title><link rel=\"icon\" href=\"data:,\">\
         <link rel=\"stylesheet\" href=\"/assets/reader.css\"></head>\
         <body>\n<nav class=\"site\"><a href=\"/\">Search</a><a href=\"/outlets\">Outlets</a>\
         <a href=\"/analyze\">Analyse</a></nav>\n\
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

/// `path?k=v&...`, encoded (not yet escaped for HTML).
fn address<'a>(path: &str, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let query: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

fn article_link(id: &str) -> String {
    format!("/articles/{}", encode(id))
}

fn entity_link(name: &str) -> String {
    format!("/entities/{}", encode(name))
}

/// A list of names with counts, each name a link; `href` gives its address.
fn counted_list(
    items: &[(String, usize)],
    shown: impl Fn(&str) -> String,
    href: impl Fn(&str) -> String,
) -> String {
    let mut list = String::from("<ul>");
    for (name, count) in items {
        let _ = write!(
            list,
            "<li><a href=\"{}\">{}</a><span class=\"count\">{count}</span></li>",
            escape(&href(name)),
            escape(&shown(name))
        );
    }
    list.push_str("</ul>");
    list
}
