//! `rhetor index`: analyse inputs into a store that `rhetor corpus --store` searches.
//!
//! Everything `rhetor analyze` reads is analysed in the same streaming batch; JSONL files that
//! `rhetor analyze` wrote are stored as they are. Each article keeps the digest of its input (the
//! rhetor version, the analysis options and the input's bytes), so indexing the same inputs again
//! analyses only what is new or changed, and an interrupted run, rerun, completes the store.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use rhetor::{Content, Input, Inputs, Pipeline};
use rhetor_store::{Digest, Prepared, Put, Store};

use crate::Analysis;
use crate::batch::{Progress, for_each_ordered};
use crate::corpus::{Line, open, parse_line};

#[derive(clap::Args)]
pub struct IndexArgs {
    /// The store to write: created when it does not exist.
    #[arg(long)]
    store: PathBuf,
    /// What `rhetor analyze` reads, and JSONL files that `rhetor analyze` wrote.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    analysis: Analysis,
    /// No progress bar and no summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// What became of the inputs.
#[derive(Default)]
struct Tally {
    added: u64,
    replaced: u64,
    unchanged: u64,
    failed: u64,
}

impl Tally {
    fn count(&mut self, put: Put) {
        match put {
            Put::Added => self.added += 1,
            Put::Replaced => self.replaced += 1,
            Put::Unchanged => self.unchanged += 1,
        }
    }

    fn done(&self) -> u64 {
        self.added + self.replaced + self.unchanged + self.failed
    }
}

/// Runs the command; `Ok(false)` when some input failed.
pub fn run(args: IndexArgs) -> anyhow::Result<bool> {
    let mut store = Store::create(&args.store)?;
    let (analysed, to_analyse): (Vec<PathBuf>, Vec<PathBuf>) =
        args.inputs.iter().cloned().partition(|p| is_analysed(p));
    let mut tally = Tally::default();
    let mut progress = Progress::new(args.quiet);

    for path in &analysed {
        store_analysed(&mut store, path, &mut tally, &mut progress)?;
    }

    if !to_analyse.is_empty() {
        let pipeline = Pipeline::new(args.analysis.options());
        let options = format!(
            "rhetor {} {:?}",
            env!("CARGO_PKG_VERSION"),
            args.analysis.options()
        );
        // The reading thread asks its own connection which inputs are stored already.
        let stored = Store::open(&args.store)?;
        let (mut unchanged, mut lookup) = (0u64, Ok(()));
        let (unchanged_count, lookup_result) = (&mut unchanged, &mut lookup);
        let admit = move |input: &Input| {
            let digest = digest_of(input, &options);
            match stored.digest(&input.id) {
                Ok(Some(d)) if d == digest => {
                    *unchanged_count += 1;
                    None
                }
                Ok(_) => Some(digest),
                Err(e) => {
                    *lookup_result = Err(e);
                    Some(digest)
                }
            }
        };
        let inputs = Inputs::new(to_analyse, args.analysis.max_bytes);
        for_each_ordered(
            inputs,
            &pipeline,
            args.analysis.jobs(),
            admit,
            |doc, digest| Prepared::new(&doc, *digest).map_err(|e| (doc.id, e)),
            |_, outcome| {
                match outcome {
                    Ok(Ok(article)) => tally.count(store.put_prepared(&article)?),
                    Ok(Err((id, e))) => {
                        tally.failed += 1;
                        progress.println(&format!("rhetor: {id}: cannot be stored: {e}"));
                    }
                    Err(f) => {
                        tally.failed += 1;
                        progress.println(&format!("rhetor: {}", f.error));
                    }
                }
                progress.tick(tally.done());
                Ok(())
            },
        )?;
        tally.unchanged += unchanged;
        lookup?;
    }
    store.commit()?;
    progress.finish();
    if !args.quiet {
        eprintln!(
            "rhetor: {} articles added, {} replaced, {} unchanged, {} failed; {} holds {}",
            tally.added,
            tally.replaced,
            tally.unchanged,
            tally.failed,
            args.store.display(),
            store.len()?
        );
    }
    Ok(tally.failed == 0)
}

/// What an input's article depends on: the rhetor version and options, and the input itself.
fn digest_of(input: &Input, options: &str) -> Digest {
    let (kind, bytes): (&[u8], &[u8]) = match &input.content {
        Content::Bytes(b) => (b"bytes", b),
        Content::Html(b) => (b"html", b),
        Content::Text(t) => (b"text", t.as_bytes()),
    };
    let text = |s: &Option<String>| s.as_deref().unwrap_or("\0").as_bytes().to_vec();
    Digest::of(&[
        options.as_bytes(),
        input.id.as_bytes(),
        &text(&input.source.url),
        &text(&input.published),
        &text(&input.charset),
        &text(&input.fetched),
        kind,
        bytes,
    ])
}

/// Whether `path` is a JSONL file that `rhetor analyze` wrote: its first record is a `rhetor/1`
/// document.
fn is_analysed(path: &Path) -> bool {
    let name = path.to_string_lossy().to_lowercase();
    let jsonl = [".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"]
        .iter()
        .any(|ext| name.ends_with(ext));
    if !jsonl || !path.is_file() {
        return false;
    }
    let Ok(reader) = open(path) else {
        return false;
    };
    #[derive(serde::Deserialize)]
    struct Head {
        schema: Option<String>,
    }
    let first = reader
        .lines()
        .map_while(Result::ok)
        .find(|l| !l.trim().is_empty());
    first
        .and_then(|l| serde_json::from_str::<Head>(&l).ok())
        .is_some_and(|h| h.schema.as_deref() == Some(rhetor::json::SCHEMA_ID))
}

/// Stores the articles of a JSONL file that `rhetor analyze` wrote; an article stored with the
/// same line is not parsed again.
fn store_analysed(
    store: &mut Store,
    path: &Path,
    tally: &mut Tally,
    progress: &mut Progress,
) -> anyhow::Result<()> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: String,
    }
    for (n, line) in open(path)?.lines().enumerate() {
        let n = n + 1;
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                tally.failed += 1;
                progress.println(&format!("rhetor: {}:{n}: cannot read: {e}", path.display()));
                break;
            }
        };
        let digest = Digest::of(&[rhetor::json::SCHEMA_ID.as_bytes(), line.as_bytes()]);
        if let Ok(Id { id }) = serde_json::from_str(&line)
            && store.digest(&id)? == Some(digest)
        {
            tally.unchanged += 1;
            continue;
        }
        match parse_line(path, n, &line) {
            Line::Blank => continue,
            Line::Article(doc) => tally.count(store.put(&doc, digest)?),
            Line::Skipped(why) => {
                tally.failed += 1;
                progress.println(&format!("rhetor: {why}"));
            }
        }
        progress.tick(tally.done());
    }
    Ok(())
}
