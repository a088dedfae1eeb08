//! `rhetor eval techniques`: persuasion-technique spans on the PTC corpus (SemEval-2020 Task 11),
//! with the task's span metric: precision and recall give partial credit for overlap, in
//! characters (C(s, t, h) = |s ∩ t| / h summed over every system span s and gold span t), with
//! the technique required to match (`f1`) or not (`span_f1`, the task's span identification).
//! Only PTC's train split is here, so the articles are split into five folds by their order and
//! each fold is tagged by a model trained on the other four, with the code and passes of
//! `rhetor train techniques`.

use std::path::Path;

use rhetor::{Analyzer, Doc, Span, Technique};
use rhetor_techniques::data::{self, Article};
use rhetor_techniques::{Model, TechniqueLayer, examples};

use crate::{Error, Scores};

/// The passes over the data that `rhetor train techniques` makes too.
pub const EPOCHS: usize = 3;
const FOLDS: usize = 5;

/// Reads the PTC articles.
pub fn read_all(ptc_dir: &Path) -> Result<Vec<Article>, Error> {
    data::read(ptc_dir).map_err(|e| Error::Data {
        path: e.path.clone().into(),
        message: e.to_string(),
    })
}

/// Trains on every article (the shipped model).
pub fn train_all(articles: &[Article]) -> Model {
    Model::train(&examples(articles), EPOCHS)
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
    let mut all = Credit::default();
    let mut spans = Credit::default();
    let mut per = [Credit::default(); 14];
    let mut lines = Vec::new();
    for fold in 0..FOLDS {
        let train = articles
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold);
        let layer = TechniqueLayer::new(Model::train(&examples(train.map(|(_, a)| a)), EPOCHS));
        for article in articles.iter().skip(fold).step_by(FOLDS) {
            let mut doc = Doc::new(article.id.clone(), article.text.clone());
            rhetor_text::analyze(&mut doc);
            layer.analyze(&mut doc);
            let system: Vec<(Technique, Span)> = doc
                .layers
                .techniques
                .iter()
                .flatten()
                .map(|t| (t.technique, t.span))
                .collect();
            let add = |total: &mut Credit, c: Credit| {
                total.precision += c.precision;
                total.recall += c.recall;
                total.system += c.system;
                total.gold += c.gold;
            };
            add(&mut all, credit(&system, &article.spans, true));
            add(&mut spans, credit(&system, &article.spans, false));
            for (k, t) in Technique::ALL.iter().enumerate() {
                let of = |v: &[(Technique, Span)]| -> Vec<(Technique, Span)> {
                    v.iter().filter(|(x, _)| x == t).copied().collect()
                };
                add(&mut per[k], credit(&of(&system), &of(&article.spans), true));
            }
            lines.push(format!(
                "article {}\t{} system spans, {} gold",
                article.id,
                system.len(),
                article.spans.len()
            ));
        }
    }
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
