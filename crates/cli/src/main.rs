//! The `rhetor` command.
//!
//! Exit codes: 0 when every input was analysed, 1 when some input failed (each failure is reported
//! on stderr, and as an error record in JSONL output), 2 for a usage error.

mod analyze;
mod batch;
mod bench;
mod corpus;
mod eval;
mod index;
mod output;
mod serve;
mod train;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc instead of glibc's allocator: analysis makes and drops many small strings and
/// vectors per token, and glibc's malloc and free took about 13% of its time under perf.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "rhetor",
    version,
    about = "What an article says, who says it, and how."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles: files, directories (recursively), `-` for stdin, .gz, .jsonl or WARC.
    Analyze(AnalyzeArgs),
    /// Analyse inputs into a store (SQLite) that `corpus --store` searches; reruns add only what
    /// is new or changed.
    Index(index::IndexArgs),
    /// Serve a store as a web app and JSON API (search, the reader, analyse).
    Serve(serve::ServeArgs),
    /// Search analysed articles by words, entity, source, technique, site and date, or compare
    /// outlets.
    Corpus(corpus::CorpusArgs),
    /// Print the JSON Schema of the rhetor/1 output.
    Schema,
    /// Score a layer on its dev data in ../shared/data, optionally against floors.
    Eval(eval::EvalArgs),
    /// Train a layer's model from ../shared/data (writes the file shipped in models/).
    Train(train::TrainArgs),
    /// Measure throughput on one core and on all cores.
    Bench(bench::BenchArgs),
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Indented JSON: one object for one document, an array for several.
    Json,
    /// One JSON document per line, streamed in input order (failures as error records).
    Jsonl,
    /// A readable report.
    Markdown,
    /// A self-contained page that highlights every layer.
    Html,
    /// Apache Parquet, one row per document (columns in docs/PARQUET.md; failures as rows with
    /// an `error`), zstd-compressed, written in row groups as documents come.
    Parquet,
}

#[derive(clap::Args)]
pub struct AnalyzeArgs {
    /// Files, directories, `-` (stdin), .gz, .jsonl ({id, text|html, url?, published?}) or WARC.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Write to this file instead of stdout (`-`: stdout).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    #[command(flatten)]
    analysis: Analysis,
    /// No progress bar and no summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// How inputs are read and analysed: the options `rhetor analyze` and `rhetor index` share.
#[derive(clap::Args)]
pub struct Analysis {
    /// Take the text verbatim (no clean-up, no HTML parsing): offsets index the input exactly.
    #[arg(long)]
    raw: bool,
    /// Reference date (YYYY-MM-DD) for documents that have none; a record's `published` wins.
    #[arg(long, value_parser = parse_published)]
    published: Option<String>,
    /// Documents analysed in parallel (default: all cores). Output keeps the input order.
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Refuse documents larger than this many bytes.
    #[arg(long, default_value_t = rhetor::DEFAULT_MAX_BYTES)]
    max_bytes: usize,
    /// The representation the learned layers read: `fast` (static word vectors) or `accurate`
    /// (a contextual encoder, about a thousand times slower).
    #[arg(long, default_value = "fast")]
    tier: rhetor::Tier,
    /// The layers to run, comma-separated (text, entities, attributions, claims, time,
    /// techniques); the layers they read run too. `text` alone gives clean text, metadata,
    /// paragraphs and sentences.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "text,entities,attributions,claims,time,techniques"
    )]
    layers: Vec<rhetor::Layer>,
}

impl Analysis {
    pub fn options(&self) -> rhetor::Options {
        rhetor::Options {
            raw: self.raw,
            published: self.published.clone(),
            max_bytes: self.max_bytes,
            tier: self.tier,
            layers: rhetor::LayerSet::of(self.layers.iter().copied()),
        }
    }

    /// Worker threads: `--jobs`, else every core.
    pub fn jobs(&self) -> usize {
        self.jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1)
    }
}

fn parse_published(s: &str) -> Result<String, String> {
    match rhetor::parse_date(s) {
        Some(d) if d.len() == 10 => Ok(d),
        _ => Err(format!("{s:?} is not a valid date in the form YYYY-MM-DD")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Index(args) => index::run(args),
        Command::Corpus(args) => corpus::run(args),
        Command::Serve(args) => serve::run(args).map(|()| true),
        Command::Schema => writeln!(std::io::stdout(), "{}", rhetor::json::SCHEMA.trim_end())
            .map(|()| true)
            .map_err(anyhow::Error::from),
        Command::Eval(args) => eval::run(args),
        Command::Train(args) => train::run(args).map(|()| true),
        Command::Bench(args) => bench::run(args).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rhetor: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// A closed pipe (`rhetor ... | head`) is the reader's choice, not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
