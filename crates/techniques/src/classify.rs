//! The technique classifier, step two of two: which of the 14 techniques a persuasive span
//! uses. A softmax over the span's words and edges, its sentence's other words and punctuation,
//! its length and repetition, and three vectors (the span's mean, its sentence's mean, and each
//! dimension's largest value over the span). Names are masked in both, as in the tagger.

use std::ops::Range;

use rhetor_text::hash::Fnv;

use crate::dense::Lexicon;
use rhetor_text::learn::{Examples, Multiclass};

/// log2 of the number of sparse buckets per technique.
pub const BITS: u32 = 16;
pub const BUCKETS: usize = 1 << BITS;

/// The template of a span's own words: its weights are the evidence a reader is shown.
pub const SPAN_WORD: u8 = 30;

/// The bucket of a word of the span.
pub fn span_word(word: &str) -> u32 {
    Fnv::new(SPAN_WORD).bytes(word.as_bytes()).bucket(BITS)
}

/// A span's sparse features; `masked` are its sentence's words as the models see them.
pub fn features(masked: &[String], repeats: &[u8], span: Range<usize>) -> Vec<u32> {
    let word = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else {
            masked.get(i as usize).map_or("</s>", String::as_str)
        }
    };
    let bucket = |template: u8, parts: &[&[u8]]| {
        let mut h = Fnv::new(template);
        for p in parts {
            h = h.bytes(p).sep();
        }
        h.bucket(BITS)
    };
    let (a, b) = (span.start as isize, span.end as isize);
    let mut out = Vec::with_capacity(masked.len() + 2 * span.len() + 8);
    for i in span.clone() {
        out.push(span_word(&masked[i]));
        out.push(bucket(
            31,
            &[masked[i].as_bytes(), word(i as isize + 1).as_bytes()],
        ));
    }
    for (i, w) in masked.iter().enumerate() {
        if !span.contains(&i) {
            out.push(bucket(32, &[w.as_bytes()]));
        }
    }
    let punctuation = |w: &str| masked.iter().any(|m| m == w);
    let whole = span.start == 0 && span.end >= masked.len().saturating_sub(1);
    let repeat = span.clone().map(|i| repeats[i]).max().unwrap_or(0);
    out.extend([
        bucket(33, &[word(a).as_bytes()]),
        bucket(34, &[word(b - 1).as_bytes()]),
        bucket(35, &[word(a - 1).as_bytes()]),
        bucket(36, &[word(b).as_bytes()]),
        bucket(37, &[&[span.len().min(12) as u8, whole as u8]]),
        bucket(
            38,
            &[&[
                punctuation("!") as u8,
                punctuation("?") as u8,
                (punctuation("\"") || punctuation("“")) as u8,
            ]],
        ),
        bucket(39, &[&[repeat]]),
        bucket(
            41,
            &[&[span
                .clone()
                .filter(|&i| crate::decode::is_content_word(&masked[i]))
                .map(|i| repeats[i])
                .min()
                .unwrap_or(0)]],
        ),
        bucket(40, &[]),
    ]);
    out
}

/// How many vectors of the table's dimension the classifier reads ([`dense`]).
pub const DENSE_PARTS: usize = 3;

/// The span's mean unit vector, its sentence's, and the largest value of each dimension over
/// the span's words (`rows` with names left out).
pub fn dense(lexicon: &Lexicon, rows: &[u32], span: Range<usize>, out: &mut [f32]) {
    let dim = lexicon.dim();
    let (own, rest) = out.split_at_mut(dim);
    let (sentence, largest) = rest.split_at_mut(dim);
    lexicon.mean(&rows[span.clone()], own);
    lexicon.mean(rows, sentence);
    largest.fill(0.0);
    let mut units = rows[span].iter().filter_map(|&r| lexicon.unit(r));
    if let Some(first) = units.next() {
        largest.copy_from_slice(first);
        for v in units {
            for (l, x) in largest.iter_mut().zip(v) {
                *l = l.max(*x);
            }
        }
    }
}

/// Span examples for the classifier: sparse features and the three vectors, stored.
#[derive(Default)]
pub struct SpanExamples {
    pub features: Vec<Vec<u32>>,
    pub dense: Vec<Vec<f32>>,
    pub labels: Vec<usize>,
}

impl Examples for SpanExamples {
    fn len(&self) -> usize {
        self.features.len()
    }

    fn sparse(&self, i: usize) -> &[u32] {
        &self.features[i]
    }

    fn dense(&self, i: usize, out: &mut [f32]) {
        out.copy_from_slice(&self.dense[i]);
    }
}

/// Trains the classifier over `classes` techniques.
pub fn train(examples: &SpanExamples, classes: usize, dim: usize, epochs: usize) -> Multiclass {
    Multiclass::train(
        examples,
        &examples.labels,
        classes,
        BUCKETS,
        DENSE_PARTS * dim,
        epochs,
    )
}
