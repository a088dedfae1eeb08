//! The streaming, ordered, parallel batch that `rhetor analyze` and `rhetor index` run.
//!
//! One thread reads inputs, `jobs` workers analyse them, and the calling thread receives results
//! in input order. A fixed number of credits bounds how many documents are in flight, so memory
//! stays flat however long the batch and however slow one document is.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, unbounded};
use rhetor::{Doc, Input, Inputs, Pipeline};

/// An input that could not be read or analysed: the error, and the id and place of the error
/// record written in its place.
pub struct Failure {
    pub error: rhetor::Error,
    pub id: String,
    pub origin: rhetor::json::Origin,
}

impl Failure {
    /// An input that could not be read: named by where it is.
    fn unread(error: rhetor::Error) -> Box<Self> {
        let (id, origin) = error.origin();
        Box::new(Failure { error, id, origin })
    }
}

/// Analyses every input on `jobs` threads and hands the outcomes to `sink` in input order.
/// `admit` runs on the reading thread before an input is analysed: it gives the input's tag,
/// handed to `sink` with the outcome, or `None` to leave the input out. An input that could not
/// be read has no tag. `prepare` runs on the analysing thread, turning each document into what
/// `sink` takes. Returns what the WARC inputs held.
pub fn for_each_ordered<T: Send + Sync, R: Send>(
    inputs: Inputs,
    pipeline: &Pipeline,
    jobs: usize,
    mut admit: impl FnMut(&Input) -> Option<T> + Send,
    prepare: impl Fn(Doc, &T) -> R + Sync,
    mut sink: impl FnMut(Option<T>, Result<R, Box<Failure>>) -> anyhow::Result<()>,
) -> anyhow::Result<rhetor::WarcStats> {
    let window = jobs * 16;
    let (credit_tx, credit_rx) = bounded::<()>(window);
    for _ in 0..window {
        credit_tx
            .send(())
            .expect("the credit channel holds the window");
    }
    type Work<T> = (u64, Result<(Input, T), rhetor::Error>);
    let (work_tx, work_rx) = bounded::<Work<T>>(jobs);
    let (done_tx, done_rx) = unbounded::<(u64, Option<T>, Result<R, Box<Failure>>)>();

    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut inputs = inputs;
            let mut seq = 0u64;
            for item in inputs.by_ref() {
                let item = match item {
                    Ok(input) => match admit(&input) {
                        Some(tag) => Ok((input, tag)),
                        None => continue,
                    },
                    Err(e) => Err(e),
                };
                // Wait for the writer to free a place; stop when it has gone.
                if credit_rx.recv().is_err() || work_tx.send((seq, item)).is_err() {
                    break;
                }
                seq += 1;
            }
            inputs.warc_stats()
        });
        for _ in 0..jobs {
            let (work_rx, done_tx) = (work_rx.clone(), done_tx.clone());
            let prepare = &prepare;
            scope.spawn(move || {
                for (seq, item) in work_rx {
                    let (tag, outcome) = match item {
                        Ok((input, tag)) => {
                            let id = input.id.clone();
                            let origin = rhetor::json::Origin::from(&input.source);
                            // Preparing is guarded as analysing is: a worker that died would
                            // leave the batch waiting for its document for ever.
                            let outcome = guarded(&id, &origin, || pipeline.analyze(input))
                                .and_then(|doc| guarded(&id, &origin, || Ok(prepare(doc, &tag))));
                            (Some(tag), outcome)
                        }
                        Err(e) => (None, Err(Failure::unread(e))),
                    };
                    if done_tx.send((seq, tag, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        drop(work_rx);

        let mut pending = BTreeMap::new();
        let mut next = 0u64;
        let mut write = || -> anyhow::Result<()> {
            for (seq, tag, outcome) in &done_rx {
                pending.insert(seq, (tag, outcome));
                while let Some((tag, outcome)) = pending.remove(&next) {
                    sink(tag, outcome)?;
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
        written?;
        Ok(stats)
    })
}

/// Runs one step of an input's work; a panic (a bug) becomes that input's error instead of
/// ending the batch.
fn guarded<T>(
    id: &str,
    origin: &rhetor::json::Origin,
    step: impl FnOnce() -> Result<T, rhetor::Error>,
) -> Result<T, Box<Failure>> {
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|panic| {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(rhetor::Error::Unsupported {
                input: id.to_string(),
                message: format!("internal error, please report it: {why}"),
            })
        });
    outcome.map_err(|error| {
        Box::new(Failure {
            error,
            id: id.to_string(),
            origin: origin.clone(),
        })
    })
}

/// A progress line on stderr, shown only on a terminal and once the batch has run a while.
pub struct Progress {
    enabled: bool,
    start: Instant,
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: Instant::now(),
            bar: None,
        }
    }

    pub fn tick(&mut self, done: u64) {
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

    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document whose preparation panics is that document's error; the others are written,
    /// in order, and the batch ends (a dead worker once left it waiting for ever).
    #[test]
    fn a_panic_while_preparing_fails_one_document() {
        let lines: String = (0..40)
            .map(|k| format!("{{\"id\": \"d{k}\", \"text\": \"The ferry left at {k}.\"}}\n"))
            .collect();
        let inputs =
            Inputs::of_reader("docs.jsonl", Box::new(std::io::Cursor::new(lines)), 1 << 20);
        let pipeline = Pipeline::new(rhetor::Options::default());
        let mut seen = Vec::new();
        for_each_ordered(
            inputs,
            &pipeline,
            2,
            |_| Some(()),
            |doc, _| {
                assert!(doc.id != "d7", "a bug while preparing");
                doc.id
            },
            |_, outcome| {
                seen.push(outcome.unwrap_or_else(|f| format!("failed {}", f.id)));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen.len(), 40);
        assert_eq!(seen[6], "d6");
        assert_eq!(seen[7], "failed d7");
    }
}
