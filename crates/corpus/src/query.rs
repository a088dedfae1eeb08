//! Which articles match a query, and where in their text.

use rhetor_doc::{CharIndex, Doc, Span, Speaker, Technique};
use serde::Serialize;

use crate::{contains_words, site_of, words};

/// What a query asked for that cannot be answered.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum QueryError {
    #[error("no technique is called {0:?}; the techniques are: {1}")]
    UnknownTechnique(String, String),
    #[error("{0:?} names more than one technique: {1}")]
    AmbiguousTechnique(String, String),
    #[error("{0:?} is not a date: write YYYY-MM-DD")]
    BadDate(String),
}

/// The technique a user means: its PTC label ("Loaded_Language") or any spelling of it that
/// starts the same way once case, spaces and punctuation are dropped ("loaded language", "flag
/// waving", "name-calling").
pub fn parse_technique(name: &str) -> Result<Technique, QueryError> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = squash(name);
    let found: Vec<Technique> = Technique::ALL
        .into_iter()
        .filter(|t| !wanted.is_empty() && squash(t.label()).starts_with(&wanted))
        .collect();
    let labels = |ts: &[Technique]| ts.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ");
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(QueryError::UnknownTechnique(
            name.to_string(),
            labels(&Technique::ALL),
        )),
        many => Err(QueryError::AmbiguousTechnique(
            name.to_string(),
            labels(many),
        )),
    }
}

/// A `YYYY-MM-DD` date, checked.
pub fn parse_date(s: &str) -> Result<String, QueryError> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0));
    if ok {
        Ok(s.to_string())
    } else {
        Err(QueryError::BadDate(s.to_string()))
    }
}

/// What to look for. Every criterion given must hold; none given matches every article.
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// Full text: articles whose text holds every one of these words, in any order, whatever
    /// their case ("harbour bridge" finds "the Bridge over the harbour").
    pub words: Option<String>,
    /// A person, organisation or place: matches an entity cluster whose canonical name or one of
    /// whose mentions holds these words ("Soleimani" finds "Qassim Soleimani's").
    pub entity: Option<String>,
    /// A cited source, matched the same way against who an attribution names.
    pub source: Option<String>,
    pub technique: Option<Technique>,
    /// Words of the site's name or its URL's host ("example" finds "www.example.org").
    pub site: Option<String>,
    /// Published on or after this day (`YYYY-MM-DD`); undated articles never match a date range.
    pub since: Option<String>,
    /// Published on or before this day.
    pub until: Option<String>,
    /// Entities, attributions and technique spans found with less confidence than this count
    /// for nothing (0 keeps every finding).
    pub min_confidence: f32,
}

/// Which criterion a hit answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// A word of the full-text criterion.
    Word,
    Entity,
    Source,
    Technique,
    /// A check-worthy claim (on an entity's page: one it makes or that names it).
    Claim,
}

/// One place in an article that answers the query.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub field: Field,
    /// The word searched for, the entity's canonical name, the source's name or the technique's
    /// PTC label.
    pub label: String,
    /// Character offsets into the article's text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// What a reader needs to judge the hit: the sentence around it, or for a source what the
    /// source is reported to have said.
    pub context: String,
    /// The analyser's confidence in the finding.
    pub confidence: f32,
}

/// An article that matches, with its hits in text order within each criterion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Found {
    pub id: String,
    pub title: Option<String>,
    pub site: String,
    pub url: Option<String>,
    pub published: Option<String>,
    pub hits: Vec<Hit>,
}

impl Found {
    /// Each label hit, with its field and how many hits it has, in order of first hit.
    pub fn counts(&self) -> Vec<(Field, &str, usize)> {
        let mut counts: Vec<(Field, &str, usize)> = Vec::new();
        for h in &self.hits {
            match counts.iter_mut().find(|(_, l, _)| *l == h.label) {
                Some((_, _, n)) => *n += 1,
                None => counts.push((h.field, &h.label, 1)),
            }
        }
        counts
    }
}

/// The longest context kept, in characters.
const CONTEXT_CHARS: usize = 300;

