//! Writing documents in the chosen format, streaming: nothing is held back but the first JSON
//! document (to know whether to write one object or an array) and Parquet's current row group.

use std::io::Write;

use rhetor::Doc;
use rhetor::json::{self, ErrorRecord, Origin};
use rhetor_columnar::{ParquetSink, Row};

use crate::Format;

pub struct Output<W: Write + Send> {
    format: Format,
    out: Sink<W>,
    count: usize,
    /// `--format json`: the first document, written once we know whether more follow.
    first: Option<Vec<u8>>,
}

/// Text formats write to the output as they go; Parquet encodes columns first.
enum Sink<W: Write + Send> {
    Text(W),
    Parquet(Box<ParquetSink<W>>),
}

impl<W: Write + Send> Output<W> {
    pub fn new(format: Format, out: W) -> std::io::Result<Self> {
        let out = match format {
            Format::Parquet => Sink::Parquet(Box::new(
                ParquetSink::new(out).map_err(std::io::Error::other)?,
            )),
            _ => Sink::Text(out),
        };
        Ok(Output {
            format,
            out,
            count: 0,
            first: None,
        })
    }

    pub fn document(&mut self, doc: &Doc) -> std::io::Result<()> {
        self.count += 1;
        let out = match &mut self.out {
            Sink::Text(out) => out,
            Sink::Parquet(sink) => {
                return sink.push(&Row::of(doc)).map_err(std::io::Error::other);
            }
        };
        match self.format {
            Format::Json => {
                let mut buf = Vec::new();
                json::write_pretty(doc, &mut buf)?;
                match self.count {
                    1 => self.first = Some(buf),
                    2 => {
                        out.write_all(b"[\n")?;
                        out.write_all(&self.first.take().unwrap_or_default())?;
                        out.write_all(b",\n")?;
                        out.write_all(&buf)?;
                    }
                    _ => {
                        out.write_all(b",\n")?;
                        out.write_all(&buf)?;
                    }
                }
            }
            Format::Jsonl => {
                json::write_line(doc, &mut *out)?;
                out.write_all(b"\n")?;
                out.flush()?;
            }
            Format::Markdown => {
                if self.count > 1 {
                    out.write_all(b"\n---\n\n")?;
                }
                out.write_all(rhetor_render::markdown::markdown(doc).as_bytes())?;
            }
            Format::Html => {
                if self.count == 1 {
                    let title = doc.meta.title.as_deref().unwrap_or(&doc.id);
                    // The first document's layers: every document of a run has the same analysers.
                    let layers = rhetor_render::html::present_layers(doc);
                    out.write_all(rhetor_render::html::header(title, &layers).as_bytes())?;
                }
                out.write_all(rhetor_render::html::document(doc).as_bytes())?;
            }
            Format::Parquet => unreachable!("Parquet has its own sink"),
        }
        Ok(())
    }

    /// Records a failed input: an error record in JSONL, an error row in Parquet; other formats
    /// report on stderr only.
    pub fn error(&mut self, id: &str, origin: &Origin, message: &str) -> std::io::Result<()> {
        match &mut self.out {
            Sink::Parquet(sink) => sink
                .push(&Row::error(id, origin, message))
                .map_err(std::io::Error::other),
            Sink::Text(out) if self.format == Format::Jsonl => {
                serde_json::to_writer(&mut *out, &ErrorRecord::new(id, origin, message))?;
                out.write_all(b"\n")?;
                out.flush()
            }
            Sink::Text(_) => Ok(()),
        }
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        let mut out = match self.out {
            Sink::Text(out) => out,
            Sink::Parquet(sink) => sink.finish().map_err(std::io::Error::other)?,
        };
        match self.format {
            Format::Json if self.count == 1 => {
                out.write_all(&self.first.take().unwrap_or_default())?;
                out.write_all(b"\n")?;
            }
            Format::Json if self.count > 1 => out.write_all(b"\n]\n")?,
            Format::Html if self.count > 0 => {
                out.write_all(rhetor_render::html::footer().as_bytes())?
            }
            _ => {}
        }
        out.flush()
    }
}
