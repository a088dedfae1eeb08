//! Turning command-line inputs (files, directories, `-`, `.gz`, `.jsonl`, WARC) into a lazy stream
//! of [`Input`]s, one per document, each failure an error naming its input.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rhetor_doc::{Format, Source};
use serde::Deserialize;

use crate::sniff::{Sniffed, sniff};
use crate::warc::{WarcReader, WarcStats};
use crate::{Content, Error, Input};

/// File name endings read when walking a directory.
const EXTENSIONS: &[&str] = &[
    ".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ".md", ".jsonl", ".ndjson", ".warc",
    ".gz",
];

fn wanted(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    !name.starts_with('.') && EXTENSIONS.iter().any(|e| name.ends_with(e))
}

type Stream = Box<dyn Iterator<Item = Result<Input, Error>> + Send>;

/// The documents of a list of inputs, in order. Directories are walked recursively in name order,
/// keeping files whose name ends in a known extension; `-` is standard input.
pub struct Inputs {
    args: VecDeque<PathBuf>,
    walk: Option<(String, walkdir::IntoIter)>,
    current: Option<Stream>,
    max_bytes: usize,
    warc: std::sync::Arc<std::sync::Mutex<WarcStats>>,
}

impl Inputs {
    pub fn new(args: impl IntoIterator<Item = PathBuf>, max_bytes: usize) -> Self {
        Inputs {
            args: args.into_iter().collect(),
            walk: None,
            current: None,
            max_bytes,
            warc: Default::default(),
        }
    }

    /// What the WARC files read so far held.
    pub fn warc_stats(&self) -> WarcStats {
        *self.warc.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Opens one file (or stdin) as a stream of documents, sniffing its first 8 KiB.
    fn open(&self, name: String, mut reader: Box<dyn Read + Send>, size: Option<u64>) -> Stream {
        let mut head = Vec::with_capacity(8192);
        if let Err(e) = (&mut reader).take(8192).read_to_end(&mut head) {
            return one(Err(Error::Io {
                input: name,
                source: e,
            }));
        }
        let gzip = head.starts_with(b"\x1F\x8B");
        let stream = std::io::Cursor::new(head.clone()).chain(reader);
        if gzip {
            let inner = flate2::read::MultiGzDecoder::new(stream);
            return self.open(name, Box::new(inner), None);
        }
        self.dispatch(
            name,
            &head,
            Box::new(BufReader::with_capacity(64 * 1024, stream)),
            size,
        )
    }

    fn dispatch(
        &self,
        name: String,
        head: &[u8],
        reader: Box<dyn BufRead + Send>,
        size: Option<u64>,
    ) -> Stream {
        match sniff(head) {
            Sniffed::Warc => {
                let stats = self.warc.clone();
                let mut warc = WarcReader::new(reader, name, self.max_bytes);
                Box::new(
                    std::iter::from_fn(move || {
                        let item = warc.next();
                        *stats.lock().unwrap_or_else(|e| e.into_inner()) = warc.stats;
                        item
                    })
                    .fuse(),
                )
            }
            Sniffed::Jsonl => Box::new(JsonlReader {
                reader,
                name,
                line: 0,
                max_bytes: self.max_bytes,
                done: false,
            }),
            Sniffed::Binary => one(Err(Error::Binary { input: name })),
            kind => self.whole(name, reader, size, kind),
        }
    }

    /// One document made of the whole stream.
    fn whole(
        &self,
        name: String,
        reader: Box<dyn BufRead + Send>,
        size: Option<u64>,
        kind: Sniffed,
    ) -> Stream {
        let max = self.max_bytes;
        if let Some(size) = size.filter(|&s| s > max as u64) {
            return one(Err(Error::TooLarge {
                input: name,
                size,
                max,
            }));
        }
        let mut bytes = Vec::new();
        if let Err(e) = reader.take(max as u64 + 1).read_to_end(&mut bytes) {
            return one(Err(Error::Io {
                input: name,
                source: e,
            }));
        }
        if bytes.len() > max {
            return one(Err(Error::TooLarge {
                input: name,
                size: bytes.len() as u64,
                max,
            }));
        }
        let format = if kind == Sniffed::Html {
            Format::Html
        } else {
            Format::Text
        };
        let content = if kind == Sniffed::Html {
            Content::Html(bytes)
        } else {
            Content::Bytes(bytes)
        };
        one(Ok(Input {
            source: Source {
                path: Some(name.clone()),
                format,
                ..Source::default()
            },
            id: name,
            content,
            published: None,
            charset: None,
            fetched: None,
        }))
    }

    fn open_path(&self, path: &Path) -> Stream {
        let name = path.display().to_string();
        if name == "-" {
            return self.open(name, Box::new(std::io::stdin()), None);
        }
        match File::open(path) {
            Ok(file) => {
                let size = file.metadata().ok().map(|m| m.len());
                self.open(name, Box::new(file), size)
            }
            Err(e) => one(Err(Error::Io {
                input: name,
                source: e,
            })),
        }
    }
}

fn one(item: Result<Input, Error>) -> Stream {
    Box::new(std::iter::once(item))
}

impl Iterator for Inputs {
    type Item = Result<Input, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(stream) = &mut self.current {
                if let Some(item) = stream.next() {
                    return Some(item);
                }
                self.current = None;
            }
            if let Some((root, walk)) = &mut self.walk {
                match walk.next() {
                    Some(Ok(entry)) if entry.file_type().is_file() && wanted(entry.path()) => {
                        self.current = Some(self.open_path(entry.path()));
                    }
                    Some(Ok(_)) => {}
                    Some(Err(e)) => {
                        let input = e
                            .path()
                            .map_or_else(|| root.clone(), |p| p.display().to_string());
                        let source = e
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("file system loop"));
                        return Some(Err(Error::Io { input, source }));
                    }
                    None => self.walk = None,
                }
                continue;
            }
            let path = self.args.pop_front()?;
            if path.is_dir() {
                let walk = walkdir::WalkDir::new(&path).sort_by_file_name().into_iter();
                self.walk = Some((path.display().to_string(), walk));
            } else {
                self.current = Some(self.open_path(&path));
            }
        }
    }
}

