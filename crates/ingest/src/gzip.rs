//! Reading a gzip file member by member, so that one corrupt member costs only its own data.
//!
//! A crawl's `.warc.gz` is a series of gzip members, one per record. A plain multi-member decoder
//! stops at the first corrupt member and everything after it is lost. [`Members`] instead reports
//! the bad stretch (with offsets into the compressed file, which a person can open with `dd` or
//! find in a CDX index) and carries on at the next member's header. It also says in which member
//! any decompressed byte lies, so errors about a record name the member that holds it.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::sync::{Arc, Mutex, OnceLock};

use flate2::bufread::GzDecoder;

/// A member's first bytes: the gzip magic and the deflate method.
const MAGIC: &[u8] = b"\x1F\x8B\x08";

/// The compressed bytes kept from a member's start so that, when it turns out corrupt, the search
/// for the next member can start right after its header (a member of a crawl is a few KiB to a
/// few MiB). Past this the search starts where the decoder stopped.
const KEEP: usize = 16 << 20;

/// How many member starts [`MemberMap`] remembers: far more than a read-ahead buffer spans.
const REMEMBERED: usize = 4096;

/// A stretch of the compressed file that could not be decompressed.
#[derive(Debug)]
pub struct Corrupt {
    /// Where the member that failed starts in the compressed file.
    pub member: u64,
    /// Where reading resumed (the next member), or `None` when nothing after it could be read.
    pub resumed: Option<u64>,
    /// What the decoder said.
    pub reason: String,
}

impl Corrupt {
    /// What became of the reading: where it went on, if anywhere.
    pub fn outcome(&self) -> String {
        match self.resumed {
            Some(at) => format!("skipped to the next member at compressed byte {at}"),
            None => "no readable member after it".to_string(),
        }
    }
}

impl std::fmt::Display for Corrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "corrupt gzip member at compressed byte {} ({}); {}",
            self.member,
            self.reason,
            self.outcome()
        )
    }
}

impl std::error::Error for Corrupt {}

/// The `Corrupt` report inside an I/O error from [`Members`], if that is what it is.
pub fn corrupt(error: &io::Error) -> Option<&Corrupt> {
    error.get_ref()?.downcast_ref::<Corrupt>()
}

/// Where the recent members start: (decompressed offset, compressed offset) pairs, shared with
/// whoever reads the decompressed stream.
#[derive(Clone, Debug, Default)]
pub struct MemberMap(Arc<Mutex<VecDeque<(u64, u64)>>>);

impl MemberMap {
    fn push(&self, decompressed: u64, compressed: u64) {
        let mut starts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if starts.len() == REMEMBERED {
            starts.pop_front();
        }
        starts.push_back((decompressed, compressed));
    }

    /// The compressed offset of the member holding decompressed byte `at`.
    pub fn member_of(&self, at: u64) -> Option<u64> {
        let starts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let i = starts.partition_point(|&(d, _)| d <= at);
        i.checked_sub(1).map(|i| starts[i].1)
    }
}

/// The compressed stream, buffered so that a member's bytes can be read again after it fails.
struct Window<R> {
    inner: R,
    buf: Vec<u8>,
    /// The next unread byte of `buf`.
    pos: usize,
    /// The file offset of `buf[0]`.
    base: u64,
    /// The current member's start, while its bytes are kept.
    mark: Option<u64>,
}

impl<R: Read> Window<R> {
    fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Appends what the inner reader gives; 0 at its end. Bytes before the mark (or, with no
    /// mark, before `pos`) are dropped first.
    fn read_more(&mut self) -> io::Result<usize> {
        let keep_from = match self.mark {
            Some(mark) if self.buf.len() < KEEP => (mark - self.base) as usize,
            _ => {
                self.mark = None;
                self.pos
            }
        };
        if keep_from > 0 {
            self.buf.drain(..keep_from);
            self.base += keep_from as u64;
            self.pos -= keep_from;
        }
        let len = self.buf.len();
        self.buf.resize(len + (64 << 10), 0);
        let read = loop {
            match self.inner.read(&mut self.buf[len..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        self.buf.truncate(len + *read.as_ref().unwrap_or(&0));
        read
    }

    /// Moves to the next gzip magic: after the failed member's start when its bytes are still
    /// here, else after where the decoder stopped. `false` at the end of the file.
    fn seek_member(&mut self) -> io::Result<bool> {
        if let Some(mark) = self.mark.take() {
            // An empty member (a file that ends at once) has no byte to step over.
            self.pos = ((mark + 1 - self.base) as usize).min(self.buf.len());
        }
        loop {
            if let Some(i) = memchr::memmem::find(&self.buf[self.pos..], MAGIC) {
                self.pos += i;
                return Ok(true);
            }
            // Keep a possible start of the magic cut off at the buffer's end.
            self.pos = self.pos.max(self.buf.len().saturating_sub(MAGIC.len() - 1));
            if self.read_more()? == 0 {
                self.pos = self.buf.len();
                return Ok(false);
            }
        }
    }
}

impl<R: Read> BufRead for Window<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.buf.len() {
            self.read_more()?;
        }
        Ok(&self.buf[self.pos..])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.buf.len());
    }
}

impl<R: Read> Read for Window<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

/// The decompressed bytes of every readable member of a gzip stream, in order. A corrupt member
/// reads as one [`Corrupt`] error (in an [`io::Error`]), after which reading goes on with the
/// next member.
pub struct Members<R> {
    /// Decoding a member, or waiting for the next (`None` at the end).
    decoder: Option<GzDecoder<Window<R>>>,
    map: MemberMap,
    /// Decompressed bytes handed out so far.
    out: u64,
    /// Where reading stops, once known: no member starting there or later is read.
    end: Option<Arc<OnceLock<u64>>>,
}

impl<R: Read> Members<R> {
    pub fn new(inner: R) -> Self {
        Self::at(inner, 0)
    }

