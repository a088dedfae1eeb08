//! `rhetor analyze`: every input analysed and written in input order, in the chosen format.

use std::io::{IsTerminal, Write};

use anyhow::Context;
use rhetor::{Inputs, Pipeline};

use crate::batch::{Progress, for_each_ordered};
use crate::output::Output;
use crate::{AnalyzeArgs, Format};

/// Runs the command; `Ok(false)` when some input failed.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<bool> {
    let pipeline = Pipeline::new(args.analysis.options());
    let jobs = args.analysis.jobs();
    // `-o -` is stdout, as `-` is stdin among the inputs.
    let output_path = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    let sink: Box<dyn Write + Send> = match output_path {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None if args.format == Format::Parquet && std::io::stdout().is_terminal() => {
            anyhow::bail!("Parquet is a binary format: write it to a file with -o FILE")
        }
        None => Box::new(std::io::stdout()),
    };
    let mut output = Output::new(args.format, std::io::BufWriter::new(sink))?;
    let mut progress = Progress::new(args.quiet);
    let (mut done, mut failed) = (0u64, 0u64);

    let inputs = Inputs::new(args.inputs.iter().cloned(), args.analysis.max_bytes);
    let warc = for_each_ordered(
        inputs,
        &pipeline,
        jobs,
        |_| Some(()),
        |doc, _| doc,
        |_, outcome| {
            match outcome {
                Ok(doc) => output.document(&doc)?,
                Err(f) => {
                    failed += 1;
                    progress.println(&format!("rhetor: {}", f.error));
                    output.error(&f.id, &f.origin, &f.error.to_string())?;
                }
            }
            done += 1;
            progress.tick(done);
            Ok(())
        },
    )?;
    output.finish()?;
    progress.finish();

    if !args.quiet && (done > 1 || failed > 0) {
        eprintln!(
            "rhetor: {} documents analysed, {failed} failed",
            done - failed
        );
    }
    if !args.quiet && warc.kept + warc.skipped + warc.failed > 0 {
        eprintln!(
            "rhetor: WARC records: {} pages kept, {} other records skipped, {} failed",
            warc.kept, warc.skipped, warc.failed
        );
    }
    if done == 0 {
        eprintln!("rhetor: no documents found in the inputs");
        return Ok(false);
    }
    Ok(failed == 0)
}
