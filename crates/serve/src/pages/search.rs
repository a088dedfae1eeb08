//! `GET /`: the search form, a page of results with each hit in its sentence, and the facets of
//! every match, each value a link that narrows the search.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{Html, Response};
use rhetor::Technique;
use rhetor_corpus::{Found, marked};
use rhetor_render::html::escape;
use rhetor_store::Facets;

use super::{address, answer, article_link, counted_list, entity_link, layout};
use crate::search::Search;
use crate::{App, Failure};

pub async fn page(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    answer(render(app, pairs).await)
}

async fn render(app: Arc<App>, pairs: Vec<(String, String)>) -> Result<Html<String>, Failure> {
    let search = Search::parse(pairs)?;
    let shown = search.clone();
    let reader = Arc::clone(&app);
    let results = app
        .read(move |store| shown.run(store, &reader.facets))
        .await?;
    let mut body = format!(
        "<main class=\"page\"><h1>Search the corpus</h1>{}",
        search_form(&search)
    );
    let total = results.facets.articles;
    let _ = write!(
        body,
        "<div class=\"columns\"><section><p class=\"muted\">{}</p>",
        match (total, search.given.is_empty()) {
            (0, true) => "The store is empty.".to_string(),
            (0, false) => "No article matches.".to_string(),
            (1, _) => "1 article matches.".to_string(),
            (n, _) => format!("{n} articles match."),
        }
    );
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
        let offset = (search.offset + search.limit).to_string();
        let next = search
            .given
            .iter()
            .filter(|(k, _)| k != "offset")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain([("offset", offset.as_str())]);
        let _ = write!(
            body,
            "<p><a href=\"{}\">More articles</a></p>",
            escape(&address("/", next))
        );
    }
    body.push_str("</section>");
    body.push_str(&facets(&search, &results.facets));
    body.push_str("</div></main>");
    Ok(layout("Search", &body))
}

/// Values with their number of articles.
type Counts = [(String, usize)];

/// The facets beside the results: each value links to the search narrowed by it.
fn facets(search: &Search, facets: &Facets) -> String {
    let narrowed = |key: &str, value: &str| {
        let kept = search
            .given
            .iter()
            .filter(|(k, _)| k != key && k != "offset")
            .map(|(k, v)| (k.as_str(), v.as_str()));
        address("/", kept.chain([(key, value)]))
    };
    let technique_name = |label: &str| {
        Technique::from_label(label).map_or(label.to_string(), |t| t.name().to_string())
    };
    let mut aside = String::from("<aside class=\"facets\">");
    if let Some(sample) = facets.sampled {
        let _ = write!(
            aside,
            "<p class=\"muted\">Counts estimated from {sample} of the {} matches.</p>",
            facets.articles
        );
    }
    let sections: [(&str, &str, &Counts); 4] = [
        ("Techniques", "technique", &facets.techniques),
        ("Sites", "site", &facets.sites),
        ("Entities", "entity", &facets.entities),
        ("Sources", "source", &facets.sources),
    ];
    for (title, key, items) in sections {
        if items.is_empty() {
            continue;
        }
        let _ = write!(aside, "<h2>{title}</h2>");
        let list = match key {
            "technique" => counted_list(items, technique_name, |v| narrowed(key, v)),
            "entity" => entity_list(items, |v| narrowed(key, v)),
            _ => counted_list(items, str::to_string, |v| narrowed(key, v)),
        };
        aside.push_str(&list);
    }
    let compared = address(
        "/outlets",
        search
            .given
            .iter()
            .filter(|(k, _)| k != "offset" && k != "limit")
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let _ = write!(
        aside,
        "<p class=\"muted\"><a href=\"{}\">Compare the outlets</a> of these articles.</p></aside>",
        escape(&compared)
    );
    aside
}

/// Entities with counts: each name narrows the search, and a link beside it opens its page.
fn entity_list(items: &[(String, usize)], narrowed: impl Fn(&str) -> String) -> String {
    let mut list = String::from("<ul>");
    for (name, count) in items {
        let _ = write!(
            list,
            "<li><span><a href=\"{}\">{}</a> <a class=\"muted\" href=\"{}\" title=\"every article \
             naming it, over time\">page</a></span><span class=\"count\">{count}</span></li>",
            escape(&narrowed(name)),
            escape(name),
            escape(&entity_link(name))
        );
    }
    list.push_str("</ul>");
    list
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
            "<option value=\"{}\"{selected}>{}</option>",
            t.label(),
            t.name()
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
