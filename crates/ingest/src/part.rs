//! One part of a `.warc.gz`, so that the workers of a cluster (or the cores of one machine) each
//! read a byte range of the same crawl file.
//!
//! A crawl's `.warc.gz` is a series of gzip members, one per record (the Common Crawl layout).
//! The boundary at offset `x` is the first member at or after `x` whose data begins with
//! `WARC/`: a record opens there. The part `[start, end)` reads the compressed bytes from the
//! boundary at `start` to the boundary at `end`, both found by the same test on the same bytes,
//! so parts laid end to end read every member exactly once, and a corrupt member is reported by
//! the one part that holds its start. A file packed as one gzip stream is read by its first part.

use std::io::{BufReader, Read};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use flate2::bufread::GzDecoder;

use crate::gzip::Members;
use crate::warc::WarcReader;
use crate::{Error, Input};

/// A member's first bytes: the gzip magic and the deflate method.
const MAGIC: &[u8] = b"\x1F\x8B\x08";

/// The compressed bytes after a candidate member's start that its test reads (a gzip header and
/// the first deflate block's opening take far fewer), or fewer at the end of the file.
const CHECK: usize = 64 << 10;

/// The documents of the part `range` of the `.warc.gz` named `name`, read from `reader`, which
/// starts at compressed byte `range.start` of the file. Offsets in ids and errors are the file's.
pub fn warc_gz_part(
    name: impl Into<String>,
    reader: Box<dyn Read + Send>,
    range: Range<u64>,
    max_bytes: usize,
) -> Box<dyn Iterator<Item = Result<Input, Error>> + Send> {
    let name = name.into();
    let mut bytes = Boundaries::new(reader, range.start);
    let start = if range.start == 0 {
        // The file's first member, whatever it holds: as a whole read would.
        Ok(Some(0))
    } else {
        bytes.skip_to_boundary(range.end)
    };
    let start = match start {
        Ok(Some(start)) => start,
        Ok(None) => return Box::new(std::iter::empty()),
        Err(source) => {
            return Box::new(std::iter::once(Err(Error::Io {
                input: name,
                source,
            })));
        }
    };
    let end = bytes.watch_from(range.end);
    let members = Members::at(bytes, start).ending_at(end);
    let map = members.map();
    let warc = WarcReader::new(BufReader::with_capacity(64 << 10, members), name, max_bytes)
        .in_gzip_members(map);
    Box::new(warc)
}

/// The compressed bytes of a file from some offset on, finding the first boundary at or after
/// `from` (a member whose data begins with `WARC/`) before handing out any byte from it on.
struct Boundaries<R> {
    inner: R,
    /// The file from byte `base` on, as far as read.
    buf: Vec<u8>,
    base: u64,
    /// The next byte to hand out, in `buf`.
    pos: usize,
    /// No boundary lies in `[from, clear)`: the bytes before `clear` can be handed out.
    clear: u64,
    eof: bool,
    /// The boundary, once found.
    found: Arc<OnceLock<u64>>,
}

impl<R: Read> Boundaries<R> {
    fn new(inner: R, base: u64) -> Self {
        Boundaries {
            inner,
            buf: Vec::new(),
            base,
            pos: 0,
            clear: base,
            eof: false,
            found: Arc::default(),
        }
    }

    /// Drops the bytes before the boundary at or after the start, when it is before `before`,
    /// and says where it is; `None` when there is none.
    fn skip_to_boundary(&mut self, before: u64) -> std::io::Result<Option<u64>> {
        loop {
            if let Some(&at) = self.found.get() {
                if at >= before {
                    return Ok(None);
                }
                self.pos = (at - self.base) as usize;
                return Ok(Some(at));
            }
            // Nothing before the boundary is handed out: searched bytes can go.
            self.pos = (self.clear.saturating_sub(self.base) as usize).min(self.buf.len());
            if self.clear >= before || !self.advance()? {
                return Ok(None);
            }
        }
    }

    /// Looks from now on for the first boundary at or after `from`; the cell holds it once found.
    fn watch_from(&mut self, from: u64) -> Arc<OnceLock<u64>> {
        self.found = Arc::default();
        self.clear = from.max(self.base + self.pos as u64);
        self.found.clone()
    }

    /// Moves the search on by one step; `false` once the file is read and searched to its end.
    fn advance(&mut self) -> std::io::Result<bool> {
        if self.found.get().is_some() {
            return self.fill();
        }
        let end = self.base + self.buf.len() as u64;
        let from = (self.clear.min(end) - self.base) as usize;
        let Some(i) = memchr::memmem::find(&self.buf[from..], MAGIC) else {
            if self.eof {
                self.clear = self.clear.max(end);
                return Ok(false);
            }
            // Keep a magic cut off at the buffer's end in view.
            self.clear = self.clear.max(end.saturating_sub(MAGIC.len() as u64 - 1));
            return self.fill();
        };
        let at = from + i;
        if self.buf.len() < at + CHECK && !self.eof {
            return self.fill();
        }
        if opens_a_record(&self.buf[at..]) {
            let _ = self.found.set(self.base + at as u64);
        } else {
            self.clear = self.base + at as u64 + 1;
        }
        Ok(true)
    }

