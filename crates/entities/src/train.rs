//! Training: an averaged structured perceptron over BIO label sequences (Collins 2002), with
//! partly labelled sentences (UNER's `O` may hide a MISC) trained towards the best sequence the
//! labels allow.

use rhetor_represent::Vectors;
use std::collections::HashMap;

use crate::data::Sentence;
use crate::features::{self, Domain, Features, Gazetteer, Tables, phrase_key};
use crate::labels::{self, N_LABELS};
use crate::model::{Model, context_input};
use crate::rng::Rng;

/// How often (in percent) a training sentence is shown in lower case.
const LOWERCASE_PERCENT: usize = 20;

/// The share of training sentences (percent) shown without the gazetteer. Every name in the
/// gazetteer was seen in training, so with it always there the model learned to trust it and
/// little else: a name the training data never had ("Obama", in 1996 news) in the word cluster
/// of "president" was no name, "Mr. Obama" included. CoNLL / UNER dev through the pipeline,
/// one training each (the order noise is about 0.004): 0% 0.905 / 0.704, 30% 0.909 / 0.693,
/// 50% 0.909 / 0.708, 70% 0.911 / 0.708, 85% 0.909 / 0.712, 100% 0.910 / 0.704.
const GAZETTEER_DROP_PERCENT: usize = 70;

/// Independent training runs (different sentence orders) whose weights are averaged: one run's
/// score on web text moves by a couple of points with the order alone.
const RUNS: usize = 4;

/// Entity names seen in at least two training documents, with their types.
pub fn gazetteer(sentences: &[Sentence]) -> Gazetteer {
    let mut seen: HashMap<u64, (u8, usize, usize)> = HashMap::new();
    for s in sentences {
        for (start, end, t) in labels::chunks(&s.labels) {
            let key = phrase_key(s.tokens[start..end].iter().map(String::as_str));
            let entry = seen.entry(key).or_insert((0, usize::MAX, 0));
            entry.0 |= 1 << t;
            if entry.1 != s.doc {
                entry.1 = s.doc;
                entry.2 += 1;
            }
        }
    }
    Gazetteer(
        seen.into_iter()
            .filter(|(_, (_, _, docs))| *docs >= 2)
            .map(|(k, (types, _, _))| (k, types))
            .collect(),
    )
}

/// For each sentence, the types each of its words has inside entities in the other sentences of
/// its document (a bit mask per token), the training form of the tagger's second pass.
pub fn document_knowledge(sentences: &[Sentence]) -> Vec<Vec<u8>> {
    let mut per_doc: HashMap<(usize, String), [u32; 4]> = HashMap::new();
    let own = |s: &Sentence| {
        let mut own: HashMap<String, [u32; 4]> = HashMap::new();
        for (start, end, t) in labels::chunks(&s.labels) {
            for w in &s.tokens[start..end] {
                own.entry(w.to_lowercase()).or_default()[t] += 1;
            }
        }
        own
    };
    for s in sentences {
        for (w, counts) in own(s) {
            let total = per_doc.entry((s.doc, w)).or_default();
            for t in 0..4 {
                total[t] += counts[t];
            }
        }
    }
    sentences
        .iter()
        .map(|s| {
            let mine = own(s);
            s.tokens
                .iter()
                .map(|w| {
                    let w = w.to_lowercase();
                    let total = per_doc
                        .get(&(s.doc, w.clone()))
                        .copied()
                        .unwrap_or_default();
                    let here = mine.get(&w).copied().unwrap_or_default();
                    (0..4)
                        .filter(|&t| total[t] > here[t])
                        .fold(0u8, |m, t| m | 1 << t)
                })
                .collect()
        })
        .collect()
}

