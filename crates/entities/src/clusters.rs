//! Word clusters from unlabelled text, as features that do not depend on capitals: words used in
//! the same contexts ("malaysia", "florida", "iraq") share a cluster, so a lower-case country name
//! still looks like one.
//!
//! Each frequent word is described by the words seen just before and after it (log counts over
//! the most frequent context words), projected to a few dimensions with a fixed random matrix, and
//! grouped by spherical k-means, twice: fine and coarse. Deterministic: same text, same clusters.

use std::collections::HashMap;

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

/// Word (hashed, lower case) → (fine, coarse) cluster.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WordClusters(pub HashMap<u64, (u16, u16)>);

impl WordClusters {
    pub fn get(&self, lower: &str) -> Option<(u16, u16)> {
        self.0.get(&phrase_key([lower])).copied()
    }
}

/// Clusters the words of `sentences` (lower-cased tokens).
pub fn build(sentences: &[Vec<String>]) -> WordClusters {
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for s in sentences {
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
    // Neighbour counts: left context in 0..CONTEXTS, right in CONTEXTS..2*CONTEXTS.
    let mut counts: Vec<HashMap<u16, f32>> = vec![HashMap::new(); ranked.len()];
    for s in sentences {
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
            .map(|(i, (w, _))| (phrase_key([*w]), (fine[i] as u16, coarse[i] as u16)))
            .collect(),
    )
}

fn normalise(v: &mut [f32; DIMS]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// Spherical k-means, seeded with evenly spaced words of the frequency ranking.
fn kmeans(vectors: &[[f32; DIMS]], k: usize) -> Vec<usize> {
    // Small vocabularies (tests) get fewer clusters: about four words each at least.
    let k = k.min(vectors.len() / 4).max(1);
    let mut centroids: Vec<[f32; DIMS]> = (0..k).map(|i| vectors[i * vectors.len() / k]).collect();
    let mut assign = vec![0; vectors.len()];
    for _ in 0..ITERATIONS {
        for (v, a) in vectors.iter().zip(assign.iter_mut()) {
            *a = (0..k)
                .max_by(|&x, &y| dot(v, &centroids[x]).total_cmp(&dot(v, &centroids[y])))
                .unwrap_or(0);
        }
        let mut sums = vec![[0f32; DIMS]; k];
        for (v, &a) in vectors.iter().zip(&assign) {
            for (s, x) in sums[a].iter_mut().zip(v) {
                *s += x;
            }
        }
        for (c, mut s) in centroids.iter_mut().zip(sums) {
            if s.iter().any(|x| *x != 0.0) {
                normalise(&mut s);
                *c = s;
            }
        }
    }
    assign
}

fn dot(a: &[f32; DIMS], b: &[f32; DIMS]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
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
        let fine = |w: &str| c.get(w).unwrap().0;
        assert_eq!(fine("lagos"), fine("perth"));
        assert_ne!(fine("lagos"), fine("swam"));
        assert_eq!(build(&text), c, "deterministic");
    }
}
