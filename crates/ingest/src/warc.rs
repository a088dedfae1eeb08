//! A streaming WARC reader: yields the HTML pages of `response` records one at a time, so memory
//! stays bounded by the largest kept record (itself bounded by `max_bytes`), whatever the file size.

use std::io::{BufRead, Read};

use rhetor_doc::{Format, Source};

use crate::gzip::MemberMap;
use crate::{Content, Error, Input};

/// Counts of what a WARC file held, for the summary at the end of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WarcStats {
    /// HTML pages passed on for analysis.
    pub kept: u64,
    /// Records that are not HTML 200 responses (requests, metadata, images, redirects, ...).
    pub skipped: u64,
    /// Truncated, corrupt or oversized records.
    pub failed: u64,
}

/// The longest header line read; longer ones are corrupt.
const MAX_LINE: usize = 64 * 1024;

/// Reads WARC records from a (decompressed) stream.
pub struct WarcReader<R> {
    reader: R,
    name: String,
    offset: u64,
    max_bytes: usize,
    done: bool,
    /// A version line (and its offset) read while looking for the next record.
    pending: Option<(u64, Vec<u8>)>,
    /// For a `.warc.gz`: where its gzip members start, so that a record is named by its member.
    members: Option<MemberMap>,
    pub stats: WarcStats,
}

struct Record {
    offset: u64,
    kind: String,
    uri: Option<String>,
    date: Option<String>,
    content_type: String,
    body: Vec<u8>,
}

impl<R: BufRead> WarcReader<R> {
    pub fn new(reader: R, name: impl Into<String>, max_bytes: usize) -> Self {
        WarcReader {
            reader,
            name: name.into(),
            offset: 0,
            max_bytes,
            done: false,
            pending: None,
            members: None,
            stats: WarcStats::default(),
        }
    }

    /// Reads the decompressed stream of a `.warc.gz` read by [`crate::gzip::Members`]: records
    /// are then named by the compressed offset of the member that holds them, and a corrupt
    /// member is reported and skipped.
    pub(crate) fn in_gzip_members(mut self, members: MemberMap) -> Self {
        self.members = Some(members);
        self
    }

    /// Where the record starting at decompressed byte `offset` is in the file, and whether that
    /// is a gzip member's offset.
    fn place(&self, offset: u64) -> (u64, bool) {
        match self.members.as_ref().and_then(|m| m.member_of(offset)) {
            Some(member) => (member, true),
            None => (offset, false),
        }
    }

    fn error(&mut self, offset: u64, message: impl Into<String>) -> Error {
        self.stats.failed += 1;
        let (offset, gzip) = self.place(offset);
        Error::Warc {
            input: self.name.clone(),
            offset,
            gzip,
            message: message.into(),
        }
    }

    /// An error reading the stream: a corrupt gzip member is reported and reading goes on at the
    /// next one; anything else ends the file.
    fn read_error(&mut self, e: std::io::Error) -> Error {
        self.pending = None;
        if let Some(corrupt) = crate::gzip::corrupt(&e) {
            self.done = corrupt.resumed.is_none();
            self.stats.failed += 1;
            return Error::Warc {
                input: self.name.clone(),
                offset: corrupt.member,
                gzip: true,
                message: format!(
                    "corrupt gzip data ({}); {}",
                    corrupt.reason,
                    corrupt.outcome()
                ),
            };
        }
        self.done = true;
        let at = self.offset;
        self.error(at, format!("cannot read: {e}"))
    }

    /// Reads on to the next `WARC/` version line (kept for the next record) and says where it is.
    fn resync(&mut self) -> std::io::Result<String> {
        loop {
            let at = self.offset;
            match self.line()? {
                None => {
                    self.done = true;
                    return Ok("to the end of the file".into());
                }
                Some(l) if l.starts_with(b"WARC/") => {
                    self.pending = Some((at, l));
                    return Ok(format!("to the next record at byte {at}"));
                }
                Some(_) => {}
            }
        }
    }

