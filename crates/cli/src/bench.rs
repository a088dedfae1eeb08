//! `rhetor bench`: throughput of the text layer, each analyser, ingestion (once over the sources,
//! on one core) and the whole pipeline, on one core and on all cores, over a corpus built from the
//! bundled example articles (or files you name: `--input pages/*.html` times extraction).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use rhetor::{Doc, Layer, LayerSet, Options, Pipeline, Tier, TokenKind};

/// The bundled examples, so the benchmark runs on a fresh clone without any data.
/// Documents the accurate tier is timed on.
const ACCURATE_DOCS: usize = 40;

const EXAMPLES: &[&str] = &[
    include_str!("../../../examples/harbour-bridge.txt"),
    include_str!("../../../examples/water-rights.html"),
];

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Corpus size in MB (the documents are repeated up to this size).
    #[arg(long, default_value_t = 50)]
    mb: usize,
    /// Documents to use instead of the bundled examples (plain text or HTML files).
    #[arg(long, num_args = 1..)]
    input: Vec<PathBuf>,
    /// Instead, time ingestion and each analyser on one core over one long document of each of
    /// these sizes in MB, made of the documents' clean texts one after another (time must grow
    /// linearly with the size).
    #[arg(long, num_args = 1.., value_name = "MB")]
    long: Vec<usize>,
}

/// The raw documents: the bundled examples, or the files named with `--input`.
fn sources(args: &BenchArgs) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    if args.input.is_empty() {
        return Ok(EXAMPLES
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("example-{i}"), t.as_bytes().to_vec()))
            .collect());
    }
    args.input
        .iter()
        .map(|path| {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok((path.display().to_string(), bytes))
        })
        .collect()
}

/// Ingested copies of the sources, repeated up to `mb` MB of clean text.
fn corpus(sources: &[(String, Vec<u8>)], mb: usize) -> anyhow::Result<Vec<Doc>> {
    let pipeline = Pipeline::new(Options::default());
    let mut originals = Vec::new();
    for (id, bytes) in sources {
        match pipeline.analyze_bytes(id.as_str(), bytes.clone()) {
            Ok(doc) => originals.push(doc),
            Err(e) => writeln!(std::io::stderr(), "rhetor: {id}: skipped: {e}")?,
        }
    }
    anyhow::ensure!(!originals.is_empty(), "no document could be read");
    let target = mb.max(1) * 1_000_000;
    let mut docs = Vec::new();
    let mut size = 0;
    while size < target {
        for doc in &originals {
            // Without the ingested paragraphs, so paragraph detection is measured too.
            let copy = Doc::new(format!("{}#{}", doc.id, docs.len()), doc.text.clone());
            size += copy.text.len();
            docs.push(copy);
        }
    }
    Ok(docs)
}

/// Runs `work` over `docs` on `threads` threads; returns seconds.
fn timed(docs: &mut [Doc], threads: usize, work: impl Fn(&mut Doc) + Sync) -> f64 {
    let start = Instant::now();
    let chunk = docs.len().div_ceil(threads);
    std::thread::scope(|s| {
        for part in docs.chunks_mut(chunk) {
            let work = &work;
            s.spawn(move || part.iter_mut().for_each(work));
        }
    });
    start.elapsed().as_secs_f64()
}

/// Prints one row of the table (`-` where tokens were not counted).
fn row(
    name: &str,
    threads: usize,
    mb_per_s: f64,
    tokens_per_s: Option<f64>,
    docs_per_s: f64,
) -> std::io::Result<()> {
    let tokens = tokens_per_s.map_or("-".to_string(), |t| format!("{t:.0}"));
    // The accurate tier runs at hundredths of a MB/s.
    let mb = if mb_per_s < 1.0 {
        format!("{mb_per_s:.3}")
    } else {
        format!("{mb_per_s:.1}")
    };
    writeln!(
        std::io::stdout(),
        "{name:<36} {threads:>8} {mb:>10} {tokens:>14} {docs_per_s:>10.0}"
    )
}

