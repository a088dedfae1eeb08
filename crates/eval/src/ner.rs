//! `rhetor eval ner`: conlleval-style exact-match precision, recall and F1 of entity chunks,
//! overall and per type, on CoNLL-2003 dev (testa) and Universal NER English-EWT dev. UNER does
//! not annotate MISC, so MISC predictions are dropped before scoring it.
//!
//! The main scores (`conll.f1`, `uner.f1`) are measured as users run rhetor: each document's
//! tokens are written out as text (spaces where a writer puts them, each sentence on its own line
//! as the corpora give them), the pipeline reads it as plain text (its own tokens, sentences,
//! language and domain), and an entity is right when its characters are exactly a gold chunk's
//! and its type matches. The `*.tokens.*` scores tag the
//! gold tokens directly, told which data set is web text: the tagger alone (with, in the
//! accurate tier, the contextual vectors of the text written out).

use std::collections::HashSet;
use std::path::Path;

use rhetor::{Doc, TokenVectors};
use rhetor::{Input, Options, Pipeline, Span};
use rhetor_entities::data::{self, Sentence};
use rhetor_entities::labels::{self, TYPES};
use rhetor_entities::{Context, Domain, EntityLayer, Tagger};
use rhetor_represent::{RepresentationLayer, Representer};

use crate::{Error, Scores};

/// The scores, and each document (or sentence) with a mistake.
#[derive(Default)]
struct Report {
    scores: Scores,
    errors: Vec<String>,
}

/// Chunk counts for precision and recall.
#[derive(Clone, Copy, Default)]
struct Counts {
    correct: usize,
    predicted: usize,
    gold: usize,
}

