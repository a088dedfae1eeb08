//! Outlets side by side: for each site, how much its articles quote, claim and persuade, in rates
//! per 1,000 words, and whom they name and cite most.

use std::collections::{BTreeMap, HashMap};

use rhetor_doc::{Doc, EntityLabel, Speaker, Technique};
use serde::Serialize;

use crate::{site_of, source_name};

/// How many names an outlet's row lists.
const TOP: usize = 3;

/// Running counts for one site.
#[derive(Default)]
struct Tally {
    articles: usize,
    words: usize,
    chars: usize,
    reported_chars: usize,
    attributions: usize,
    claims: usize,
    claims_from_sources: usize,
    techniques: [usize; Technique::ALL.len()],
    first: Option<String>,
    last: Option<String>,
    /// Articles naming each person, organisation or place (by canonical name).
    entities: HashMap<String, usize>,
    /// Attributions to each named source.
    sources: HashMap<String, usize>,
}

/// The counts of every site seen so far; [`Outlets::rows`] turns them into comparable rates.
#[derive(Default)]
pub struct Outlets {
    tallies: BTreeMap<String, Tally>,
}

/// One outlet's row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outlet {
    pub site: String,
    pub articles: usize,
    pub words: usize,
    /// The earliest and latest publication days among its dated articles.
    pub first: Option<String>,
    pub last: Option<String>,
    pub attributions_per_1k_words: f64,
    /// The share of the text (in characters) that is reported speech, 0 to 1.
    pub reported_share: f64,
    pub claims_per_1k_words: f64,
    /// The share of check-worthy claims made by cited sources rather than the author, 0 to 1.
    pub claims_from_sources: f64,
    pub techniques_per_1k_words: f64,
    /// Each technique found, with its spans per 1,000 words, most frequent first.
    pub techniques: Vec<(String, f64)>,
    /// The people, organisations and places named in most of its articles, with that count.
    pub most_named: Vec<(String, usize)>,
    /// The sources it cites most, with their number of attributions.
    pub most_cited: Vec<(String, usize)>,
}

/// How many techniques an outlet's row names.
const TOP_TECHNIQUES: usize = 3;

impl Outlet {
    /// The publication days covered: "2024-01-02 to 2024-03-01", one day, or "–".
    pub fn dates(&self) -> String {
        match (&self.first, &self.last) {
            (Some(f), Some(l)) if f == l => f.clone(),
            (Some(f), Some(l)) => format!("{f} to {l}"),
            _ => "–".to_string(),
        }
    }

