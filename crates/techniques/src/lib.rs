//! rhetor's technique layer: how an article persuades.
//!
//! It marks spans of the 14 persuasion techniques of the PTC taxonomy (loaded language, name
//! calling, exaggeration, doubt, appeal to fear, flag-waving, ...) in two steps, as the
//! SemEval-2020 Task 11 systems did. Taggers ([`tagger`]) score every token for lying inside a
//! persuasive span, from sparse features of the word and its sentence and from the vectors of
//! the representation stage (static word vectors in the fast tier, contextual ones in the
//! accurate tier, each tier with its own model: so it knows "monsters" from having seen
//! "thugs"): one tagger for the techniques of words and phrases (loaded language, name calling,
//! exaggeration, ...), one for those of clauses (doubt, appeal to fear, causal
//! oversimplification, ...), as PTC marks the first in spans of about three words and the
//! second in spans of about fifteen; runs of high scores become spans ([`decode`]); a
//! classifier ([`classify`]) names each span's technique among its tagger's. A span's
//! confidence is calibrated, for each tagger, on the training folds ([`calibrate`]): among
//! spans given 0.8, about 8 in 10 were right. Its evidence
//! is the span's word that weighs most for its technique. Names are masked in every feature and
//! have no vector, so swapping who is named changes nothing.

pub mod calibrate;
pub mod classify;
pub mod data;
pub mod decode;
pub mod dense;
pub mod features;
pub mod model;
pub mod tagger;
pub mod train;

use std::ops::Range;
use std::sync::Arc;

use rhetor_doc::{Analyzer, Doc, Span, Technique, TechniqueSpan};
use rhetor_represent::{Representer, Tier};
use rhetor_text::linear::masked_document;

use crate::decode::{Decoding, is_content_word};
use crate::dense::Lexicon;
use crate::tagger::Dots;

pub use crate::model::{Model, ModelError, SpanTagger};

const BUNDLED_FAST: &[u8] = include_bytes!("../../../models/techniques.bin");
const BUNDLED_ACCURATE: &[u8] = include_bytes!("../../../models/techniques-accurate.bin");

/// The technique layer as a pipeline stage (it reads the text layer and the representation).
pub struct TechniqueLayer {
    model: Model,
    representer: Representer,
    /// The fast tier's table and each tagger's dot products, the same for every document.
    fast: Option<(Arc<Lexicon>, Arc<Vec<Dots>>)>,
    /// For each tagger, which of the model's techniques its spans may be named.
    allowed: Vec<Vec<bool>>,
}

/// What the layer reads of one document beyond its words: the vector table, the tagger's dot
/// products with its rows, and each token's row.
pub struct Dense {
    pub lexicon: Arc<Lexicon>,
    /// Each tagger's dot products with the table's rows.
    pub dots: Arc<Vec<Dots>>,
    pub rows: Vec<u32>,
}

/// One sentence as the layer reads it.
pub struct Sentence {
    /// Its tokens, as indexes into [`Doc::tokens`].
    pub tokens: Range<usize>,
    /// Its words as written.
    pub words: Vec<String>,
    /// Its words as the models see them (lower case, names masked).
    pub masked: Vec<String>,
    /// How often each word occurs in the whole document ([`features::repeat_levels`]).
    pub repeats: Vec<u8>,
    /// Each word's row in the vector table; names have none.
    pub rows: Vec<u32>,
}

/// The sentences of a document that went through the text layer; `rows` are its tokens' rows
/// in the vector table.
pub fn sentences(doc: &Doc, rows: &[u32]) -> impl Iterator<Item = Sentence> {
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let repeats = features::repeat_levels(&words);
    let ranges = doc.sentence_tokens();
    let masked = masked_document(&words, &ranges);
    let words: Vec<String> = words.into_iter().map(str::to_string).collect();
    ranges.into_iter().map(move |range| Sentence {
        rows: dense::sentence_rows(&rows[range.clone()], &masked[range.clone()]),
        words: words[range.clone()].to_vec(),
        repeats: repeats[range.clone()].to_vec(),
        masked: masked[range.clone()].to_vec(),
        tokens: range,
    })
}

