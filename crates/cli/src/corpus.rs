//! `rhetor corpus`: search analysed articles (the JSONL that `rhetor analyze` writes, or a store
//! that `rhetor index` writes) by words, entity, source, technique, site and date, or compare
//! outlets.
//!
//! JSONL lines are read in batches and parsed on every core; results keep the input order, and
//! only one batch is in memory at a time, so a corpus of any size streams through. A line that
//! is not an analysed article is reported with its file and line number and skipped. A store
//! answers the same query from its indexes, reading only the articles that may match.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use rhetor::Doc;
use rhetor_corpus::{Found, FoundPage, FoundTable, Outlets, Query, outlets_page, outlets_table};

/// Lines parsed together, spread over the cores.
const BATCH: usize = 512;

#[derive(clap::Args)]
pub struct CorpusArgs {
    /// Output of `rhetor analyze --format jsonl`: .jsonl files, .jsonl.gz, or `-` for stdin.
    #[arg(required_unless_present = "store")]
    inputs: Vec<PathBuf>,
    /// Search this store (written by `rhetor index`) instead of JSONL files.
    #[arg(long, conflicts_with = "inputs")]
    store: Option<PathBuf>,
    /// Articles whose text holds every one of these words, in any order.
    #[arg(long)]
    words: Option<String>,
    /// Articles naming this person, organisation or place ("Soleimani" finds every spelling
    /// grouped with it).
    #[arg(long)]
    entity: Option<String>,
    /// Articles citing this source.
    #[arg(long)]
    source: Option<String>,
    /// Articles using this technique: its PTC label or a spelling such as "loaded language".
    #[arg(long, value_parser = technique)]
    technique: Option<rhetor::Technique>,
    /// Articles from sites whose name or host holds these words.
    #[arg(long)]
    site: Option<String>,
    /// Articles published on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = date)]
    since: Option<String>,
    /// Articles published on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = date)]
    until: Option<String>,
    /// Count only entities, attributions and technique spans found with at least this
    /// confidence (0 to 1).
    #[arg(long, default_value_t = 0.0, value_parser = confidence)]
    min_confidence: f32,
    /// Compare outlets over the matching articles (one row per site) instead of listing them.
    #[arg(long)]
    compare: bool,
    #[arg(long, value_enum, default_value_t = CorpusFormat::Markdown)]
    format: CorpusFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CorpusFormat {
    /// A table (matching articles with their first hit, or outlets).
    Markdown,
    /// One JSON object per matching article (with every hit) or per outlet.
    Jsonl,
    /// A self-contained page: the articles with every hit in its sentence, or the outlets with
    /// each rate drawn as a bar.
    Html,
}

fn technique(s: &str) -> Result<rhetor::Technique, String> {
    rhetor_corpus::parse_technique(s).map_err(|e| e.to_string())
}

fn confidence(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(c) if (0.0..=1.0).contains(&c) => Ok(c),
        _ => Err(format!("{s:?} is not a confidence between 0 and 1")),
    }
}

fn date(s: &str) -> Result<String, String> {
    rhetor_corpus::parse_date(s).map_err(|e| e.to_string())
}

/// Where the matches go.
enum Sink<W: Write> {
    Table(FoundTable<W>),
    Page(FoundPage<W>),
    Lines(W),
    Outlets(W, Box<Outlets>),
}

/// What became of one line.
pub(crate) enum Line {
    Blank,
    Article(Box<Doc>),
    Skipped(String),
}

/// Runs the command; `Ok(false)` when some line or file had to be skipped.
pub fn run(args: CorpusArgs) -> anyhow::Result<bool> {
    let query = Query {
        words: args.words.clone(),
        entity: args.entity.clone(),
        source: args.source.clone(),
        technique: args.technique,
        site: args.site.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        min_confidence: args.min_confidence,
    };
    let store = args
        .store
        .as_deref()
        .map(rhetor_store::Store::open)
        .transpose()?;
    let out = BufWriter::new(std::io::stdout().lock());
    let mut sink = match (args.compare, args.format) {
        (true, _) => Sink::Outlets(out, Box::default()),
        (false, CorpusFormat::Markdown) => Sink::Table(FoundTable::new(out, &describe(&query))?),
        (false, CorpusFormat::Jsonl) => Sink::Lines(out),
        (false, CorpusFormat::Html) => Sink::Page(FoundPage::new(out, &describe(&query))?),
    };
    let (mut read, mut skipped) = (0usize, 0usize);
    match &store {
        Some(store) => {
            read = store.len()?;
            for found in store.search(&query)? {
                match found {
                    Ok((doc, found)) => sink.add(&doc, &found)?,
                    Err(e) => {
                        eprintln!("rhetor: skipped: {e}");
                        skipped += 1;
                    }
                }
            }
        }
        None => scan(&args.inputs, &query, &mut sink, &mut read, &mut skipped)?,
    }
    let mut out = match sink {
        Sink::Table(table) => table.finish(read)?,
        Sink::Page(page) => page.finish(read)?,
        Sink::Lines(out) => out,
        Sink::Outlets(mut out, outlets) => {
            let rows = outlets.rows();
            match args.format {
                CorpusFormat::Markdown => outlets_table(&rows, &mut out)?,
                CorpusFormat::Html => outlets_page(&rows, &mut out)?,
                CorpusFormat::Jsonl => {
                    for row in &rows {
                        serde_json::to_writer(&mut out, row)?;
                        writeln!(out)?;
                    }
                }
            }
            out
        }
    };
    out.flush()?;
    if skipped > 0 {
        eprintln!("rhetor: {read} articles read, {skipped} lines or files skipped");
    }
    Ok(skipped == 0)
}

