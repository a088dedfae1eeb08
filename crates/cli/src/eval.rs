//! `rhetor eval <layer>`: scores a layer on its dev data and checks floors.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

#[derive(clap::Args)]
pub struct EvalArgs {
    #[arg(value_enum)]
    layer: Layer,
    /// The shared data folder (holding extraction/, ner/, timex/, ...).
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Fail (exit 1) when a score is below a floor: `--min body_f1.articles=0.9`.
    #[arg(long, value_parser = parse_floor)]
    min: Vec<(String, f64)>,
    /// Fail when a count is above a ceiling: `--max dates_invented.articles=5`.
    #[arg(long, value_parser = parse_floor)]
    max: Vec<(String, f64)>,
    /// Print one line per item (page, document) for error analysis.
    #[arg(long)]
    verbose: bool,
    /// For `ner`: score this model file (from `rhetor train ner --out`) instead of the bundled one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// For `techniques`: the representation its models read (`fast` or `accurate`).
    #[arg(long, default_value = "fast")]
    tier: rhetor::Tier,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Layer {
    /// Main text and metadata extraction (WCXB dev).
    Extract,
    /// Named entities (CoNLL-2003 testa and UNER English-EWT dev).
    Ner,
    /// Time expressions, TempEval-3 metrics (TimeBank and AQUAINT).
    Timex,
    /// Attributions: source, cue and content (PolNeAR train).
    Attribution,
    /// Check-worthiness ranking, leave-one-debate-out (CLEF-2019 CheckThat! train).
    Checkworthy,
    /// Persuasion-technique spans, five-fold (PTC, SemEval-2020 Task 11 train).
    Techniques,
}

fn parse_floor(s: &str) -> Result<(String, f64), String> {
    let (name, value) = s.split_once('=').ok_or("expected NAME=VALUE")?;
    let value = value
        .parse()
        .map_err(|_| format!("{value:?} is not a number"))?;
    Ok((name.to_string(), value))
}

/// The data folder a command reads, refused with a message that says what was looked for and
/// how to point elsewhere when it is not there.
pub fn data_folder(data: &Path, sub: &str) -> anyhow::Result<PathBuf> {
    let dir = data.join(sub);
    anyhow::ensure!(
        dir.is_dir(),
        "no data at {}: rhetor looks for the shared data folder (holding extraction/, ner/, \
         timex/, attribution/, checkworthy/ and ptc/) at {} by default, beside the checkout; \
         point to it with --data DIR",
        dir.display(),
        data.display()
    );
    Ok(dir)
}

pub fn run(args: EvalArgs) -> anyhow::Result<bool> {
    let folder = match args.layer {
        Layer::Extract => "extraction/wcxb-dev",
        Layer::Ner => "ner",
        Layer::Attribution => "attribution",
        Layer::Checkworthy => "checkworthy",
        Layer::Techniques => "ptc",
        Layer::Timex => "timex",
    };
    let dir = data_folder(&args.data, folder)?;
    // Each layer's scores, and its lines for `--verbose` (one per item or error).
    let (scores, lines): (rhetor_eval::Scores, Vec<String>) = match args.layer {
        Layer::Extract => {
            let (scores, pages) = rhetor_eval::extract::evaluate(&dir)
                .with_context(|| format!("cannot evaluate extraction on {}", dir.display()))?;
            let lines = pages
                .iter()
                .map(|p| {
                    format!(
                        "{}\t{}\tfound={}\tbody_f1={:.3}\ttitle={}\tauthor={}\tdate={} ({} vs {}){}",
                        p.id,
                        p.kind,
                        p.found_kind,
                        p.body_f1,
                        p.title_ok as u8,
                        p.author_ok as u8,
                        p.date_ok as u8,
                        p.date_found,
                        p.date_gold,
                        if p.invented_date {
                            "\tINVENTED-DATE"
                        } else {
                            ""
                        }
                    )
                })
                .collect();
            (scores, lines)
        }
        Layer::Ner => {
            let tagger = match &args.model {
                Some(path) => {
                    let bytes = std::fs::read(path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    let model = rhetor_entities::Model::from_bytes(&bytes)
                        .with_context(|| format!("{} is not a rhetor NER model", path.display()))?;
                    let vectors = rhetor_represent::bundled()
                        .context("cannot load the bundled word vectors")?;
                    rhetor_entities::Tagger::new(model, vectors)
                        .with_context(|| format!("{} cannot be used", path.display()))?
                }
                None => rhetor_entities::Tagger::bundled_for(args.tier)
                    .context("cannot load the bundled NER model")?,
            };
            let representer = rhetor_represent::Representer::bundled(args.tier)
                .context("cannot load the bundled representation")?;
            rhetor_eval::ner::evaluate(&dir, tagger, &representer)?
        }
        Layer::Attribution => rhetor_eval::attribution::evaluate(&dir)?,
        Layer::Checkworthy => rhetor_eval::checkworthy::evaluate(&dir)?,
        Layer::Techniques => {
            let representer = rhetor_represent::Representer::bundled(args.tier)
                .context("cannot load the bundled representation")?;
            rhetor_eval::techniques::evaluate(&dir, &representer)?
        }
        Layer::Timex => rhetor_eval::timex::evaluate(&dir)?,
    };
    if args.verbose {
        for l in &lines {
            writeln!(std::io::stdout(), "{l}")?;
        }
    }
    for (name, value) in &scores.0 {
        writeln!(std::io::stdout(), "{name:<28} {value:.4}")?;
    }
    let mut ok = true;
    for (name, floor) in &args.min {
        let Some(value) = scores.get(name) else {
            bail!("no score named {name:?}")
        };
        if value < *floor {
            eprintln!("rhetor eval: {name} = {value:.4} is below the floor {floor}");
            ok = false;
        }
    }
    for (name, ceiling) in &args.max {
        let Some(value) = scores.get(name) else {
            bail!("no score named {name:?}")
        };
        if value > *ceiling {
            eprintln!("rhetor eval: {name} = {value:.4} is above the ceiling {ceiling}");
            ok = false;
        }
    }
    Ok(ok)
}