impl Query {
    /// The article's hits if it matches every criterion, else `None`.
    pub fn search(&self, doc: &Doc) -> Option<Found> {
        let site = site_of(doc);
        if let Some(wanted) = &self.site {
            let wanted = words(wanted);
            let url = doc
                .meta
                .url
                .as_deref()
                .and_then(rhetor_doc::url_host)
                .unwrap_or("");
            if !contains_words(&words(&site), &wanted) && !contains_words(&words(url), &wanted) {
                return None;
            }
        }
        let day = doc.meta.reference_date();
        if self.since.is_some() || self.until.is_some() {
            let day = day?;
            if self.since.as_deref().is_some_and(|s| day < s)
                || self.until.as_deref().is_some_and(|u| day > u)
            {
                return None;
            }
        }
        let index = CharIndex::new(&doc.text);
        let mut hits = Vec::new();
        if let Some(wanted) = &self.words {
            let found = word_hits(doc, &words(wanted), &index)?;
            hits.extend(found);
        }
        if let Some(entity) = &self.entity {
            let found = entity_hits(doc, &words(entity), &index, self.min_confidence);
            if found.is_empty() {
                return None;
            }
            hits.extend(found);
        }
        if let Some(source) = &self.source {
            let found = source_hits(doc, &words(source), &index, self.min_confidence);
            if found.is_empty() {
                return None;
            }
            hits.extend(found);
        }
        if let Some(technique) = self.technique {
            let found: Vec<Hit> = doc
                .layers
                .techniques
                .iter()
                .flatten()
                .filter(|t| t.technique == technique && t.confidence >= self.min_confidence)
                .map(|t| {
                    hit(
                        doc,
                        &index,
                        (Field::Technique, technique.label(), t.confidence),
                        t.span,
                        None,
                    )
                })
                .collect();
            if found.is_empty() {
                return None;
            }
            hits.extend(found);
        }
        Some(Found {
            id: doc.id.clone(),
            title: doc.meta.title.clone(),
            site,
            url: doc.meta.url.clone(),
            published: day.map(str::to_string),
            hits,
        })
    }
}

/// What an article says of the entity whose canonical name is `name`: each attribution to it
/// (a [`Field::Source`] hit on its words, with what it said), then each check-worthy claim it
/// makes or that names it (a [`Field::Claim`] hit on the claim, the checkworthiness as its
/// confidence), in text order.
pub fn said_of(doc: &Doc, name: &str) -> Vec<Hit> {
    let index = CharIndex::new(&doc.text);
    let clusters: Vec<usize> = doc
        .layers
        .clusters
        .iter()
        .flatten()
        .filter(|c| c.name == name)
        .map(|c| c.id)
        .collect();
    let mentions: Vec<Span> = doc
        .layers
        .entities
        .iter()
        .flatten()
        .filter(|e| clusters.contains(&e.cluster))
        .map(|e| e.span)
        .collect();
    let attributions = doc.layers.attributions.as_deref().unwrap_or_default();
    let by_it: Vec<usize> = (0..attributions.len())
        .filter(|&i| doc.source_name(&attributions[i]).as_deref() == Some(name))
        .collect();
    let mut hits: Vec<Hit> = by_it
        .iter()
        .filter_map(|&i| {
            let a = &attributions[i];
            let said: Vec<&str> = a.content.iter().map(|c| doc.slice(*c)).collect();
            let what = (Field::Source, name, a.confidence);
            Some(hit(doc, &index, what, a.source?, Some(said.join(" … "))))
        })
        .collect();
    for claim in doc.layers.claims.iter().flatten() {
        let made = matches!(claim.speaker, Speaker::Attribution(i) if by_it.contains(&i));
        let names = mentions
            .iter()
            .any(|m| m.start >= claim.span.start && m.end <= claim.span.end);
        if made || names {
            let what = (Field::Claim, name, claim.checkworthy);
            hits.push(hit(doc, &index, what, claim.span, None));
        }
    }
    hits
}

/// Every occurrence of every wanted word, in text order; `None` when one of them is missing (or
/// none was given).
fn word_hits(doc: &Doc, wanted: &[String], index: &CharIndex) -> Option<Vec<Hit>> {
    let mut seen = vec![false; wanted.len()];
    let mut hits = Vec::new();
    for (start, word) in word_spans(&doc.text) {
        let lower = word.to_lowercase();
        if let Some(at) = wanted.iter().position(|w| *w == lower) {
            seen[at] = true;
            let span = Span::new(start, start + word.len());
            let what = (Field::Word, wanted[at].as_str(), 1.0);
            hits.push(hit(doc, index, what, span, None));
        }
    }
    (!wanted.is_empty() && seen.iter().all(|&s| s)).then_some(hits)
}