/// Trains a model over the word-vector table `vectors`; `unlabelled` (token sequences as written)
/// feeds the word clusters, together with the training sentences. `context`, for a model of the
/// accurate tier, holds each sentence's contextual vectors (one per token); without it, the
/// model's head reads each word's static vector (the fast tier). `report(epoch, mistakes)` is
/// called after each epoch.
pub fn train(
    sentences: &[Sentence],
    unlabelled: &[Vec<String>],
    vectors: &Vectors,
    context: Option<&[rhetor_doc::TokenVectors]>,
    epochs: usize,
    report: impl Fn(usize, usize) + Sync,
) -> Model {
    let mut model = Model::empty();
    model.lexical = vec![0.0; N_LABELS * vectors.dim()];
    if let Some(dim) = context.and_then(|c| c.first()).map(|v| v.dim()) {
        model.context = vec![0.0; N_LABELS * dim];
    }
    model.vectors = vectors.fingerprint();
    model.gazetteer = gazetteer(sentences);
    let mut text: Vec<Vec<String>> = sentences.iter().map(|s| s.tokens.clone()).collect();
    text.extend_from_slice(unlabelled);
    model.clusters = crate::clusters::build(&text);
    let knowledge = document_knowledge(sentences);
    let inputs = Inputs {
        sentences,
        knowledge: &knowledge,
        vectors,
        context,
    };
    let runs: Vec<Model> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..RUNS as u64)
            .map(|run| {
                let (model, inputs, report) = (&model, &inputs, &report);
                scope.spawn(move || train_run(model.clone(), inputs, epochs, run, report))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for (i, w) in model.weights.iter_mut().enumerate() {
        *w = runs.iter().map(|m| m.weights[i]).sum::<f32>() / RUNS as f32;
    }
    for (i, w) in model.context.iter_mut().enumerate() {
        *w = runs.iter().map(|m| m.context[i]).sum::<f32>() / RUNS as f32;
    }
    for (i, w) in model.lexical.iter_mut().enumerate() {
        *w = runs.iter().map(|m| m.lexical[i]).sum::<f32>() / RUNS as f32;
    }
    for (p, row) in model.transitions.iter_mut().enumerate() {
        for (n, t) in row.iter_mut().enumerate() {
            *t = runs.iter().map(|m| m.transitions[p][n]).sum::<f32>() / RUNS as f32;
        }
    }
    model
}

/// What every training run reads: the sentences, what their documents know of each word
/// ([`document_knowledge`]), the word-vector table and, in the accurate tier, each sentence's
/// contextual vectors.
struct Inputs<'a> {
    sentences: &'a [Sentence],
    knowledge: &'a [Vec<u8>],
    vectors: &'a Vectors,
    context: Option<&'a [rhetor_doc::TokenVectors]>,
}

