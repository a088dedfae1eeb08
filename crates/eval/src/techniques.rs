//! `rhetor eval techniques`: persuasion-technique spans on the PTC corpus (SemEval-2020 Task 11),
//! with the task's span metric: precision and recall give partial credit for overlap, in
//! characters (C(s, t, h) = |s ∩ t| / h summed over every system span s and gold span t), with
//! the technique required to match (`f1`) or not (`span_f1`, the task's span identification);
//! and the task's technique classification (`classification_f1`: gold spans given).
//! Only PTC's train split is here, so the articles are split into five folds by their order and
//! each fold is tagged by a model trained on the other four, with the code of `rhetor train
//! techniques` and the layer's own `find` (text in, spans out). The decoding (threshold,
//! hysteresis, gap) is the one that scores best over the five folds, as training picks it; each
//! fold's classifier then learns also from the spans so found in its articles by the models
//! that held them out, and the classifier's per-technique offsets and the calibration are
//! fitted on the folds too: all slightly optimistic.

use std::path::Path;

use rhetor::{Span, Technique, Tier};
use rhetor_represent::Representer;
use rhetor_techniques::calibrate::Calibration;
use rhetor_techniques::data::{self, Article};
use rhetor_techniques::decode::{self, Decoding};
use rhetor_techniques::tagger::Dots;
use rhetor_techniques::train::{self, Corpus, Runs};
use rhetor_techniques::{Found, Model, SpanTagger, TechniqueLayer};

use crate::{Error, Scores};

const FOLDS: usize = 5;

/// Reads the PTC articles.
pub fn read_all(ptc_dir: &Path) -> Result<Vec<Article>, Error> {
    data::read(ptc_dir).map_err(|e| Error::Data {
        path: e.path.clone().into(),
        message: e.to_string(),
    })
}

/// The model trained on the articles `which` of `corpus` (the classifier also on the spans
/// `found` in them), its taggers' decodings and calibrations unset.
fn model(
    corpus: &Corpus,
    articles: &[Article],
    which: &[usize],
    found: &[Runs],
    tier: Tier,
) -> Model {
    let taggers = train::groups()
        .into_iter()
        .map(|(_, techniques)| SpanTagger {
            tagger: train::tagger(corpus, articles, which, &techniques),
            techniques,
            decoding: Decoding {
                threshold: 0.5,
                hysteresis: 0.0,
                gap: 0,
            },
            calibration: Calibration::default(),
        })
        .collect();
    let classifier = train::classifier(corpus, articles, which, found);
    Model {
        dim: corpus.lexicon.dim() as u32,
        // The accurate tier's model has no table of its own: its rows are each document's.
        rows: match tier {
            Tier::Fast => corpus.lexicon.rows() as u32,
            Tier::Accurate => 0,
        },
        techniques: Technique::ALL.to_vec(),
        taggers,
        classifier,
    }
}

/// One held-out sentence (the same in `corpus`): its tokens' spans and each tagger's scores.
struct Scored {
    spans: Vec<Span>,
    scores: Vec<Vec<f32>>,
}

/// The five fold models and each article's sentences scored by the one that held it out.
struct CrossValidated {
    corpus: Corpus,
    layers: Vec<TechniqueLayer>,
    articles: Vec<Vec<Scored>>,
}