/// The words of `text` (runs of letters and digits, as [`words`] cuts them) with their byte
/// offsets.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Every mention of every entity cluster the query names.
fn entity_hits(doc: &Doc, wanted: &[String], index: &CharIndex, min: f32) -> Vec<Hit> {
    let (Some(entities), Some(clusters)) = (&doc.layers.entities, &doc.layers.clusters) else {
        return Vec::new();
    };
    let matching: Vec<&rhetor_doc::Cluster> = clusters
        .iter()
        .filter(|c| {
            contains_words(&words(&c.name), wanted)
                || entities
                    .iter()
                    .filter(|e| e.cluster == c.id)
                    .any(|e| contains_words(&words(doc.slice(e.span)), wanted))
        })
        .collect();
    entities
        .iter()
        .filter(|e| e.confidence >= min)
        .filter_map(|e| {
            let cluster = matching.iter().find(|c| c.id == e.cluster)?;
            let what = (Field::Entity, cluster.name.as_str(), e.confidence);
            Some(hit(doc, index, what, e.span, None))
        })
        .collect()
}

/// Every attribution whose source the query names, anchored on the source's words.
fn source_hits(doc: &Doc, wanted: &[String], index: &CharIndex, min: f32) -> Vec<Hit> {
    doc.layers
        .attributions
        .iter()
        .flatten()
        .filter(|a| a.confidence >= min)
        .filter_map(|a| {
            let span = a.source?;
            let name = doc.source_name(a)?;
            let named = contains_words(&words(&name), wanted)
                || contains_words(&words(doc.slice(span)), wanted);
            if !named {
                return None;
            }
            let said: Vec<&str> = a.content.iter().map(|c| doc.slice(*c)).collect();
            let what = (Field::Source, name.as_str(), a.confidence);
            Some(hit(doc, index, what, span, Some(said.join(" … "))))
        })
        .collect()
}

/// A hit on `span`; `what` is its field, label and confidence.
fn hit(
    doc: &Doc,
    index: &CharIndex,
    what: (Field, &str, f32),
    span: Span,
    context: Option<String>,
) -> Hit {
    let (field, label, confidence) = what;
    let chars = index.span_to_chars(span);
    let context = context.unwrap_or_else(|| sentence_around(doc, span).to_string());
    Hit {
        field,
        label: label.to_string(),
        start: chars.start,
        end: chars.end,
        text: doc.slice(span).to_string(),
        context: clip(context.trim()),
        confidence,
    }
}

/// The sentence holding the start of `span` (the span itself when sentences are missing).
fn sentence_around(doc: &Doc, span: Span) -> &str {
    let sentences = &doc.layers.sentences;
    let at = sentences.partition_point(|s| s.end <= span.start);
    match sentences.get(at) {
        Some(s) if s.start <= span.start => doc.slice(*s),
        _ => doc.slice(span),
    }
}

