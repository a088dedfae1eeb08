//! rhetor's evaluations. Each module reads one dev set from `../shared/data` at run time (the data
//! is third-party and never copied into the repository), runs the layer, and scores it with the
//! field's standard metric. The CLI prints the scores and checks them against floors.

pub mod extract;
pub mod ner;
pub mod timex;

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Data { path: PathBuf, message: String },
}

/// Named scores in `[0, 1]` (or counts), printed in name order.
#[derive(Clone, Debug, Default)]
pub struct Scores(pub BTreeMap<String, f64>);

impl Scores {
    pub fn set(&mut self, name: impl Into<String>, value: f64) {
        self.0.insert(name.into(), value);
    }

    pub fn get(&self, name: &str) -> Option<f64> {
        self.0.get(name).copied()
    }
}

/// Bag-of-words F1 between two texts: tokens are lower-cased runs of letters and digits, and the
/// overlap counts each token as often as both texts have it.
pub fn bag_of_words_f1(predicted: &str, gold: &str) -> f64 {
    fn bag(s: &str) -> std::collections::HashMap<String, usize> {
        let mut bag = std::collections::HashMap::new();
        for word in s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            *bag.entry(word.to_lowercase()).or_insert(0) += 1;
        }
        bag
    }
    let (p, g) = (bag(predicted), bag(gold));
    let (np, ng): (usize, usize) = (p.values().sum(), g.values().sum());
    if np == 0 && ng == 0 {
        return 1.0;
    }
    let overlap: usize = p
        .iter()
        .map(|(w, n)| (*n).min(g.get(w).copied().unwrap_or(0)))
        .sum();
    if overlap == 0 {
        return 0.0;
    }
    let (precision, recall) = (overlap as f64 / np as f64, overlap as f64 / ng as f64);
    2.0 * precision * recall / (precision + recall)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bag_of_words_f1_counts_multiplicity() {
        assert_eq!(bag_of_words_f1("a b", "a b"), 1.0);
        assert_eq!(bag_of_words_f1("", ""), 1.0);
        assert_eq!(bag_of_words_f1("x", ""), 0.0);
        // predicted: a a b (3), gold: a b c (3), overlap a b = 2 -> P = R = 2/3
        assert!((bag_of_words_f1("A, a. b!", "a b c") - 2.0 / 3.0).abs() < 1e-9);
    }
}