/// Times one analyser over `docs` on one thread and on all cores, and prints a row for each.
fn stage(
    name: &str,
    docs: &mut [Doc],
    cores: usize,
    work: impl Fn(&mut Doc) + Sync,
) -> std::io::Result<()> {
    let mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    for threads in [1, cores] {
        let secs = timed(docs, threads, &work);
        // Counted after the run: the text layer makes the tokens.
        let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
        row(
            name,
            threads,
            mb / secs,
            Some(tokens as f64 / secs),
            docs.len() as f64 / secs,
        )?;
    }
    Ok(())
}

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let raw = sources(&args)?;
    if !args.long.is_empty() {
        return long_documents(&raw, &args.long);
    }
    let mut docs = corpus(&raw, args.mb)?;
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    writeln!(
        std::io::stdout(),
        "corpus: {} documents, {mb:.1} MB of clean text; {cores} cores",
        docs.len()
    )?;
    writeln!(
        std::io::stdout(),
        "{:<36} {:>8} {:>10} {:>14} {:>10}",
        "stage",
        "threads",
        "MB/s",
        "tokens/s",
        "docs/s"
    )?;

    // Warm up once, then measure.
    let warm = docs.len().min(50);
    timed(&mut docs[..warm], 1, rhetor_text::analyze);
    stage(
        "text: paragraphs+sentences+tokens",
        &mut docs,
        cores,
        rhetor_text::analyze,
    )?;

    // The entity layer alone, over the text layer's tokens and sentences.
    let start = Instant::now();
    let tagger = rhetor_entities::Tagger::bundled()?;
    writeln!(
        std::io::stdout(),
        "entities: model loaded in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    )?;
    let layer = rhetor_entities::EntityLayer::new(tagger);
    let n = docs.len().min(4000);
    let sample = &mut docs[..n];
    stage("entities: tagging + clusters", sample, cores, |d| {
        rhetor::Analyzer::analyze(&layer, d)
    })?;
    // The attribution layer, then the time layer (the timeline names clusters and speakers).
    let attribution = rhetor_attribution::AttributionLayer::bundled()?;
    stage(
        "attribution: cues, quotes, reported speech",
        sample,
        cores,
        |d| rhetor::Analyzer::analyze(&attribution, d),
    )?;
    let start = Instant::now();
    let fast = rhetor_represent::Representer::bundled(Tier::Fast)?;
    let representation = rhetor_represent::RepresentationLayer::new(fast.clone());
    let techniques = rhetor_techniques::TechniqueLayer::bundled(fast)?;
    writeln!(
        std::io::stdout(),
        "representation + techniques: vectors and model loaded in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    )?;
    stage("representation: word vectors (fast)", sample, cores, |d| {
        rhetor::Analyzer::analyze(&representation, d)
    })?;
    stage(
        "techniques: spans, then their technique",
        sample,
        cores,
        |d| rhetor::Analyzer::analyze(&techniques, d),
    )?;
    let claims = rhetor_claims::ClaimLayer::bundled()?;
    stage("claims: check-worthiness", sample, cores, |d| {
        rhetor::Analyzer::analyze(&claims, d)
    })?;
    stage("time: timexes + timeline", sample, cores, |d| {
        d.meta.published = Some("2024-03-12".into());
        rhetor::Analyzer::analyze(&rhetor_time::TimeLayer, d)
    })?;
    store(sample, cores)?;

    // Ingestion alone (HTML parsing, main text, metadata; plain-text clean-up), then the whole
    // pipeline from raw bytes, as `rhetor analyze` runs it (ingest + every analyser).
    let pipeline = Pipeline::new(Options::default());
    let repeat = (bytes / raw.iter().map(|r| r.1.len()).sum::<usize>()).max(1);
    let inputs: Vec<&(String, Vec<u8>)> = raw.iter().cycle().take(raw.len() * repeat).collect();
    let options = Options::default();
    let start = Instant::now();
    for (id, b) in &raw {
        let _ = rhetor::ingest(rhetor::Input::bytes(id.as_str(), b.clone()), &options);
    }
    let secs = start.elapsed().as_secs_f64();
    let raw_mb = raw.iter().map(|r| r.1.len()).sum::<usize>() as f64 / 1e6;
    row(
        "ingest: main text and metadata",
        1,
        raw_mb / secs,
        None,
        raw.len() as f64 / secs,
    )?;
    from_bytes(
        "pipeline: ingest+analyse from bytes",
        &pipeline,
        &inputs,
        cores,
    )?;
    let text_only = Pipeline::new(Options {
        layers: LayerSet::of([Layer::Text]),
        ..Options::default()
    });
    from_bytes("pipeline: --layers text", &text_only, &inputs, cores)?;
    accurate(&raw, &mut docs, cores)
}

/// What `rhetor index` adds to analysis, over analysed `docs`: each article made ready to store
/// (its JSON compressed, its search rows), on the analysing threads, then written by one writer.
fn store(docs: &mut [Doc], cores: usize) -> anyhow::Result<()> {
    let digest = |d: &Doc| rhetor_store::Digest::of(&[d.id.as_bytes()]);
    stage("store: articles prepared", docs, cores, |d| {
        drop(rhetor_store::Prepared::new(d, digest(d)));
    })?;
    let prepared = docs
        .iter()
        .map(|d| rhetor_store::Prepared::new(d, digest(d)))
        .collect::<Result<Vec<_>, _>>()?;
    let dir = tempfile::tempdir()?;
    let mut store = rhetor_store::Store::create(&dir.path().join("bench.rhetor"))?;
    let start = Instant::now();
    for article in &prepared {
        store.put_prepared(article)?;
    }
    store.commit()?;
    let secs = start.elapsed().as_secs_f64();
    let mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    row(
        "store: articles written",
        1,
        mb / secs,
        None,
        docs.len() as f64 / secs,
    )?;
    Ok(())
}

/// Times `pipeline` over `inputs` from raw bytes, as `rhetor analyze` runs it, on one thread and
/// on all cores; returns the documents per second on all cores.
fn from_bytes(
    name: &str,
    pipeline: &Pipeline,
    inputs: &[&(String, Vec<u8>)],
    cores: usize,
) -> anyhow::Result<f64> {
    let input_mb = inputs.iter().map(|r| r.1.len()).sum::<usize>() as f64 / 1e6;
    let mut docs_per_s = 0.0;
    for threads in [1, cores] {
        let start = Instant::now();
        let chunk = inputs.len().div_ceil(threads);
        std::thread::scope(|s| {
            for part in inputs.chunks(chunk) {
                s.spawn(move || {
                    for (id, b) in part {
                        let _ = pipeline.analyze_bytes(id.as_str(), b.clone());
                    }
                });
            }
        });
        let secs = start.elapsed().as_secs_f64();
        docs_per_s = inputs.len() as f64 / secs;
        row(name, threads, input_mb / secs, None, docs_per_s)?;
    }
    Ok(docs_per_s)
}

/// The accurate tier, on fewer documents (its encoder is some thousand times slower than the
/// word vectors): the encoder, the technique layer over its vectors, and the whole pipeline in
/// that tier from raw bytes.
fn accurate(raw: &[(String, Vec<u8>)], docs: &mut [Doc], cores: usize) -> anyhow::Result<()> {
    let start = Instant::now();
    let representer = rhetor_represent::Representer::bundled(Tier::Accurate)?;
    let representation = rhetor_represent::RepresentationLayer::new(representer.clone());
    let techniques = rhetor_techniques::TechniqueLayer::bundled(representer)?;
    let entities =
        rhetor_entities::EntityLayer::new(rhetor_entities::Tagger::bundled_for(Tier::Accurate)?);
    writeln!(
        std::io::stdout(),
        "accurate tier: encoder and models loaded in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    )?;
    let n = docs.len().min(ACCURATE_DOCS);
    let sample = &mut docs[..n];
    stage("representation: encoder (accurate)", sample, cores, |d| {
        rhetor::Analyzer::analyze(&representation, d)
    })?;
    stage(
        "entities: accurate (over the encoder's vectors)",
        sample,
        cores,
        |d| rhetor::Analyzer::analyze(&entities, d),
    )?;
    stage("techniques: accurate", sample, cores, |d| {
        rhetor::Analyzer::analyze(&techniques, d)
    })?;
    let pipeline = Pipeline::new(Options {
        tier: Tier::Accurate,
        ..Options::default()
    });
    let inputs: Vec<&(String, Vec<u8>)> = raw.iter().cycle().take(ACCURATE_DOCS).collect();
    let docs_per_s = from_bytes("pipeline: accurate, from bytes", &pipeline, &inputs, cores)?;
    let words = sample
        .iter()
        .map(|d| {
            d.tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .count()
        })
        .sum::<usize>() as f64
        / sample.len().max(1) as f64;
    writeln!(
        std::io::stdout(),
        "accurate pipeline: {words:.0} words per article, {:.1} articles of 700 words/s on {cores} cores",
        docs_per_s * words / 700.0
    )?;
    Ok(())
}

/// Times ingestion and each analyser, on one core, over one document of each size in `sizes`
/// (MB): the clean texts of `sources` one after another, as plain text.
fn long_documents(sources: &[(String, Vec<u8>)], sizes: &[usize]) -> anyhow::Result<()> {
    let pipeline = Pipeline::new(Options::default());
    let texts: Vec<String> = sources
        .iter()
        .filter_map(|(id, bytes)| pipeline.analyze_bytes(id.as_str(), bytes.clone()).ok())
        .map(|doc| doc.text)
        .collect();
    anyhow::ensure!(!texts.is_empty(), "no document could be read");
    let mut out = std::io::stdout();
    writeln!(
        out,
        "{:<12} {:>8} {:>10} {:>10}",
        "stage", "MB", "seconds", "MB/s"
    )?;
    for &mb in sizes {
        let mut text = String::new();
        for t in texts.iter().cycle() {
            if text.len() >= mb * 1_000_000 {
                break;
            }
            text.push_str(t);
            text.push_str("\n\n");
        }
        let size = text.len() as f64 / 1e6;
        let options = Options {
            max_bytes: text.len() + 1,
            ..Options::default()
        };
        let start = Instant::now();
        let mut doc = rhetor::ingest(rhetor::Input::bytes("long", text), &options)?;
        doc.meta.published = Some("2024-03-12".into());
        let mut report = |stage: &str, secs: f64| {
            writeln!(
                out,
                "{stage:<12} {size:>8.1} {secs:>10.2} {:>10.2}",
                size / secs
            )
        };
        report("ingest", start.elapsed().as_secs_f64())?;
        let mut total = 0.0;
        for analyzer in pipeline.analyzers() {
            let start = Instant::now();
            analyzer.analyze(&mut doc);
            let secs = start.elapsed().as_secs_f64();
            total += secs;
            report(analyzer.name(), secs)?;
        }
        report("all layers", total)?;
    }
    Ok(())
}
