//! rhetor's technique layer: how an article persuades.
//!
//! It marks spans of the 14 persuasion techniques of the PTC taxonomy (loaded language, name
//! calling, exaggeration, doubt, appeal to fear, flag-waving, ...). One classifier per technique
//! ([`model`]), trained by rhetor on the PTC corpus (SemEval-2020 Task 11), scores every token
//! from its word, its neighbours and the words of its sentence; a run of tokens that rises above
//! the technique's threshold (and goes on while a little below it) is a span, or marks its whole
//! sentence for the techniques that are a matter of the clause (the model's [`Extent`]). Its
//! confidence is the run's mean score, its evidence the word that weighs most for the technique.
//! Names are masked in every feature, so swapping who is named changes nothing.

pub mod data;
pub mod features;
pub mod model;

use std::ops::Range;

use rhetor_doc::{Analyzer, Doc, Span, Technique, TechniqueSpan};

pub use crate::model::{Examples, Extent, Model, ModelError};

const BUNDLED: &[u8] = include_bytes!("../../../models/techniques.bin");

/// The technique layer as a pipeline stage (it reads only the text layer).
pub struct TechniqueLayer {
    model: Model,
    /// Every technique's weight of each bucket side by side (`[bucket * n + technique]`), so
    /// scoring a token reads one cache line per feature instead of one per technique.
    table: Vec<f32>,
}

/// One technique span in a sentence, in token positions.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub technique: Technique,
    pub tokens: Range<usize>,
    pub confidence: f32,
    /// The token that weighs most for the technique.
    pub evidence: usize,
}

impl TechniqueLayer {
    pub fn new(model: Model) -> Self {
        let n = model.techniques.len();
        let mut table = vec![0f32; features::BUCKETS * n];
        for (k, m) in model.techniques.iter().enumerate() {
            for (b, w) in m.linear.weights.iter().enumerate() {
                table[b * n + k] = *w;
            }
        }
        TechniqueLayer { model, table }
    }

    /// The layer with the model compiled into rhetor (`models/techniques.bin`).
    pub fn bundled() -> Result<Self, ModelError> {
        Ok(TechniqueLayer::new(Model::from_bytes(BUNDLED)?))
    }

    /// Every technique's score of every token of one sentence (`scores[k][i]` for technique
    /// `k` of the model and token `i`), what the token's own features add to its log-odds
    /// (`own[k][i]`, its sentence aside), and each token's word feature.
    pub fn scores(&self, tokens: &[&str], repeats: &[u8]) -> Scores {
        let n = self.model.techniques.len();
        let add = |sums: &mut [f32], buckets: &[u32]| {
            for &b in buckets {
                let row = &self.table[b as usize * n..(b as usize + 1) * n];
                for (s, w) in sums.iter_mut().zip(row) {
                    *s += w;
                }
            }
        };
        // Per token, the log-odds of every technique: the piece's shared context once, then
        // each token's own features.
        let mut margins: Vec<f32> = Vec::with_capacity(tokens.len() * n);
        let mut own_margins: Vec<f32> = Vec::with_capacity(tokens.len() * n);
        let mut words: Vec<u32> = Vec::with_capacity(tokens.len());
        for piece in &features::pieces(tokens, repeats) {
            let mut context = vec![0f32; n];
            add(&mut context, &piece.context);
            for own in &piece.own {
                let start = own_margins.len();
                own_margins.extend(std::iter::repeat_n(0.0, n));
                add(&mut own_margins[start..], own);
                margins.extend(
                    context
                        .iter()
                        .zip(&own_margins[start..])
                        .map(|(c, o)| c + o),
                );
                words.push(own[0]);
            }
        }
        let per_technique = |values: &[f32], f: fn(f32) -> f32| -> Vec<Vec<f32>> {
            (0..n)
                .map(|k| (0..words.len()).map(|i| f(values[i * n + k])).collect())
                .collect()
        };
        Scores {
            score: per_technique(&margins, |m| 1.0 / (1.0 + (-m).exp())),
            own: per_technique(&own_margins, |m| m),
            words,
        }
    }

