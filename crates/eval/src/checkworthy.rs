//! `rhetor eval checkworthy`: check-worthiness ranking on CLEF-2019 CheckThat! Task 1, scored as
//! the lab does: mean average precision over documents (debates and speeches), with R-precision
//! and precision at 10. Only the lab's train part is here, so each document is ranked by a model
//! trained on the other 18 (leave-one-document-out), with the same code that trains the shipped
//! model.

use std::path::Path;

use rhetor_claims::data::{self, Labelled};
use rhetor_claims::{Model, features};

use crate::{Error, Scores};

/// The passes over the data that `rhetor train checkworthy` makes too.
pub const EPOCHS: usize = 3;

fn examples<'a>(docs: impl Iterator<Item = &'a Vec<Labelled>>) -> Vec<(Vec<u32>, bool)> {
    docs.flatten()
        .map(|s| {
            let tokens: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            (features::extract(&tokens), s.checkworthy)
        })
        .collect()
}

/// Reads every document of the CLEF folder.
pub fn read_all(checkworthy_dir: &Path) -> Result<Vec<Vec<Labelled>>, Error> {
    let data_err = |e: data::DataError| Error::Data {
        path: e.path.clone().into(),
        message: e.to_string(),
    };
    let files = data::files(&checkworthy_dir.join("train")).map_err(data_err)?;
    files
        .iter()
        .map(|f| data::read(f).map_err(data_err))
        .collect()
}

/// Trains on every document (the shipped model).
pub fn train_all(docs: &[Vec<Labelled>]) -> Model {
    Model::train(&examples(docs.iter()), EPOCHS)
}

pub fn evaluate(checkworthy_dir: &Path) -> Result<(Scores, Vec<String>), Error> {
    let docs = read_all(checkworthy_dir)?;
    let (mut ap, mut r_precision, mut p10) = (0.0, 0.0, 0.0);
    let mut lines = Vec::new();
    for (k, held_out) in docs.iter().enumerate() {
        let others = docs
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, d)| d);
        let model = Model::train(&examples(others), EPOCHS);
        let mut ranked: Vec<(f32, bool)> = examples(std::iter::once(held_out))
            .into_iter()
            .map(|(f, y)| (model.margin(&f), y))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let relevant = ranked.iter().filter(|r| r.1).count();
        let (mut hits, mut sum) = (0usize, 0.0);
        for (i, r) in ranked.iter().enumerate() {
            if r.1 {
                hits += 1;
                sum += hits as f64 / (i + 1) as f64;
            }
        }
        let doc_ap = sum / relevant.max(1) as f64;
        let at = |n: usize| ranked.iter().take(n).filter(|r| r.1).count() as f64 / n.max(1) as f64;
        ap += doc_ap;
        r_precision += at(relevant);
        p10 += at(10);
        lines.push(format!(
            "document {}\t{} sentences, {relevant} check-worthy\tAP {doc_ap:.3}",
            k + 1,
            ranked.len()
        ));
    }
    let n = docs.len().max(1) as f64;
    let mut scores = Scores::default();
    scores.set("map", ap / n);
    scores.set("r_precision", r_precision / n);
    scores.set("p_at_10", p10 / n);
    Ok((scores, lines))
}
