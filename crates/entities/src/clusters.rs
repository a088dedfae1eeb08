//! Word clusters from unlabelled text, as features that do not depend on capitals: words used in
//! the same contexts ("malaysia", "florida", "iraq") share a cluster, so a lower-case country name
//! still looks like one.
//!
//! Each frequent word is described by the words seen just before and after it (log counts over
//! the most frequent context words), projected to a few dimensions with a fixed random matrix, and
//! grouped by spherical k-means, twice: fine and coarse. Deterministic: same text, same clusters.

use std::collections::HashMap;

use rhetor_text::hash::KeyMap;

use crate::features::phrase_key;
use crate::rng::Rng;

/// Cluster counts: fine and coarse.
pub const FINE: usize = 512;
pub const COARSE: usize = 64;

const VOCAB: usize = 40_000;
const MIN_COUNT: usize = 4;
const CONTEXTS: usize = 600;
const DIMS: usize = 64;
const ITERATIONS: usize = 12;

/// What the unlabelled text says about one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordClass {
    pub fine: u16,
    pub coarse: u16,
    /// How often the word is capitalised where capitals are not required (inside an ordinary
    /// sentence): 1 almost never, 2 sometimes, 3 mostly, 4 almost always; 0 too few sightings.
    /// A prior that holds when the text at hand drops or adds capitals ("delaware", "Trivia").
    pub capitals: u8,
    /// Seen opening sentences ten times as often as capitalised inside them, and hardly seen
    /// inside them at all: a sentence adverb ("Additionally", "Conversely") or an abbreviation
    /// ("FYI"), capitalised by its position, not as a name. Names that open many sentences are
    /// also written inside others.
    pub opens_sentences: bool,
}

/// Word (hashed, lower case) → its class.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WordClusters(pub KeyMap<WordClass>);

impl WordClusters {
    pub fn get(&self, lower: &str) -> Option<WordClass> {
        self.0.get(&phrase_key([lower])).copied()
    }
}

