//! The accurate tier: a small transformer (all-MiniLM-L6-v2, 6 layers, 384 values, int8 ONNX)
//! run on the CPU by `rten`, giving each token a vector that depends on its sentence ("drugs"
//! as medicines and as narcotics differ).
//!
//! A document is cut into windows of at most [`WINDOW`] pieces: whole sentences packed
//! together, and a sentence longer than a window covered by overlapping windows, each token
//! taking its vector from the window where it sits furthest from an edge (nothing is
//! truncated; time is linear in length). A token's vector is the mean, over its pieces, of the
//! mean of the outputs of the [`LAYERS`]. Names are given to the encoder as `[MASK]`, so
//! who is named moves no vector.

use std::ops::Range;

use rhetor_doc::{Doc, TokenVectors};
use rten::{Model, ModelOptions, NodeId};
use rten_tensor::prelude::*;
use rten_tensor::{NdTensor, NdTensorView};

use crate::wordpiece::{VocabError, WordPiece};

/// Pieces in one window, `[CLS]` and `[SEP]` included.
pub const WINDOW: usize = 128;
/// Pieces two windows over one long sentence share.
const OVERLAP: usize = 32;
/// Windows run together.
const BATCH: usize = 16;
/// A token's first pieces that are read (a long URL is one token of many pieces).
const MAX_TOKEN_PIECES: usize = 16;
/// The graph nodes whose outputs are averaged: the outputs of encoder layers 1 to 4, so layers
/// 5 and 6 never run. On PTC's five folds (span identification, technique F1): layers 1-4
/// 0.360, 0.147; 2-6 0.362, 0.148 at 1.4 times the time; 1-3 0.359, 0.140; the last alone
/// 0.353, 0.141.
pub const LAYERS: [&str; 4] = [
    "layer_norm_2",
    "layer_norm_4",
    "layer_norm_6",
    "layer_norm_8",
];