impl Counts {
    fn f1(&self) -> (f64, f64, f64) {
        let p = self.correct as f64 / self.predicted.max(1) as f64;
        let r = self.correct as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

/// Each sentence's contextual vectors (one per gold token), as the representation stage
/// computes them over its document written out as text ([`written`]): the training input of
/// the accurate tier's tagger. A gold token takes the vector of the token of the text that
/// starts where it does (or the first that overlaps it).
pub fn sentence_vectors(sentences: &[Sentence], representer: &Representer) -> Vec<TokenVectors> {
    let mut out = Vec::with_capacity(sentences.len());
    for doc_sentences in documents(sentences) {
        let (text, spans) = written(doc_sentences);
        let mut doc = Doc::new("ner", text);
        rhetor_text::analyze(&mut doc);
        representer.represent(&mut doc);
        let contextual = &doc.representation.contextual;
        let mut vector = vec![0f32; contextual.dim()];
        for sentence_spans in &spans {
            let mut vectors = TokenVectors::new(contextual.dim());
            for gold in sentence_spans {
                let at = doc.tokens.partition_point(|t| t.span.end <= gold.start);
                let found = at < doc.tokens.len()
                    && doc.tokens[at].span.start < gold.end
                    && at < contextual.len()
                    && contextual.get(at, &mut vector);
                vectors.push(found.then_some(vector.as_slice()));
            }
            out.push(vectors);
        }
    }
    out
}

/// Tags `sentences` document by document and scores them; `types` are the types the data
/// annotates; `vectors` are their contextual vectors in the accurate tier.
fn score(
    tagger: &Tagger,
    sentences: &[Sentence],
    vectors: Option<&[TokenVectors]>,
    domain: Domain,
    types: &[usize],
    prefix: &str,
    report: &mut Report,
) {
    let mut per_type = [Counts::default(); 4];
    let mut start = 0;
    while start < sentences.len() {
        let doc = sentences[start].doc;
        let end = start
            + sentences[start..]
                .iter()
                .take_while(|s| s.doc == doc)
                .count();
        let tokens: Vec<Vec<&str>> = sentences[start..end]
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        // The document's vectors in one table, sentence after sentence.
        let mut table = TokenVectors::new(vectors.and_then(|v| v.first()).map_or(0, |v| v.dim()));
        let mut ranges = Vec::new();
        if let Some(vectors) = vectors {
            let mut vector = vec![0f32; table.dim()];
            for v in &vectors[start..end] {
                let from = table.len();
                for i in 0..v.len() {
                    let found = v.get(i, &mut vector);
                    table.push(found.then_some(vector.as_slice()));
                }
                ranges.push(from..table.len());
            }
        }
        let context = vectors.map(|_| Context {
            vectors: &table,
            ranges: &ranges,
        });
        for (s, found) in sentences[start..end]
            .iter()
            .zip(tagger.tag_document_in(&tokens, domain, context))
        {
            let gold: Vec<(usize, usize, usize)> = labels::chunks(&s.labels);
            let found: Vec<(usize, usize, usize)> = found
                .into_iter()
                .map(|(a, b, t, _)| (a, b, t))
                .filter(|(_, _, t)| types.contains(t))
                .collect();
            for &(_, _, t) in &gold {
                per_type[t].gold += 1;
            }
            for &(a, b, t) in &found {
                per_type[t].predicted += 1;
                if gold.contains(&(a, b, t)) {
                    per_type[t].correct += 1;
                }
            }
            let show = |(a, b, t): &(usize, usize, usize)| {
                format!("{:?}:{}", TYPES[*t], s.tokens[*a..*b].join(" "))
            };
            let missed: Vec<String> = gold
                .iter()
                .filter(|c| !found.contains(c))
                .map(show)
                .collect();
            let wrong: Vec<String> = found
                .iter()
                .filter(|c| !gold.contains(c))
                .map(show)
                .collect();
            if !missed.is_empty() || !wrong.is_empty() {
                report.errors.push(format!(
                    "{prefix}\t{}\n  missed: {}\n  wrong:  {}",
                    s.tokens.join(" "),
                    missed.join(" | "),
                    wrong.join(" | ")
                ));
            }
        }
        start = end;
    }
    set_scores(&per_type, types, prefix, &mut report.scores);
}

/// The documents of `sentences` (sentences sharing a document id, in order).
fn documents(sentences: &[Sentence]) -> impl Iterator<Item = &[Sentence]> {
    let mut rest = sentences;
    std::iter::from_fn(move || {
        let doc = rest.first()?.doc;
        let n = rest.iter().take_while(|s| s.doc == doc).count();
        let (this, next) = rest.split_at(n);
        rest = next;
        Some(this)
    })
}

/// A document's tokens written out as a writer would (no space before closing punctuation or
/// after an opening bracket or quote; a line per sentence), and each token's span in that text.
fn written(sentences: &[Sentence]) -> (String, Vec<Vec<Span>>) {
    let mut text = String::new();
    let mut quote_open = false;
    let mut glue_next = false;
    let spans = sentences
        .iter()
        .map(|s| {
            s.tokens
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let closing = matches!(
                        t.as_str(),
                        "." | "," | ";" | ":" | "!" | "?" | "%" | ")" | "]" | "}" | "..."
                    ) || t.starts_with('\'') && t.len() <= 3
                        || t.eq_ignore_ascii_case("n't")
                        || (t == "\"" && quote_open);
                    if i == 0 && !text.is_empty() {
                        text.push('\n');
                    } else if !text.is_empty() && !closing && !glue_next {
                        text.push(' ');
                    }
                    if t == "\"" {
                        quote_open = !quote_open;
                    }
                    glue_next =
                        matches!(t.as_str(), "(" | "[" | "{" | "$") || (t == "\"" && quote_open);
                    let start = text.len();
                    text.push_str(t);
                    Span::new(start, text.len())
                })
                .collect()
        })
        .collect();
    (text, spans)
}