/// Clusters the words of `sentences` (tokens as written).
pub fn build(sentences: &[Vec<String>]) -> WordClusters {
    let rates = capital_rates(sentences);
    let sentences: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| w.to_lowercase()).collect())
        .collect();
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for s in &sentences {
        for w in s {
            *freq.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> =
        freq.into_iter().filter(|&(_, n)| n >= MIN_COUNT).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(VOCAB);
    let index: HashMap<&str, usize> = ranked
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    // Neighbour counts: left context in 0..CONTEXTS, right in CONTEXTS..2*CONTEXTS. Ordered,
    // so the vectors are summed in the same order on every run (a hash map's order made two
    // trainings of the same code differ).
    let mut counts: Vec<std::collections::BTreeMap<u16, f32>> =
        vec![std::collections::BTreeMap::new(); ranked.len()];
    for s in &sentences {
        for (i, w) in s.iter().enumerate() {
            let Some(&wi) = index.get(w.as_str()) else {
                continue;
            };
            if i > 0
                && let Some(&c) = index.get(s[i - 1].as_str()).filter(|&&c| c < CONTEXTS)
            {
                *counts[wi].entry(c as u16).or_default() += 1.0;
            }
            if let Some(&c) = s
                .get(i + 1)
                .and_then(|n| index.get(n.as_str()))
                .filter(|&&c| c < CONTEXTS)
            {
                *counts[wi].entry((CONTEXTS + c) as u16).or_default() += 1.0;
            }
        }
    }
    let mut rng = Rng(0x5eed_c1a5_7e25);
    let projection: Vec<[f32; DIMS]> = (0..2 * CONTEXTS)
        .map(|_| std::array::from_fn(|_| rng.unit()))
        .collect();
    let vectors: Vec<[f32; DIMS]> = counts
        .iter()
        .map(|ctx| {
            let mut v = [0f32; DIMS];
            for (&c, &n) in ctx {
                let weight = (1.0 + n).ln();
                for (x, p) in v.iter_mut().zip(&projection[c as usize]) {
                    *x += weight * p;
                }
            }
            normalise(&mut v);
            v
        })
        .collect();
    let fine = kmeans(&vectors, FINE);
    let coarse = kmeans(&vectors, COARSE);
    WordClusters(
        ranked
            .iter()
            .enumerate()
            .map(|(i, (w, _))| {
                let class = WordClass {
                    fine: fine[i] as u16,
                    coarse: coarse[i] as u16,
                    capitals: rates.get(*w).map_or(0, |&r| capital_level(r)),
                    opens_sentences: rates.get(*w).is_some_and(Rates::opens_sentences),
                };
                (phrase_key([*w]), class)
            })
            .collect(),
    )
}

/// Per lower-cased word, (capitalised, seen) counts over the positions where a capital is the
/// writer's choice: not a sentence's first word nor after sentence punctuation or a quote, and not
/// in a line whose words are mostly capitalised (headlines, shouting).
fn capital_rates(sentences: &[Vec<String>]) -> HashMap<String, Rates> {
    let mut rates: HashMap<String, Rates> = HashMap::new();
    for s in sentences {
        let words = s.iter().filter(|w| w.chars().any(char::is_alphabetic));
        let (mut total, mut capitalised) = (0, 0);
        for w in words {
            total += 1;
            capitalised += w.chars().next().is_some_and(char::is_uppercase) as usize;
        }
        if total < 4 || capitalised * 2 > total {
            continue;
        }
        for (i, w) in s.iter().enumerate() {
            let Some(first) = w.chars().next().filter(|c| c.is_alphabetic()) else {
                continue;
            };
            let entry = rates.entry(w.to_lowercase()).or_default();
            if i == 0 || AFTER_BOUNDARY.contains(&s[i - 1].as_str()) {
                entry.starts += 1;
            } else {
                entry.capitalised += first.is_uppercase() as u32;
                entry.seen += 1;
            }
        }
    }
    rates
}

/// How one word is written in ordinary sentences.
#[derive(Clone, Copy, Debug, Default)]
struct Rates {
    /// Capitalised where the capital is the writer's choice.
    capitalised: u32,
    /// Seen where the capital is the writer's choice.
    seen: u32,
    /// Seen opening a sentence (or after a quote, a colon or a dash).
    starts: u32,
}

impl Rates {
    fn opens_sentences(&self) -> bool {
        self.seen < 3 && self.starts >= 10 * (self.capitalised + 1)
    }
}

/// Tokens after which a capital may be the grammar's, not the writer's choice.
const AFTER_BOUNDARY: [&str; 14] = [
    ".", "!", "?", ":", ";", "\"", "“", "”", "'", "‘", "(", "-", "–", "—",
];

fn capital_level(rates: Rates) -> u8 {
    if rates.seen < 3 {
        return 0;
    }
    match rates.capitalised * 10 / rates.seen {
        0 => 1,
        1..=4 => 2,
        5..=8 => 3,
        _ => 4,
    }
}

fn normalise(v: &mut [f32; DIMS]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// Spherical k-means, seeded with evenly spaced words of the frequency ranking.
fn kmeans(vectors: &[[f32; DIMS]], k: usize) -> Vec<usize> {
    let flat: Vec<f32> = vectors.iter().flatten().copied().collect();
    rhetor_represent::spherical_kmeans(&flat, DIMS, k, ITERATIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_cluster() {
        let mut text = Vec::new();
        for place in ["lagos", "lima", "oslo", "perth"] {
            for _ in 0..10 {
                text.push(vec![
                    "flew".to_string(),
                    "to".into(),
                    place.into(),
                    "on".into(),
                    "monday".into(),
                ]);
            }
        }
        for verb in ["ran", "swam", "sang"] {
            for _ in 0..10 {
                text.push(vec!["she".to_string(), verb.into(), "quickly".into()]);
            }
        }
        let c = build(&text);
        let fine = |w: &str| c.get(w).unwrap().fine;
        assert_eq!(fine("lagos"), fine("perth"));
        assert_ne!(fine("lagos"), fine("swam"));
        assert_eq!(build(&text), c, "deterministic");
    }

    #[test]
    fn capitals_are_counted_where_the_writer_chose_them() {
        let line = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let mut text = Vec::new();
        for _ in 0..5 {
            text.push(line("we drove to Dunmore and then home"));
            text.push(line("Trivia night was fun for all of us"));
            text.push(line("the trivia was hard but we won"));
            // A headline: capitals there are the style, not the word.
            text.push(line("Trivia Night At The Dunmore Arms"));
            text.push(line("Moreover , the drive was long ."));
            text.push(line("Moreover , we were late ."));
        }
        let c = build(&text);
        assert_eq!(c.get("dunmore").unwrap().capitals, 4, "always a name");
        assert_eq!(
            c.get("trivia").unwrap().capitals,
            1,
            "capitalised only where a sentence starts or in the headline"
        );
        assert!(c.get("moreover").unwrap().opens_sentences);
        assert!(
            !c.get("trivia").unwrap().opens_sentences && !c.get("dunmore").unwrap().opens_sentences
        );
    }
}