/// One technique span in a sentence, in token positions.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub technique: Technique,
    pub tokens: Range<usize>,
    /// The span's mean tagger score times the technique's probability.
    pub raw: f32,
    /// `raw` calibrated: the share of such spans that were right on the training folds.
    pub confidence: f32,
    /// Which of the model's taggers found it.
    pub tagger: usize,
    /// The word that weighs most for the technique (never a name).
    pub evidence: usize,
    /// Each technique's probability (in the model's order).
    pub probabilities: Vec<f32>,
}

impl TechniqueLayer {
    /// The layer over `model`, whose dense weights must belong to `representer`'s vectors.
    pub fn new(model: Model, representer: Representer) -> Result<Self, ModelError> {
        let fits = match &representer {
            Representer::Fast(v) => {
                (model.dim as usize, model.rows as usize) == (v.dim(), v.rows())
            }
            Representer::Accurate(e) => model.rows == 0 && model.dim as usize == e.dim(),
        };
        if !fits {
            return Err(ModelError::Representation(
                model.tier().name(),
                model.dim,
                representer.tier().name(),
            ));
        }
        let fast = match &representer {
            Representer::Fast(vectors) => {
                let lexicon = Lexicon::new(vectors);
                let dots = model.dots(&lexicon);
                Some((Arc::new(lexicon), Arc::new(dots)))
            }
            Representer::Accurate(_) => None,
        };
        let allowed = model
            .taggers
            .iter()
            .map(|t| {
                model
                    .techniques
                    .iter()
                    .map(|x| t.techniques.contains(x))
                    .collect()
            })
            .collect();
        Ok(TechniqueLayer {
            model,
            representer,
            fast,
            allowed,
        })
    }

    /// The layer with the model of `representer`'s tier compiled into rhetor
    /// (`models/techniques.bin`, `models/techniques-accurate.bin`).
    pub fn bundled(representer: Representer) -> Result<Self, ModelError> {
        let bytes = match representer.tier() {
            Tier::Fast => BUNDLED_FAST,
            Tier::Accurate => BUNDLED_ACCURATE,
        };
        TechniqueLayer::new(Model::from_bytes(bytes)?, representer)
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The dense input of `doc`, whose representation must be this layer's tier's.
    pub fn dense(&self, doc: &Doc) -> Dense {
        match &self.fast {
            Some((lexicon, dots)) => Dense {
                lexicon: lexicon.clone(),
                dots: dots.clone(),
                rows: doc.representation.rows.clone(),
            },
            None => {
                let (lexicon, rows) = Lexicon::contextual(&doc.representation.contextual);
                Dense {
                    dots: Arc::new(self.model.dots(&lexicon)),
                    lexicon: Arc::new(lexicon),
                    rows,
                }
            }
        }
    }

    /// Each tagger's probabilities of each token lying inside a span of its kind; `dots` (one
    /// per tagger) belong to the table the sentence's rows index.
    pub fn scores(&self, sentence: &Sentence, dots: &[Dots]) -> Vec<Vec<f32>> {
        let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
        let pieces = features::pieces(&words, &sentence.masked, &sentence.repeats);
        self.model
            .taggers
            .iter()
            .zip(dots)
            .map(|(t, dots)| tagger::scores(&t.tagger, dots, &pieces, &sentence.rows))
            .collect()
    }

    /// The technique spans of one sentence from its taggers' token `scores`, each tagger's
    /// decoded as its entry of `decodings` says and named among its techniques.
    pub fn find(
        &self,
        sentence: &Sentence,
        scores: &[Vec<f32>],
        decodings: &[Decoding],
        lexicon: &Lexicon,
    ) -> Vec<Found> {
        let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
        let mut dense = vec![0f32; classify::DENSE_PARTS * lexicon.dim()];
        let mut out = Vec::new();
        for (k, (((t, allowed), scores), decoding)) in self
            .model
            .taggers
            .iter()
            .zip(&self.allowed)
            .zip(scores)
            .zip(decodings)
            .enumerate()
        {
            for (span, mean) in decode::spans(&words, scores, decoding) {
                let mut p =
                    self.technique_probabilities(sentence, span.clone(), lexicon, &mut dense);
                for (p, &allowed) in p.iter_mut().zip(allowed) {
                    *p *= allowed as u8 as f32;
                }
                let total: f32 = p.iter().sum();
                p.iter_mut()
                    .for_each(|p| *p /= total.max(f32::MIN_POSITIVE));
                let best = (0..p.len())
                    .max_by(|&a, &b| p[a].total_cmp(&p[b]))
                    .unwrap_or(0);
                let raw = mean * p[best];
                out.push(Found {
                    technique: self.model.techniques[best],
                    evidence: self.evidence(sentence, span.clone(), best),
                    confidence: t.calibration.apply(raw),
                    raw,
                    tagger: k,
                    tokens: span,
                    probabilities: p,
                });
            }
        }
        out
    }

    /// The probability of each technique (in the model's order) for a span of a sentence.
    pub fn technique_probabilities(
        &self,
        sentence: &Sentence,
        span: Range<usize>,
        lexicon: &Lexicon,
        dense: &mut Vec<f32>,
    ) -> Vec<f32> {
        dense.resize(classify::DENSE_PARTS * lexicon.dim(), 0.0);
        let sparse = classify::features(&sentence.masked, &sentence.repeats, span.clone());
        classify::dense(lexicon, &sentence.rows, span, dense);
        self.model.classifier.probabilities(&sparse, dense)
    }

    /// The span's content word (never a name) whose weight for technique `k` is highest.
    fn evidence(&self, sentence: &Sentence, span: Range<usize>, k: usize) -> usize {
        let classes = self.model.classifier.classes;
        let weight = |i: usize| {
            let b = classify::span_word(&sentence.masked[i]) as usize;
            self.model.classifier.sparse[b * classes + k]
        };
        span.clone()
            .filter(|&i| sentence.masked[i] != "<name>" && is_content_word(&sentence.words[i]))
            .max_by(|&a, &b| weight(a).total_cmp(&weight(b)))
            .unwrap_or(span.start)
    }
}

impl Analyzer for TechniqueLayer {
    fn name(&self) -> &'static str {
        "techniques"
    }

