//! Answers counted from the tables alone, without loading an article: the facets of a search,
//! outlets compared, and what the store knows of one entity. They cover a query's candidates
//! (see [`Store::search`]), which are its matches but for a minimum confidence on entities and
//! sources, that only the articles themselves can check.

use std::collections::BTreeMap;
use std::rc::Rc;

use rhetor_corpus::{Outlet, Query, TOP_NAMES, Totals};
use rhetor_doc::Technique;
use rusqlite::types::Value;
use rusqlite::{ToSql, params_from_iter};
use serde::Serialize;

use crate::{Candidates, Store, StoreError};

/// Values listed per facet, most frequent first.
pub const FACET_VALUES: usize = 10;

/// The most matches whose facets are counted one by one: beyond, the counts are estimated from
/// this many matches spread evenly over all, so that a broad search answers as fast as a
/// narrow one. The number of matches itself is always exact.
pub const FACET_SAMPLE: usize = 2000;

/// How the matches of a search spread over the values of each facet.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Facets {
    /// Articles that match.
    pub articles: usize,
    /// When there are more matches than [`FACET_SAMPLE`]: the number of matches the counts
    /// below were estimated from (each count scaled to all matches).
    pub sampled: Option<usize>,
    /// Articles using each technique (PTC label) with at least the query's minimum confidence.
    pub techniques: Vec<(String, usize)>,
    /// Articles from each site.
    pub sites: Vec<(String, usize)>,
    /// Articles naming each person, organisation or place (canonical name).
    pub entities: Vec<(String, usize)>,
    /// Articles citing each source.
    pub sources: Vec<(String, usize)>,
}

/// Everything the tables say of one entity, by its canonical name.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EntitySummary {
    pub name: String,
    /// Articles naming it.
    pub articles: usize,
    /// Its labels (PER, ORG, LOC, MISC), each with the articles that gave it.
    pub labels: Vec<(String, usize)>,
    /// Articles naming it per month ("2024-03"), in order; undated articles are left out.
    pub months: Vec<(String, usize)>,
    /// The sites naming it most, with their articles.
    pub sites: Vec<(String, usize)>,
    /// Articles citing it as a source, and the attributions to it.
    pub cited_in: usize,
    pub attributions: usize,
}

/// One article naming an entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Naming {
    pub id: String,
    pub title: Option<String>,
    pub site: String,
    pub published: Option<String>,
    pub mentions: usize,
}

/// The articles an answer covers: every one, or a query's candidates.
enum Scope {
    All,
    Candidates(Rc<Vec<Value>>),
}

impl Scope {
    /// The articles `query` covers, of which `candidates` (computed when not given) are the
    /// candidates.
    fn of(
        store: &Store,
        query: &Query,
        candidates: Option<&Candidates>,
    ) -> Result<Scope, StoreError> {
        let q = query;
        let unfiltered = [&q.words, &q.entity, &q.source, &q.site, &q.since, &q.until]
            .iter()
            .all(|c| c.is_none())
            && q.technique.is_none();
        if unfiltered {
            return Ok(Scope::All);
        }
        let computed;
        let candidates = match candidates {
            Some(given) => given,
            None => {
                computed = store.candidates(query)?;
                &computed
            }
        };
        Ok(Scope::Candidates(Rc::new(
            candidates
                .rows
                .iter()
                .copied()
                .map(Value::Integer)
                .collect(),
        )))
    }

    /// `sql` with `SCOPED(table AS t, column)` replaced by the rows of `table` whose `column`
    /// (an article's rowid) is in the scope; the scope's values are bound first, then `more`.
    /// The candidates drive the join (each looks its rows up by index), so that a small scope
    /// costs little however large the store.
    fn rows<T>(
        &self,
        store: &Store,
        sql: &str,
        more: &[&dyn ToSql],
        row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        let (sql, mut args): (String, Vec<&dyn ToSql>) = match self {
            Scope::All => (scoped(sql, |table, _| table.to_string()), Vec::new()),
            Scope::Candidates(values) => (
                scoped(sql, |table, column| {
                    // Each candidate's rows looked up by article, never another index.
                    let by_article = match table.split(' ').next() {
                        Some(name) if name != "articles" => format!(" INDEXED BY {name}_article"),
                        _ => String::new(),
                    };
                    format!(
                        "rarray(?) AS scope CROSS JOIN {table}{by_article} ON {column} = scope.value"
                    )
                }),
                vec![values as &dyn ToSql],
            ),
        };
        args.extend_from_slice(more);
        let mut stmt = store.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), row)?;
        rows.collect()
    }
}

/// Replaces the one `SCOPED(table, column)` in `sql` by `join(table, column)`.
fn scoped(sql: &str, join: impl Fn(&str, &str) -> String) -> String {
    let start = sql.find("SCOPED(").expect("a scoped query");
    let end = start + sql[start..].find(')').expect("SCOPED(table, column)");
    let (table, column) = sql[start + 7..end]
        .split_once(", ")
        .expect("SCOPED(table, column)");
    format!(
        "{}{}{}",
        &sql[..start],
        join(table, column),
        &sql[end + 1..]
    )
}

