//! Training the tagger and the classifier on PTC articles (SemEval-2020 Task 11): every token
//! labelled by whether a gold span holds it, every gold span (and every span a tagger found over
//! one) by its technique.

use std::ops::Range;
use std::sync::Arc;

use rhetor_doc::{Doc, NO_ROW, Span, Technique};
use rhetor_represent::Representer;

use crate::classify::{self, SpanExamples};
use crate::data::Article;
use crate::dense::Lexicon;
use crate::tagger::{SLOTS, TokenExamples, WithLexicon};
use crate::{Sentence, features, sentences};
use rhetor_text::learn::{Binary, Multiclass};

/// Passes over the tokens (tagger) and the spans (classifier).
pub const TAGGER_EPOCHS: usize = 6;
pub const CLASSIFIER_EPOCHS: usize = 12;

/// How many tokens each side a gold span is also widened by for the classifier (PTC five
/// folds: 0 gave technique F1 0.117, 2 gave 0.124, 5 gave 0.127).
const WIDEN: usize = 5;

/// Articles through the text layer and the representation, as the layer reads them, and the
/// one vector table their rows index (the static table, or every article's contextual vectors
/// one after another).
pub struct Corpus {
    pub lexicon: Arc<Lexicon>,
    pub docs: Vec<(Doc, Vec<Sentence>)>,
}

