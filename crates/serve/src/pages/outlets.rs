//! `GET /outlets`: the outlets of the matching articles compared, with the measures of
//! `rhetor corpus --compare`, a chart of the techniques each uses, and the table of rates.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{Html, Response};
use rhetor::Technique;
use rhetor_corpus::{Named, Outlet, outlets_html};
use rhetor_render::html::escape;
use rhetor_render::technique_colour;

use super::{address, answer, entity_link, layout};
use crate::search::Search;
use crate::{App, Failure};

/// Outlets drawn in the chart: those with the most articles.
const CHARTED: usize = 30;

pub async fn page(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    answer(render(app, pairs).await)
}

/// The outlets of a search's matches, counted once per store generation.
pub async fn outlets(app: &Arc<App>, search: &Search) -> Result<Arc<Vec<Outlet>>, Failure> {
    let query = search.query.clone();
    let reader = Arc::clone(app);
    app.read(move |store| {
        reader.outlets.get_or(store, format!("{query:?}"), |store| {
            Ok(store.outlets(&query)?)
        })
    })
    .await
}

async fn render(app: Arc<App>, pairs: Vec<(String, String)>) -> Result<Html<String>, Failure> {
    let search = Search::parse(pairs)?;
    let rows = outlets(&app, &search).await?;
    let criteria: Vec<(&str, &str)> = search
        .given
        .iter()
        .filter(|(k, _)| k != "offset" && k != "limit")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let articles: usize = rows.iter().map(|o| o.articles).sum();
    let mut body = String::from("<main class=\"page\"><h1>Outlets compared</h1>");
    let _ = write!(
        body,
        "<p class=\"muted\">{articles} articles from {} sites{}. <a href=\"{}\">The articles</a>.</p>",
        rows.len(),
        if criteria.is_empty() {
            String::new()
        } else {
            let described: Vec<String> =
                criteria.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            format!(", matching {}", escape(&described.join(", ")))
        },
        escape(&address("/", criteria.iter().copied()))
    );
    if !rows.is_empty() {
        body.push_str("<h2>Techniques per 1,000 words</h2>");
        body.push_str(&technique_chart(&rows));
        body.push_str("<h2>Every measure</h2>");
    }
    body.push_str(&outlets_html(&rows, |named| {
        Some(match named {
            Named::Site(site) => address("/", [("site", site)]),
            Named::Entity(name) => entity_link(name),
            Named::Source(name) => address("/", [("source", name)]),
        })
    }));
    body.push_str("</main>");
    Ok(layout("Outlets", &body))
}

/// One bar per outlet (the [`CHARTED`] with most articles), cut into its techniques' rates,
/// each in the reader's colour for it, with a legend.
fn technique_chart(rows: &[Outlet]) -> String {
    let mut charted: Vec<&Outlet> = rows.iter().collect();
    charted.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.site.cmp(&b.site))
    });
    charted.truncate(CHARTED);
    let most = charted
        .iter()
        .map(|o| o.techniques_per_1k_words)
        .fold(0.0f64, f64::max);
    let (label_width, bar_width, row) = (220.0, 520.0, 20.0);
    let height = row * charted.len() as f64 + 4.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 800 {height}\" role=\"img\" \
         aria-label=\"Techniques per 1,000 words, per outlet\">"
    );
    for (i, o) in charted.iter().enumerate() {
        let y = i as f64 * row;
        let site: String = o.site.chars().take(30).collect();
        let _ = write!(
            svg,
            "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            label_width - 8.0,
            y + 14.0,
            escape(&site)
        );
        let mut x = label_width;
        for t in Technique::ALL {
            let Some((_, rate)) = o.techniques.iter().find(|(l, _)| l == t.label()) else {
                continue;
            };
            let width = if most > 0.0 {
                rate / most * bar_width
            } else {
                0.0
            };
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{:.0}\" fill=\"{}\">\
                 <title>{}: {} {rate:.2} per 1,000 words</title></rect>",
                y + 3.0,
                row - 6.0,
                technique_colour(t),
                escape(&o.site),
                t.name()
            );
            x += width;
        }
        let _ = write!(
            svg,
            "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\">{:.1}</text>",
            x + 6.0,
            y + 14.0,
            o.techniques_per_1k_words
        );
    }
    svg.push_str("</svg><ul class=\"legend\">");
    for t in Technique::ALL {
        let _ = write!(
            svg,
            "<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"{}\"/></svg>{}</li>",
            technique_colour(t),
            t.name()
        );
    }
    svg.push_str("</ul>");
    svg
}
