//! `rhetor eval techniques`: persuasion-technique spans on the PTC corpus (SemEval-2020 Task 11),
//! with the task's span metric: precision and recall give partial credit for overlap, in
//! characters (C(s, t, h) = |s ∩ t| / h summed over every system span s and gold span t), with
//! the technique required to match (`f1`) or not (`span_f1`, the task's span identification).
//! Only PTC's train split is here, so the articles are split into five folds by their order and
//! each fold is tagged by a model trained on the other four, with the code and passes of
//! `rhetor train techniques`. Each technique's threshold is the one that scores best over the
//! five folds (as training picks it), so the scores are tuned on these folds: slightly
//! optimistic.

use std::path::Path;

use rhetor::{Doc, Span, Technique};
use rhetor_techniques::data::{self, Article};
use rhetor_techniques::{Extent, Model, TechniqueLayer, examples, spans};

use crate::{Error, Scores};

/// The passes over the data that `rhetor train techniques` makes too.
pub const EPOCHS: usize = 8;
const FOLDS: usize = 5;

/// Reads the PTC articles.
pub fn read_all(ptc_dir: &Path) -> Result<Vec<Article>, Error> {
    data::read(ptc_dir).map_err(|e| Error::Data {
        path: e.path.clone().into(),
        message: e.to_string(),
    })
}

/// The thresholds tried for each technique, with either extent.
const GRID: [f32; 7] = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98];

/// Trains on every article (the shipped model), each technique's threshold and extent the ones
/// that scored best in the five folds.
pub fn train_all(articles: &[Article]) -> Model {
    let picked = tune(articles, &cross_validated(articles));
    let mut model = Model::train(&examples(articles), EPOCHS);
    for (m, (threshold, extent)) in model.techniques.iter_mut().zip(picked) {
        m.threshold = threshold;
        m.extent = extent;
    }
    model
}

/// One held-out sentence: its tokens' text and spans, and every technique's token scores.
struct Scored {
    tokens: Vec<String>,
    spans: Vec<Span>,
    scores: Vec<Vec<f32>>,
    own: Vec<Vec<f32>>,
}

/// Each article's sentences, scored by the model of the fold that held it out.
fn cross_validated(articles: &[Article]) -> Vec<Vec<Scored>> {
    let mut out: Vec<Vec<Scored>> = articles.iter().map(|_| Vec::new()).collect();
    for fold in 0..FOLDS {
        let train = articles
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold);
        let layer = TechniqueLayer::new(Model::train(&examples(train.map(|(_, a)| a)), EPOCHS));
        for (i, article) in articles.iter().enumerate().skip(fold).step_by(FOLDS) {
            let mut doc = Doc::new(article.id.clone(), article.text.clone());
            rhetor_text::analyze(&mut doc);
            let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
            let repeats = rhetor_techniques::features::repeat_levels(&words);
            for range in doc.sentence_tokens() {
                let tokens = &words[range.clone()];
                let scores = layer.scores(tokens, &repeats[range.clone()]);
                out[i].push(Scored {
                    tokens: tokens.iter().map(|t| t.to_string()).collect(),
                    spans: doc.tokens[range].iter().map(|t| t.span).collect(),
                    scores: scores.score,
                    own: scores.own,
                });
            }
        }
    }
    out
}

/// The spans of technique `k` in one article's scored sentences at `threshold`, as the layer
/// finds them.
fn decode(
    sentences: &[Scored],
    k: usize,
    threshold: f32,
    extent: Extent,
) -> Vec<(Technique, Span)> {
    let mut out = Vec::new();
    for s in sentences {
        let tokens: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        for (found, _) in spans(&tokens, &s.scores[k], &s.own[k], threshold, extent) {
            let span = Span::new(s.spans[found.start].start, s.spans[found.end - 1].end);
            out.push((Technique::ALL[k], span));
        }
    }
    out
}

/// For each technique, the threshold of [`GRID`] and the extent with the best cross-validated
/// F1.
fn tune(articles: &[Article], cv: &[Vec<Scored>]) -> Vec<(f32, Extent)> {
    (0..Technique::ALL.len())
        .map(|k| {
            let f1_at = |threshold: f32, extent: Extent| {
                let mut total = Credit::default();
                for (article, sentences) in articles.iter().zip(cv) {
                    let gold: Vec<(Technique, Span)> = article
                        .spans
                        .iter()
                        .filter(|(t, _)| *t == Technique::ALL[k])
                        .copied()
                        .collect();
                    total.add(credit(
                        &decode(sentences, k, threshold, extent),
                        &gold,
                        true,
                    ));
                }
                total.f1()
            };
            [Extent::Words, Extent::Sentence]
                .into_iter()
                .flat_map(|e| GRID.into_iter().map(move |t| (t, e)))
                .map(|(t, e)| ((t, e), f1_at(t, e)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map_or((GRID[0], Extent::Words), |(picked, _)| picked)
        })
        .collect()
}

/// Overlap credit sums for one technique (or all).
#[derive(Default, Clone, Copy)]
struct Credit {
    precision: f64,
    recall: f64,
    system: usize,
    gold: usize,
}

impl Credit {
    fn add(&mut self, c: Credit) {
        self.precision += c.precision;
        self.recall += c.recall;
        self.system += c.system;
        self.gold += c.gold;
    }

    fn f1(&self) -> f64 {
        let p = self.precision / self.system.max(1) as f64;
        let r = self.recall / self.gold.max(1) as f64;
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn credit(system: &[(Technique, Span)], gold: &[(Technique, Span)], same_label: bool) -> Credit {
    let overlap = |a: Span, b: Span| a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let mut c = Credit {
        system: system.len(),
        gold: gold.len(),
        ..Credit::default()
    };
    for (st, s) in system {
        for (gt, g) in gold {
            if same_label && st != gt {
                continue;
            }
            let o = overlap(*s, *g) as f64;
            c.precision += o / s.len().max(1) as f64;
            c.recall += o / g.len().max(1) as f64;
        }
    }
    c
}

pub fn evaluate(ptc_dir: &Path) -> Result<(Scores, Vec<String>), Error> {
    let articles = read_all(ptc_dir)?;
    let cv = cross_validated(&articles);
    let picked = tune(&articles, &cv);
    let mut all = Credit::default();
    let mut spans = Credit::default();
    let mut per = [Credit::default(); 14];
    for (article, sentences) in articles.iter().zip(&cv) {
        let system: Vec<(Technique, Span)> = (0..Technique::ALL.len())
            .flat_map(|k| decode(sentences, k, picked[k].0, picked[k].1))
            .collect();
        all.add(credit(&system, &article.spans, true));
        spans.add(credit(&system, &article.spans, false));
        for (k, t) in Technique::ALL.iter().enumerate() {
            let of = |v: &[(Technique, Span)]| -> Vec<(Technique, Span)> {
                v.iter().filter(|(x, _)| x == t).copied().collect()
            };
            per[k].add(credit(&of(&system), &of(&article.spans), true));
        }
    }
    let lines = Technique::ALL
        .iter()
        .zip(&picked)
        .map(|(t, (th, extent))| format!("{}\tthreshold {th}, extent {extent:?}", t.label()))
        .collect();
    let mut scores = Scores::default();
    scores.set("f1", all.f1());
    scores.set("precision", all.precision / all.system.max(1) as f64);
    scores.set("recall", all.recall / all.gold.max(1) as f64);
    scores.set("span_f1", spans.f1());
    for (k, t) in Technique::ALL.iter().enumerate() {
        scores.set(format!("f1.{}", t.label()), per[k].f1());
    }
    Ok((scores, lines))
}