/// Reads `articles` in the representation of `representer`, on every core.
pub fn read(articles: &[Article], representer: &Representer) -> Corpus {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(articles.len())
        .max(1);
    let read_one = |article: &Article| {
        let mut doc = Doc::new(article.id.clone(), article.text.clone());
        rhetor_text::analyze(&mut doc);
        representer.represent(&mut doc);
        let own = match representer {
            Representer::Fast(_) => None,
            Representer::Accurate(_) => Some(Lexicon::contextual(&doc.representation.contextual)),
        };
        let rows = own
            .as_ref()
            .map_or(&doc.representation.rows, |(_, rows)| rows);
        let sentences: Vec<Sentence> = sentences(&doc, rows).collect();
        doc.representation = Default::default();
        (doc, sentences, own.map(|(lexicon, _)| lexicon))
    };
    let mut read: Vec<Option<_>> = (0..articles.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let read_one = &read_one;
                scope.spawn(move || {
                    (t..articles.len())
                        .step_by(threads)
                        .map(|i| (i, read_one(&articles[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (i, r) in h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)) {
                read[i] = Some(r);
            }
        }
    });
    let mut table = match representer {
        Representer::Fast(vectors) => Lexicon::new(vectors),
        Representer::Accurate(encoder) => Lexicon::empty(encoder.dim()),
    };
    let docs = read
        .into_iter()
        .map(|r| {
            let (doc, mut sentences, own) = r.expect("every article read");
            if let Some(own) = own {
                let first = table.append(&own);
                for s in &mut sentences {
                    s.rows
                        .iter_mut()
                        .filter(|r| **r != NO_ROW)
                        .for_each(|r| *r += first);
                }
            }
            (doc, sentences)
        })
        .collect();
    Corpus {
        lexicon: Arc::new(table),
        docs,
    }
}

/// The spans a tagger found in one article, each as its sentence and token range.
pub type Runs = Vec<(usize, Range<usize>)>;

/// The techniques PTC marks on words and short phrases (its spans of loaded language, name
/// calling and repetition hold three words at the median, exaggeration six): one tagger finds
/// these, another the techniques of clauses (doubt, appeal to fear, causal oversimplification,
/// ...: fifteen words and more). One tagger for all had learned to cover a whole emotive clause,
/// which hides the loaded words inside it (PTC five folds, fast tier: technique F1 0.150 with
/// one tagger; with the words' own tagger alone, loaded language 0.159 -> 0.192, name calling
/// 0.140 -> 0.181).
pub const WORD_LEVEL: [Technique; 6] = [
    Technique::LoadedLanguage,
    Technique::NameCallingLabeling,
    Technique::Repetition,
    Technique::ExaggerationMinimisation,
    Technique::Slogans,
    Technique::ThoughtTerminatingCliches,
];

/// Each tagger's name and techniques: those of words and phrases, then those of clauses.
pub fn groups() -> [(&'static str, Vec<Technique>); 2] {
    let (words, clauses) = Technique::ALL.iter().partition(|t| WORD_LEVEL.contains(t));
    [("words", words), ("clauses", clauses)]
}

/// The tagger of the techniques `group`, trained on the articles `which` of `corpus` (read
/// from `articles`): a token is inside a span when a gold span of one of them holds it.
pub fn tagger(
    corpus: &Corpus,
    articles: &[Article],
    which: &[usize],
    group: &[Technique],
) -> Binary {
    let lexicon = &*corpus.lexicon;
    let mut tokens = TokenExamples::default();
    for &i in which {
        let (article, (doc, sentences)) = (&articles[i], &corpus.docs[i]);
        for s in sentences {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            tokens.add(
                lexicon,
                &words,
                &s.masked,
                &s.repeats,
                &s.rows,
                doc.tokens[s.tokens.clone()].iter().map(|t| {
                    article
                        .spans
                        .iter()
                        .any(|(k, g)| group.contains(k) && g.overlaps(t.span))
                }),
            );
        }
    }
    let positives = tokens.labels.iter().filter(|&&l| l).count().max(1);
    let negatives = (tokens.labels.len() - positives).max(1);
    let weight = (negatives as f32 / positives as f32).sqrt();
    Binary::train(
        &WithLexicon(&tokens, lexicon),
        &tokens.labels,
        features::BUCKETS,
        SLOTS * lexicon.dim(),
        TAGGER_EPOCHS,
        weight,
    )
}

/// The classifier trained on the articles `which` of `corpus`: their gold spans, and the spans
/// a tagger found in them (`found`, by article; none where empty) labelled with the technique
/// of the gold span that covers most of each (a span that overlaps none is left out), so that
/// it learns the shapes it is given.
pub fn classifier(
    corpus: &Corpus,
    articles: &[Article],
    which: &[usize],
    found: &[Runs],
) -> Multiclass {
    let lexicon = &*corpus.lexicon;
    let mut spans = SpanExamples::default();
    let mut dense = vec![0f32; classify::DENSE_PARTS * lexicon.dim()];
    let mut add = |s: &Sentence, range: Range<usize>, k: usize| {
        spans
            .features
            .push(classify::features(&s.masked, &s.repeats, range.clone()));
        classify::dense(lexicon, &s.rows, range, &mut dense);
        spans.dense.push(dense.clone());
        spans.labels.push(k);
    };
    let index = |t: &Technique| Technique::ALL.iter().position(|x| x == t).unwrap_or(0);
    for &i in which {
        let (article, (doc, sentences)) = (&articles[i], &corpus.docs[i]);
        for s in sentences {
            let token_spans: Vec<Span> = doc.tokens[s.tokens.clone()]
                .iter()
                .map(|t| t.span)
                .collect();
            for (technique, gold) in &article.spans {
                let inside: Vec<usize> = (0..token_spans.len())
                    .filter(|&i| gold.overlaps(token_spans[i]))
                    .collect();
                let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
                    continue;
                };
                // The gold span, and the span widened as the tagger's decoding tends to find
                // it.
                let wide = first.saturating_sub(WIDEN)..(last + 1 + WIDEN).min(s.words.len());
                for range in [first..last + 1, wide] {
                    add(s, range, index(technique));
                }
            }
        }
        for (sentence, range) in found.get(i).into_iter().flatten() {
            let s = &sentences[*sentence];
            let span = Span::new(
                doc.tokens[s.tokens.start + range.start].span.start,
                doc.tokens[s.tokens.start + range.end - 1].span.end,
            );
            let covered = |g: &Span| g.end.min(span.end).saturating_sub(g.start.max(span.start));
            if let Some((technique, _)) = article
                .spans
                .iter()
                .filter(|(_, g)| covered(g) > 0)
                .max_by_key(|(_, g)| covered(g))
            {
                add(s, range.clone(), index(technique));
            }
        }
    }
    classify::train(
        &spans,
        Technique::ALL.len(),
        lexicon.dim(),
        CLASSIFIER_EPOCHS,
    )
}
