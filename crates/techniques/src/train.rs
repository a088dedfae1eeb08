//! Training the tagger and the classifier on PTC articles (SemEval-2020 Task 11): every token
//! labelled by whether a gold span holds it, every gold span by its technique.

use rhetor_doc::{Doc, Technique};
use rhetor_represent::Vectors;

use crate::classify::{self, SpanExamples};
use crate::data::Article;
use crate::dense::Lexicon;
use crate::learn::Binary;
use crate::tagger::{SLOTS, TokenExamples, WithLexicon};
use crate::{Sentence, features, sentences};

/// Passes over the tokens (tagger) and the spans (classifier).
pub const TAGGER_EPOCHS: usize = 6;
pub const CLASSIFIER_EPOCHS: usize = 12;

/// How many tokens each side a gold span is also widened by for the classifier (PTC five
/// folds: 0 gave technique F1 0.117, 2 gave 0.124, 5 gave 0.127).
const WIDEN: usize = 5;

/// An article through the text layer and the representation, as the layer reads it.
pub fn read(article: &Article, vectors: &Vectors) -> (Doc, Vec<Sentence>) {
    let mut doc = Doc::new(article.id.clone(), article.text.clone());
    rhetor_text::analyze(&mut doc);
    let rows = rhetor_represent::rows(vectors, &doc);
    let sentences = sentences(&doc, &rows).collect();
    (doc, sentences)
}

/// The tagger and classifier trained on `articles`.
pub fn train<'a>(
    articles: impl IntoIterator<Item = &'a Article>,
    vectors: &Vectors,
    lexicon: &Lexicon,
) -> (Binary, crate::learn::Multiclass) {
    let mut tokens = TokenExamples::default();
    let mut spans = SpanExamples::default();
    let mut dense = vec![0f32; 2 * lexicon.dim()];
    for article in articles {
        let (doc, sentences) = read(article, vectors);
        for s in &sentences {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let token_spans: Vec<_> = doc.tokens[s.tokens.clone()]
                .iter()
                .map(|t| t.span)
                .collect();
            tokens.add(
                lexicon,
                &words,
                &s.repeats,
                &s.rows,
                token_spans
                    .iter()
                    .map(|t| article.spans.iter().any(|(_, g)| g.overlaps(*t))),
            );
            for (technique, gold) in &article.spans {
                let inside: Vec<usize> = (0..token_spans.len())
                    .filter(|&i| gold.overlaps(token_spans[i]))
                    .collect();
                let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
                    continue;
                };
                let k = Technique::ALL
                    .iter()
                    .position(|t| t == technique)
                    .unwrap_or(0);
                // The gold span, and the span widened as the tagger's decoding tends to find
                // it: the classifier learns the shapes it will be given.
                let wide = first.saturating_sub(WIDEN)..(last + 1 + WIDEN).min(s.words.len());
                for range in [first..last + 1, wide] {
                    spans
                        .features
                        .push(classify::features(&s.masked, &s.repeats, range.clone()));
                    classify::dense(lexicon, &s.rows, range, &mut dense);
                    spans.dense.push(dense.clone());
                    spans.labels.push(k);
                }
            }
        }
    }
    let positives = tokens.labels.iter().filter(|&&l| l).count().max(1);
    let negatives = (tokens.labels.len() - positives).max(1);
    let weight = (negatives as f32 / positives as f32).sqrt();
    let tagger = Binary::train(
        &WithLexicon(&tokens, lexicon),
        &tokens.labels,
        features::BUCKETS,
        SLOTS * lexicon.dim(),
        TAGGER_EPOCHS,
        weight,
    );
    let classifier = classify::train(
        &spans,
        Technique::ALL.len(),
        lexicon.dim(),
        CLASSIFIER_EPOCHS,
    );
    (tagger, classifier)
}
