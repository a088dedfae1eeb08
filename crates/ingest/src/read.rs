//! Turning command-line inputs (files, directories, `-`, `.gz`, `.jsonl`, WARC) into a lazy stream
//! of [`Input`]s, one per document, each failure an error naming its input.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rhetor_doc::{Format, Source};
use serde::Deserialize;

use crate::gzip::{self, MemberMap, Members};
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

    /// The documents of one stream that something else opened (a file on a cluster's storage),
    /// read as a file named `name` would be.
    pub fn of_reader(
        name: impl Into<String>,
        reader: Box<dyn Read + Send>,
        max_bytes: usize,
    ) -> Self {
        let mut inputs = Inputs::new([], max_bytes);
        inputs.current = Some(inputs.open(name.into(), reader, None));
        inputs
    }

    /// What the WARC files read so far held.
    pub fn warc_stats(&self) -> WarcStats {
        *self.warc.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Opens one file (or stdin) as a stream of documents, sniffing its first 8 KiB. A gzip file
    /// is read member by member (see [`Members`]); `size` is the file's size, when known.
    fn open(&self, name: String, mut reader: Box<dyn Read + Send>, size: Option<u64>) -> Stream {
        let io = |source| {
            one(Err(Error::Io {
                input: name.clone(),
                source,
            }))
        };
        let (head, parts) = match read_head(&mut reader) {
            Ok(read) => read,
            Err(e) => return io(e),
        };
        if !head.starts_with(b"\x1F\x8B") {
            let reader = BufReader::with_capacity(
                64 * 1024,
                Replay {
                    parts,
                    rest: reader,
                },
            );
            return self.dispatch(name, &head, Box::new(reader), Packing::Plain { size });
        }
        let mut members = Members::new(Replay {
            parts,
            rest: reader,
        });
        let map = members.map();
        let (head, parts) = match read_head(&mut members) {
            Ok(read) => read,
            Err(e) => return io(e),
        };
        let reader = BufReader::with_capacity(
            64 * 1024,
            Replay {
                parts,
                rest: members,
            },
        );
        self.dispatch(name, &head, Box::new(reader), Packing::Gzip { size, map })
    }

    fn dispatch(
        &self,
        name: String,
        head: &[u8],
        reader: Box<dyn BufRead + Send>,
        packing: Packing,
    ) -> Stream {
        let sniffed = sniff(head);
        // A `.jsonl` file is JSONL whatever its first line holds: a bad line is that line's error.
        let lower = name.to_ascii_lowercase();
        let jsonl_name = [".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"]
            .iter()
            .any(|e| lower.ends_with(e));
        match sniffed {
            Sniffed::Binary => one(Err(Error::Binary { input: name })),
            _ if jsonl_name => Box::new(JsonlReader::new(reader, name, self.max_bytes)),
            Sniffed::Warc => {
                let stats = self.warc.clone();
                let mut warc = WarcReader::new(reader, name, self.max_bytes);
                if let Packing::Gzip { map, .. } = packing {
                    warc = warc.in_gzip_members(map);
                }
                Box::new(
                    std::iter::from_fn(move || {
                        let item = warc.next();
                        *stats.lock().unwrap_or_else(|e| e.into_inner()) = warc.stats;
                        item
                    })
                    .fuse(),
                )
            }
            Sniffed::Jsonl => Box::new(JsonlReader::new(reader, name, self.max_bytes)),
            kind => self.whole(name, reader, packing, kind),
        }
    }

    /// One document made of the whole stream.
    fn whole(
        &self,
        name: String,
        reader: Box<dyn BufRead + Send>,
        packing: Packing,
        kind: Sniffed,
    ) -> Stream {
        let max = self.max_bytes;
        let too_large = |size: Option<u64>| match &packing {
            Packing::Plain { .. } => Error::TooLarge {
                input: name.clone(),
                size,
                max,
            },
            Packing::Gzip { size, .. } => Error::Inflated {
                input: name.clone(),
                compressed: *size,
                max,
            },
        };
        if let Packing::Plain { size: Some(size) } = packing
            && size > max as u64
        {
            return one(Err(too_large(Some(size))));
        }
        let mut bytes = Vec::new();
        if let Err(e) = reader.take(max as u64 + 1).read_to_end(&mut bytes) {
            return one(Err(Error::Io {
                input: name,
                source: e,
            }));
        }
        if bytes.len() > max {
            // Only the first bytes over the limit were read: the size is unknown past them.
            return one(Err(too_large(None)));
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

/// How a file's bytes are stored.
enum Packing {
    /// As they are; `size` is the file's size when known.
    Plain { size: Option<u64> },
    /// Compressed with gzip; `size` is the compressed file's size when known.
    Gzip { size: Option<u64>, map: MemberMap },
}

/// What was read ahead of a stream to sniff it: bytes, and the corrupt gzip members met on the
/// way, in order.
type Parts = VecDeque<Result<std::io::Cursor<Vec<u8>>, std::io::Error>>;

/// The first 8 KiB of a stream, and the same as [`Parts`] to give back before the rest. Reading
/// goes on after a corrupt gzip member, so the sniffing sees the next member's bytes.
fn read_head(reader: &mut dyn Read) -> std::io::Result<(Vec<u8>, Parts)> {
    let (mut head, mut parts, mut from) = (Vec::with_capacity(8192), Parts::new(), 0);
    loop {
        match (&mut *reader)
            .take(8192 - head.len() as u64)
            .read_to_end(&mut head)
        {
            Ok(_) => break,
            Err(e) => {
                let Some(corrupt) = gzip::corrupt(&e) else {
                    return Err(e);
                };
                let resumed = corrupt.resumed.is_some();
                parts.push_back(Ok(std::io::Cursor::new(head[from..].to_vec())));
                parts.push_back(Err(e));
                from = head.len();
                if !resumed {
                    break;
                }
            }
        }
    }
    parts.push_back(Ok(std::io::Cursor::new(head[from..].to_vec())));
    Ok((head, parts))
}

/// A stream whose first bytes were read ahead: gives them back (and the errors met among them,
/// each where it was met), then reads on.
struct Replay<R> {
    parts: Parts,
    rest: R,
}

impl<R: Read> Read for Replay<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while let Some(part) = self.parts.front_mut() {
            if let Ok(bytes) = part {
                let n = bytes.read(out)?;
                if n > 0 || out.is_empty() {
                    return Ok(n);
                }
            }
            if let Some(Err(e)) = self.parts.pop_front() {
                return Err(e);
            }
        }
        self.rest.read(out)
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
                    // After a corrupt gzip member, reading goes on at the next.
                    self.done = gzip::corrupt(&e).is_none_or(|c| c.resumed.is_none());
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
                Ok(_) => {
                    // A byte-order mark before the first record is no part of it.
                    let line = match self.line {
                        1 => buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf),
                        _ => &buf,
                    };
                    if !line.iter().all(u8::is_ascii_whitespace) {
                        return Some(self.record(line));
                    }
                }
            }
        }
        None
    }
}

