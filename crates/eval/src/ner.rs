//! `rhetor eval ner`: conlleval-style exact-match precision, recall and F1 of entity chunks,
//! overall and per type, on CoNLL-2003 dev (testa) and Universal NER English-EWT dev. UNER does
//! not annotate MISC, so MISC predictions are dropped before scoring it.

use std::path::Path;

use rhetor_entities::data::{self, Sentence};
use rhetor_entities::labels::{self, TYPES};
use rhetor_entities::{Domain, Tagger};

use crate::{Error, Scores};

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

/// Tags `sentences` document by document and scores them; `types` are the types the data annotates.
fn score(
    tagger: &Tagger,
    sentences: &[Sentence],
    domain: Domain,
    types: &[usize],
    prefix: &str,
    scores: &mut Scores,
    errors: &mut Vec<String>,
) {
    let mut total = Counts::default();
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
        for (s, found) in sentences[start..end]
            .iter()
            .zip(tagger.tag_document_as(&tokens, domain))
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
                errors.push(format!(
                    "{prefix}\t{}\n  missed: {}\n  wrong:  {}",
                    s.tokens.join(" "),
                    missed.join(" | "),
                    wrong.join(" | ")
                ));
            }
        }
        start = end;
    }
    for c in &per_type {
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

/// Scores `tagger` on the dev sets under `ner_dir`; also returns each sentence with a mistake.
pub fn evaluate(ner_dir: &Path, tagger: &Tagger) -> Result<(Scores, Vec<String>), Error> {
    let data_err = |e: data::DataError| Error::Data {
        path: e.path.clone().into(),
        message: e.to_string(),
    };
    let conll = data::read_conll(&ner_dir.join("dev/conll2003_eng.testa.txt")).map_err(data_err)?;
    let uner = data::read_uner(&ner_dir.join("dev/uner_en_ewt-ud-dev.iob2")).map_err(data_err)?;
    let (mut scores, mut errors) = (Scores::default(), Vec::new());
    score(
        tagger,
        &conll,
        Domain::News,
        &[0, 1, 2, 3],
        "conll",
        &mut scores,
        &mut errors,
    );
    score(
        tagger,
        &uner,
        Domain::Web,
        &[0, 1, 2],
        "uner",
        &mut scores,
        &mut errors,
    );
    Ok((scores, errors))
}
