//! `rhetor eval attribution`: the attribution layer against PolNeAR (political news
//! attribution relations, Newell et al. 2018). Each role (source, cue, content) is scored on its
//! own, with one-to-one matching of spans that overlap (and, stricter, of identical spans); an
//! attribution counts as found when one system attribution overlaps both its content and its
//! source (or both have no source). Content spans are scored by their extent, from the first
//! fragment's start to the last one's end, as the corpus gives them.
//!
//! The cue model is learned, so the score is five-fold over PolNeAR's train compartment: each
//! article is analysed by a model trained on the other four folds, through the same layer users
//! run. Its dev and test compartments are held out elsewhere.

use std::path::Path;
use std::sync::Arc;

use rhetor::{Analyzer, Doc, Span};
use rhetor_attribution::calibrate::Calibration;
use rhetor_attribution::{AttributionLayer, CueModel};
use rhetor_represent::{Vectors, WordClasses};
use serde::Deserialize;

use crate::{Error, Scores, context, f1, lines};

#[derive(Deserialize)]
struct Article {
    doc_id: String,
    text: String,
}

#[derive(Deserialize)]
struct Gold {
    doc_id: String,
    source: Option<[usize; 2]>,
    cue: Option<[usize; 2]>,
    content: Option<[usize; 2]>,
}

/// One attribution's role extents, in byte offsets.
#[derive(Clone, Copy)]
struct Roles {
    source: Option<Span>,
    cue: Option<Span>,
    content: Option<Span>,
}

/// Hits among system answers and gold items, for one measure.
#[derive(Default, Clone, Copy)]
struct Tally {
    hits: usize,
    system: usize,
    gold: usize,
}

impl Tally {
    fn f1(&self) -> f64 {
        f1(self.hits, self.system, self.gold)
    }
}

/// One-to-one matching: each gold item takes the first unused system item `same` accepts.
/// Returns which system items were taken.
fn matches<T>(system: &[T], gold: &[T], same: impl Fn(&T, &T) -> bool) -> Vec<bool> {
    let mut used = vec![false; system.len()];
    for g in gold {
        if let Some(k) = (0..system.len()).find(|&k| !used[k] && same(&system[k], g)) {
            used[k] = true;
        }
    }
    used
}

fn matched<T>(system: &[T], gold: &[T], same: impl Fn(&T, &T) -> bool) -> Tally {
    tally(&matches(system, gold, same), gold.len())
}

/// The tally of a matching: `taken` says which system items matched one of `gold` items.
fn tally(taken: &[bool], gold: usize) -> Tally {
    Tally {
        hits: taken.iter().filter(|&&u| u).count(),
        system: taken.len(),
        gold,
    }
}

/// Whether a system attribution is one of the gold ones: it overlaps its content, and its
/// source (or both have none).
fn same_attribution(a: &Roles, b: &Roles) -> bool {
    overlaps(&a.content, &b.content)
        && (overlaps(&a.source, &b.source) || (a.source.is_none() && b.source.is_none()))
}

fn overlaps(a: &Option<Span>, b: &Option<Span>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.overlaps(*b),
        _ => false,
    }
}

/// A document's attributions as roles: content by its extent.
fn system_roles(doc: &Doc) -> Vec<Roles> {
    doc.layers
        .attributions
        .iter()
        .flatten()
        .map(|a| Roles {
            source: a.source,
            cue: a.cue,
            content: a
                .content
                .first()
                .zip(a.content.last())
                .map(|(f, l)| Span::new(f.start, l.end)),
        })
        .collect()
}

/// What the system found where it missed `gold`, for error analysis: the source, cue and
/// content of the attribution whose content overlaps the gold content, else of the one whose
/// cue overlaps the gold cue, else "nothing".
fn nearest(doc: &Doc, system: &[Roles], gold: &Roles) -> String {
    let near = system
        .iter()
        .find(|s| overlaps(&s.content, &gold.content))
        .or_else(|| system.iter().find(|s| overlaps(&s.cue, &gold.cue)));
    let Some(near) = near else {
        return "nothing".to_string();
    };
    let text = |span: Option<Span>| span.map_or("-", |s| doc.slice(s));
    format!(
        "source {:?} cue {:?} content {:?}",
        text(near.source),
        text(near.cue),
        text(near.content).chars().take(80).collect::<String>()
    )
}

