//! `rhetor train <layer>`: trains a model from the data in ../shared/data and writes the file that
//! ships in `models/`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use rhetor_entities::data;

#[derive(clap::Args)]
pub struct TrainArgs {
    #[arg(value_enum)]
    layer: Layer,
    /// The shared data folder (holding ner/, timex/, ...).
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write the model (default: the file that ships, `models/<layer>.bin`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The pretrained files `scripts/fetch-pretrained.sh` unpacked (vectors only).
    #[arg(long, default_value = "pretrained")]
    pretrained: PathBuf,
    /// Passes over the training data (NER only; check-worthiness makes the passes its
    /// evaluation makes).
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    /// For `techniques` and `ner`: the representation the model reads (`fast` writes
    /// `models/<layer>.bin`, `accurate` `models/<layer>-accurate.bin`).
    #[arg(long, default_value = "fast")]
    tier: rhetor::Tier,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Layer {
    /// The representation stage's word vectors: imported from spaCy's en_core_web_md (fetch it
    /// first with `scripts/fetch-pretrained.sh`).
    Vectors,
    /// The named-entity tagger: CoNLL-2003 train and Universal NER English-EWT train.
    Ner,
    /// The check-worthiness model: CLEF-2019 CheckThat! Task 1 train.
    Checkworthy,
    /// The attribution layer's cue model: PolNeAR train.
    Attribution,
    /// The persuasion-technique models: PTC (SemEval-2020 Task 11) train.
    Techniques,
}

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    match args.layer {
        Layer::Vectors => {
            let out = args
                .out
                .unwrap_or_else(|| PathBuf::from("models/vectors.bin"));
            let dir = args.pretrained.join("spacy-en-md");
            anyhow::ensure!(
                dir.is_dir(),
                "no pretrained vectors at {}; fetch them with scripts/fetch-pretrained.sh",
                dir.display()
            );
            let imported = rhetor_represent::spacy::import(&dir)?;
            write_model(&out, &imported.vectors.to_bytes())?;
            eprintln!(
                "{} vectors of {} values, {} words ({} of spaCy's {} left to their lower case)",
                imported.vectors.rows(),
                imported.vectors.dim(),
                imported.vectors.words(),
                imported.folded,
                imported.spacy_words,
            );
        }
        Layer::Checkworthy => {
            let out = args
                .out
                .unwrap_or_else(|| PathBuf::from("models/checkworthy.bin"));
            let docs = rhetor_eval::checkworthy::read_all(&crate::eval::data_folder(
                &args.data,
                "checkworthy",
            )?)?;
            let sentences: usize = docs.iter().map(Vec::len).sum();
            eprintln!(
                "training on {} documents, {sentences} sentences",
                docs.len()
            );
            write_model(&out, &rhetor_eval::checkworthy::train_all(&docs).to_bytes())?;
        }
        Layer::Attribution => {
            let out = args
                .out
                .unwrap_or_else(|| PathBuf::from("models/attribution.bin"));
            let start = Instant::now();
            let articles = rhetor_eval::attribution::read_all(&crate::eval::data_folder(
                &args.data,
                "attribution",
            )?)?;
            eprintln!("training on {} articles", articles.len());
            let classes = rhetor_eval::attribution::word_classes();
            let bytes = rhetor_eval::attribution::train_all(articles, &classes).to_bytes();
            write_model(&out, &bytes)?;
            eprintln!("in {:.1?}", start.elapsed());
        }
        Layer::Techniques => {
            let out = args.out.unwrap_or_else(|| {
                PathBuf::from(match args.tier {
                    rhetor::Tier::Fast => "models/techniques.bin",
                    rhetor::Tier::Accurate => "models/techniques-accurate.bin",
                })
            });
            let articles =
                rhetor_eval::techniques::read_all(&crate::eval::data_folder(&args.data, "ptc")?)?;
            eprintln!("training on {} articles", articles.len());
            let start = Instant::now();
            let representer = rhetor_represent::Representer::bundled(args.tier)
                .context("cannot load the bundled representation")?;
            let bytes = rhetor_eval::techniques::train_all(&articles, &representer).to_bytes();
            write_model(&out, &bytes)?;
            eprintln!("in {:.1?}", start.elapsed());
        }
        Layer::Ner => {
            let out = args.out.unwrap_or_else(|| {
                PathBuf::from(match args.tier {
                    rhetor::Tier::Fast => "models/ner.bin",
                    rhetor::Tier::Accurate => "models/ner-accurate.bin",
                })
            });
            let dir = crate::eval::data_folder(&args.data, "ner/train")?;
            let mut sentences = data::read_conll(&dir.join("conll2003_eng.train.txt"))?;
            let offset = sentences.last().map_or(0, |s| s.doc + 1);
            let uner =
                data::read_uner(&dir.join("uner_en_ewt-ud-train.prerelease-0c7ce0d.cleaned.iob2"))?;
            sentences.extend(uner.into_iter().map(|mut s| {
                s.doc += offset;
                s
            }));
            let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
            eprintln!("training on {} sentences, {tokens} tokens", sentences.len());
            let unlabelled = unlabelled_text(&args.data);
            let words: usize = unlabelled.iter().map(Vec::len).sum();
            eprintln!("word clusters from {words} more words of unlabelled text");
            let start = Instant::now();
            let vectors =
                rhetor_represent::bundled().context("cannot load the bundled word vectors")?;
            let contextual = match args.tier {
                rhetor::Tier::Fast => None,
                rhetor::Tier::Accurate => {
                    let representer = rhetor_represent::Representer::bundled(args.tier)
                        .context("cannot load the bundled representation")?;
                    let contextual = rhetor_eval::ner::sentence_vectors(&sentences, &representer);
                    eprintln!("contextual vectors computed ({:.0?})", start.elapsed());
                    Some(contextual)
                }
            };
            let model = rhetor_entities::train::train(
                &sentences,
                &unlabelled,
                &vectors,
                contextual.as_deref(),
                args.epochs,
                |epoch, mistakes| {
                    eprintln!(
                        "epoch {epoch}: {mistakes} sentences wrong ({:.0?})",
                        start.elapsed()
                    );
                },
            );
            write_model(&out, &model.to_bytes())?;
            eprintln!("{} gazetteer entries", model.gazetteer.0.len());
        }
    }
    Ok(())
}

/// Writes a model file and says where and how large.
fn write_model(out: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "wrote {} ({:.1} MB)",
        out.display(),
        bytes.len() as f64 / 1e6
    );
    Ok(())
}