/// One line of a JSONL input.
#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

/// Reads `{id, text | html, url?, published?}` records, one per line.
struct JsonlReader {
    reader: Box<dyn BufRead + Send>,
    name: String,
    line: u64,
    max_bytes: usize,
    done: bool,
}

impl Iterator for JsonlReader {
    type Item = Result<Input, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line += 1;
            let mut buf = Vec::new();
            let limit = self.max_bytes as u64 + 1;
            match (&mut self.reader).take(limit).read_until(b'\n', &mut buf) {
                Ok(0) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::Io {
                        input: self.name.clone(),
                        source: e,
                    }));
                }
                Ok(n) if n as u64 == limit && !buf.ends_with(b"\n") => {
                    // Skip the rest of the over-long line.
                    let mut rest = Vec::new();
                    while matches!((&mut self.reader).take(1 << 20).read_until(b'\n', &mut rest), Ok(k) if k > 0 && !rest.ends_with(b"\n"))
                    {
                        rest.clear();
                    }
                    return Some(Err(self.bad(format!(
                        "the record is over the limit of {} bytes",
                        self.max_bytes
                    ))));
                }
                Ok(_) if buf.iter().all(u8::is_ascii_whitespace) => {}
                Ok(_) => return Some(self.record(&buf)),
            }
        }
        None
    }
}

impl JsonlReader {
    fn bad(&self, message: String) -> Error {
        Error::Record {
            input: self.name.clone(),
            line: self.line,
            message,
        }
    }

    fn record(&self, line: &[u8]) -> Result<Input, Error> {
        let record: Record = serde_json::from_slice(line)
            .map_err(|e| self.bad(format!("not a JSON record: {e}")))?;
        let id = match record.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            None | Some(serde_json::Value::Null) => format!("{}:{}", self.name, self.line),
            Some(other) => {
                return Err(self.bad(format!("`id` must be a string or a number, not {other}")));
            }
        };
        let content = match (record.text, record.html) {
            (Some(text), _) => Content::Text(text),
            (None, Some(html)) => Content::Html(html.into_bytes()),
            (None, None) => return Err(self.bad("the record has neither `text` nor `html`".into())),
        };
        Ok(Input {
            id,
            source: Source {
                path: Some(self.name.clone()),
                url: record.url,
                format: Format::Jsonl,
                line: Some(self.line),
                offset: None,
            },
            content,
            published: record.published,
            charset: None,
            fetched: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn jsonl(data: &[u8]) -> Vec<Result<Input, Error>> {
        let reader = JsonlReader {
            reader: Box::new(std::io::Cursor::new(data.to_vec())),
            name: "t.jsonl".into(),
            line: 0,
            max_bytes: 64,
            done: false,
        };
        reader.collect()
    }

    #[test]
    fn over_long_records_are_skipped_and_reading_goes_on() {
        let data = format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"short\"}}\n",
            "x".repeat(200)
        );
        let items = jsonl(data.as_bytes());
        assert_eq!(items.len(), 2);
        assert!(
            items[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("line 1: the record is over")
        );
        assert_eq!(items[1].as_ref().unwrap().source.line, Some(2));
    }

    proptest! {
        #[test]
        fn random_jsonl_never_panics(lines in proptest::collection::vec("[{}\":,a-z0-9 \\[\\]]{0,80}", 0..20)) {
            let _ = jsonl(lines.join("\n").as_bytes());
        }

        #[test]
        fn random_warc_never_panics(tail in proptest::collection::vec(any::<u8>(), 0..1024), lengths in "[0-9]{0,6}") {
            let mut data = format!("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: {lengths}\r\n\r\nHTTP/1.1 200 OK\r\n").into_bytes();
            data.extend(tail);
            let reader = WarcReader::new(&data[..], "t.warc", 4096);
            for item in reader.take(100) {
                let _ = item;
            }
        }
    }
}