    /// Reads members from `inner`, which starts at compressed byte `offset` of its file (a
    /// member's start), so the offsets it reports are the file's.
    pub fn at(inner: R, offset: u64) -> Self {
        let window = Window {
            inner,
            buf: Vec::new(),
            pos: 0,
            base: offset,
            mark: None,
        };
        let mut members = Members {
            decoder: None,
            map: MemberMap::default(),
            out: 0,
            end: None,
        };
        members.start(window);
        members
    }

    /// Stops before the member starting at the offset `end` will hold, once it holds one: the
    /// end of one part of a file (see [`crate::part`]).
    pub fn ending_at(mut self, end: Arc<OnceLock<u64>>) -> Self {
        self.end = Some(end);
        self
    }

    fn past_end(&self, at: u64) -> bool {
        self.end
            .as_ref()
            .and_then(|end| end.get())
            .is_some_and(|&end| at >= end)
    }

    /// Where each member starts, for error messages about what it holds.
    pub fn map(&self) -> MemberMap {
        self.map.clone()
    }

    fn start(&mut self, mut window: Window<R>) {
        let at = window.offset();
        window.mark = Some(at);
        self.map.push(self.out, at);
        self.decoder = Some(GzDecoder::new(window));
    }
}

impl<R: Read> Read for Members<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(decoder) = &mut self.decoder else {
                return Ok(0);
            };
            match decoder.read(out) {
                Ok(0) if !out.is_empty() => {
                    // The member ended: the next one starts here, unless the file ends.
                    let Some(decoder) = self.decoder.take() else {
                        return Ok(0);
                    };
                    let mut window = decoder.into_inner();
                    if window.fill_buf()?.is_empty() || self.past_end(window.offset()) {
                        return Ok(0);
                    }
                    self.start(window);
                }
                Ok(n) => {
                    self.out += n as u64;
                    return Ok(n);
                }
                Err(e) => {
                    let Some(decoder) = self.decoder.take() else {
                        return Err(e);
                    };
                    let mut window = decoder.into_inner();
                    let member = window.mark.unwrap_or_else(|| window.offset());
                    let found = window.seek_member()?;
                    let resumed = found.then(|| window.offset());
                    if found && !self.past_end(window.offset()) {
                        self.start(window);
                    }
                    let reason = e.to_string();
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        Corrupt {
                            member,
                            resumed,
                            reason,
                        },
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    pub fn gzip(data: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(data).unwrap();
        gz.finish().unwrap()
    }

    /// Reads everything, collecting the text and the errors in order.
    fn read_all(data: &[u8]) -> (String, Vec<String>) {
        let mut members = Members::new(data);
        let (mut text, mut errors) = (Vec::new(), Vec::new());
        let mut buf = [0u8; 7];
        loop {
            match members.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => text.extend_from_slice(&buf[..n]),
                Err(e) => errors.push(corrupt(&e).expect("a Corrupt report").to_string()),
            }
        }
        (String::from_utf8_lossy(&text).into_owned(), errors)
    }

    #[test]
    fn reads_every_member_and_maps_offsets() {
        let (a, b) = (gzip(b"first "), gzip(b"second"));
        let data = [a.clone(), b].concat();
        let mut members = Members::new(&data[..]);
        let mut text = String::new();
        members.read_to_string(&mut text).unwrap();
        assert_eq!(text, "first second");
        let map = members.map();
        assert_eq!(map.member_of(0), Some(0));
        assert_eq!(map.member_of(5), Some(0));
        assert_eq!(map.member_of(6), Some(a.len() as u64));
    }

    #[test]
    fn a_corrupt_member_is_reported_and_reading_goes_on() {
        let (a, b, c) = (gzip(b"one "), gzip(&b"two ".repeat(50)), gzip(b"three"));
        let mut bad = b.clone();
        for byte in &mut bad[12..20] {
            *byte ^= 0x5A;
        }
        let data = [a.clone(), bad, c].concat();
        let (text, errors) = read_all(&data);
        assert!(
            text.starts_with("one ") && text.ends_with("three"),
            "{text:?}"
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        let next = a.len() + b.len();
        assert!(
            errors[0].starts_with(&format!(
                "corrupt gzip member at compressed byte {}",
                a.len()
            )),
            "{errors:?}"
        );
        assert!(
            errors[0].ends_with(&format!(
                "skipped to the next member at compressed byte {next}"
            )),
            "{errors:?}"
        );
    }

    #[test]
    fn a_truncated_last_member_ends_with_one_error() {
        let (a, b) = (gzip(b"kept"), gzip(&b"lost ".repeat(40)));
        let data = [a, b[..b.len() / 2].to_vec()].concat();
        let (text, errors) = read_all(&data);
        assert!(text.starts_with("kept"));
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].ends_with("no readable member after it"),
            "{errors:?}"
        );
    }

    proptest::proptest! {
        #[test]
        fn random_damage_never_panics_or_loops(
            cuts in proptest::collection::vec((0usize..400, proptest::num::u8::ANY), 0..6)
        ) {
            let mut data: Vec<u8> = (0..5).flat_map(|i| gzip(format!("member {i} ").repeat(9).as_bytes())).collect();
            for (at, byte) in cuts {
                let at = at % data.len();
                data[at] = byte;
            }
            let (_, errors) = read_all(&data);
            proptest::prop_assert!(errors.len() <= data.len());
        }
    }
}