/// Searches JSONL files of analysed articles, counting the articles read and the lines or files
/// skipped.
fn scan<W: Write>(
    inputs: &[PathBuf],
    query: &Query,
    sink: &mut Sink<W>,
    read: &mut usize,
    skipped: &mut usize,
) -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for path in inputs {
        let mut lines = match open(path) {
            Ok(reader) => reader.lines().enumerate(),
            Err(e) => {
                eprintln!("rhetor: {e:#}");
                *skipped += 1;
                continue;
            }
        };
        loop {
            let mut batch = Vec::with_capacity(BATCH);
            for (n, line) in lines.by_ref().take(BATCH) {
                match line {
                    Ok(line) => batch.push((n + 1, line)),
                    Err(e) => {
                        eprintln!("rhetor: {}:{}: cannot read: {e}", path.display(), n + 1);
                        *skipped += 1;
                        break;
                    }
                }
            }
            if batch.is_empty() {
                break;
            }
            for line in parse_batch(path, &batch, cores) {
                match line {
                    Line::Blank => {}
                    Line::Skipped(why) => {
                        eprintln!("rhetor: {why}");
                        *skipped += 1;
                    }
                    Line::Article(doc) => {
                        *read += 1;
                        if let Some(found) = query.search(&doc) {
                            sink.add(&doc, &found)?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

impl<W: Write> Sink<W> {
    /// Takes one matching article.
    fn add(&mut self, doc: &Doc, found: &Found) -> anyhow::Result<()> {
        match self {
            Sink::Table(table) => table.row(found)?,
            Sink::Page(page) => page.row(found)?,
            Sink::Lines(out) => {
                serde_json::to_writer(&mut *out, found)?;
                writeln!(out)?;
            }
            Sink::Outlets(_, outlets) => outlets.add(doc),
        }
        Ok(())
    }
}

/// The query in words, for the table's heading.
fn describe(q: &Query) -> String {
    let mut parts = Vec::new();
    if let Some(w) = &q.words {
        parts.push(format!("with the words “{w}”"));
    }
    if let Some(e) = &q.entity {
        parts.push(format!("naming “{e}”"));
    }
    if let Some(s) = &q.source {
        parts.push(format!("citing “{s}”"));
    }
    if let Some(t) = q.technique {
        parts.push(format!("using {}", t.label().replace('_', " ")));
    }
    if let Some(s) = &q.site {
        parts.push(format!("from “{s}”"));
    }
    match (&q.since, &q.until) {
        (Some(s), Some(u)) => parts.push(format!("published {s} to {u}")),
        (Some(s), None) => parts.push(format!("published since {s}")),
        (None, Some(u)) => parts.push(format!("published until {u}")),
        (None, None) => {}
    }
    if parts.is_empty() {
        "in the corpus".to_string()
    } else {
        parts.join(", ")
    }
}

/// A file, a gzip-compressed file or stdin, line by line.
pub(crate) fn open(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::new(reader)))
}

/// Parses a batch of lines on up to `cores` threads, in order.
fn parse_batch(path: &Path, batch: &[(usize, String)], cores: usize) -> Vec<Line> {
    let chunk = batch.len().div_ceil(cores).max(1);
    std::thread::scope(|s| {
        let workers: Vec<_> = batch
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|(n, line)| parse_line(path, *n, line))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// An analysed article, or why the line is not one.
pub(crate) fn parse_line(path: &Path, n: usize, line: &str) -> Line {
    if line.trim().is_empty() {
        return Line::Blank;
    }
    match rhetor::json::from_str(line) {
        Ok(doc) => Line::Article(Box::new(doc)),
        Err(e) => {
            /// The record `rhetor analyze` writes for an input it could not analyse.
            #[derive(serde::Deserialize)]
            struct Failed {
                id: String,
                error: String,
            }
            let why = match serde_json::from_str::<Failed>(line) {
                Ok(f) => format!("{} was not analysed: {}", f.id, f.error),
                Err(_) => e.to_string(),
            };
            Line::Skipped(format!("{}:{n}: skipped: {why}", path.display()))
        }
    }
}