    /// The technique spans of one sentence, from its tokens as written and their
    /// [`features::repeat_levels`] in the document.
    pub fn find(&self, tokens: &[&str], repeats: &[u8]) -> Vec<Found> {
        let Scores { score, own, words } = self.scores(tokens, repeats);
        let mut out = Vec::new();
        for ((m, scores), own) in self.model.techniques.iter().zip(&score).zip(&own) {
            // A word's own feature comes first: its weight is the word's evidence (a content
            // word's: "a" or "the" explains nothing).
            let evidence = |run: &Range<usize>| {
                run.clone()
                    .filter(|&k| is_content_word(tokens[k]))
                    .max_by(|&x, &y| {
                        m.linear.weights[words[x] as usize]
                            .total_cmp(&m.linear.weights[words[y] as usize])
                    })
                    .unwrap_or(run.start)
            };
            for (span, run) in spans(tokens, scores, own, m.threshold, m.extent) {
                out.push(Found {
                    technique: m.technique,
                    confidence: mean(scores, &run),
                    evidence: evidence(&run),
                    tokens: span,
                });
            }
        }
        out
    }
}

fn mean(scores: &[f32], run: &Range<usize>) -> f32 {
    scores[run.clone()].iter().sum::<f32>() / run.len() as f32
}

/// A technique's spans in one sentence at `threshold`, each with the run of tokens it rests on:
/// the [`runs`] themselves, or for [`Extent::Sentence`] the sentence's words once a run is
/// found, resting on the surest run.
pub fn spans(
    tokens: &[&str],
    scores: &[f32],
    own: &[f32],
    threshold: f32,
    extent: Extent,
) -> Vec<(Range<usize>, Range<usize>)> {
    let found = runs(tokens, scores, own, threshold);
    match extent {
        Extent::Words => found.into_iter().map(|run| (run.clone(), run)).collect(),
        Extent::Sentence => found
            .into_iter()
            .max_by(|a, b| mean(scores, a).total_cmp(&mean(scores, b)))
            .map(|best| (words_of(tokens), best))
            .into_iter()
            .collect(),
    }
}

/// The tokens of a sentence from its first word to its last (no punctuation at either end).
fn words_of(tokens: &[&str]) -> Range<usize> {
    let start = tokens.iter().position(|t| is_word(t)).unwrap_or(0);
    let end = tokens
        .iter()
        .rposition(|t| is_word(t))
        .map_or(start, |e| e + 1);
    start..end.max(start)
}

fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Words that carry no technique on their own: a run of nothing but these ("a", "of the") is
/// the classifier's context spilling over, not a finding.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or",
    "but", "that", "this", "these", "those", "it", "its", "is", "are", "was", "were", "be", "been",
    "has", "have", "had", "as", "so", "than", "then", "he", "she", "they", "we", "i", "you", "his",
    "her", "their", "our", "my", "your", "him", "them", "us", "me", "which", "who", "what", "not",
    "do", "does", "did", "will", "would", "can", "could", "there", "here", "if", "about", "into",
    "'s", "s", "n't",
];

fn is_content_word(token: &str) -> bool {
    is_word(token) && !FUNCTION_WORDS.contains(&token.to_lowercase().as_str())
}

/// How far a token's own features may argue against a technique in a run that has no better
/// token (PTC train, five folds: -1 gave F1 0.121 and precision 0.131; no such rule 0.118 and
/// 0.122; 0 raised precision to 0.140 but cost span identification 3 points).
const OWN_FLOOR: f32 = -1.0;

/// One sentence's token scores, per technique (see [`TechniqueLayer::scores`]).
pub struct Scores {
    pub score: Vec<Vec<f32>>,
    pub own: Vec<Vec<f32>>,
    pub words: Vec<u32>,
}

/// How far below its technique's threshold a run goes on once a token rose above it (PTC
/// five-fold: 0 -> 0.4 took span F1 from 0.291 to 0.336, technique F1 from 0.121 to 0.132; the
/// tokens a run starts from are sure, its edges less so).
const HYSTERESIS: f32 = 0.4;