/// At most [`CONTEXT_CHARS`] characters, ending in "…" when cut.
fn clip(s: &str) -> String {
    match s.char_indices().nth(CONTEXT_CHARS) {
        Some((at, _)) => format!("{}…", s[..at].trim_end()),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests_support::sample;

    #[test]
    fn techniques_are_named_loosely_but_not_ambiguously() {
        assert_eq!(
            parse_technique("loaded language"),
            Ok(Technique::LoadedLanguage)
        );
        assert_eq!(
            parse_technique("Name_Calling,Labeling"),
            Ok(Technique::NameCallingLabeling)
        );
        assert_eq!(parse_technique("flag waving"), Ok(Technique::FlagWaving));
        assert!(matches!(
            parse_technique("appeal"),
            Err(QueryError::AmbiguousTechnique(..))
        ));
        assert!(matches!(
            parse_technique("sarcasm"),
            Err(QueryError::UnknownTechnique(..))
        ));
        assert!(parse_technique("").is_err());
    }

    #[test]
    fn dates_are_checked() {
        assert!(parse_date("2024-03-12").is_ok());
        for bad in [
            "2024-3-12",
            "12/03/2024",
            "2024-13-01",
            "2024-00-10",
            "2024-01-32",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn entity_hits_are_anchored_in_characters() {
        let doc = sample("Ana Díaz", "Río Times", "2024-03-12");
        let query = Query {
            entity: Some("díaz".into()),
            ..Query::default()
        };
        let found = query.search(&doc).expect("matches");
        assert_eq!(found.hits.len(), 2);
        let chars: Vec<char> = doc.text.chars().collect();
        for h in &found.hits {
            let text: String = chars[h.start..h.end].iter().collect();
            assert_eq!(text, h.text);
            assert_eq!(h.label, "Ana Díaz");
        }
        assert!(found.hits[0].context.starts_with("Ana Díaz said"));
    }

    #[test]
    fn every_criterion_must_hold() {
        let doc = sample("Ana Díaz", "Río Times", "2024-03-12");
        let base = Query {
            source: Some("Ana Díaz".into()),
            ..Query::default()
        };
        let found = base.search(&doc).expect("the source matches");
        assert_eq!(found.hits[0].field, Field::Source);
        assert_eq!(found.hits[0].context, "the bridge will reopen in May");
        let checks = [
            (Some("rio"), None, None, false),
            (Some("río"), None, None, true),
            (None, Some("2024-03-13"), None, false),
            (None, Some("2024-03-12"), Some("2024-03-12"), true),
            (None, None, Some("2024-03-11"), false),
        ];
        for (site, since, until, matches) in checks {
            let q = Query {
                site: site.map(String::from),
                since: since.map(String::from),
                until: until.map(String::from),
                ..base.clone()
            };
            assert_eq!(q.search(&doc).is_some(), matches, "{q:?}");
        }
        let technique = Query {
            technique: Some(Technique::Doubt),
            ..Query::default()
        };
        assert!(technique.search(&doc).is_none());
        let technique = Query {
            technique: Some(Technique::LoadedLanguage),
            ..Query::default()
        };
        assert_eq!(technique.search(&doc).unwrap().hits[0].text, "disgraceful");
        let sure = Query {
            min_confidence: 0.7,
            ..technique
        };
        assert!(sure.search(&doc).is_none(), "the span's confidence is 0.6");
    }

    #[test]
    fn full_text_needs_every_word_and_anchors_each() {
        let doc = sample("Ana Díaz", "Río Times", "2024-03-12");
        let query = |w: &str| Query {
            words: Some(w.into()),
            ..Query::default()
        };
        let found = query("BRIDGE díaz")
            .search(&doc)
            .expect("both words are there");
        let chars: Vec<char> = doc.text.chars().collect();
        let labels: Vec<&str> = found.hits.iter().map(|h| h.label.as_str()).collect();
        assert_eq!(labels, ["díaz", "bridge", "díaz"]);
        for h in &found.hits {
            let text: String = chars[h.start..h.end].iter().collect();
            assert_eq!(text.to_lowercase(), h.label);
            assert_eq!(h.field, Field::Word);
        }
        assert!(query("bridge tunnel").search(&doc).is_none());
        assert!(query("brid").search(&doc).is_none(), "whole words only");
        assert!(query(" , ").search(&doc).is_none(), "no words is no match");
    }

    #[test]
    fn what_is_said_of_an_entity_is_its_quotes_then_its_claims() {
        let doc = sample("Ana Díaz", "Río Times", "2024-03-12");
        let hits = said_of(&doc, "Ana Díaz");
        let fields: Vec<Field> = hits.iter().map(|h| h.field).collect();
        assert_eq!(fields, [Field::Source, Field::Claim]);
        assert_eq!(hits[0].context, "the bridge will reopen in May");
        assert_eq!(hits[1].text, "the bridge will reopen in May");
        assert_eq!(hits[1].confidence, 0.7);
        assert!(said_of(&doc, "Ana").is_empty(), "canonical names only");
    }

    #[test]
    fn swapping_names_changes_nothing_but_the_names() {
        let a = sample("Ana Díaz", "Río Times", "2024-03-12");
        let b = sample("Omar Haddad", "Cedar Post", "2024-03-12");
        for (doc, name) in [(&a, "Ana Díaz"), (&b, "Omar Haddad")] {
            let found = Query {
                source: Some(name.into()),
                ..Query::default()
            }
            .search(doc)
            .unwrap();
            assert_eq!(found.hits.len(), 1);
        }
    }
}