    /// Reads more of the file, first dropping what is handed out (and, until the boundary is
    /// found, searched); `false` at its end.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let done = if self.found.get().is_some() {
            self.pos
        } else {
            self.pos
                .min((self.clear.saturating_sub(self.base) as usize).min(self.buf.len()))
        };
        self.buf.drain(..done);
        self.base += done as u64;
        self.pos -= done;
        let len = self.buf.len();
        self.buf.resize(len + CHECK, 0);
        let n = loop {
            match self.inner.read(&mut self.buf[len..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(len);
                    return Err(e);
                }
                Ok(n) => break n,
            }
        };
        self.buf.truncate(len + n);
        self.eof = n == 0;
        Ok(true)
    }
}

impl<R: Read> Read for Boundaries<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let end = self.base + self.buf.len() as u64;
            let limit = if self.found.get().is_some() {
                end
            } else {
                self.clear.min(end)
            };
            let at = self.base + self.pos as u64;
            if limit > at {
                let n = ((limit - at) as usize).min(out.len());
                out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if !self.advance()? && self.pos >= self.buf.len() {
                return Ok(0);
            }
        }
    }
}

/// Whether `data` starts a gzip member whose data begins with `WARC/`.
fn opens_a_record(data: &[u8]) -> bool {
    let mut first = [0u8; 5];
    GzDecoder::new(data).read_exact(&mut first).is_ok() && &first == b"WARC/"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gzip::tests::gzip;
    use crate::warc::tests::{record, response};

    /// A `.warc.gz` of `n` pages, each record its own member, a request before each response;
    /// a page holds `words` words that compress poorly, so that large pages span many reads.
    fn crawl(n: usize, words: usize) -> Vec<u8> {
        let mut seed = 7u64;
        (0..n)
            .flat_map(|i| {
                let uri = format!("https://news.example/{i}");
                let body: String = (0..words)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        format!(" w{:x}", seed >> 40)
                    })
                    .collect();
                let page = format!(
                    "<html><body><p>Story {i} of the harbour council.{body}</p></body></html>"
                );
                [
                    gzip(&record("request", &uri, b"GET / HTTP/1.1\r\n\r\n")),
                    gzip(&record(
                        "response",
                        &uri,
                        &response("200 OK", "text/html", &page),
                    )),
                ]
            })
            .flatten()
            .collect()
    }

    fn part(data: &[u8], range: Range<u64>) -> Vec<String> {
        let reader = Box::new(std::io::Cursor::new(data[range.start as usize..].to_vec()));
        warc_gz_part("crawl.warc.gz", reader, range, 1 << 20)
            .map(|item| match item {
                Ok(input) => input.id,
                Err(e) => format!("error: {e}"),
            })
            .collect()
    }

    #[test]
    fn parts_end_to_end_read_every_record_once() {
        // Small pages cut at every byte; large ones (beyond the boundary test's lookahead).
        for (words, sizes) in [(0, &[1usize, 7, 100, 333][..]), (30_000, &[4096, 100_000])] {
            let data = crawl(40, words);
            let whole = part(&data, 0..data.len() as u64);
            assert_eq!(whole.len(), 40);
            for &size in sizes {
                let mut ids = Vec::new();
                for start in (0..data.len()).step_by(size) {
                    ids.extend(part(&data, start as u64..(start + size) as u64));
                }
                assert_eq!(ids, whole, "parts of {size} bytes");
            }
        }
    }

    #[test]
    fn a_file_in_one_gzip_stream_is_read_by_its_first_part() {
        let plain: Vec<u8> = (0..5)
            .flat_map(|i| {
                record(
                    "response",
                    &format!("https://a.example/{i}"),
                    &response("200 OK", "text/html", "<p>Hi</p>"),
                )
            })
            .collect();
        let data = gzip(&plain);
        let half = data.len() as u64 / 2;
        assert_eq!(part(&data, 0..half).len(), 5);
        assert!(part(&data, half..data.len() as u64).is_empty());
    }

    #[test]
    fn offsets_in_ids_and_errors_are_the_files() {
        let mut data = crawl(3, 0);
        let start = data.len();
        let mut bad = gzip(&record(
            "response",
            "https://a.example/bad",
            &response("200 OK", "text/html", &"<p>x</p>".repeat(200)),
        ));
        let cut = bad.len() / 2;
        bad.truncate(cut);
        data.extend(bad);
        let tail = part(&data, 10..data.len() as u64);
        assert_eq!(tail.len(), 4, "{tail:?}");
        assert!(tail[0].ends_with("/0"), "{tail:?}");
        assert!(
            tail[3].contains(&format!("gzip member at compressed byte {start}:")),
            "{tail:?}"
        );
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_and_ranges_never_panic(
            data in proptest::collection::vec(proptest::num::u8::ANY, 0..2000),
            start in 0u64..2000,
            len in 0u64..2000,
        ) {
            let start = start.min(data.len() as u64);
            let _ = part(&data, start..start + len);
        }
    }
}
