//! Writing documents in the chosen format, streaming: nothing is held back but the first JSON
//! document (to know whether to write one object or an array).

use std::io::Write;

use rhetor::Doc;
use rhetor::json::{self, ErrorRecord, Origin};

use crate::Format;

pub struct Output<W: Write> {
    format: Format,
    out: W,
    count: usize,
    /// `--format json`: the first document, written once we know whether more follow.
    first: Option<Vec<u8>>,
}

impl<W: Write> Output<W> {
    pub fn new(format: Format, out: W) -> Self {
        Output {
            format,
            out,
            count: 0,
            first: None,
        }
    }

    pub fn document(&mut self, doc: &Doc) -> std::io::Result<()> {
        self.count += 1;
        match self.format {
            Format::Json => {
                let mut buf = Vec::new();
                json::write_pretty(doc, &mut buf)?;
                match self.count {
                    1 => self.first = Some(buf),
                    2 => {
                        self.out.write_all(b"[\n")?;
                        self.out.write_all(&self.first.take().unwrap_or_default())?;
                        self.out.write_all(b",\n")?;
                        self.out.write_all(&buf)?;
                    }
                    _ => {
                        self.out.write_all(b",\n")?;
                        self.out.write_all(&buf)?;
                    }
                }
            }
            Format::Jsonl => {
                json::write_line(doc, &mut self.out)?;
                self.out.write_all(b"\n")?;
                self.out.flush()?;
            }
            Format::Markdown => {
                if self.count > 1 {
                    self.out.write_all(b"\n---\n\n")?;
                }
                self.out
                    .write_all(rhetor_render::markdown::markdown(doc).as_bytes())?;
            }
            Format::Html => {
                if self.count == 1 {
                    let title = doc.meta.title.as_deref().unwrap_or(&doc.id);
                    // The first document's layers: every document of a run has the same analysers.
                    let layers = rhetor_render::html::present_layers(doc);
                    self.out
                        .write_all(rhetor_render::html::header(title, &layers).as_bytes())?;
                }
                self.out
                    .write_all(rhetor_render::html::document(doc).as_bytes())?;
            }
        }
        Ok(())
    }

    /// Records a failed input: an error record in JSONL; other formats report on stderr only.
    pub fn error(&mut self, id: &str, origin: &Origin, message: &str) -> std::io::Result<()> {
        if self.format == Format::Jsonl {
            serde_json::to_writer(&mut self.out, &ErrorRecord::new(id, origin, message))?;
            self.out.write_all(b"\n")?;
            self.out.flush()?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        match self.format {
            Format::Json if self.count == 1 => {
                self.out.write_all(&self.first.take().unwrap_or_default())?;
                self.out.write_all(b"\n")?;
            }
            Format::Json if self.count > 1 => self.out.write_all(b"\n]\n")?,
            Format::Html if self.count > 0 => self
                .out
                .write_all(rhetor_render::html::footer().as_bytes())?,
            _ => {}
        }
        self.out.flush()
    }
}
