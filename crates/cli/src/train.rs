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
    /// Where to write the model.
    #[arg(long, default_value = "models/ner.bin")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 12)]
    epochs: usize,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Layer {
    /// The named-entity tagger: CoNLL-2003 train and Universal NER English-EWT train.
    Ner,
}

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    match args.layer {
        Layer::Ner => {
            let dir = args.data.join("ner/train");
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
            let start = Instant::now();
            let model =
                rhetor_entities::train::train(&sentences, args.epochs, |epoch, mistakes| {
                    eprintln!(
                        "epoch {epoch}: {mistakes} sentences wrong ({:.0?})",
                        start.elapsed()
                    );
                });
            let bytes = model.to_bytes();
            std::fs::write(&args.out, &bytes)
                .with_context(|| format!("cannot write {}", args.out.display()))?;
            eprintln!(
                "wrote {} ({:.1} MB, {} gazetteer entries)",
                args.out.display(),
                bytes.len() as f64 / 1e6,
                model.gazetteer.0.len()
            );
        }
    }
    Ok(())
}