impl Store {
    /// The facets of `query`'s matches.
    pub fn facets(&self, query: &Query) -> Result<Facets, StoreError> {
        self.facets_sampled(query, None, FACET_SAMPLE)
    }

    /// [`Store::facets`] of `query`, whose candidates are `candidates`.
    pub fn facets_of(&self, query: &Query, candidates: &Candidates) -> Result<Facets, StoreError> {
        self.facets_sampled(query, Some(candidates), FACET_SAMPLE)
    }

    /// [`Store::facets`], counted one by one over at most `sample` matches.
    pub(crate) fn facets_sampled(
        &self,
        query: &Query,
        candidates: Option<&Candidates>,
        sample: usize,
    ) -> Result<Facets, StoreError> {
        let mut scope = Scope::of(self, query, candidates)?;
        let mut sampled = None;
        let mut scale = (1, 1);
        if let Scope::Candidates(all) = &scope
            && all.len() > sample
        {
            let stride = all.len().div_ceil(sample);
            let kept: Vec<Value> = all.iter().step_by(stride).cloned().collect();
            scale = (all.len(), kept.len());
            sampled = Some(kept.len());
            scope = Scope::Candidates(Rc::new(kept));
        }
        let min = f64::from(query.min_confidence);
        let limit = FACET_VALUES as i64;
        let run = |sql: &str, more: &[&dyn ToSql]| {
            let rows = scope
                .rows(self, sql, more, |r| counted(r, 0))
                .map_err(|e| self.error(e))?;
            Ok::<_, StoreError>(
                rows.into_iter()
                    .map(|(v, n)| (v, (n * scale.0 + scale.1 / 2) / scale.1))
                    .collect::<Vec<_>>(),
            )
        };
        let articles = run(
            "SELECT '', count(*) FROM SCOPED(articles AS a, a.rowid)",
            &[],
        )?;
        let articles = match sampled {
            Some(_) => scale.0,
            None => articles.first().map_or(0, |(_, n)| *n),
        };
        Ok(Facets {
            articles,
            sampled,
            techniques: run(
                "SELECT t.technique, count(*) FROM SCOPED(techniques AS t, t.article) \
                 WHERE t.confidence >= ? GROUP BY 1 ORDER BY 2 DESC, 1",
                &[&min],
            )?,
            sites: run(
                "SELECT a.site, count(*) FROM SCOPED(articles AS a, a.rowid) \
                 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
                &[&limit],
            )?,
            entities: run(
                "SELECT e.name, count(DISTINCT e.article) FROM SCOPED(entities AS e, e.article) \
                 WHERE e.confidence >= ? AND e.label != 'MISC' GROUP BY 1 ORDER BY 2 DESC, 1 \
                 LIMIT ?",
                &[&min, &limit],
            )?,
            sources: run(
                "SELECT s.name, count(DISTINCT s.article) FROM SCOPED(sources AS s, s.article) \
                 WHERE s.confidence >= ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
                &[&min, &limit],
            )?,
        })
    }

