//! What one article puts into the store's search tables.

use std::borrow::Cow;
use std::collections::HashSet;

use rhetor_corpus::{Measures, site_of, words};
use rhetor_doc::{Doc, REPORTED_CONFIDENCE};

/// The words of `text` as [`words`] gives them, each once in order of first use, joined by
/// spaces. Written for speed, as every article goes through it: ASCII words (most) are
/// lower-cased without [`str::to_lowercase`]'s allocation, and each is compared borrowed.
fn distinct_words(text: &str) -> String {
    let mut seen: HashSet<Cow<str>> = HashSet::new();
    let mut joined = String::with_capacity(text.len() / 2);
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let lower = if !word.is_ascii() {
            Cow::Owned(word.to_lowercase())
        } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        };
        if !seen.contains(&lower) {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(&lower);
            seen.insert(lower);
        }
    }
    joined
}

/// Stands between two names in a full-text column: never a word of a query ([`words`] keeps
/// only letters and digits), so a phrase cannot match across two names.
const BETWEEN_NAMES: &str = "|";

/// The rows and full-text columns of one article.
pub struct Indexed {
    /// What the article adds to its outlet's row.
    pub measures: Measures,
    /// The text's words, each once, joined by spaces.
    pub words: String,
    /// The full-text columns of names: words joined by spaces, two names kept apart by
    /// [`BETWEEN_NAMES`].
    pub entities: String,
    pub sources: String,
    pub site: String,
    /// (canonical name, label, mentions, highest confidence), one per entity cluster.
    pub entity_rows: Vec<(String, String, usize, f32)>,
    /// (name, attributions, highest confidence), one per source name.
    pub source_rows: Vec<(String, usize, f32)>,
    /// (PTC label, spans, highest confidence, spans a report shows), one per technique used.
    pub technique_rows: Vec<(&'static str, usize, f32, usize)>,
}

impl Indexed {
    pub fn of(doc: &Doc) -> Self {
        let joined = |parts: &mut dyn Iterator<Item = &str>| -> String {
            let names: Vec<String> = parts
                .map(|p| words(p).join(" "))
                .filter(|w| !w.is_empty())
                .collect();
            names.join(&format!(" {BETWEEN_NAMES} "))
        };
        let site = site_of(doc);
        let host = doc.meta.url.as_deref().and_then(rhetor_doc::url_host);

        let mut entity_rows = Vec::new();
        let mut entity_words = Vec::new();
        if let (Some(entities), Some(clusters)) = (&doc.layers.entities, &doc.layers.clusters) {
            for cluster in clusters {
                let mentions = entities.iter().filter(|e| e.cluster == cluster.id);
                let confidence = mentions.clone().map(|e| e.confidence).fold(0.0, f32::max);
                entity_words.push(cluster.name.as_str());
                entity_words.extend(mentions.map(|e| doc.slice(e.span)));
                entity_rows.push((
                    cluster.name.clone(),
                    format!("{:?}", cluster.label),
                    cluster.mentions,
                    confidence,
                ));
            }
        }

        let mut source_rows: Vec<(String, usize, f32)> = Vec::new();
        let mut source_words = Vec::new();
        for a in doc.layers.attributions.iter().flatten() {
            let (Some(span), Some(name)) = (a.source, doc.source_name(a)) else {
                continue;
            };
            source_words.push(doc.slice(span).to_string());
            match source_rows.iter_mut().find(|(n, _, _)| *n == name) {
                Some((_, count, confidence)) => {
                    *count += 1;
                    *confidence = confidence.max(a.confidence);
                }
                None => {
                    source_words.push(name.clone());
                    source_rows.push((name, 1, a.confidence));
                }
            }
        }

        let mut technique_rows: Vec<(&'static str, usize, f32, usize)> = Vec::new();
        for t in doc.layers.techniques.iter().flatten() {
            let label = t.technique.label();
            let reported = usize::from(t.confidence >= REPORTED_CONFIDENCE);
            match technique_rows.iter_mut().find(|(l, ..)| *l == label) {
                Some((_, count, confidence, shown)) => {
                    *count += 1;
                    *confidence = confidence.max(t.confidence);
                    *shown += reported;
                }
                None => technique_rows.push((label, 1, t.confidence, reported)),
            }
        }
        let measures = Measures::of(doc);

        Indexed {
            measures,
            words: distinct_words(&doc.text),
            entities: joined(&mut entity_words.into_iter()),
            sources: joined(&mut source_words.iter().map(String::as_str)),
            site: joined(&mut [Some(site.as_str()), host].into_iter().flatten()),
            entity_rows,
            source_rows,
            technique_rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn distinct_as_words_gives(text: &str) -> String {
        let mut seen = HashSet::new();
        let all: Vec<String> = words(text)
            .into_iter()
            .filter(|w| seen.insert(w.clone()))
            .collect();
        all.join(" ")
    }

    #[test]
    fn each_word_once_lower_cased_in_order_of_first_use() {
        assert_eq!(
            distinct_words("The vote, the VOTE and Ünal's Vote: ünal 2024."),
            "the vote and ünal s 2024"
        );
    }

    proptest! {
        #[test]
        fn the_words_a_query_is_made_of(text in "\\PC{0,60}") {
            prop_assert_eq!(distinct_words(&text), distinct_as_words_gives(&text));
        }
    }
}