/// Scores the pipeline on `sentences` given as text, one document at a time.
fn score_as_text(
    pipeline: &Pipeline,
    sentences: &[Sentence],
    types: &[usize],
    prefix: &str,
    report: &mut Report,
) {
    let mut per_type = [Counts::default(); 4];
    for (k, doc_sentences) in documents(sentences).enumerate() {
        let (text, spans) = written(doc_sentences);
        let gold: HashSet<(usize, usize, usize)> = doc_sentences
            .iter()
            .zip(&spans)
            .flat_map(|(s, spans)| {
                labels::chunks(&s.labels)
                    .into_iter()
                    .map(|(a, b, t)| (spans[a].start, spans[b - 1].end, t))
            })
            .collect();
        let found: HashSet<(usize, usize, usize)> = pipeline
            .analyze(Input::text(format!("{prefix}-{k}"), text.clone()))
            .ok()
            .and_then(|doc| doc.layers.entities)
            .unwrap_or_default()
            .iter()
            .filter_map(|e| {
                let t = TYPES.iter().position(|&l| l == e.label)?;
                types.contains(&t).then_some((e.span.start, e.span.end, t))
            })
            .collect();
        for &(_, _, t) in &gold {
            per_type[t].gold += 1;
        }
        for chunk in &found {
            per_type[chunk.2].predicted += 1;
            per_type[chunk.2].correct += usize::from(gold.contains(chunk));
        }
        let show = |set: &HashSet<(usize, usize, usize)>, other: &HashSet<_>| {
            let mut out: Vec<_> = set.difference(other).copied().collect();
            out.sort_unstable();
            out.iter()
                .map(|&(a, b, t)| format!("{:?}:{}", TYPES[t], &text[a..b]))
                .collect::<Vec<_>>()
                .join(" | ")
        };
        if gold != found {
            report.errors.push(format!(
                "{prefix}\tdocument {k}\n  missed: {}\n  wrong:  {}",
                show(&gold, &found),
                show(&found, &gold)
            ));
        }
    }
    set_scores(&per_type, types, prefix, &mut report.scores);
}

fn set_scores(per_type: &[Counts; 4], types: &[usize], prefix: &str, scores: &mut Scores) {
    let mut total = Counts::default();
    for c in per_type {
        total.correct += c.correct;
        total.predicted += c.predicted;
        total.gold += c.gold;
    }
    let (p, r, f) = total.f1();
    scores.set(format!("{prefix}.precision"), p);
    scores.set(format!("{prefix}.recall"), r);
    scores.set(format!("{prefix}.f1"), f);
    for &t in types {
        scores.set(format!("{prefix}.f1.{:?}", TYPES[t]), per_type[t].f1().2);
    }
}

/// Scores `tagger` on the dev sets under `ner_dir`, through the pipeline and on the gold tokens,
/// with the representation of `representer`'s tier; also returns each document (or sentence, on
/// gold tokens) with a mistake.
pub fn evaluate(
    ner_dir: &Path,
    tagger: Tagger,
    representer: &Representer,
) -> Result<(Scores, Vec<String>), Error> {
    let data_err = |e: data::DataError| Error::Data {
        path: e.path.clone().into(),
        message: e.to_string(),
    };
    let conll = data::read_conll(&ner_dir.join("dev/conll2003_eng.testa.txt")).map_err(data_err)?;
    let uner = data::read_uner(&ner_dir.join("dev/uner_en_ewt-ud-dev.iob2")).map_err(data_err)?;
    let mut report = Report::default();
    let all = [0, 1, 2, 3];
    let no_misc = [0, 1, 2];
    let contextual = matches!(representer, Representer::Accurate(_)) && tagger.reads_context();
    let conll_vectors = contextual.then(|| sentence_vectors(&conll, representer));
    let uner_vectors = contextual.then(|| sentence_vectors(&uner, representer));
    score(
        &tagger,
        &conll,
        conll_vectors.as_deref(),
        Domain::News,
        &all,
        "conll.tokens",
        &mut report,
    );
    score(
        &tagger,
        &uner,
        uner_vectors.as_deref(),
        Domain::Web,
        &no_misc,
        "uner.tokens",
        &mut report,
    );
    // The same path as `rhetor analyze`, up to the entity layer (the later layers read it, never
    // change it).
    // Verbatim (`--raw`), so the entities' offsets index the text written here.
    let options = Options {
        raw: true,
        tier: representer.tier(),
        ..Options::default()
    };
    let mut analyzers: Vec<Box<dyn rhetor::Analyzer>> = vec![Box::new(rhetor_text::TextLayer)];
    if contextual {
        analyzers.push(Box::new(RepresentationLayer::new(representer.clone())));
    }
    analyzers.push(Box::new(EntityLayer::new(tagger)));
    let pipeline = Pipeline::with_analyzers(options, analyzers);
    score_as_text(&pipeline, &conll, &all, "conll", &mut report);
    score_as_text(&pipeline, &uner, &no_misc, "uner", &mut report);
    Ok((report.scores, report.errors))
}