    /// One line (with its ending), or `None` at the end of the stream.
    fn line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let n = (&mut self.reader)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut line)?;
        self.offset += n as u64;
        Ok((n > 0).then_some(line))
    }

    fn record(&mut self) -> Result<Option<Record>, Error> {
        let io = |this: &mut Self, e: std::io::Error| this.read_error(e);
        // Skip the blank lines between records (or take the version line a resync found).
        let (start, version) = match self.pending.take() {
            Some(found) => found,
            None => loop {
                let at = self.offset;
                match self.line().map_err(|e| io(self, e))? {
                    None => return Ok(None),
                    Some(l) if l.iter().all(u8::is_ascii_whitespace) => continue,
                    Some(l) => break (at, l),
                }
            },
        };
        if !version.starts_with(b"WARC/") {
            let next = self.resync().map_err(|e| io(self, e))?;
            return Err(self.error(
                start,
                format!("expected a WARC/1.x version line; skipped {next}"),
            ));
        }
        let mut record = Record {
            offset: start,
            kind: String::new(),
            uri: None,
            date: None,
            content_type: String::new(),
            body: Vec::new(),
        };
        let mut length = None;
        loop {
            let Some(line) = self.line().map_err(|e| io(self, e))? else {
                self.done = true;
                return Err(self.error(start, "truncated record header"));
            };
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim().to_string();
            match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => record.kind = value,
                "warc-target-uri" => record.uri = Some(value.trim_matches(['<', '>']).to_string()),
                "warc-date" => record.date = Some(value),
                "content-type" => record.content_type = value.to_ascii_lowercase(),
                "content-length" => length = value.parse::<u64>().ok(),
                _ => {}
            }
        }
        let Some(length) = length else {
            let next = self.resync().map_err(|e| io(self, e))?;
            return Err(self.error(
                start,
                format!("record has no valid Content-Length; skipped {next}"),
            ));
        };
        if length > self.max_bytes as u64 {
            let copied = std::io::copy(&mut (&mut self.reader).take(length), &mut std::io::sink())
                .map_err(|e| io(self, e))?;
            self.offset += copied;
            if copied < length {
                self.done = true;
            }
            return Err(self.error(
                start,
                format!(
                    "record of {length} bytes is over the limit of {} bytes",
                    self.max_bytes
                ),
            ));
        }
        let mut body = Vec::with_capacity(length as usize);
        let read = (&mut self.reader)
            .take(length)
            .read_to_end(&mut body)
            .map_err(|e| io(self, e))?;
        self.offset += read as u64;
        if (read as u64) < length {
            self.done = true;
            return Err(self.error(start, format!("truncated record: {read} of {length} bytes")));
        }
        record.body = body;
        Ok(Some(record))
    }

    /// The HTML page in a response record, or `None` for a record to skip.
    fn page(&self, record: Record) -> Result<Option<Input>, String> {
        // A response record without a Content-Type is read as HTTP when its block is one.
        let http = record.content_type.starts_with("application/http")
            || (record.content_type.is_empty() && record.body.starts_with(b"HTTP/"));
        if record.kind != "response" || !http {
            return Ok(None);
        }
        let body = &record.body;
        let Some(split) = find(body, b"\r\n\r\n")
            .map(|i| (i, 4))
            .or_else(|| find(body, b"\n\n").map(|i| (i, 2)))
        else {
            return Err("HTTP response without a header end".into());
        };
        let head = String::from_utf8_lossy(&body[..split.0]);
        let mut lines = head.lines();
        let status = lines.next().unwrap_or("");
        let code = status.split_whitespace().nth(1).unwrap_or("");
        if code != "200" {
            return Ok(None);
        }
        let (mut content_type, mut encoding, mut chunked) = (String::new(), String::new(), false);
        for line in lines {
            if let Some((name, value)) = line.split_once(':') {
                let value = value.trim().to_ascii_lowercase();
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-type" => content_type = value,
                    "content-encoding" => encoding = value,
                    "transfer-encoding" => chunked = value.contains("chunked"),
                    _ => {}
                }
            }
        }
        if !(content_type.is_empty() || content_type.contains("html")) {
            return Ok(None);
        }
        let mut payload = body[split.0 + split.1..].to_vec();
        if chunked {
            payload = dechunk(&payload).ok_or("malformed chunked transfer encoding")?;
        }
        if encoding.contains("gzip") || encoding.contains("deflate") {
            payload = inflate(&payload, encoding.contains("gzip"), self.max_bytes)?;
        }
        let charset = content_type
            .split(';')
            .find_map(|p| p.trim().strip_prefix("charset="))
            .map(|c| c.trim_matches('"').to_string());
        let (offset, _) = self.place(record.offset);
        let id = record
            .uri
            .clone()
            .unwrap_or_else(|| format!("{}@{offset}", self.name));
        Ok(Some(Input {
            id,
            source: Source {
                path: Some(self.name.clone()),
                url: record.uri,
                format: Format::Warc,
                offset: Some(offset),
                line: None,
            },
            content: Content::Html(payload),
            published: None,
            charset,
            fetched: record.date,
        }))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Input, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let record = match self.record() {
                Ok(Some(r)) => r,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => return Some(Err(e)),
            };
            let offset = record.offset;
            match self.page(record) {
                Ok(Some(input)) => {
                    self.stats.kept += 1;
                    return Some(Ok(input));
                }
                Ok(None) => self.stats.skipped += 1,
                Err(message) => return Some(Err(self.error(offset, message))),
            }
        }
        None
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Decodes an HTTP/1.1 chunked body.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = find(data, b"\r\n")?;
        let size_field = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_field.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