impl CrossValidated {
    fn new(articles: &[Article], representer: &Representer) -> Self {
        let corpus = train::read(articles, representer);
        let layers: Vec<TechniqueLayer> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..FOLDS)
                .map(|fold| {
                    let corpus = &corpus;
                    scope.spawn(move || {
                        let which: Vec<usize> =
                            (0..articles.len()).filter(|i| i % FOLDS != fold).collect();
                        model(corpus, articles, &which, &[], representer.tier())
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .map(|m| TechniqueLayer::new(m, representer.clone()).expect("trained on this tier"))
                .collect()
        });
        let dots: Vec<Vec<Dots>> = layers
            .iter()
            .map(|l| l.model().dots(&corpus.lexicon))
            .collect();
        let scored = corpus
            .docs
            .iter()
            .enumerate()
            .map(|(i, (doc, sentences))| {
                let layer = &layers[i % FOLDS];
                sentences
                    .iter()
                    .map(|sentence| Scored {
                        spans: doc.tokens[sentence.tokens.clone()]
                            .iter()
                            .map(|t| t.span)
                            .collect(),
                        scores: layer.scores(sentence, &dots[i % FOLDS]),
                    })
                    .collect()
            })
            .collect();
        CrossValidated {
            corpus,
            layers,
            articles: scored,
        }
    }

    /// Every article's spans as `decodings` read each tagger's scores, each as its sentence and
    /// tokens.
    fn runs(&self, decodings: &[Decoding]) -> Vec<Runs> {
        let mut all = self.runs_of(0, &decodings[0]);
        for (k, decoding) in decodings.iter().enumerate().skip(1) {
            for (all, more) in all.iter_mut().zip(self.runs_of(k, decoding)) {
                all.extend(more);
            }
        }
        all
    }

    /// Every article's spans as `decoding` reads the scores of tagger `k`.
    fn runs_of(&self, k: usize, decoding: &Decoding) -> Vec<Runs> {
        self.articles
            .iter()
            .zip(&self.corpus.docs)
            .map(|(scored, (_, sentences))| {
                scored
                    .iter()
                    .zip(sentences)
                    .enumerate()
                    .flat_map(|(n, (s, sentence))| {
                        let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
                        decode::spans(&words, &s.scores[k], decoding)
                            .into_iter()
                            .map(move |(r, _)| (n, r))
                    })
                    .collect()
            })
            .collect()
    }

    /// Retrains each fold's classifier on its articles' gold spans and the spans `found` in
    /// them by the taggers that held them out.
    fn reclassify(&mut self, articles: &[Article], found: &[Runs], representer: &Representer) {
        let corpus = &self.corpus;
        let classifiers: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..FOLDS)
                .map(|fold| {
                    scope.spawn(move || {
                        let which: Vec<usize> =
                            (0..articles.len()).filter(|i| i % FOLDS != fold).collect();
                        train::classifier(corpus, articles, &which, found)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for (layer, classifier) in self.layers.iter_mut().zip(classifiers) {
            let model = Model {
                classifier,
                ..layer.model().clone()
            };
            *layer = TechniqueLayer::new(model, representer.clone()).expect("the same tier");
        }
    }

    /// Moves every fold classifier's biases by `offsets`.
    fn offset(&mut self, offsets: &[f32], representer: &Representer) {
        for layer in &mut self.layers {
            let mut model = layer.model().clone();
            shift(&mut model, offsets);
            *layer = TechniqueLayer::new(model, representer.clone()).expect("the same tier");
        }
    }

    /// Every article's spans, untyped, as `decoding` reads the scores of tagger `k`.
    fn spans(&self, k: usize, decoding: &Decoding) -> Vec<Vec<Span>> {
        self.runs_of(k, decoding)
            .iter()
            .zip(&self.articles)
            .map(|(runs, scored)| {
                runs.iter()
                    .map(|(n, r)| {
                        let s = &scored[*n].spans;
                        Span::new(s[r.start].start, s[r.end - 1].end)
                    })
                    .collect()
            })
            .collect()
    }

    /// The share of gold spans whose technique the fold's classifier names (SemEval-2020's
    /// technique classification task: the spans given, micro-averaged F1, which is accuracy
    /// when every span has one answer); a gold span counts right if its text carries the
    /// technique named under any of its labels.
    fn classification(&self, articles: &[Article]) -> f64 {
        let (mut right, mut all) = (0usize, 0usize);
        let mut dense = Vec::new();
        for (i, (article, (doc, sentences))) in articles.iter().zip(&self.corpus.docs).enumerate() {
            let layer = &self.layers[i % FOLDS];
            for (technique, gold) in &article.spans {
                let Some(sentence) = sentences.iter().find(|s| {
                    doc.tokens[s.tokens.clone()]
                        .iter()
                        .any(|t| gold.overlaps(t.span))
                }) else {
                    continue;
                };
                let tokens = &doc.tokens[sentence.tokens.clone()];
                let inside: Vec<usize> = (0..tokens.len())
                    .filter(|&k| gold.overlaps(tokens[k].span))
                    .collect();
                let range = inside[0]..inside[inside.len() - 1] + 1;
                let p = layer.technique_probabilities(
                    sentence,
                    range,
                    &self.corpus.lexicon,
                    &mut dense,
                );
                let best = (0..p.len())
                    .max_by(|&a, &b| p[a].total_cmp(&p[b]))
                    .unwrap_or(0);
                all += 1;
                right += (Technique::ALL[best] == *technique
                    || article
                        .spans
                        .iter()
                        .any(|(t, g)| g == gold && *t == Technique::ALL[best]))
                    as usize;
            }
        }
        right as f64 / all.max(1) as f64
    }

    /// Every article's technique spans, as the layer finds them with `decodings`.
    fn found(&self, decodings: &[Decoding]) -> Vec<Vec<(Span, Found)>> {
        self.articles
            .iter()
            .zip(&self.corpus.docs)
            .enumerate()
            .map(|(i, (scored, (_, sentences)))| {
                let layer = &self.layers[i % FOLDS];
                scored
                    .iter()
                    .zip(sentences)
                    .flat_map(|(s, sentence)| {
                        layer
                            .find(sentence, &s.scores, decodings, &self.corpus.lexicon)
                            .into_iter()
                            .map(|f| {
                                let span = Span::new(
                                    s.spans[f.tokens.start].start,
                                    s.spans[f.tokens.end - 1].end,
                                );
                                (span, f)
                            })
                    })
                    .collect()
            })
            .collect()
    }
}

/// The decodings tried.
fn grid() -> impl Iterator<Item = Decoding> {
    (6..=18).flat_map(|t| {
        [0.0, 0.1, 0.2, 0.3]
            .into_iter()
            .flat_map(move |hysteresis| {
                [0u8, 1, 2, 4].into_iter().map(move |gap| Decoding {
                    threshold: t as f32 * 0.05,
                    hysteresis,
                    gap,
                })
            })
    })
}

/// Each tagger's decoding: the one with the best span identification F1 over the folds against
/// the gold spans of its techniques.
fn tune(articles: &[Article], cv: &CrossValidated) -> Vec<Decoding> {
    train::groups()
        .iter()
        .enumerate()
        .map(|(k, (_, group))| tune_one(articles, cv, k, group))
        .collect()
}

fn tune_one(articles: &[Article], cv: &CrossValidated, k: usize, group: &[Technique]) -> Decoding {
    let gold: Vec<Vec<(Technique, Span)>> = articles
        .iter()
        .map(|a| {
            merged(
                a.spans
                    .iter()
                    .filter(|(t, _)| group.contains(t))
                    .map(|(_, s)| *s),
            )
        })
        .collect();
    grid()
        .map(|d| {
            let mut total = Credit::default();
            for (system, gold) in cv.spans(k, &d).iter().zip(&gold) {
                total.add(credit(&merged(system.iter().copied()), gold, false));
            }
            (d, total.f1())
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(d, _)| d)
        .expect("a grid")
}

/// Spans with overlapping ones joined, as span identification counts them (the SemEval-2020
/// scorer merges overlapping spans of one article before scoring, so a span given two
/// techniques counts once).
fn merged(spans: impl IntoIterator<Item = Span>) -> Vec<(Technique, Span)> {
    let mut spans: Vec<Span> = spans.into_iter().collect();
    spans.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<Span> = Vec::new();
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    // One label for all: span identification ignores the technique.
    out.into_iter().map(|s| (Technique::ALL[0], s)).collect()
}

/// Offsets to the classifier's per-technique biases that give the best technique-matched F1
/// over the folds' spans (its priors are those of what it learned from, gold spans among them,
/// not of the spans the tagger gives it). Coordinate ascent, each offset on a grid.
fn offsets(articles: &[Article], found: &[Vec<(Span, Found)>]) -> Vec<f32> {
    // Per found span: its log-probabilities and the credit each technique would earn.
    struct Choice {
        logp: Vec<f32>,
        precision: Vec<f64>,
        recall: Vec<f64>,
    }
    let classes = Technique::ALL.len();
    let mut choices = Vec::new();
    let mut gold = 0usize;
    for (article, found) in articles.iter().zip(found) {
        gold += article.spans.len();
        for (s, f) in found {
            let mut c = Choice {
                logp: f.probabilities.iter().map(|p| p.max(1e-9).ln()).collect(),
                precision: vec![0.0; classes],
                recall: vec![0.0; classes],
            };
            for (t, g) in &article.spans {
                let k = Technique::ALL
                    .iter()
                    .position(|x| x == t)
                    .expect("a technique");
                let o = s.end.min(g.end).saturating_sub(s.start.max(g.start)) as f64;
                c.precision[k] += o / s.len().max(1) as f64;
                c.recall[k] += o / g.len().max(1) as f64;
            }
            choices.push(c);
        }
    }
    let f1 = |b: &[f32]| {
        let (mut p, mut r) = (0.0, 0.0);
        for c in &choices {
            let k = (0..classes)
                .max_by(|&x, &y| (c.logp[x] + b[x]).total_cmp(&(c.logp[y] + b[y])))
                .expect("classes");
            p += c.precision[k];
            r += c.recall[k];
        }
        let (p, r) = (p / choices.len().max(1) as f64, r / gold.max(1) as f64);
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    };
    let mut b = vec![0f32; classes];
    let mut best = f1(&b);
    for _ in 0..3 {
        for k in 0..classes {
            for step in -20..=20 {
                let mut tried = b.clone();
                tried[k] = step as f32 * 0.1;
                let score = f1(&tried);
                if score > best + 1e-9 {
                    (best, b) = (score, tried);
                }
            }
        }
    }
    b
}

fn shift(model: &mut Model, offsets: &[f32]) {
    for (b, o) in model.classifier.bias.iter_mut().zip(offsets) {
        *b += o;
    }
}

/// Whether a found span is right: it overlaps a gold span of its technique.
fn right(span: Span, technique: Technique, gold: &[(Technique, Span)]) -> bool {
    gold.iter()
        .any(|(t, g)| *t == technique && g.overlaps(span))
}

/// Each tagger's calibration, fitted to the spans it found on the folds.
fn calibrate(articles: &[Article], found: &[Vec<(Span, Found)>]) -> Vec<Calibration> {
    (0..train::groups().len())
        .map(|k| {
            let examples: Vec<(f32, bool)> = articles
                .iter()
                .zip(found)
                .flat_map(|(a, found)| {
                    found
                        .iter()
                        .filter(|(_, f)| f.tagger == k)
                        .map(|(s, f)| (f.raw, right(*s, f.technique, &a.spans)))
                })
                .collect();
            Calibration::fit(&examples)
        })
        .collect()
}

/// Trains on every article (the shipped model), with the decoding and calibration the five
/// folds gave.
pub fn train_all(articles: &[Article], representer: &Representer) -> Model {
    let fitted = Fitted::new(articles, representer);
    let all: Vec<usize> = (0..articles.len()).collect();
    let mut model = model(
        &fitted.cv.corpus,
        articles,
        &all,
        &fitted.runs,
        representer.tier(),
    );
    for ((t, decoding), calibration) in model
        .taggers
        .iter_mut()
        .zip(fitted.decodings)
        .zip(fitted.calibrations)
    {
        t.decoding = decoding;
        t.calibration = calibration;
    }
    shift(&mut model, &fitted.offsets);
    model
}

/// What the five folds decide, in order: the taggers' decodings; the classifiers retrained on
/// the spans so decoded; their technique offsets; the calibrations of what they then find.
struct Fitted {
    cv: CrossValidated,
    decodings: Vec<Decoding>,
    runs: Vec<Runs>,
    offsets: Vec<f32>,
    found: Vec<Vec<(Span, Found)>>,
    calibrations: Vec<Calibration>,
}

impl Fitted {
    fn new(articles: &[Article], representer: &Representer) -> Self {
        let mut cv = CrossValidated::new(articles, representer);
        let decodings = tune(articles, &cv);
        let runs = cv.runs(&decodings);
        cv.reclassify(articles, &runs, representer);
        let offsets = offsets(articles, &cv.found(&decodings));
        cv.offset(&offsets, representer);
        let found = cv.found(&decodings);
        let calibrations = calibrate(articles, &found);
        Fitted {
            cv,
            decodings,
            runs,
            offsets,
            found,
            calibrations,
        }
    }
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

    fn p(&self) -> f64 {
        self.precision / self.system.max(1) as f64
    }

    fn r(&self) -> f64 {
        self.recall / self.gold.max(1) as f64
    }

    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
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

/// The confidence from which the reports show a span (`rhetor_doc::REPORTED_CONFIDENCE`).
const REPORTED: f32 = rhetor::REPORTED_CONFIDENCE;

pub fn evaluate(ptc_dir: &Path, representer: &Representer) -> Result<(Scores, Vec<String>), Error> {
    let articles = read_all(ptc_dir)?;
    let Fitted {
        cv,
        decodings,
        found,
        calibrations,
        ..
    } = Fitted::new(&articles, representer);
    let confidence = |f: &Found| calibrations[f.tagger].apply(f.raw);
    let classification = cv.classification(&articles);
    let mut all = Credit::default();
    let mut spans = Credit::default();
    let mut reported = Credit::default();
    let mut per = [Credit::default(); 14];
    // Reliability: per tenth of calibrated confidence, the spans and how many were right.
    let mut bins = [(0usize, 0usize); 10];
    for (article, found) in articles.iter().zip(&found) {
        let system: Vec<(Technique, Span)> = found.iter().map(|(s, f)| (f.technique, *s)).collect();
        all.add(credit(&system, &article.spans, true));
        spans.add(credit(
            &merged(system.iter().map(|(_, s)| *s)),
            &merged(article.spans.iter().map(|(_, s)| *s)),
            false,
        ));
        let shown: Vec<(Technique, Span)> = found
            .iter()
            .filter(|(_, f)| confidence(f) >= REPORTED)
            .map(|(s, f)| (f.technique, *s))
            .collect();
        reported.add(credit(&shown, &article.spans, true));
        for (s, f) in found {
            let bin = ((confidence(f) * 10.0) as usize).min(9);
            bins[bin].0 += 1;
            bins[bin].1 += right(*s, f.technique, &article.spans) as usize;
        }
        for (k, t) in Technique::ALL.iter().enumerate() {
            let of = |v: &[(Technique, Span)]| -> Vec<(Technique, Span)> {
                v.iter().filter(|(x, _)| x == t).copied().collect()
            };
            per[k].add(credit(&of(&system), &of(&article.spans), true));
        }
    }
    let mut lines = vec![format!("tier\t{}", representer.tier().name())];
    for (decoding, (group, _)) in decodings.iter().zip(train::groups()) {
        lines.push(format!(
            "decoding ({group})\tthreshold {:.2}, hysteresis {:.1}, gap {}",
            decoding.threshold, decoding.hysteresis, decoding.gap
        ));
    }
    lines.push(
        "calibration\tconfidence: spans, share right (overlapping a gold span of the technique)"
            .into(),
    );
    for (b, (n, right)) in bins.iter().enumerate() {
        if *n > 0 {
            lines.push(format!(
                "  {:.1}-{:.1}\t{n}, {:.2}",
                b as f32 / 10.0,
                (b + 1) as f32 / 10.0,
                *right as f64 / *n as f64
            ));
        }
    }
    let mut scores = Scores::default();
    scores.set("f1", all.f1());
    scores.set("precision", all.p());
    scores.set("recall", all.r());
    scores.set("classification_f1", classification);
    scores.set("span_f1", spans.f1());
    scores.set("span_precision", spans.p());
    scores.set("span_recall", spans.r());
    scores.set("reported.precision", reported.p());
    scores.set("reported.spans", reported.system as f64);
    for (k, t) in Technique::ALL.iter().enumerate() {
        scores.set(format!("f1.{}", t.label()), per[k].f1());
    }
    Ok((scores, lines))
}