    /// One row per site over `query`'s matches, as [`rhetor_corpus::Outlets`] gives for the
    /// same articles, in alphabetical order of site.
    pub fn outlets(&self, query: &Query) -> Result<Vec<Outlet>, StoreError> {
        let scope = Scope::of(self, query, None)?;
        let error = |e| self.error(e);
        let totals = scope
            .rows(
                self,
                "SELECT a.site, count(*), sum(a.words), sum(a.chars), sum(a.reported_chars), \
                 sum(a.attributions), sum(a.claims), sum(a.claims_from_sources), min(a.day), \
                 max(a.day) FROM SCOPED(articles AS a, a.rowid) GROUP BY 1 ORDER BY 1",
                &[],
                |r| {
                    let n = |i| r.get::<_, i64>(i).map(|n| n as usize);
                    let totals = Totals {
                        articles: n(1)?,
                        words: n(2)?,
                        chars: n(3)?,
                        reported_chars: n(4)?,
                        attributions: n(5)?,
                        claims: n(6)?,
                        claims_from_sources: n(7)?,
                        techniques: [0; Technique::ALL.len()],
                        first: r.get(8)?,
                        last: r.get(9)?,
                    };
                    Ok((r.get::<_, String>(0)?, totals))
                },
            )
            .map_err(error)?;
        let mut totals: BTreeMap<String, Totals> = totals.into_iter().collect();
        let spans = scope
            .rows(
                self,
                "SELECT a.site, t.technique, sum(t.reported) FROM SCOPED(techniques AS t, t.article) \
                 JOIN articles AS a ON a.rowid = t.article GROUP BY 1, 2",
                &[],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                },
            )
            .map_err(error)?;
        for (site, label, n) in spans {
            let at = Technique::ALL.iter().position(|t| t.label() == label);
            if let (Some(t), Some(at)) = (totals.get_mut(&site), at) {
                t.techniques[at] += n as usize;
            }
        }
        let top = |sql: &str| -> Result<BTreeMap<String, Vec<(String, usize)>>, StoreError> {
            let rows = scope
                .rows(self, sql, &[&(TOP_NAMES as i64)], |r| {
                    Ok((r.get::<_, String>(0)?, counted(r, 1)?))
                })
                .map_err(error)?;
            let mut by_site: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
            for (site, row) in rows {
                by_site.entry(site).or_default().push(row);
            }
            Ok(by_site)
        };
        let mut named = top(
            "SELECT site, name, n FROM (SELECT a.site AS site, e.name AS name, \
             count(DISTINCT e.article) AS n, row_number() OVER (PARTITION BY a.site \
             ORDER BY count(DISTINCT e.article) DESC, e.name) AS r FROM SCOPED(entities AS e, e.article) \
             JOIN articles AS a ON a.rowid = e.article WHERE e.label != 'MISC' \
             GROUP BY a.site, e.name) WHERE r <= ? ORDER BY site, r",
        )?;
        let mut cited = top(
            "SELECT site, name, n FROM (SELECT a.site AS site, s.name AS name, \
             sum(s.attributions) AS n, row_number() OVER (PARTITION BY a.site \
             ORDER BY sum(s.attributions) DESC, s.name) AS r FROM SCOPED(sources AS s, s.article) \
             JOIN articles AS a ON a.rowid = s.article GROUP BY a.site, s.name) WHERE r <= ? ORDER BY site, r",
        )?;
        Ok(totals
            .iter()
            .map(|(site, t)| {
                let named = named.remove(site).unwrap_or_default();
                let cited = cited.remove(site).unwrap_or_default();
                Outlet::new(site, t, named, cited)
            })
            .collect())
    }

    /// What the tables say of the entity whose canonical name is `name`.
    pub fn entity(&self, name: &str) -> Result<EntitySummary, StoreError> {
        let error = |e| self.error(e);
        let run = |sql: &str| -> Result<Vec<(String, usize)>, StoreError> {
            self.conn
                .prepare_cached(sql)
                .and_then(|mut s| s.query_map([name], |r| counted(r, 0))?.collect())
                .map_err(error)
        };
        let articles = run("SELECT '', count(DISTINCT article) FROM entities WHERE name = ?1")?;
        let cited = self
            .conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(attributions), 0) FROM sources WHERE name = ?1",
            )
            .and_then(|mut s| {
                s.query_row([name], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            })
            .map_err(error)?;
        Ok(EntitySummary {
            name: name.to_string(),
            articles: articles.first().map_or(0, |(_, n)| *n),
            labels: run(
                "SELECT label, count(DISTINCT article) FROM entities WHERE name = ?1 \
                 GROUP BY label ORDER BY 2 DESC, 1",
            )?,
            months: run(
                "SELECT substr(a.day, 1, 7), count(DISTINCT a.rowid) FROM entities AS e \
                 JOIN articles AS a ON a.rowid = e.article WHERE e.name = ?1 \
                 AND a.day IS NOT NULL GROUP BY 1 ORDER BY 1",
            )?,
            sites: run(&format!(
                "SELECT a.site, count(DISTINCT a.rowid) FROM entities AS e \
                 JOIN articles AS a ON a.rowid = e.article WHERE e.name = ?1 \
                 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {FACET_VALUES}"
            ))?,
            cited_in: cited.0 as usize,
            attributions: cited.1 as usize,
        })
    }

    /// The articles naming the entity `name`, newest first (undated ones last), from `offset`.
    pub fn naming(
        &self,
        name: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Naming>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT a.id, a.title, a.site, a.day, sum(e.mentions) FROM entities AS e \
                 JOIN articles AS a ON a.rowid = e.article WHERE e.name = ?1 \
                 GROUP BY a.rowid ORDER BY a.day IS NULL, a.day DESC, a.rowid \
                 LIMIT ?2 OFFSET ?3",
            )
            .and_then(|mut s| {
                s.query_map(rusqlite::params![name, limit as i64, offset as i64], |r| {
                    Ok(Naming {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        site: r.get(2)?,
                        published: r.get(3)?,
                        mentions: r.get::<_, i64>(4)? as usize,
                    })
                })?
                .collect()
            })
            .map_err(|e| self.error(e))
    }
}

/// A name and its count, from columns `at` and `at + 1`.
fn counted(r: &rusqlite::Row, at: usize) -> rusqlite::Result<(String, usize)> {
    Ok((r.get(at)?, r.get::<_, i64>(at + 1)? as usize))
}