impl JsonlReader {
    fn new(reader: Box<dyn BufRead + Send>, name: String, max_bytes: usize) -> Self {
        JsonlReader {
            reader,
            name,
            line: 0,
            max_bytes,
            done: false,
        }
    }

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
        JsonlReader::new(
            Box::new(std::io::Cursor::new(data.to_vec())),
            "t.jsonl".into(),
            64,
        )
        .collect()
    }

    #[test]
    fn over_long_records_are_skipped_and_reading_goes_on() {
        let data = format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"short\"}}\n",
            "x".repeat(200)
        );
        let items = jsonl(data.as_bytes());
        assert_eq!(items.len(), 2);
        assert!(error_of(&items[0]).contains("line 1: the record is over"));
        assert_eq!(items[1].as_ref().unwrap().source.line, Some(2));
    }

    /// The message of an item that must be an error.
    fn error_of(item: &Result<Input, Error>) -> String {
        item.as_ref().unwrap_err().to_string()
    }

    /// Writes `data` to a file named `name` in a new temporary folder and reads it as rhetor does.
    fn read_file(name: &str, data: &[u8], max_bytes: usize) -> Vec<Result<Input, Error>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, data).unwrap();
        Inputs::new([path], max_bytes).collect()
    }

    #[test]
    fn a_corrupt_gzip_member_costs_only_its_record() {
        use crate::gzip::tests::gzip;
        use crate::warc::tests::{record, response};
        let members: Vec<Vec<u8>> = (0..20)
            .map(|i| {
                let page = format!("<p>Page {i} of the harbour story, with its own words.</p>");
                let url = format!("https://a.example/{i}");
                gzip(&record(
                    "response",
                    &url,
                    &response("200 OK", "text/html", &page),
                ))
            })
            .collect();
        let bad_at: usize = members[..5].iter().map(Vec::len).sum();
        let mut data = members.concat();
        for byte in &mut data[bad_at + 20..bad_at + 40] {
            *byte ^= 0xA5;
        }
        let items = read_file("crawl.warc.gz", &data, 1 << 20);
        let ids: Vec<&str> = items
            .iter()
            .filter_map(|i| i.as_ref().ok())
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(ids.len(), 19, "{items:?}");
        assert!(ids.contains(&"https://a.example/19") && !ids.contains(&"https://a.example/5"));
        let errors: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_ref().err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let next = bad_at + members[5].len();
        assert!(
            errors[0].contains(&format!(
                "WARC record in the gzip member at compressed byte {bad_at}: corrupt gzip data ("
            )) && errors[0].ends_with(&format!(
                "skipped to the next member at compressed byte {next}"
            )),
            "{errors:?}"
        );
        // Records are named by their member's compressed offset, as a CDX index names them.
        let sixth = items.iter().filter_map(|i| i.as_ref().ok()).nth(5).unwrap();
        assert_eq!(sixth.source.offset, Some(next as u64));
    }

    #[test]
    fn a_gzip_bomb_is_reported_by_its_limit_and_compressed_size() {
        let html = format!("<p>{}</p>", "a".repeat(4 << 20));
        let data = crate::gzip::tests::gzip(html.as_bytes());
        let items = read_file("page.html.gz", &data, 1 << 20);
        let err = error_of(&items[0]);
        assert!(err.ends_with(&format!("page.html.gz: over the limit of 1048576 bytes (--max-bytes) once decompressed (the file holds {} compressed bytes)", data.len())), "{err}");
    }

    #[test]
    fn a_jsonl_file_is_jsonl_by_its_name_and_a_bom_is_skipped() {
        let items = read_file(
            "batch.jsonl",
            b"not json at all\n{\"text\": \"A record.\"}\n",
            1 << 20,
        );
        assert_eq!(items.len(), 2);
        assert!(error_of(&items[0]).contains("line 1: not a JSON record"));
        assert_eq!(items[1].as_ref().unwrap().source.line, Some(2));
        let items = read_file("bom.jsonl", b"\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"First.\"}\n{\"id\": \"b\", \"text\": \"Second.\"}\n", 1 << 20);
        let ids: Vec<&str> = items
            .iter()
            .map(|i| i.as_ref().unwrap().id.as_str())
            .collect();
        assert_eq!(ids, ["a", "b"]);
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