    /// Its model knows English only.
    fn languages(&self) -> &'static [&'static str] {
        &["en"]
    }

    fn analyze(&self, doc: &mut Doc) {
        // A pipeline without the representation stage (a test's, a candidate's) still works.
        if !self.representer.done(doc) {
            self.representer.represent(doc);
        }
        let dense = self.dense(doc);
        let decodings: Vec<Decoding> = self.model.taggers.iter().map(|t| t.decoding).collect();
        let mut spans = Vec::new();
        for sentence in sentences(doc, &dense.rows) {
            let scores = self.scores(&sentence, &dense.dots);
            for f in self.find(&sentence, &scores, &decodings, &dense.lexicon) {
                let tokens = &doc.tokens[sentence.tokens.clone()];
                let evidence = &sentence.words[f.evidence];
                spans.push(TechniqueSpan {
                    span: Span::new(
                        tokens[f.tokens.start].span.start,
                        tokens[f.tokens.end - 1].span.end,
                    ),
                    technique: f.technique,
                    confidence: f.confidence,
                    evidence: if sentence.masked[f.evidence] == "<name>" {
                        "the wording of the span".to_string()
                    } else {
                        format!("the word \"{evidence}\" weighs most")
                    },
                });
            }
        }
        spans.sort_by_key(|s| (s.span.start, s.span.end));
        doc.layers.techniques = Some(spans);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer() -> TechniqueLayer {
        layer_of(Tier::Fast)
    }

    fn layer_of(tier: Tier) -> TechniqueLayer {
        TechniqueLayer::bundled(Representer::bundled(tier).unwrap()).unwrap()
    }

    fn found(layer: &TechniqueLayer, text: &str) -> Vec<(usize, usize, Technique, u32)> {
        let mut doc = Doc::new("t", text);
        rhetor_text::analyze(&mut doc);
        layer.analyze(&mut doc);
        doc.layers
            .techniques
            .unwrap()
            .iter()
            .map(|t| {
                // In tokens, so names of any length compare.
                let token = |at: usize| doc.tokens.iter().position(|k| k.span.end > at).unwrap();
                (
                    token(t.span.start),
                    token(t.span.end - 1),
                    t.technique,
                    (t.confidence * 1e4) as u32,
                )
            })
            .collect()
    }

    /// Neutrality: swapping people, parties and countries changes no span, technique or
    /// confidence, in either tier.
    #[test]
    fn swapping_names_changes_nothing() {
        for tier in Tier::ALL {
            swapping_names_changes_nothing_in(tier);
        }
    }

    fn swapping_names_changes_nothing_in(tier: Tier) {
        let layer = layer_of(tier);
        let text = |a: &str, b: &str, party: &str, country: &str| {
            format!(
                "{a} is a disgraceful liar who betrayed the voters of {country}! The {party} \
                 thugs around {b} will destroy everything we love. Everyone knows that {a} \
                 lies, and {b} says {country} must stand strong."
            )
        };
        let first = found(&layer, &text("Rivera", "Chen", "Labour", "Israel"));
        assert!(!first.is_empty(), "the loaded words are found ({tier:?})");
        for (a, b, party, country) in [
            ("Netanyahu", "Sinwar", "Likud", "Israel"),
            ("Sinwar", "Netanyahu", "Hamas", "Palestine"),
            ("Putin", "Zelensky", "Republican", "Russia"),
            ("Zelensky", "Putin", "Democratic", "Ukraine"),
        ] {
            assert_eq!(
                first,
                found(&layer, &text(a, b, party, country)),
                "{a} {b} {party} {country} ({tier:?})"
            );
        }
    }

    /// A headline in title case is read as words, not as a row of names.
    #[test]
    fn a_title_case_headline_is_read_as_words() {
        let layer = layer();
        let mut doc = Doc::new(
            "h",
            "Greedy Thugs Wreck The Harbour Again\n\nThe council met on Monday in the hall.",
        );
        rhetor_text::analyze(&mut doc);
        layer.representer.represent(&mut doc);
        let dense = layer.dense(&doc);
        let headline = sentences(&doc, &dense.rows).next().unwrap();
        assert_eq!(headline.masked[0], "greedy");
        let words: Vec<&str> = headline.words.iter().map(String::as_str).collect();
        let as_names = rhetor_text::linear::masked_words(&words);
        assert_eq!(as_names[0], "<name>");
        let read = layer.scores(&headline, &dense.dots).remove(0);
        let masked_all = tagger::scores(
            &layer.model.taggers[0].tagger,
            &dense.dots[0],
            &features::pieces(&words, &as_names, &headline.repeats),
            &headline.rows,
        );
        assert_ne!(read, masked_all);
    }

    #[test]
    fn confidences_are_probabilities_and_spans_hold_words() {
        let layer = layer();
        let text = "The council meets on Monday. These corrupt monsters are destroying our \
                    great nation, and only a fool would trust them!";
        let mut doc = Doc::new("t", text);
        rhetor_text::analyze(&mut doc);
        layer.analyze(&mut doc);
        for t in doc.layers.techniques.clone().unwrap() {
            assert!((0.0..=1.0).contains(&t.confidence));
            assert!(doc.slice(t.span).chars().any(char::is_alphanumeric));
            assert!(!t.evidence.is_empty());
        }
    }

    #[test]
    fn model_files_round_trip_and_bad_ones_are_refused() {
        let layer = layer();
        let bytes = layer.model.to_bytes();
        assert_eq!(Model::from_bytes(&bytes).unwrap(), layer.model);
        for cut in [0, 5, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(Model::from_bytes(&bytes[..cut]).is_err());
        }
        assert!(matches!(
            Model::from_bytes(b"XXXX\x01"),
            Err(ModelError::Magic)
        ));
        let other = rhetor_represent::Vectors::new(3, &[vec![1.0, 0.0, 0.0]], []);
        assert!(matches!(
            TechniqueLayer::new(layer.model.clone(), Representer::Fast(Arc::new(other))),
            Err(ModelError::Representation(..))
        ));
        let accurate = Representer::bundled(Tier::Accurate).unwrap();
        assert!(matches!(
            TechniqueLayer::new(layer.model.clone(), accurate),
            Err(ModelError::Representation(..))
        ));
    }
}