#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    #[error("the encoder model could not be loaded: {0}")]
    Load(String),
    #[error("the encoder model has no node {0:?}")]
    Node(&'static str),
    #[error(transparent)]
    Vocab(#[from] VocabError),
    #[error("the encoder failed on a batch of windows: {0}")]
    Run(String),
}

/// The contextual encoder and its vocabulary.
pub struct Encoder {
    model: Model,
    vocab: WordPiece,
    input_ids: NodeId,
    attention_mask: NodeId,
    token_type_ids: NodeId,
    layers: Vec<NodeId>,
    dim: usize,
}

/// A run of tokens encoded together, and the tokens that take their vectors from it.
#[derive(Clone, Debug, PartialEq)]
struct Window {
    tokens: Range<usize>,
    owned: Range<usize>,
}

impl Encoder {
    /// The encoder from an ONNX model and a BERT `vocab.txt`.
    pub fn new(onnx: &'static [u8], vocab: &str) -> Result<Self, EncoderError> {
        let model = ModelOptions::with_all_ops()
            .load_static_slice(onnx)
            .map_err(|e| EncoderError::Load(e.to_string()))?;
        let node = |name: &'static str| model.find_node(name).ok_or(EncoderError::Node(name));
        let layers = LAYERS.iter().map(|l| node(l)).collect::<Result<_, _>>()?;
        Ok(Encoder {
            input_ids: node("input_ids")?,
            attention_mask: node("attention_mask")?,
            token_type_ids: node("token_type_ids")?,
            layers,
            vocab: WordPiece::new(vocab)?,
            dim: 384,
            model,
        })
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Each token's contextual vector; tokens where `names` is true are read as `[MASK]`.
    pub fn encode(&self, doc: &Doc, names: &[bool]) -> Result<TokenVectors, EncoderError> {
        let mut pieces: Vec<Vec<u32>> = Vec::with_capacity(doc.tokens.len());
        for (t, &name) in doc.tokens.iter().zip(names) {
            let mut p = Vec::new();
            if name {
                p.push(self.vocab.mask);
            } else {
                self.vocab.pieces(doc.slice(t.span), &mut p);
                p.truncate(MAX_TOKEN_PIECES);
            }
            pieces.push(p);
        }
        let counts: Vec<usize> = pieces.iter().map(Vec::len).collect();
        let mut windows = windows(&counts, &doc.sentence_tokens());
        // Windows of like length run together, so little of a batch is padding.
        windows.sort_by_key(|w| std::cmp::Reverse(counts[w.tokens.clone()].iter().sum::<usize>()));
        let mut sums = vec![0f32; doc.tokens.len() * self.dim];
        for batch in windows.chunks(BATCH) {
            self.run(batch, &pieces, &mut sums)?;
        }
        let mut vectors = TokenVectors::new(self.dim);
        for (t, sum) in sums.chunks_exact(self.dim).enumerate() {
            vectors.push((counts[t] > 0).then_some(sum));
        }
        Ok(vectors)
    }

    /// Encodes one batch of windows and writes each owned token's mean piece vector into
    /// `out` (tokens x dim).
    fn run(
        &self,
        batch: &[Window],
        pieces: &[Vec<u32>],
        out: &mut [f32],
    ) -> Result<(), EncoderError> {
        let len = 2 + batch
            .iter()
            .map(|w| pieces[w.tokens.clone()].iter().map(Vec::len).sum::<usize>())
            .max()
            .unwrap_or(0);
        let mut ids = NdTensor::<i32, 2>::full([batch.len(), len], self.vocab.pad as i32);
        let mut mask = NdTensor::<i32, 2>::zeros([batch.len(), len]);
        let types = NdTensor::<i32, 2>::zeros([batch.len(), len]);
        // Where each token's pieces sit in its window's row.
        let mut places: Vec<Vec<(usize, Range<usize>)>> = Vec::with_capacity(batch.len());
        for (b, w) in batch.iter().enumerate() {
            let mut row = vec![self.vocab.cls];
            let mut place = Vec::new();
            for t in w.tokens.clone() {
                place.push((t, row.len()..row.len() + pieces[t].len()));
                row.extend(&pieces[t]);
            }
            row.push(self.vocab.sep);
            for (j, &id) in row.iter().enumerate() {
                ids[[b, j]] = id as i32;
                mask[[b, j]] = 1;
            }
            places.push(place);
        }
        let outputs = self
            .model
            .run(
                vec![
                    (self.input_ids, ids.view().into()),
                    (self.attention_mask, mask.view().into()),
                    (self.token_type_ids, types.view().into()),
                ],
                &self.layers,
                None,
            )
            .map_err(|e| EncoderError::Run(e.to_string()))?;
        let layers: Vec<NdTensor<f32, 3>> = outputs
            .into_iter()
            .map(|o| NdTensor::<f32, 3>::try_from(o).map_err(|e| EncoderError::Run(e.to_string())))
            .collect::<Result<_, _>>()?;
        let views: Vec<NdTensorView<f32, 3>> = layers.iter().map(|l| l.view()).collect();
        let scale = 1.0 / views.len() as f32;
        for ((w, place), b) in batch.iter().zip(&places).zip(0..) {
            for (t, at) in place {
                if !w.owned.contains(t) || at.is_empty() {
                    continue;
                }
                let per_piece = scale / at.len() as f32;
                let sum = &mut out[t * self.dim..][..self.dim];
                for view in &views {
                    for j in at.clone() {
                        for (s, &v) in sum.iter_mut().zip(view.slice((b, j)).iter()) {
                            *s += v * per_piece;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// The windows over a document whose tokens have `counts` pieces each: its sentences (token
/// ranges, in order) packed together up to a window, a longer sentence cut into overlapping
/// windows. Tokens outside every sentence go with the next window.
fn windows(counts: &[usize], sentences: &[Range<usize>]) -> Vec<Window> {
    let cap = WINDOW - 2;
    let mut out = Vec::new();
    let mut group: Option<(usize, usize, usize)> = None; // start, end, pieces
    let flush = |group: &mut Option<(usize, usize, usize)>, out: &mut Vec<Window>| {
        if let Some((a, b, _)) = group.take() {
            out.push(Window {
                tokens: a..b,
                owned: a..b,
            });
        }
    };
    // Each sentence widened to start where the previous one ended, and the last to the end.
    let mut bounds: Vec<Range<usize>> = Vec::with_capacity(sentences.len() + 1);
    let mut at = 0;
    for s in sentences {
        if s.end > at {
            bounds.push(at..s.end);
            at = s.end;
        }
    }
    if at < counts.len() {
        bounds.push(at..counts.len());
    }
    for s in bounds {
        let n: usize = counts[s.clone()].iter().sum();
        if n > cap {
            flush(&mut group, &mut out);
            long_windows(counts, s, &mut out);
            continue;
        }
        match group {
            Some((a, _, m)) if m + n <= cap => group = Some((a, s.end, m + n)),
            _ => {
                flush(&mut group, &mut out);
                group = Some((s.start, s.end, n));
            }
        }
    }
    flush(&mut group, &mut out);
    out
}

/// Overlapping windows over one sentence longer than a window.
fn long_windows(counts: &[usize], sentence: Range<usize>, out: &mut Vec<Window>) {
    let cap = WINDOW - 2;
    let (mut begin, mut owned_from) = (sentence.start, sentence.start);
    loop {
        let (mut end, mut n) = (begin, 0);
        while end < sentence.end && (end == begin || n + counts[end] <= cap) {
            n += counts[end];
            end += 1;
        }
        if end == sentence.end {
            out.push(Window {
                tokens: begin..end,
                owned: owned_from..end,
            });
            return;
        }
        let (mut next, mut shared) = (end, 0);
        while next > begin + 1 && shared < OVERLAP {
            next -= 1;
            shared += counts[next];
        }
        let middle = (next + end).div_ceil(2).max(owned_from);
        out.push(Window {
            tokens: begin..end,
            owned: owned_from..middle,
        });
        owned_from = middle;
        begin = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token is owned by exactly one window that holds it, windows fit, and a long
    /// sentence's windows overlap.
    fn check(counts: &[usize], sentences: &[Range<usize>]) -> Vec<Window> {
        let windows = windows(counts, sentences);
        let mut owner = vec![0; counts.len()];
        for w in &windows {
            assert!(
                w.owned.start >= w.tokens.start && w.owned.end <= w.tokens.end,
                "{w:?}"
            );
            assert!(
                counts[w.tokens.clone()].iter().sum::<usize>() <= WINDOW - 2 || w.tokens.len() == 1
            );
            for t in w.owned.clone() {
                owner[t] += 1;
            }
        }
        assert!(owner.iter().all(|&o| o == 1), "{owner:?} {windows:?}");
        windows
    }

    #[test]
    fn sentences_pack_and_long_ones_overlap() {
        let counts = vec![1; 40];
        let w = check(&counts, &[0..10, 10..20, 20..40]);
        assert_eq!(w.len(), 1);
        let counts = vec![2; 300];
        let w = check(&counts, &[0..5, 5..290]);
        assert!(w.len() >= 5);
        // Windows of one long sentence overlap or touch.
        assert!(w.windows(2).all(|p| p[1].tokens.start <= p[0].tokens.end));
        check(&[0, 0, 126, 126, 5], std::slice::from_ref(&(0..5)));
        check(&[], &[]);
        check(&[3, 4], &[]);
    }
}
