//! A span tagger, step one of two: is a token inside a persuasive span of the tagger's kind
//! (the techniques of words and phrases, or those of clauses: [`crate::train::groups`])? One
//! binary classifier over the token's sparse features ([`features`]) and four word vectors: the
//! previous word's, its own, the next word's and its sentence's mean.

use rhetor_doc::NO_ROW;

use crate::dense::Lexicon;
use crate::features;
use rhetor_text::learn::{Binary, Examples};

/// The word vectors a token reads: the previous word, itself, the next word, its sentence.
pub const SLOTS: usize = 4;

/// For each row of a vector table, the tagger's dense weights' dot product with the row in each
/// slot (so tagging a token costs four lookups, not four dot products).
#[derive(Clone, Debug)]
pub struct Dots(Vec<[f32; SLOTS]>);

impl Dots {
    pub fn new(tagger: &Binary, lexicon: &Lexicon) -> Self {
        let dim = lexicon.dim();
        Dots(
            (0..lexicon.rows() as u32)
                .map(|row| {
                    let unit = lexicon.unit(row).expect("a row of the table");
                    std::array::from_fn(|slot| {
                        rhetor_text::learn::dot(&tagger.dense[slot * dim..][..dim], unit)
                    })
                })
                .collect(),
        )
    }

    fn get(&self, row: Option<&u32>, slot: usize) -> f32 {
        match row {
            Some(&r) if r != NO_ROW => self.0[r as usize][slot],
            _ => 0.0,
        }
    }
}

/// The probability that each token of one sentence is inside a span of the tagger's kind;
/// `pieces` are the sentence's features ([`features::pieces`], the same for every tagger),
/// `rows` the tokens' rows with names left out ([`crate::dense::sentence_rows`]) in the table of
/// `dots`.
pub fn scores(tagger: &Binary, dots: &Dots, pieces: &[features::Piece], rows: &[u32]) -> Vec<f32> {
    let known = rows.iter().filter(|&&r| r != NO_ROW).count();
    let sentence = if known == 0 {
        0.0
    } else {
        rows.iter().map(|r| dots.get(Some(r), 3)).sum::<f32>() / known as f32
    };
    let mut out = Vec::with_capacity(rows.len());
    for piece in pieces {
        let context: f32 = piece
            .context
            .iter()
            .map(|&b| tagger.sparse[b as usize])
            .sum();
        for own in &piece.own {
            let i = out.len();
            let sparse: f32 = own.iter().map(|&b| tagger.sparse[b as usize]).sum();
            let dense = dots.get(i.checked_sub(1).and_then(|p| rows.get(p)), 0)
                + dots.get(rows.get(i), 1)
                + dots.get(rows.get(i + 1), 2)
                + sentence;
            let margin = tagger.bias + context + sparse + dense;
            out.push(1.0 / (1.0 + (-margin).exp()));
        }
    }
    out
}

/// Token examples for the tagger: each token's sparse features, its three word rows and its
/// sentence's mean vector.
#[derive(Default)]
pub struct TokenExamples {
    pub features: Vec<Vec<u32>>,
    pub rows: Vec<[u32; 3]>,
    pub sentence: Vec<u32>,
    pub means: Vec<Vec<f32>>,
    pub labels: Vec<bool>,
}

impl TokenExamples {
    /// Adds one sentence's tokens and whether each is inside a gold span.
    pub fn add(
        &mut self,
        lexicon: &Lexicon,
        tokens: &[&str],
        masked: &[String],
        repeats: &[u8],
        rows: &[u32],
        labels: impl IntoIterator<Item = bool>,
    ) {
        let mut mean = vec![0f32; lexicon.dim()];
        lexicon.mean(rows, &mut mean);
        let sentence = self.means.len() as u32;
        self.means.push(mean);
        self.features
            .extend(features::extract(tokens, masked, repeats));
        for i in 0..tokens.len() {
            let at = |j: Option<usize>| j.and_then(|j| rows.get(j)).copied().unwrap_or(NO_ROW);
            self.rows
                .push([at(i.checked_sub(1)), at(Some(i)), at(Some(i + 1))]);
            self.sentence.push(sentence);
        }
        self.labels.extend(labels);
    }
}

/// [`TokenExamples`] with the table they index.
pub struct WithLexicon<'a>(pub &'a TokenExamples, pub &'a Lexicon);

impl Examples for WithLexicon<'_> {
    fn len(&self) -> usize {
        self.0.features.len()
    }

    fn sparse(&self, i: usize) -> &[u32] {
        &self.0.features[i]
    }

    fn dense(&self, i: usize, out: &mut [f32]) {
        let dim = self.1.dim();
        out.fill(0.0);
        for (slot, &row) in self.0.rows[i].iter().enumerate() {
            if let Some(unit) = self.1.unit(row) {
                out[slot * dim..][..dim].copy_from_slice(unit);
            }
        }
        out[3 * dim..].copy_from_slice(&self.0.means[self.0.sentence[i] as usize]);
    }
}