/// The runs of tokens that reach `threshold` (extended while within [`HYSTERESIS`] of it),
/// without punctuation at either end, that hold at least one content word and one token whose
/// own features do not argue against the technique (`own` log-odds above [`OWN_FLOOR`]): a run
/// that only its sentence lifts is the sentence's tone, not a finding.
fn runs(tokens: &[&str], scores: &[f32], own: &[f32], threshold: f32) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < scores.len() {
        if scores[i] < threshold {
            i += 1;
            continue;
        }
        // Hysteresis: a run starts above the threshold and goes on while a little below it.
        let low = threshold - HYSTERESIS;
        let mut start = i;
        while start > 0 && scores[start - 1] >= low {
            start -= 1;
        }
        while i < scores.len() && scores[i] >= low {
            i += 1;
        }
        let (mut a, mut b) = (start, i);
        while a < b && !is_word(tokens[a]) {
            a += 1;
        }
        while b > a && !is_word(tokens[b - 1]) {
            b -= 1;
        }
        if tokens[a..b].iter().any(|t| is_content_word(t))
            && own[a..b].iter().any(|&o| o > OWN_FLOOR)
        {
            out.push(a..b);
        }
    }
    out
}

impl Analyzer for TechniqueLayer {
    fn name(&self) -> &'static str {
        "techniques"
    }

    /// Its rules and model know English only.
    fn languages(&self) -> &'static [&'static str] {
        &["en"]
    }

    fn analyze(&self, doc: &mut Doc) {
        let mut spans = Vec::new();
        let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
        let repeats = features::repeat_levels(&words);
        for range in doc.sentence_tokens() {
            let tokens = &doc.tokens[range.clone()];
            let text = &words[range.clone()];
            for f in self.find(text, &repeats[range]) {
                spans.push(TechniqueSpan {
                    span: Span::new(
                        tokens[f.tokens.start].span.start,
                        tokens[f.tokens.end - 1].span.end,
                    ),
                    technique: f.technique,
                    confidence: f.confidence,
                    evidence: format!("the word \"{}\" weighs most", text[f.evidence]),
                });
            }
        }
        spans.sort_by_key(|s| (s.span.start, s.span.end));
        doc.layers.techniques = Some(spans);
    }
}

/// The training examples of some articles: every token's features and the techniques of the
/// gold spans it lies in.
pub fn examples<'a>(articles: impl IntoIterator<Item = &'a data::Article>) -> Examples {
    let mut out = Examples {
        features: Vec::new(),
        labels: Vec::new(),
    };
    for article in articles {
        let mut doc = Doc::new(article.id.clone(), article.text.clone());
        rhetor_text::analyze(&mut doc);
        let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
        let repeats = features::repeat_levels(&words);
        for range in doc.sentence_tokens() {
            let tokens = &doc.tokens[range.clone()];
            out.features
                .extend(features::extract(&words[range.clone()], &repeats[range]));
            out.labels.extend(tokens.iter().map(|t| {
                article
                    .spans
                    .iter()
                    .filter(|(_, s)| s.overlaps(t.span))
                    .fold(0u16, |m, (technique, _)| {
                        let k = Technique::ALL.iter().position(|x| x == technique);
                        m | k.map_or(0, |k| 1 << k)
                    })
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_model_loads_and_reads_both_sides_alike() {
        let layer = TechniqueLayer::bundled().unwrap();
        let sentence = |x: &'static str, y: &'static str| {
            let tokens = [
                x,
                "is",
                "a",
                "disgraceful",
                "liar",
                "who",
                "betrayed",
                y,
                "'s",
                "voters",
                "!",
            ];
            layer.find(&tokens, &features::repeat_levels(&tokens))
        };
        let (a, b) = (sentence("Rivera", "Chen"), sentence("Chen", "Rivera"));
        assert_eq!(a, b, "swapping the names changes nothing");
        let calm = ["The", "council", "meets", "on", "Monday", "."];
        assert!(
            layer
                .find(&calm, &features::repeat_levels(&calm))
                .is_empty()
        );
    }

    #[test]
    fn repetition_is_counted_over_the_document() {
        assert_eq!(
            features::repeat_levels(&["Never", "again", ",", "never", "again", "!"]),
            [1, 1, 0, 1, 1, 0]
        );
    }

    #[test]
    fn model_files_round_trip_and_bad_ones_are_refused() {
        let layer = TechniqueLayer::bundled().unwrap();
        let bytes = layer.model.to_bytes();
        assert_eq!(Model::from_bytes(&bytes).unwrap(), layer.model);
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() / 2]),
            Err(ModelError::Truncated)
        ));
        assert!(matches!(
            Model::from_bytes(b"XXXX\x01"),
            Err(ModelError::Magic)
        ));
    }
}
