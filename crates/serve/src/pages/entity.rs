//! `GET /entities/{name}`: one entity over the whole store: how many articles name it, month by
//! month, on which sites, with what label, and each article (newest first) with what its
//! source said and the claims that name it.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use rhetor_corpus::{Hit, marked, said_of};
use rhetor_render::html::escape;
use rhetor_store::{EntitySummary, Naming};
use serde::Serialize;

use super::{address, answer, article_link, counted_list, entity_link, layout};
use crate::{App, Failure};

/// Articles on a page of an entity.
const PAGE: usize = 20;

/// An entity's page: its summary and one page of the articles naming it.
#[derive(Serialize)]
pub struct EntityPage {
    pub summary: EntitySummary,
    pub offset: usize,
    pub articles: Vec<Named>,
    /// Whether more articles name it after these.
    pub more: bool,
}

/// One article naming the entity, with what is said of it there.
#[derive(Serialize)]
pub struct Named {
    #[serde(flatten)]
    pub article: Naming,
    /// What it is reported to have said (`source` hits), then the claims it makes or that name
    /// it (`claim` hits).
    pub said: Vec<Hit>,
}

/// Reads the entity's page from `offset` (`offset` and `limit` are the only parameters).
pub async fn entity_page(
    app: &Arc<App>,
    name: String,
    pairs: Vec<(String, String)>,
) -> Result<EntityPage, Failure> {
    let (mut offset, mut limit) = (0, PAGE);
    for (key, value) in pairs {
        let number = || {
            value
                .trim()
                .parse::<usize>()
                .map_err(|_| Failure::bad(format!("`{key}`: {value:?} is not a whole number")))
        };
        match key.as_str() {
            "offset" => offset = number()?,
            "limit" => limit = number()?.clamp(1, 200),
            _ => {
                return Err(Failure::bad(format!(
                    "unknown parameter {key:?}; an entity's page takes: offset, limit"
                )));
            }
        }
    }
    app.read(move |store| {
        let summary = store.entity(&name)?;
        let mut naming = store.naming(&name, offset, limit + 1)?;
        let more = naming.len() > limit;
        naming.truncate(limit);
        let mut articles = Vec::with_capacity(naming.len());
        for article in naming {
            let said = match store.get(&article.id)? {
                Some(doc) => said_of(&doc, &name),
                None => Vec::new(),
            };
            articles.push(Named { article, said });
        }
        Ok(EntityPage {
            summary,
            offset,
            articles,
            more,
        })
    })
    .await
}

pub async fn page(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    answer(
        async {
            let page = entity_page(&app, name, pairs).await?;
            Ok(render(&page))
        }
        .await,
    )
}

fn render(page: &EntityPage) -> Html<String> {
    let s = &page.summary;
    let name = escape(&s.name);
    let mut body = format!("<main class=\"page\"><h1>{name}</h1>");
    if s.articles == 0 {
        let _ = write!(
            body,
            "<p>No article names {name}. Names are canonical names, as the search's entity \
             facet lists them; <a href=\"{}\">search for it</a> instead.</p></main>",
            escape(&address("/", [("entity", s.name.as_str())]))
        );
        return layout(&s.name, &body);
    }
    let labels: Vec<String> = s
        .labels
        .iter()
        .map(|(l, n)| format!("{} ({n})", escape(l)))
        .collect();
    let _ = write!(
        body,
        "<p>Named in {} articles, as {}; cited as a source in {} articles ({} attributions). \
         <a href=\"{}\">Search them</a>.</p>",
        s.articles,
        labels.join(", "),
        s.cited_in,
        s.attributions,
        escape(&address("/", [("entity", s.name.as_str())]))
    );
    body.push_str("<div class=\"columns\"><section>");
    if !s.months.is_empty() {
        body.push_str("<h2>Articles per month</h2>");
        body.push_str(&months_chart(&s.months));
    }
    let _ = write!(
        body,
        "<h2>Articles, newest first</h2><ol class=\"results\" start=\"{}\">",
        page.offset + 1
    );
    for named in &page.articles {
        let a = &named.article;
        let _ = write!(
            body,
            "<li><a href=\"{}\">{}</a> <span class=\"muted\">{} · {} · {} mentions</span>",
            escape(&article_link(&a.id)),
            escape(a.title.as_deref().unwrap_or(&a.id)),
            escape(&a.site),
            escape(a.published.as_deref().unwrap_or("undated")),
            a.mentions
        );
        for hit in &named.said {
            let what = match hit.field {
                rhetor_corpus::Field::Source => "said",
                _ => "claim",
            };
            let _ = write!(
                body,
                "<div class=\"hit\"><span class=\"muted\">{what}</span> {}</div>",
                marked(hit)
            );
        }
        body.push_str("</li>");
    }
    body.push_str("</ol>");
    if page.more {
        let next = (page.offset + page.articles.len()).to_string();
        let _ = write!(
            body,
            "<p><a href=\"{}\">More articles</a></p>",
            escape(&address(&entity_link(&s.name), [("offset", next.as_str())]))
        );
    }
    body.push_str("</section><aside class=\"facets\"><h2>Sites</h2>");
    body.push_str(&counted_list(&s.sites, str::to_string, |site| {
        address("/", [("entity", s.name.as_str()), ("site", site)])
    }));
    body.push_str("</aside></div></main>");
    layout(&s.name, &body)
}

/// Articles per month as columns, the first and last month written under them.
fn months_chart(months: &[(String, usize)]) -> String {
    let most = months.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let (width, height) = (760.0, 120.0);
    let step = width / months.len() as f64;
    let mut svg = String::from(
        "<svg class=\"chart\" viewBox=\"0 0 800 150\" role=\"img\" aria-label=\"Articles per month\">",
    );
    for (i, (month, n)) in months.iter().enumerate() {
        let h = *n as f64 / most * height;
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"#5b7fb5\">\
             <title>{}: {n}</title></rect>",
            20.0 + i as f64 * step,
            height - h + 4.0,
            (step - 1.0).max(0.5),
            escape(month)
        );
    }
    let (first, last) = (&months[0].0, &months[months.len() - 1].0);
    let _ = write!(
        svg,
        "<text class=\"axis\" x=\"20\" y=\"145\">{}</text>\
         <text class=\"axis\" x=\"780\" y=\"145\" text-anchor=\"end\">{}</text>\
         <text class=\"axis\" x=\"16\" y=\"14\" text-anchor=\"end\">{}</text></svg>",
        escape(first),
        escape(last),
        most
    );
    svg
}