    /// The most used techniques with their rates, named as people read them: "Loaded language
    /// 4.2, Doubt 1.1".
    pub fn top_techniques(&self) -> String {
        self.techniques
            .iter()
            .take(TOP_TECHNIQUES)
            .map(|(t, r)| match Technique::from_label(t) {
                Some(k) => format!("{} {r:.1}", k.name()),
                None => format!("{t} {r:.1}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The most named entities with their counts: "Ana Díaz (2), Río (1)".
    pub fn named(&self) -> String {
        counted(&self.most_named)
    }

    /// The most cited sources with their counts.
    pub fn cited(&self) -> String {
        counted(&self.most_cited)
    }
}

fn counted(list: &[(String, usize)]) -> String {
    list.iter()
        .map(|(n, c)| format!("{n} ({c})"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Outlets {
    /// Counts one article under its site.
    pub fn add(&mut self, doc: &Doc) {
        let tally = self.tallies.entry(site_of(doc)).or_default();
        tally.articles += 1;
        tally.words += doc.text.split_whitespace().count();
        tally.chars += doc.text.chars().count();
        if let Some(day) = doc.meta.reference_date() {
            if tally.first.as_deref().is_none_or(|f| day < f) {
                tally.first = Some(day.to_string());
            }
            if tally.last.as_deref().is_none_or(|l| day > l) {
                tally.last = Some(day.to_string());
            }
        }
        for a in doc.layers.attributions.iter().flatten() {
            tally.attributions += 1;
            tally.reported_chars += a
                .content
                .iter()
                .map(|c| doc.slice(*c).chars().count())
                .sum::<usize>();
            if let Some(name) = source_name(doc, a) {
                *tally.sources.entry(name).or_default() += 1;
            }
        }
        for c in doc.layers.claims.iter().flatten() {
            tally.claims += 1;
            if c.speaker != Speaker::Author {
                tally.claims_from_sources += 1;
            }
        }
        // The spans a report shows: those below the reported confidence were mostly wrong on
        // the training folds.
        for t in doc
            .layers
            .techniques
            .iter()
            .flatten()
            .filter(|t| t.confidence >= rhetor_doc::REPORTED_CONFIDENCE)
        {
            if let Some(i) = Technique::ALL.iter().position(|k| *k == t.technique) {
                tally.techniques[i] += 1;
            }
        }
        let mut named: Vec<&str> = doc
            .layers
            .clusters
            .iter()
            .flatten()
            .filter(|c| c.label != EntityLabel::MISC)
            .map(|c| c.name.as_str())
            .collect();
        named.sort_unstable();
        named.dedup();
        for name in named {
            *tally.entities.entry(name.to_string()).or_default() += 1;
        }
    }

    /// One row per site, in alphabetical order.
    pub fn rows(&self) -> Vec<Outlet> {
        self.tallies
            .iter()
            .map(|(site, t)| {
                let per_1k = |n: usize| n as f64 * 1000.0 / t.words.max(1) as f64;
                let share = |part: usize, whole: usize| part as f64 / whole.max(1) as f64;
                let mut techniques: Vec<(String, f64)> = Technique::ALL
                    .iter()
                    .zip(t.techniques)
                    .filter(|(_, n)| *n > 0)
                    .map(|(k, n)| (k.label().to_string(), per_1k(n)))
                    .collect();
                techniques.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                Outlet {
                    site: site.clone(),
                    articles: t.articles,
                    words: t.words,
                    first: t.first.clone(),
                    last: t.last.clone(),
                    attributions_per_1k_words: per_1k(t.attributions),
                    reported_share: share(t.reported_chars, t.chars).min(1.0),
                    claims_per_1k_words: per_1k(t.claims),
                    claims_from_sources: share(t.claims_from_sources, t.claims),
                    techniques_per_1k_words: per_1k(t.techniques.iter().sum()),
                    techniques,
                    most_named: top(&t.entities),
                    most_cited: top(&t.sources),
                }
            })
            .collect()
    }
}

/// The [`TOP`] largest counts, ties broken by name so the output is the same on every run.
fn top(counts: &HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut all: Vec<(String, usize)> = counts.iter().map(|(k, v)| (k.clone(), *v)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(TOP);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests_support::sample;

    #[test]
    fn rates_are_per_thousand_words_and_per_site() {
        let mut outlets = Outlets::default();
        outlets.add(&sample("Ana Díaz", "Río Times", "2024-03-12"));
        outlets.add(&sample("Ana Díaz", "Río Times", "2024-02-01"));
        outlets.add(&sample("Omar Haddad", "Cedar Post", "2024-03-12"));
        let rows = outlets.rows();
        assert_eq!(rows.len(), 2);
        let rio = &rows[1];
        assert_eq!(rio.site, "Río Times");
        assert_eq!(rio.articles, 2);
        assert_eq!(rio.first.as_deref(), Some("2024-02-01"));
        assert_eq!(rio.last.as_deref(), Some("2024-03-12"));
        let words = rio.words as f64;
        assert!((rio.attributions_per_1k_words - 2000.0 / words).abs() < 1e-9);
        assert_eq!(rio.claims_from_sources, 1.0);
        assert_eq!(rio.techniques[0].0, "Loaded_Language");
        assert_eq!(rio.most_named, vec![("Ana Díaz".to_string(), 2)]);
        assert_eq!(rio.most_cited, vec![("Ana Díaz".to_string(), 2)]);
    }

    #[test]
    fn swapping_names_and_sites_swaps_only_the_names() {
        let mut a = Outlets::default();
        a.add(&sample("Ana Díaz", "Río Times", "2024-03-12"));
        let mut b = Outlets::default();
        b.add(&sample("Omar Haddad", "Río Times", "2024-03-12"));
        let (a, b) = (&a.rows()[0], &b.rows()[0]);
        // The same article with another name: identical rates, only the name differs
        // (and the word count by nothing: both names are two words).
        assert_eq!(a.attributions_per_1k_words, b.attributions_per_1k_words);
        assert_eq!(a.techniques, b.techniques);
        assert_eq!(a.most_cited[0].1, b.most_cited[0].1);
        assert_eq!(b.most_cited[0].0, "Omar Haddad");
    }
}
