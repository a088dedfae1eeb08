//! Outlets side by side: for each site, how much its articles quote, claim and persuade, in rates
//! per 1,000 words, and whom they name and cite most.

use std::collections::{BTreeMap, HashMap};

use rhetor_doc::{Doc, EntityLabel, Speaker, Technique};
use serde::Serialize;

use crate::site_of;

/// How many names an outlet's row lists.
pub const TOP_NAMES: usize = 3;

/// What one article adds to its outlet's row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measures {
    /// Words split at white space, the measure every rate is per.
    pub words: usize,
    pub chars: usize,
    /// Characters of reported speech (the content of attributions).
    pub reported_chars: usize,
    pub attributions: usize,
    pub claims: usize,
    /// Claims whose speaker is a cited source rather than the author.
    pub claims_from_sources: usize,
    /// Spans of each technique (in [`Technique::ALL`]'s order) that a report shows: those at or
    /// above [`rhetor_doc::REPORTED_CONFIDENCE`], since the ones below were mostly wrong on the
    /// training folds.
    pub techniques: [usize; Technique::ALL.len()],
    /// The canonical names of the people, organisations and places it names, each once.
    pub named: Vec<String>,
    /// Each named source with its number of attributions, in order of first attribution.
    pub cited: Vec<(String, usize)>,
}

impl Measures {
    pub fn of(doc: &Doc) -> Self {
        let mut m = Measures {
            words: doc.text.split_whitespace().count(),
            chars: doc.text.chars().count(),
            ..Measures::default()
        };
        for a in doc.layers.attributions.iter().flatten() {
            m.attributions += 1;
            m.reported_chars += a
                .content
                .iter()
                .map(|c| doc.slice(*c).chars().count())
                .sum::<usize>();
            if let Some(name) = doc.source_name(a) {
                match m.cited.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, count)) => *count += 1,
                    None => m.cited.push((name, 1)),
                }
            }
        }
        for c in doc.layers.claims.iter().flatten() {
            m.claims += 1;
            if c.speaker != Speaker::Author {
                m.claims_from_sources += 1;
            }
        }
        for t in doc
            .layers
            .techniques
            .iter()
            .flatten()
            .filter(|t| t.confidence >= rhetor_doc::REPORTED_CONFIDENCE)
        {
            if let Some(i) = Technique::ALL.iter().position(|k| *k == t.technique) {
                m.techniques[i] += 1;
            }
        }
        let mut named: Vec<String> = doc
            .layers
            .clusters
            .iter()
            .flatten()
            .filter(|c| c.label != EntityLabel::MISC)
            .map(|c| c.name.clone())
            .collect();
        named.sort_unstable();
        named.dedup();
        m.named = named;
        m
    }
}

/// The sums of one site's [`Measures`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub articles: usize,
    pub words: usize,
    pub chars: usize,
    pub reported_chars: usize,
    pub attributions: usize,
    pub claims: usize,
    pub claims_from_sources: usize,
    pub techniques: [usize; Technique::ALL.len()],
    /// The earliest and latest publication days among its dated articles.
    pub first: Option<String>,
    pub last: Option<String>,
}

/// Running counts for one site.
#[derive(Default)]
struct Tally {
    totals: Totals,
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
    /// The row of `site` from its totals and its most named and cited (at most [`TOP_NAMES`] each,
    /// largest first, ties by name).
    pub fn new(
        site: &str,
        t: &Totals,
        most_named: Vec<(String, usize)>,
        most_cited: Vec<(String, usize)>,
    ) -> Outlet {
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
            site: site.to_string(),
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
            most_named,
            most_cited,
        }
    }

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

impl Totals {
    /// Adds one article published on `day`.
    pub fn add(&mut self, m: &Measures, day: Option<&str>) {
        self.articles += 1;
        self.words += m.words;
        self.chars += m.chars;
        self.reported_chars += m.reported_chars;
        self.attributions += m.attributions;
        self.claims += m.claims;
        self.claims_from_sources += m.claims_from_sources;
        for (sum, n) in self.techniques.iter_mut().zip(m.techniques) {
            *sum += n;
        }
        if let Some(day) = day {
            if self.first.as_deref().is_none_or(|f| day < f) {
                self.first = Some(day.to_string());
            }
            if self.last.as_deref().is_none_or(|l| day > l) {
                self.last = Some(day.to_string());
            }
        }
    }
}

impl Outlets {
    /// Counts one article under its site.
    pub fn add(&mut self, doc: &Doc) {
        let tally = self.tallies.entry(site_of(doc)).or_default();
        let m = Measures::of(doc);
        tally.totals.add(&m, doc.meta.reference_date());
        for name in m.named {
            *tally.entities.entry(name).or_default() += 1;
        }
        for (name, count) in m.cited {
            *tally.sources.entry(name).or_default() += count;
        }
    }

    /// One row per site, in alphabetical order.
    pub fn rows(&self) -> Vec<Outlet> {
        self.tallies
            .iter()
            .map(|(site, t)| Outlet::new(site, &t.totals, top(&t.entities), top(&t.sources)))
            .collect()
    }
}

/// The [`TOP_NAMES`] largest counts, ties broken by name so the output is the same on every run.
fn top(counts: &HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut all: Vec<(String, usize)> = counts.iter().map(|(k, v)| (k.clone(), *v)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(TOP_NAMES);
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
