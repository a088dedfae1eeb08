//! `rhetor eval timex`: TempEval-3 scores of time expressions on TimeBank and AQUAINT (TBAQ), each
//! document resolved against its own creation date: strict and relaxed extent F1, then type and
//! value F1 over the relaxed matches (an attribute counts when the extents overlap and it is
//! right).

use std::collections::HashMap;
use std::path::Path;

use rhetor::{Analyzer, Doc, Span};
use serde::Deserialize;

use crate::{Error, Scores, context, f1, lines};

#[derive(Deserialize)]
struct Input {
    doc_id: String,
    dct: String,
    text: String,
}

#[derive(Deserialize)]
struct Gold {
    doc_id: String,
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

#[derive(Default)]
struct Counts {
    system: usize,
    gold: usize,
    strict: usize,
    relaxed: usize,
    kind: usize,
    value: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.system += other.system;
        self.gold += other.gold;
        self.strict += other.strict;
        self.relaxed += other.relaxed;
        self.kind += other.kind;
        self.value += other.value;
    }
}

pub fn evaluate(timex_dir: &Path) -> Result<(Scores, Vec<String>), Error> {
    let mut scores = Scores::default();
    let mut errors = Vec::new();
    let mut all = Counts::default();
    for corpus in ["TimeBank", "AQUAINT"] {
        let inputs: Vec<Input> = lines(&timex_dir.join(format!("train/{corpus}_inputs.jsonl")))?;
        let gold: Vec<Gold> = lines(&timex_dir.join(format!("train/{corpus}_timex.jsonl")))?;
        let mut by_doc: HashMap<&str, Vec<&Gold>> = HashMap::new();
        for g in &gold {
            by_doc.entry(g.doc_id.as_str()).or_default().push(g);
        }
        let mut c = Counts::default();
        for input in &inputs {
            let mut doc = Doc::new(input.doc_id.clone(), input.text.clone());
            doc.meta.published = Some(input.dct.clone());
            rhetor_text::analyze(&mut doc);
            rhetor_time::TimeLayer.analyze(&mut doc);
            let found = doc.layers.timexes.unwrap_or_default();
            let gold = by_doc.remove(input.doc_id.as_str()).unwrap_or_default();
            c.system += found.len();
            c.gold += gold.len();
            let mut used = vec![false; found.len()];
            for g in &gold {
                let gs = Span::new(g.start, g.end);
                let m = (0..found.len())
                    .find(|&k| !used[k] && found[k].span == gs)
                    .or_else(|| (0..found.len()).find(|&k| !used[k] && found[k].span.overlaps(gs)));
                let Some(k) = m else {
                    errors.push(format!(
                        "{corpus}\tMISSED\t{:?}\t{}\t{}\t{}",
                        &input.text[g.start..g.end],
                        g.kind,
                        g.value,
                        context(&input.text, g.start, g.end)
                    ));
                    continue;
                };
                used[k] = true;
                let f = &found[k];
                c.relaxed += 1;
                c.strict += (f.span == gs) as usize;
                let kind = format!("{:?}", f.kind).to_uppercase();
                c.kind += (kind == g.kind) as usize;
                c.value += (f.value == g.value) as usize;
                if f.value != g.value || f.span != gs || kind != g.kind {
                    errors.push(format!(
                        "{corpus}\tDIFF\t{:?} {kind} {} | gold {:?} {} {} (dct {})\t{}",
                        &input.text[f.span.start..f.span.end],
                        f.value,
                        &input.text[g.start..g.end],
                        g.kind,
                        g.value,
                        input.dct,
                        context(&input.text, g.start, g.end)
                    ));
                }
            }
            for (f, _) in found.iter().zip(&used).filter(|(_, used)| !**used) {
                errors.push(format!(
                    "{corpus}\tEXTRA\t{:?}\t{:?}\t{}\t{}",
                    &input.text[f.span.start..f.span.end],
                    f.kind,
                    f.value,
                    context(&input.text, f.span.start, f.span.end)
                ));
            }
        }
        let prefix = corpus.to_lowercase();
        scores.set(
            format!("{prefix}.relaxed_f1"),
            f1(c.relaxed, c.system, c.gold),
        );
        scores.set(format!("{prefix}.value_f1"), f1(c.value, c.system, c.gold));
        all.add(&c);
    }
    scores.set("strict_f1", f1(all.strict, all.system, all.gold));
    scores.set("relaxed_f1", f1(all.relaxed, all.system, all.gold));
    scores.set(
        "relaxed_precision",
        all.relaxed as f64 / all.system.max(1) as f64,
    );
    scores.set(
        "relaxed_recall",
        all.relaxed as f64 / all.gold.max(1) as f64,
    );
    scores.set("type_f1", f1(all.kind, all.system, all.gold));
    scores.set("value_f1", f1(all.value, all.system, all.gold));
    Ok((scores, errors))
}
