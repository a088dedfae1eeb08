//! What a stream of bytes holds, from its first few KiB.

/// The kind of content sniffed from the start of a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Html,
    Text,
    Warc,
    Jsonl,
    /// Not text: NUL bytes, many control bytes, or a known binary signature.
    Binary,
}

const BINARY_MAGIC: &[&[u8]] = &[
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xFF\xD8\xFF",
    b"PK\x03\x04",
    b"\x7FELF",
    b"MZ",
    b"\x1F\x8B",
    b"BZh",
    b"\xFD7zXZ",
    b"RIFF",
    b"OggS",
    b"ID3",
];

/// Sniffs `head`, the first bytes of a stream (a few KiB is enough).
pub fn sniff(head: &[u8]) -> Sniffed {
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if BINARY_MAGIC.iter().any(|m| body.starts_with(m)) {
        return Sniffed::Binary;
    }
    if !utf16 {
        let control = body
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
            .count();
        if body.contains(&0) || control * 20 > body.len().max(1) {
            return Sniffed::Binary;
        }
    }
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let body = &body[start..];
    if body.starts_with(b"WARC/1.") || body.starts_with(b"WARC/0.") {
        return Sniffed::Warc;
    }
    if body.starts_with(b"{") {
        let line = body.split(|&b| b == b'\n').next().unwrap_or(body);
        if serde_json::from_slice::<serde_json::Value>(line).is_ok_and(|v| v.is_object())
            || !body.contains(&b'\n')
        {
            return Sniffed::Jsonl;
        }
    }
    let lower: Vec<u8> = body.iter().take(4096).map(u8::to_ascii_lowercase).collect();
    let has = |tag: &[u8]| memchr::memmem::find(&lower, tag).is_some();
    let markup = body.starts_with(b"<")
        && [
            &b"<html"[..],
            b"<head",
            b"<body",
            b"<p",
            b"<div",
            b"<meta",
            b"<title",
            b"<article",
            b"<!--",
            b"<span",
            b"<h1",
            b"<br",
        ]
        .iter()
        .any(|t| has(t));
    if markup || has(b"<!doctype html") || has(b"<html") {
        return Sniffed::Html;
    }
    Sniffed::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_kind() {
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Sniffed::Html);
        assert_eq!(sniff(b"  <p>Just a fragment</p>"), Sniffed::Html);
        assert_eq!(sniff(b"WARC/1.1\r\nWARC-Type: warcinfo"), Sniffed::Warc);
        assert_eq!(
            sniff(b"{\"id\":1,\"text\":\"a\"}\n{\"id\":2}"),
            Sniffed::Jsonl
        );
        assert_eq!(
            sniff("A plain <b>article</b> that mentions tags.".as_bytes()),
            Sniffed::Text
        );
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Sniffed::Binary);
        assert_eq!(sniff(b"abc\0def"), Sniffed::Binary);
        assert_eq!(sniff(b""), Sniffed::Text);
    }
}