/// Inflates a gzip or deflate body, refusing to grow past `max` bytes (a gzip bomb).
fn inflate(data: &[u8], gzip: bool, max: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let limit = max as u64 + 1;
    let result = if gzip {
        flate2::read::MultiGzDecoder::new(data)
            .take(limit)
            .read_to_end(&mut out)
    } else {
        flate2::read::ZlibDecoder::new(data)
            .take(limit)
            .read_to_end(&mut out)
    };
    result.map_err(|e| format!("cannot decompress the HTTP body: {e}"))?;
    if out.len() > max {
        return Err(format!(
            "the HTTP body inflates past the limit of {max} bytes"
        ));
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A WARC record with the given type and block.
    pub fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    pub fn response(status: &str, content_type: &str, body: &str) -> Vec<u8> {
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}").into_bytes()
    }

    fn read(data: &[u8]) -> (Vec<Result<Input, Error>>, WarcStats) {
        let mut reader = WarcReader::new(data, "test.warc", 1 << 20);
        let items: Vec<_> = (&mut reader).collect();
        (items, reader.stats)
    }

    #[test]
    fn keeps_html_200_responses_only() {
        let mut data = record("request", "https://a.example/", b"GET / HTTP/1.1\r\n\r\n");
        data.extend(record(
            "response",
            "https://a.example/",
            &response("200 OK", "text/html; charset=utf-8", "<p>Hello</p>"),
        ));
        data.extend(record(
            "response",
            "https://a.example/img",
            &response("200 OK", "image/png", "PNG"),
        ));
        data.extend(record(
            "response",
            "https://a.example/old",
            &response("301 Moved", "text/html", ""),
        ));
        let (items, stats) = read(&data);
        assert_eq!(items.len(), 1);
        let input = items[0].as_ref().unwrap();
        assert_eq!(input.id, "https://a.example/");
        assert_eq!(input.charset.as_deref(), Some("utf-8"));
        assert_eq!(input.fetched.as_deref(), Some("2024-05-01T10:00:00Z"));
        assert_eq!(
            stats,
            WarcStats {
                kept: 1,
                skipped: 3,
                failed: 0
            }
        );
    }

    #[test]
    fn a_response_without_content_type_is_read_when_its_block_is_http() {
        let block = response("200 OK", "text/html", "<p>Hello</p>");
        let mut data = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        data.extend(block);
        let (items, stats) = read(&data);
        assert_eq!(items.len(), 1, "{stats:?}");
        assert_eq!(items[0].as_ref().unwrap().id, "https://a.example/");
    }

    #[test]
    fn reports_truncated_records_with_their_offset() {
        let good = record(
            "response",
            "https://a.example/",
            &response("200 OK", "text/html", "<p>A</p>"),
        );
        let mut data = good.clone();
        let bad = record(
            "response",
            "https://b.example/",
            &response("200 OK", "text/html", "<p>B</p>"),
        );
        data.extend_from_slice(&bad[..bad.len() - 10]);
        let (items, stats) = read(&data);
        assert!(items[0].is_ok());
        let err = items[1].as_ref().unwrap_err().to_string();
        assert!(err.contains(&format!("byte {}", good.len())), "{err}");
        assert!(err.contains("truncated"), "{err}");
        assert_eq!(stats.failed, 1);
    }

    #[test]
    fn decodes_chunked_and_gzip_bodies_and_refuses_bombs() {
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>Hi\r\n4\r\n</p>\r\n0\r\n\r\n";
        let (items, _) = read(&record("response", "u", chunked));
        match &items[0].as_ref().unwrap().content {
            Content::Html(b) => assert_eq!(b, b"<p>Hi</p>"),
            _ => panic!(),
        }
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'a'; 4 << 20]).unwrap();
        let zipped = gz.finish().unwrap();
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        block.extend(zipped);
        let (items, stats) = read(&record("response", "u", &block));
        assert!(
            items[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("inflates past")
        );
        assert_eq!(stats.failed, 1);
    }

    #[test]
    fn a_corrupt_record_is_skipped_and_reading_goes_on() {
        let good = record(
            "response",
            "https://a.example/",
            &response("200 OK", "text/html", "<p>A</p>"),
        );
        let mut data = b"garbage line\r\nmore garbage\r\n".to_vec();
        data.extend_from_slice(&good);
        data.extend_from_slice(b"WARC/1.1\r\nWARC-Type: response\r\n\r\nno length here\r\n");
        data.extend_from_slice(&good);
        let (items, stats) = read(&data);
        assert_eq!(items.len(), 4, "{items:?}");
        assert!(items[0].as_ref().unwrap_err().to_string().contains(
            "byte 0: expected a WARC/1.x version line; skipped to the next record at byte 28"
        ));
        assert!(items[1].is_ok());
        assert!(
            items[2]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("no valid Content-Length")
        );
        assert!(items[3].is_ok());
        assert_eq!((stats.kept, stats.failed), (2, 2));
    }

    #[test]
    fn garbage_is_one_error() {
        let (items, _) = read(b"not a warc file at all\n");
        assert_eq!(items.len(), 1);
        assert!(items[0].is_err());
    }
}
