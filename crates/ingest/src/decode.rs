//! Bytes to text: BOM, then the declared charset (HTTP header, `<meta charset>`), then detection.

use encoding_rs::{Encoding, UTF_8};

/// Decoded text and, when something was guessed or repaired, a note saying what.
pub struct Decoded {
    pub text: String,
    pub note: Option<(&'static str, String)>,
}

/// Decodes `bytes`. `declared` is a charset named outside the bytes (an HTTP header); for HTML the
/// page's own `<meta charset>` is read too. A page that declares its charset correctly is never
/// re-guessed; undeclared non-UTF-8 bytes go to chardetng.
pub fn decode(bytes: &[u8], declared: Option<&str>, html: bool) -> Decoded {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return finish(encoding, &bytes[bom..], "BOM");
    }
    let declared = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| html.then(|| meta_charset(bytes)).flatten());
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    match declared {
        // A page declared UTF-8 that is not: better a detected legacy charset than U+FFFD soup.
        Some(enc) if enc == UTF_8 && !utf8_ok => detect(bytes),
        // `output_encoding` maps UTF-16 labels to UTF-8, as the WHATWG rule for ASCII-based pages.
        Some(enc) => finish(enc.output_encoding(), bytes, "declared"),
        None if utf8_ok => Decoded {
            text: String::from_utf8(bytes.to_vec()).unwrap_or_default(),
            note: None,
        },
        None => detect(bytes),
    }
}

fn detect(bytes: &[u8]) -> Decoded {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    let mut decoded = finish(encoding, bytes, "detected");
    if decoded.note.is_none() {
        decoded.note = Some((
            "charset-detected",
            format!(
                "the input is not valid UTF-8 and declares no charset; decoded as {}",
                encoding.name()
            ),
        ));
    }
    decoded
}

fn finish(encoding: &'static Encoding, bytes: &[u8], how: &str) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let note = had_errors.then(|| {
        (
            "invalid-bytes-replaced",
            format!(
                "some bytes are not valid {} ({how}); they were replaced with U+FFFD",
                encoding.name()
            ),
        )
    });
    Decoded {
        text: text.into_owned(),
        note,
    }
}

/// The charset named by `<meta charset=...>` or `<meta http-equiv content="...; charset=...">` in
/// the first 2 KiB, as the HTML prescan looks for it.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"charset") {
        let mut i = from + at + b"charset".len();
        from = i;
        while i < lower.len() && lower[i].is_ascii_whitespace() {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < lower.len() && matches!(lower[i], b' ' | b'"' | b'\'') {
            i += 1;
        }
        let end = lower[i..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .map_or(lower.len(), |p| i + p);
        if let Some(enc) = Encoding::for_label(&lower[i..end]) {
            return Some(enc);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("naïve “quotes”".as_bytes(), None, false);
        assert_eq!(d.text, "naïve “quotes”");
        assert!(d.note.is_none());
    }

    #[test]
    fn honours_bom_and_declarations() {
        let d = decode(b"\xEF\xBB\xBFhi", None, false);
        assert_eq!(d.text, "hi");
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xE9</body></html>";
        assert!(decode(page, None, true).text.contains("café"));
        assert!(
            decode(b"caf\xE9", Some("windows-1252"), false)
                .text
                .contains("café")
        );
    }

    #[test]
    fn detects_undeclared_legacy_bytes() {
        let d = decode(
            b"Le caf\xE9 est ferm\xE9 depuis la r\xE9forme de l'\xE9t\xE9 dernier.",
            None,
            false,
        );
        assert!(d.text.contains("café"), "{}", d.text);
        assert_eq!(d.note.unwrap().0, "charset-detected");
    }

    #[test]
    fn a_page_falsely_declared_utf8_is_not_replacement_soup() {
        let page = b"<meta charset=utf-8><p>Caf\xE9 cr\xE8me pr\xE8s de la gare</p>";
        let d = decode(page, None, true);
        assert!(!d.text.contains('\u{FFFD}'), "{}", d.text);
    }
}