fn add(total: &mut Tally, t: Tally) {
    total.hits += t.hits;
    total.system += t.system;
    total.gold += t.gold;
}

/// Byte offset of each character offset of `text` (one past the end included).
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect()
}

/// Passes over the training data of the cue model.
const EPOCHS: usize = 5;

/// Folds of the evaluation.
const FOLDS: u64 = 5;

/// A PolNeAR article as the attribution layer reads it (the text and entity layers run) and its
/// gold attributions.
pub struct Prepared {
    doc: Doc,
    gold: Vec<Roles>,
}

impl Prepared {
    fn cues(&self) -> Vec<Span> {
        self.gold.iter().filter_map(|g| g.cue).collect()
    }
}

/// Reads `attribution_dir/train` and runs the layers that attribution reads over each article.
pub fn read_all(attribution_dir: &Path) -> Result<Vec<Prepared>, Error> {
    let dir = attribution_dir.join("train");
    let articles: Vec<Article> = lines(&dir.join("docs.jsonl"))?;
    let gold: Vec<Gold> = lines(&dir.join("gold.jsonl"))?;
    let mut by_doc: std::collections::HashMap<&str, Vec<&Gold>> = Default::default();
    for g in &gold {
        by_doc.entry(g.doc_id.as_str()).or_default().push(g);
    }
    let tagger = rhetor_entities::Tagger::bundled().map_err(|e| Error::Data {
        path: "models/ner.bin".into(),
        message: e.to_string(),
    })?;
    let entities = rhetor_entities::EntityLayer::new(tagger);
    Ok(articles
        .into_iter()
        .map(|article| {
            let bytes = byte_offsets(&article.text);
            let span = |r: Option<[usize; 2]>| {
                r.and_then(|[s, e]| Some(Span::new(*bytes.get(s)?, *bytes.get(e)?)))
            };
            let gold = by_doc
                .get(article.doc_id.as_str())
                .into_iter()
                .flatten()
                .map(|g| Roles {
                    source: span(g.source),
                    cue: span(g.cue),
                    content: span(g.content),
                })
                .collect();
            let mut doc = Doc::new(article.doc_id, article.text);
            rhetor_text::analyze(&mut doc);
            // As in the pipeline: the entity layer runs first, and attribution reads its names.
            entities.analyze(&mut doc);
            Prepared { doc, gold }
        })
        .collect())
}

/// The cue model to ship: trained on all these articles, its confidence table fitted on what
/// models trained on four folds find in the fifth.
pub fn train_all(mut articles: Vec<Prepared>, classes: &WordClasses) -> CueModel {
    let observed = out_of_fold(&mut articles, classes);
    fit(&articles, classes).with_calibration(Calibration::fit(&observed))
}

/// The cue model trained on these articles, reading words by `classes` of the bundled vectors.
fn fit(articles: &[Prepared], classes: &WordClasses) -> CueModel {
    let cues: Vec<Vec<Span>> = articles.iter().map(Prepared::cues).collect();
    let docs: Vec<(&Doc, &[Span])> = articles
        .iter()
        .zip(&cues)
        .map(|(a, c)| (&a.doc, c.as_slice()))
        .collect();
    CueModel::train(&docs, &bundled_vectors(), classes.clone(), EPOCHS)
}

fn bundled_vectors() -> Arc<Vectors> {
    rhetor_represent::bundled().expect("the bundled word vectors load")
}

/// The word classes the cue model reads: the bundled vectors' rows, grouped.
pub fn word_classes() -> WordClasses {
    WordClasses::cluster(&bundled_vectors(), rhetor_attribution::CLASSES)
}

/// The fold an article falls in, from its id.
fn fold(id: &str) -> u64 {
    rhetor_text::hash::Fnv::new(0).bytes(id.as_bytes()).0 % FOLDS
}

