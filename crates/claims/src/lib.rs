//! rhetor's claim layer: the statements an article makes, who makes them, and how worth
//! fact-checking they are.
//!
//! Every statement (a body, quote or list sentence that is not a question) is scored by a
//! check-worthiness model ([`model`]) trained by rhetor on CLEF-2019 CheckThat! (political
//! debates labelled from factcheck.org analyses): numbers, amounts, comparisons and named actors
//! raise the score, opinions and small talk lower it. A statement whose score reaches the
//! threshold chosen for precision on held-out debates is a claim; every sentence is scored by
//! where it ranks among the training sentences (0.97: more check-worthy than 97% of them). Its speaker is the cited source when an attribution
//! reports it (the claim is then the reported content within the sentence), else the author.

pub mod data;
pub mod features;
pub mod model;

use rhetor_doc::{
    Analyzer, Claim, Doc, ParagraphKind, SentenceScore, Span, Speaker, TokenKind, containing,
    overlapping,
};

pub use crate::model::{Model, ModelError};

const BUNDLED: &[u8] = include_bytes!("../../../models/checkworthy.bin");

/// The claim layer as a pipeline stage. It runs after the attribution layer, whose attributions
/// give the speakers.
pub struct ClaimLayer {
    model: Model,
}

impl ClaimLayer {
    pub fn new(model: Model) -> Self {
        ClaimLayer { model }
    }

    /// The layer with the model compiled into rhetor (`models/checkworthy.bin`).
    pub fn bundled() -> Result<Self, ModelError> {
        Ok(ClaimLayer::new(Model::from_bytes(BUNDLED)?))
    }

    /// How worth checking a sentence is, from its tokens as written: its rank among the
    /// training sentences, in `[0, 1]`, and whether it is a claim.
    pub fn score(&self, tokens: &[&str]) -> (f32, bool) {
        let margin = self.model.margin(&features::extract(tokens));
        (self.model.percentile(margin), self.model.is_claim(margin))
    }
}

impl Analyzer for ClaimLayer {
    fn name(&self) -> &'static str {
        "claims"
    }

    /// Its rules and model know English only.
    fn languages(&self) -> &'static [&'static str] {
        &["en"]
    }

    fn analyze(&self, doc: &mut Doc) {
        let attributions = doc.layers.attributions.as_deref().unwrap_or_default();
        let headings: Vec<Span> = doc
            .layers
            .paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Heading)
            .map(|p| p.span)
            .collect();
        let ranges = doc.sentence_tokens();
        let sentences: Vec<Span> = ranges
            .iter()
            .map(
                |r| match (doc.tokens[r.clone()].first(), doc.tokens[r.clone()].last()) {
                    (Some(first), Some(last)) => Span::new(first.span.start, last.span.end),
                    _ => Span::default(),
                },
            )
            .collect();
        // The attributions whose content overlaps each sentence, found once for the document.
        let reporting = overlapping(
            &sentences,
            attributions
                .iter()
                .enumerate()
                .flat_map(|(i, a)| a.content.iter().map(move |c| (i, *c))),
        );
        let mut claims = Vec::new();
        let mut scores = Vec::with_capacity(ranges.len());
        for (k, range) in ranges.into_iter().enumerate() {
            let tokens = &doc.tokens[range];
            let (sentence, Some(last)) = (sentences[k], tokens.last()) else {
                continue;
            };
            // Every sentence is scored, so users can rank them all; claims are the statements
            // above the threshold (no question, no heading, no fragment).
            let text: Vec<&str> = tokens.iter().map(|t| doc.slice(t.span)).collect();
            let (score, claim) = self.score(&text);
            scores.push(SentenceScore {
                span: sentence,
                score,
            });
            let words = tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
            if !claim
                || words < 5
                || doc.slice(last.span) == "?"
                || containing(&headings, sentence).is_some()
            {
                continue;
            }
            // A reported statement is its source's claim: the reported words in this sentence.
            let reported = reporting[k].first().and_then(|&i| {
                attributions[i]
                    .content
                    .iter()
                    .find(|c| c.overlaps(sentence))
                    .map(|c| {
                        (
                            i,
                            Span::new(c.start.max(sentence.start), c.end.min(sentence.end)),
                        )
                    })
            });
            let (span, speaker) = match reported {
                Some((i, span)) => (span, Speaker::Attribution(i)),
                None => (sentence, Speaker::Author),
            };
            claims.push(Claim {
                span,
                speaker,
                checkworthy: score,
            });
        }
        doc.layers.claims = Some(claims);
        doc.layers.checkworthiness = Some(scores);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_model_loads_and_ranks_numbers_above_small_talk() {
        let layer = ClaimLayer::bundled().unwrap();
        let (fact, _) = layer.score(&[
            "Unemployment",
            "fell",
            "from",
            "9",
            "percent",
            "to",
            "4",
            "percent",
            "in",
            "six",
            "years",
            ".",
        ]);
        let (chat, _) = layer.score(&["Thank", "you", "all", "for", "coming", "tonight", "."]);
        assert!(fact > chat, "{fact} vs {chat}");
    }

    #[test]
    fn every_sentence_is_scored_and_claims_are_the_high_ones() {
        let mut doc = Doc::new(
            "t",
            "Harbour tolls rose by 40 percent in 2023, the highest rise in a decade. Why? \
             Thanks, see you all next week.",
        );
        rhetor_text::analyze(&mut doc);
        ClaimLayer::bundled().unwrap().analyze(&mut doc);
        let scores = doc.layers.checkworthiness.unwrap();
        let spans: Vec<Span> = scores.iter().map(|s| s.span).collect();
        assert_eq!(spans, doc.layers.sentences);
        assert!(scores[0].score > scores[2].score);
        let claims = doc.layers.claims.unwrap();
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].checkworthy, scores[0].score);
    }

    #[test]
    fn model_files_round_trip_and_bad_ones_are_refused() {
        let mut m = Model {
            linear: rhetor_text::linear::Logistic::zeros(features::BUCKETS),
            percentiles: vec![-2.0, 0.0, 3.0],
            claim_threshold: 1.5,
        };
        m.linear.weights[3] = 1.25;
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert!((back.linear.weights[3] - 1.25).abs() < 1e-3);
        assert_eq!(back.percentiles, m.percentiles);
        assert_eq!(back.claim_threshold, 1.5);
        assert_eq!(
            (m.percentile(-5.0), m.percentile(1.0), m.percentile(9.0)),
            (0.0, 0.5, 1.0)
        );
        assert!(matches!(
            Model::from_bytes(b"RH"),
            Err(ModelError::Truncated)
        ));
        assert!(matches!(
            Model::from_bytes(b"XXXX\x01\x00\x00\x00\x00\x00\x00\x00\x00"),
            Err(ModelError::Magic)
        ));
        let bytes = m.to_bytes();
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() / 2]),
            Err(ModelError::Truncated)
        ));
    }
}
