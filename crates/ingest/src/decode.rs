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

/// Repairs text that was encoded as UTF-8 twice ("donâ€™t" for "don’t": UTF-8 bytes read as
/// Windows-1252 or Latin-1 and encoded again), as pages from broken publishing chains arrive.
/// Returns the repaired text and how many characters were repaired, or `None` when fewer than
/// [`MIN_REPAIRS`] sequences are found (one such sequence may be meant).
pub fn repair_double_encoding(text: &str) -> Option<(String, usize)> {
    // A quick count first: a lead byte read as Latin-1 (U+00C2..=U+00F4, written C3 82..C3 B4)
    // followed by what a continuation byte reads as (U+0080..=U+00BF, or a Windows-1252 sign
    // written from C5, C6, CB or E2 on).
    let b = text.as_bytes();
    let candidates = memchr::memchr_iter(0xc3, b)
        .filter(|&i| {
            b.get(i + 1).is_some_and(|x| (0x82..=0xb4).contains(x))
                && match b.get(i + 2) {
                    Some(0xc2) => b.get(i + 3).is_some_and(|x| (0x80..=0xbf).contains(x)),
                    Some(0xc5 | 0xc6 | 0xcb | 0xe2) => true,
                    _ => false,
                }
        })
        .count();
    if candidates < MIN_REPAIRS {
        return None;
    }
    // Every sequence that decodes: (char index, width, the text it stands for).
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let width = match chars[i] as u32 {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => 1,
        };
        if width > 1 && i + width <= chars.len() {
            let mut bytes = [chars[i] as u8, 0, 0, 0];
            let continued = (1..width).all(|k| {
                let b = byte_of(chars[i + k]);
                if let Some(b) = b {
                    bytes[k] = b;
                }
                b.is_some_and(|b| (0x80..=0xbf).contains(&b))
            });
            if continued && let Ok(s) = std::str::from_utf8(&bytes[..width]) {
                found.push((i, width, s.to_string()));
                i += width;
                continue;
            }
        }
        i += 1;
    }
    // Mostly the usual hidden characters: the text was encoded twice, and every sequence is
    // repaired (also the digits of other scripts on a page about them). Otherwise the usual ones
    // alone, if enough of them.
    let usual = |s: &str| s.chars().all(is_usual_repair);
    let usual_count = found.iter().filter(|(_, _, s)| usual(s)).count();
    if usual_count < MIN_REPAIRS {
        return None;
    }
    if usual_count * 10 < found.len() * 9 {
        found.retain(|(_, _, s)| usual(s));
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (i, width, s) in &found {
        out.extend(&chars[at..*i]);
        out.push_str(s);
        at = i + width;
    }
    out.extend(&chars[at..]);
    Some((out, found.len()))
}

/// What text encoded twice mostly hides: accented letters, typographic punctuation and spaces,
/// currency, arrows, mathematical and other symbols, emoji. Anything else decoded from such a
/// sequence is more likely real text that only looks like one (French "été\u{a0}»" reads as the
/// bytes of a CJK character).
fn is_usual_repair(c: char) -> bool {
    matches!(
        c as u32,
        0xa0..=0x24f | 0x2000..=0x2bff | 0xfe00..=0xfe0f | 0x1f000..=0x1faff
    )
}

/// Double-encoded sequences needed before a text is repaired.
const MIN_REPAIRS: usize = 3;

/// The byte a character stands for when UTF-8 bytes were read as Windows-1252 (or Latin-1, whose
/// C1 controls stand for themselves).
fn byte_of(c: char) -> Option<u8> {
    const CP1252: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8a),
        ('‹', 0x8b),
        ('Œ', 0x8c),
        ('Ž', 0x8e),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9a),
        ('›', 0x9b),
        ('œ', 0x9c),
        ('ž', 0x9e),
        ('Ÿ', 0x9f),
    ];
    match c as u32 {
        0x80..=0xff => Some(c as u8),
        _ => CP1252.iter().find(|&&(k, _)| k == c).map(|&(_, b)| b),
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
    fn text_encoded_twice_is_repaired() {
        // "don’t", "café" and "—" encoded as UTF-8, read as Windows-1252, encoded again.
        let (fixed, n) = repair_double_encoding("donâ€™t close the cafÃ© â€” or the Ã©cole")
            .expect("three sequences");
        assert_eq!(fixed, "don’t close the café — or the école");
        assert_eq!(n, 4);
        // Read as Latin-1 instead: C1 controls stand for the bytes.
        let latin1 = "it\u{e2}\u{80}\u{99}s \u{e2}\u{80}\u{94} a\u{e2}\u{80}\u{9c}b";
        assert_eq!(repair_double_encoding(latin1).unwrap().0, "it’s — a“b");
        // Proper text, and one lone sequence that may be meant, are left alone.
        assert!(repair_double_encoding("São Paulo, naïve café, À bientôt").is_none());
        assert!(repair_double_encoding("The mojibake Ã© stands for é.").is_none());
        // French spacing before a closing quote looks like a sequence, but decodes to CJK.
        let french = "« Un été\u{a0}» ; « une fée\u{a0}» ; « la clé\u{a0}» ; « le thé\u{a0}»";
        assert!(repair_double_encoding(french).is_none());
    }

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