/// Token sequences (one per line, as written) of the other text corpora in the data folder, for
/// the word clusters: news articles (PolNeAR, PTC, TimeBank, AQUAINT) and web pages' main text
/// (WCXB). Missing corpora are skipped; the NER dev sets are never read here.
fn unlabelled_text(data: &std::path::Path) -> Vec<Vec<String>> {
    let mut texts: Vec<String> = Vec::new();
    let jsonl = |path: std::path::PathBuf, field: &str, texts: &mut Vec<String>| {
        for line in std::fs::read_to_string(path).unwrap_or_default().lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                && let Some(t) = v.get(field).and_then(|t| t.as_str())
            {
                texts.push(t.to_string());
            }
        }
    };
    jsonl(
        data.join("attribution/train/docs.jsonl"),
        "text",
        &mut texts,
    );
    jsonl(
        data.join("timex/train/TimeBank_inputs.jsonl"),
        "text",
        &mut texts,
    );
    jsonl(
        data.join("timex/train/AQUAINT_inputs.jsonl"),
        "text",
        &mut texts,
    );
    for dir in [
        "ptc/train/train-articles",
        "extraction/wcxb-dev/ground-truth",
    ] {
        let Ok(entries) = std::fs::read_dir(data.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let Ok(raw) = std::fs::read_to_string(&path) else {
                continue;
            };
            if path.extension().is_some_and(|e| e == "json") {
                let v: serde_json::Value = serde_json::from_str(&raw).unwrap_or_default();
                if let Some(t) = v
                    .pointer("/ground_truth/main_content")
                    .and_then(|t| t.as_str())
                {
                    texts.push(t.to_string());
                }
            } else {
                texts.push(raw);
            }
        }
    }
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    for text in &texts {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            tokens.clear();
            rhetor_text::tokenize(line, rhetor::Span::new(0, line.len()), &mut tokens);
            out.push(
                tokens
                    .iter()
                    .map(|t| line[t.span.start..t.span.end].to_string())
                    .collect(),
            );
        }
    }
    out
}
