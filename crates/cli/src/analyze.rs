//! `rhetor analyze`: a streaming, ordered, parallel batch.
//!
//! One thread reads inputs, `--jobs` workers analyse them, and this thread writes results in input
//! order. A fixed number of credits bounds how many documents are in flight, so memory stays flat
//! however long the batch and however slow one document is.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::Context;
use crossbeam_channel::{bounded, unbounded};
use rhetor::{Doc, Inputs, LayerSet, Options, Pipeline};

use crate::output::Output;
use crate::{AnalyzeArgs, Format};

/// What became of one input.
type Outcome = Result<Doc, Box<Failure>>;

/// An input that could not be read or analysed: the error, and the id and place of the error
/// record written in its place.
struct Failure {
    error: rhetor::Error,
    id: String,
    origin: rhetor::json::Origin,
}

impl Failure {
    /// An input that could not be read: named by where it is.
    fn unread(error: rhetor::Error) -> Box<Self> {
        let (id, origin) = error.origin();
        Box::new(Failure { error, id, origin })
    }
}

/// Runs the command; `Ok(false)` when some input failed.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<bool> {
    let pipeline = Pipeline::new(Options {
        raw: args.raw,
        published: args.published.clone(),
        max_bytes: args.max_bytes,
        tier: args.tier,
        layers: LayerSet::of(args.layers.iter().copied()),
    });
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let sink: Box<dyn Write + Send> = match &args.output {
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

    let inputs = Inputs::new(args.inputs.iter().cloned(), args.max_bytes);
    let warc = for_each_ordered(inputs, &pipeline, jobs, |outcome| {
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
    })?;
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

/// Analyses every input on `jobs` threads and hands the outcomes to `sink` in input order.
/// Returns what the WARC inputs held.
fn for_each_ordered(
    inputs: Inputs,
    pipeline: &Pipeline,
    jobs: usize,
    mut sink: impl FnMut(Outcome) -> std::io::Result<()>,
) -> anyhow::Result<rhetor::WarcStats> {
    let window = jobs * 4;
    let (credit_tx, credit_rx) = bounded::<()>(window);
    for _ in 0..window {
        credit_tx
            .send(())
            .expect("the credit channel holds the window");
    }
    let (work_tx, work_rx) = bounded::<(u64, Result<rhetor::Input, rhetor::Error>)>(jobs);
    let (done_tx, done_rx) = unbounded::<(u64, Outcome)>();

    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut inputs = inputs;
            for (seq, item) in inputs.by_ref().enumerate() {
                // Wait for the writer to free a place; stop when it has gone.
                if credit_rx.recv().is_err() || work_tx.send((seq as u64, item)).is_err() {
                    break;
                }
            }
            inputs.warc_stats()
        });
        for _ in 0..jobs {
            let (work_rx, done_tx) = (work_rx.clone(), done_tx.clone());
            scope.spawn(move || {
                for (seq, item) in work_rx {
                    let outcome = item
                        .map_err(Failure::unread)
                        .and_then(|input| analyze_guarded(pipeline, input));
                    if done_tx.send((seq, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        drop(work_rx);

        let mut pending = BTreeMap::new();
        let mut next = 0u64;
        let mut write = || -> std::io::Result<()> {
            for (seq, outcome) in &done_rx {
                pending.insert(seq, outcome);
                while let Some(outcome) = pending.remove(&next) {
                    sink(outcome)?;
                    next += 1;
                    let _ = credit_tx.send(());
                }
            }
            Ok(())
        };
        let written = write();
        // On a write error, dropping the receivers stops the reader and the workers.
        drop(done_rx);
        drop(credit_tx);
        let stats = reader.join().unwrap_or_default();
        written.map_err(anyhow::Error::from)?;
        Ok(stats)
    })
}

/// Analyses one input; a panic (a bug) becomes that input's error instead of ending the batch.
fn analyze_guarded(pipeline: &Pipeline, input: rhetor::Input) -> Outcome {
    let id = input.id.clone();
    let origin = rhetor::json::Origin::from(&input.source);
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.analyze(input)))
            .unwrap_or_else(|panic| {
                let why = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(rhetor::Error::Unsupported {
                    input: id.clone(),
                    message: format!("internal error, please report it: {why}"),
                })
            });
    outcome.map_err(|error| Box::new(Failure { error, id, origin }))
}

/// A progress line on stderr, shown only on a terminal and once the batch has run a while.
struct Progress {
    enabled: bool,
    start: Instant,
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: Instant::now(),
            bar: None,
        }
    }

    fn tick(&mut self, done: u64) {
        if !self.enabled {
            return;
        }
        if self.bar.is_none() && self.start.elapsed() > Duration::from_secs(1) {
            // The bar appears a second in: its clock and rate count from the batch's start.
            let bar = indicatif::ProgressBar::new_spinner().with_elapsed(self.start.elapsed());
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {pos} documents, {msg}, {elapsed}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(done);
            bar.set_message(format!(
                "{:.0}/s",
                done as f64 / self.start.elapsed().as_secs_f64()
            ));
        }
    }

    fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