/// One averaged-perceptron run over the sentences in the order of seed `run`.
fn train_run(
    mut model: Model,
    inputs: &Inputs,
    epochs: usize,
    run: u64,
    report: &(impl Fn(usize, usize) + Sync),
) -> Model {
    let Inputs {
        sentences,
        knowledge,
        vectors,
        context,
    } = *inputs;
    // Running sums for averaging: w_avg = w - acc / c (Daumé's trick).
    let mut acc = vec![0f32; model.weights.len()];
    let mut trans_acc = vec![[0f32; N_LABELS]; N_LABELS + 1];
    let dim = model.context_dim();
    let lexical_dim = model.lexical_dim();
    let mut context_acc = vec![0f32; model.context.len()];
    let mut lexical_acc = vec![0f32; model.lexical.len()];
    // Each token's contextual vector and static word vector as the tagger reads them, or none.
    let mut token_vectors: Vec<Option<Vec<f32>>> = Vec::new();
    let mut word_vectors: Vec<Option<Vec<f32>>> = Vec::new();
    let mut c = 1f32;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ run.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut feats = Features::default();
    let no_names = Gazetteer::default();
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut mistakes = 0;
        for &k in &order {
            let s = &sentences[k];
            // Now and then the sentence in lower case, so the model does not rely on capitals
            // alone (web text often drops them).
            let lowered: Vec<String>;
            let tokens: Vec<&str> = if rng.below(100) < LOWERCASE_PERCENT {
                lowered = s.tokens.iter().map(|t| t.to_lowercase()).collect();
                lowered.iter().map(String::as_str).collect()
            } else {
                s.tokens.iter().map(String::as_str).collect()
            };
            // Half the time without document knowledge, so the first pass works without it.
            let known = (rng.next() & 1 == 0).then(|| knowledge[k].as_slice());
            // Most of the time without the gazetteer, so the model learns names from their own
            // features, not only from having seen them.
            let gazetteer = if rng.below(100) < GAZETTEER_DROP_PERCENT {
                &no_names
            } else {
                &model.gazetteer
            };
            let tables = Tables {
                gazetteer,
                clusters: &model.clusters,
                vectors,
                common_rows: None,
            };
            let domain = if s.no_misc { Domain::Web } else { Domain::News };
            features::extract(&tokens, &tables, known, domain, &mut feats);
            let mut emissions = model.emissions(&feats);
            token_vectors.clear();
            word_vectors.clear();
            for (i, scores) in emissions.iter_mut().enumerate() {
                // The static vector of the word as tagged.
                let row = feats.rows[i];
                let word = (row != rhetor_doc::NO_ROW && lexical_dim > 0).then(|| {
                    let mut v = vec![0f32; lexical_dim];
                    vectors.vector(row, &mut v);
                    context_input(&mut v);
                    model.add_lexical(scores, &v);
                    v
                });
                word_vectors.push(word);
                if let Some(c) = context.map(|c| &c[k]) {
                    let mut v = vec![0f32; dim];
                    let found = i < c.len() && c.get(i, &mut v);
                    if found {
                        context_input(&mut v);
                        model.add_context(scores, &v);
                    }
                    token_vectors.push(found.then_some(v));
                }
            }
            let guess = model.viterbi(&emissions, None);
            let masks = s.masks();
            if guess.iter().zip(&masks).all(|(&g, &m)| m & (1 << g) != 0) {
                c += 1.0;
                continue;
            }
            mistakes += 1;
            let target = model.viterbi(&emissions, Some(&masks));
            for i in 0..tokens.len() {
                if guess[i] != target[i] {
                    for &f in feats.of(i) {
                        let base = f as usize * N_LABELS;
                        for (l, sign) in [(target[i], 1f32), (guess[i], -1f32)] {
                            model.weights[base + l] += sign;
                            acc[base + l] += sign * c;
                        }
                    }
                    if let Some(Some(v)) = token_vectors.get(i) {
                        update_head(
                            &mut model.context,
                            &mut context_acc,
                            v,
                            target[i],
                            guess[i],
                            c,
                        );
                    }
                    if let Some(Some(v)) = word_vectors.get(i) {
                        update_head(
                            &mut model.lexical,
                            &mut lexical_acc,
                            v,
                            target[i],
                            guess[i],
                            c,
                        );
                    }
                }
                let (pt, pg) = if i == 0 {
                    (N_LABELS, N_LABELS)
                } else {
                    (target[i - 1], guess[i - 1])
                };
                if (pt, target[i]) != (pg, guess[i]) {
                    model.transitions[pt][target[i]] += 1.0;
                    trans_acc[pt][target[i]] += c;
                    model.transitions[pg][guess[i]] -= 1.0;
                    trans_acc[pg][guess[i]] -= c;
                }
            }
            c += 1.0;
        }
        if run == 0 {
            report(epoch + 1, mistakes);
        }
    }
    for (w, a) in model.weights.iter_mut().zip(&acc) {
        *w -= a / c;
    }
    for (w, a) in model.context.iter_mut().zip(&context_acc) {
        *w -= a / c;
    }
    for (w, a) in model.lexical.iter_mut().zip(&lexical_acc) {
        *w -= a / c;
    }
    for (row, acc_row) in model.transitions.iter_mut().zip(&trans_acc) {
        for (t, a) in row.iter_mut().zip(acc_row) {
            *t -= a / c;
        }
    }
    model
}

/// A perceptron step on a head over one vector `v` (`head[label * dim + k]`): towards the
/// target label, away from the guessed one; `acc` keeps the sums for averaging at step `c`.
fn update_head(head: &mut [f32], acc: &mut [f32], v: &[f32], target: usize, guess: usize, c: f32) {
    let dim = v.len();
    for (l, sign) in [(target, 1f32), (guess, -1f32)] {
        let row = l * dim..(l + 1) * dim;
        for ((w, a), x) in head[row.clone()].iter_mut().zip(&mut acc[row]).zip(v) {
            *w += sign * x;
            *a += sign * x * c;
        }
    }
}
