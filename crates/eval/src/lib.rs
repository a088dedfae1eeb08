//! rhetor's evaluations. Each module reads one dev set from `../shared/data` at run time (the data
//! is third-party and never copied into the repository), runs the layer, and scores it with the
//! field's standard metric. The CLI prints the scores and checks them against floors.

pub mod attribution;
pub mod checkworthy;
pub mod extract;
pub mod ner;
pub mod techniques;
pub mod timex;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

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

/// F1 of `hits` among `system` answers and `gold` items.
pub(crate) fn f1(hits: usize, system: usize, gold: usize) -> f64 {
    let (p, r) = (
        hits as f64 / system.max(1) as f64,
        hits as f64 / gold.max(1) as f64,
    );
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// The JSON lines of a file, each read as a `T`.
pub(crate) fn lines<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str(l).map_err(|e| Error::Data {
                path: path.to_path_buf(),
                message: e.to_string(),
            })
        })
        .collect()
}

/// The text around a span (60 bytes either side, on character boundaries), on one line, with
/// the span in brackets.
pub(crate) fn context(text: &str, start: usize, end: usize) -> String {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let before = &text[floor(start.saturating_sub(60))..start];
    let after = &text[end..floor((end + 60).min(text.len()))];
    let line = format!("{before}[{}]{after}", &text[start..end]);
    line.split_whitespace().collect::<Vec<_>>().join(" ")
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