/// Analyses each article with a cue model trained on the other folds; returns, for each
/// attribution found, its rule's confidence, its cue head's log-odds and whether it is right.
fn out_of_fold(articles: &mut Vec<Prepared>, classes: &WordClasses) -> Vec<(f32, f32, bool)> {
    let mut observed = Vec::new();
    for k in 0..FOLDS {
        let (test, train): (Vec<Prepared>, Vec<Prepared>) = std::mem::take(articles)
            .into_iter()
            .partition(|a| fold(&a.doc.id) == k);
        let layer = AttributionLayer::new(fit(&train, classes), bundled_vectors())
            .expect("the model reads the bundled vectors");
        *articles = train;
        for mut article in test {
            layer.analyze(&mut article.doc);
            let system = system_roles(&article.doc);
            let right = matches(&system, &article.gold, same_attribution);
            let margins = layer.head_margins(&article.doc);
            let found = article.doc.layers.attributions.iter().flatten();
            for ((a, margin), right) in found.zip(margins).zip(right) {
                observed.push((a.confidence, margin, right));
            }
            articles.push(article);
        }
    }
    observed
}

/// Scores the attribution layer on `attribution_dir/train`, five-fold; also returns the gold
/// attributions it missed and the ones it found that are none, for error analysis.
pub fn evaluate(attribution_dir: &Path) -> Result<(Scores, Vec<String>), Error> {
    let mut articles = read_all(attribution_dir)?;
    out_of_fold(&mut articles, &word_classes());
    Ok(score(&articles))
}

/// Scores articles the attribution layer has analysed against their gold attributions.
fn score(articles: &[Prepared]) -> (Scores, Vec<String>) {
    let (mut source, mut cue, mut content) = (Tally::default(), Tally::default(), Tally::default());
    let (mut source_exact, mut cue_exact, mut content_exact) =
        (Tally::default(), Tally::default(), Tally::default());
    let mut whole = Tally::default();
    let mut errors = Vec::new();
    for Prepared { doc, gold } in articles {
        let system = system_roles(doc);
        let role = |f: fn(&Roles) -> Option<Span>, items: &[Roles]| -> Vec<Option<Span>> {
            items.iter().map(f).filter(Option::is_some).collect()
        };
        for (f, loose, exact) in [
            (
                (|r: &Roles| r.source) as fn(&Roles) -> Option<Span>,
                &mut source,
                &mut source_exact,
            ),
            (|r: &Roles| r.cue, &mut cue, &mut cue_exact),
            (|r: &Roles| r.content, &mut content, &mut content_exact),
        ] {
            let (s, g) = (role(f, &system), role(f, gold));
            add(loose, matched(&s, &g, overlaps));
            add(exact, matched(&s, &g, |a, b| a == b));
        }
        let taken = matches(&system, gold, same_attribution);
        add(&mut whole, tally(&taken, gold.len()));
        for (s, _) in system.iter().zip(&taken).filter(|(_, t)| !**t) {
            let text = |span: Option<Span>| span.map_or("", |s| doc.slice(s));
            errors.push(format!(
                "SPURIOUS\t{}\t{:?}\t{:?}\t{}",
                doc.id,
                text(s.source),
                text(s.cue),
                s.content
                    .map_or(String::new(), |c| context(&doc.text, c.start, c.end))
            ));
        }
        for g in gold {
            if let Some(c) = g.content
                && !system.iter().any(|s| same_attribution(s, g))
            {
                let cue = g.cue.map_or("", |c| doc.slice(c));
                let source = g.source.map_or("", |s| doc.slice(s));
                errors.push(format!(
                    "MISSED\t{}\t{source:?}\t{cue:?}\t{}\t{}",
                    doc.id,
                    context(&doc.text, c.start, c.end),
                    nearest(doc, &system, g)
                ));
            }
        }
    }
    let mut scores = Scores::default();
    for (name, t) in [
        ("source", source),
        ("cue", cue),
        ("content", content),
        ("source_exact", source_exact),
        ("cue_exact", cue_exact),
        ("content_exact", content_exact),
    ] {
        scores.set(format!("{name}_f1"), t.f1());
    }
    scores.set("attribution_f1", whole.f1());
    scores.set(
        "attribution_precision",
        whole.hits as f64 / whole.system.max(1) as f64,
    );
    scores.set(
        "attribution_recall",
        whole.hits as f64 / whole.gold.max(1) as f64,
    );
    (scores, errors)
}
