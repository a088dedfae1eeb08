//! A search from query parameters: the criteria of `rhetor corpus`, checked, and one page of
//! results.

use rhetor_corpus::{Found, Query, parse_date, parse_technique};
use rhetor_store::{Facets, Store};
use serde::Serialize;

use crate::Failure;
use crate::cache::Cache;

/// Results on a page unless `limit` says otherwise, and the most a page holds.
const LIMIT: usize = 20;
const MAX_LIMIT: usize = 200;
/// The longest value one parameter takes.
const MAX_VALUE: usize = 1000;

/// The parameters a search takes.
pub const PARAMETERS: [&str; 10] = [
    "q",
    "entity",
    "source",
    "technique",
    "site",
    "since",
    "until",
    "min_confidence",
    "offset",
    "limit",
];

/// A checked search.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub query: Query,
    pub offset: usize,
    pub limit: usize,
    /// The parameters as given (empty ones left out), to write back into forms and links.
    pub given: Vec<(String, String)>,
}

/// One page of results.
#[derive(Serialize)]
pub struct Results {
    pub offset: usize,
    pub articles: Vec<Found>,
    /// Whether more articles match after these.
    pub more: bool,
    /// How every match (not only this page's) spreads over techniques, sites, entities and
    /// sources.
    pub facets: Facets,
}

impl Search {
    pub fn parse(pairs: Vec<(String, String)>) -> Result<Search, Failure> {
        let mut search = Search {
            limit: LIMIT,
            ..Search::default()
        };
        for (key, value) in pairs {
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            if value.chars().count() > MAX_VALUE {
                return Err(Failure::bad(format!(
                    "`{key}` is over the limit of {MAX_VALUE} characters"
                )));
            }
            let q = &mut search.query;
            match key.as_str() {
                "q" => q.words = Some(value.clone()),
                "entity" => q.entity = Some(value.clone()),
                "source" => q.source = Some(value.clone()),
                "site" => q.site = Some(value.clone()),
                "technique" => {
                    q.technique = Some(parse_technique(&value).map_err(|e| bad(&key, e))?)
                }
                "since" => q.since = Some(parse_date(&value).map_err(|e| bad(&key, e))?),
                "until" => q.until = Some(parse_date(&value).map_err(|e| bad(&key, e))?),
                "min_confidence" => {
                    q.min_confidence = match value.parse::<f32>() {
                        Ok(c) if (0.0..=1.0).contains(&c) => c,
                        _ => return Err(bad(&key, "not a confidence between 0 and 1")),
                    }
                }
                "offset" => search.offset = count(&key, &value)?,
                "limit" => search.limit = count(&key, &value)?.clamp(1, MAX_LIMIT),
                _ => {
                    return Err(Failure::bad(format!(
                        "unknown parameter {key:?}; a search takes: {}",
                        PARAMETERS.join(", ")
                    )));
                }
            }
            search.given.push((key, value));
        }
        Ok(search)
    }

    /// Runs the search on `store`: the page of matches from `offset`, and the facets of all.
    pub fn run(&self, store: &Store, facets: &Cache<Facets>) -> Result<Results, Failure> {
        let query = &self.query;
        // One lookup of the candidates serves the facets and the page.
        let candidates = store.candidates(query)?;
        let facets = facets.get_or(store, format!("{query:?}"), |store| {
            Ok(store.facets_of(query, &candidates)?)
        })?;
        let mut matches = store.matches(query, candidates).skip(self.offset);
        let mut articles = Vec::new();
        for found in matches.by_ref().take(self.limit) {
            articles.push(found?.1);
        }
        let more = matches.next().is_some();
        Ok(Results {
            offset: self.offset,
            articles,
            more,
            facets: Facets::clone(&facets),
        })
    }
}

fn bad(key: &str, e: impl std::fmt::Display) -> Failure {
    Failure::bad(format!("`{key}`: {e}"))
}

fn count(key: &str, value: &str) -> Result<usize, Failure> {
    value
        .parse()
        .map_err(|_| bad(key, format!("{value:?} is not a whole number")))
}
