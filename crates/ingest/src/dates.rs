//! Reading dates: ISO 8601 as metadata writes it, and full written dates ("Jan. 7, 2020",
//! "7 January 2020") as bylines do. Always validated, never guessed: a date without a day, month
//! and year is no date.

use rhetor_time::calendar::Day;
use rhetor_time::lexicon::month;

/// A valid calendar date as `YYYY-MM-DD` (years 1000 to 2999: what a page's date can be).
pub fn ymd(year: i32, month: u32, day: u32) -> Option<String> {
    (1000..=2999)
        .contains(&year)
        .then(|| Day::new(year, month, day))
        .flatten()
        .map(Day::iso)
}

/// Parses the ISO 8601 forms found in metadata (`2020-01-07`, `2020-01-07T09:30:00Z`,
/// `2020-01-07 09:30:00+01:00`, `20200107`) into `YYYY-MM-DD` or a normalised date-time. Anything
/// else, or an impossible date, is `None`.
pub fn parse_iso(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (date, rest) = if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        (ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?)?, &s[10..])
    } else if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) {
        (ymd(num(0..4)? as i32, num(4..6)?, num(6..8)?)?, &s[8..])
    } else {
        return None;
    };
    let rest = rest.trim_end();
    if rest.is_empty() {
        return Some(date);
    }
    // A time part: keep it when it is well formed, else keep just the date.
    let r = rest.as_bytes();
    if !(r[0] == b'T' || r[0] == b' ') || r.len() < 6 {
        return Some(date);
    }
    let t = &rest[1..];
    let tb = t.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let p = t.get(i..i + 2)?;
        p.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse().ok())?
    };
    let (h, m) = (two(0)?, two(3)?);
    if tb.get(2) != Some(&b':') || h > 23 || m > 59 {
        return Some(date);
    }
    let mut end = 5;
    let mut sec = 0;
    if tb.get(5) == Some(&b':') {
        sec = two(6).unwrap_or(99);
        end = 8;
        while tb
            .get(end)
            .is_some_and(|c| *c == b'.' || c.is_ascii_digit())
        {
            end += 1;
        }
    }
    if sec > 60 {
        return Some(date);
    }
    let zone = &t[end..];
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || (zone.len() >= 5
            && zone.starts_with(['+', '-'])
            && zone[1..].bytes().all(|c| c.is_ascii_digit() || c == b':'));
    if !zone_ok {
        return Some(date);
    }
    Some(format!("{date}T{}:{:02}{}", &t[..5], sec, zone))
}

/// A day of the month written as `7`, `07` or `7th`.
fn day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !(1..=2).contains(&digits.len()) || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i32> {
    (word.len() == 4)
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1900..=2099).contains(y))
}

/// The first full written date in `text` (`January 7, 2020`, `Jan. 7th 2020`, `7 Jan 2020`,
/// `2020-01-07`), as `YYYY-MM-DD` with its byte range in `text`.
pub fn find_written(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_ascii_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    // Words of one date are separated by at most a few spaces, commas, dots or dashes.
    let close = |a: usize, b: usize| {
        let gap = &text[words[a].0 + words[a].1.len()..words[b].0];
        gap.len() <= 3
            && gap
                .chars()
                .all(|c| matches!(c, ' ' | ',' | '.' | '-' | '\u{a0}'))
    };
    for i in 0..words.len() {
        let start = words[i].0;
        let iso = text
            .get(start..start + 10)
            .filter(|s| s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-');
        if let Some(date) = iso
            .filter(|_| year(words[i].1).is_some())
            .and_then(parse_iso)
        {
            return Some((date, start..start + 10));
        }
        if i + 2 >= words.len() {
            continue;
        }
        let (a, b, c) = (words[i].1, words[i + 1].1, words[i + 2].1);
        if !(close(i, i + 1) && close(i + 1, i + 2)) {
            continue;
        }
        let found = if let (Some(m), Some(d), Some(y)) =
            (month(&a.to_ascii_lowercase()), day(b), year(c))
        {
            ymd(y, m, d)
        } else if let (Some(d), Some(m), Some(y)) =
            (day(a), month(&b.to_ascii_lowercase()), year(c))
        {
            ymd(y, m, d)
        } else {
            None
        };
        if let Some(date) = found {
            return Some((date, start..words[i + 2].0 + c.len()));
        }
    }
    None
}

/// The first all-numeric date in `text`: `23.07.2025` (day first), `2025/07/23`, or `7/23/2025`
/// (month first, as English pages write it, unless the first number cannot be a month:
/// `23/07/2025`), as `YYYY-MM-DD` with its byte range. Two-digit years are not read.
pub fn find_numeric(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let b = text.as_bytes();
    let digits_at = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = 0;
    while i < b.len() {
        let n1 = digits_at(i);
        if n1 == 0 || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'/')) {
            i += n1.max(1);
            continue;
        }
        let start = i;
        let mut parts = [(0usize, 0usize); 3];
        let mut at = i;
        let mut sep = 0u8;
        let mut ok = true;
        for (k, part) in parts.iter_mut().enumerate() {
            let n = digits_at(at);
            if n == 0 {
                ok = false;
                break;
            }
            *part = (at, n);
            at += n;
            if k < 2 {
                match b.get(at) {
                    Some(&c @ (b'.' | b'/')) if sep == 0 || sep == c => sep = c,
                    _ => {
                        ok = false;
                        break;
                    }
                }
                at += 1;
            }
        }
        let followed = b.get(at).is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || *c == b'/'
                || (*c == b'.' && b.get(at + 1).is_some_and(u8::is_ascii_digit))
        });
        if ok && !followed {
            let num = |(s, n): (usize, usize)| text[s..s + n].parse::<u32>().ok();
            let lens = parts.map(|(_, n)| n);
            let (a, mid, c) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
            let date = match (lens, sep) {
                ([4, 2, 2], b'/') => ymd(a as i32, mid, c),
                ([1 | 2, 1 | 2, 4], b'.') => ymd(c as i32, mid, a),
                ([1 | 2, 1 | 2, 4], _) if a > 12 => ymd(c as i32, mid, a),
                ([1 | 2, 1 | 2, 4], _) => ymd(c as i32, a, mid),
                _ => None,
            };
            if let Some(date) = date.filter(|d| year(&d[..4]).is_some()) {
                return Some((date, start..at));
            }
        }
        i = start + n1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_metadata_forms() {
        assert_eq!(parse_iso("2020-01-07").as_deref(), Some("2020-01-07"));
        assert_eq!(
            parse_iso("2020-01-07T09:30:00Z").as_deref(),
            Some("2020-01-07T09:30:00Z")
        );
        assert_eq!(
            parse_iso("2020-01-07T09:30:00.123+01:00").as_deref(),
            Some("2020-01-07T09:30:00+01:00")
        );
        assert_eq!(
            parse_iso("2020-01-07 09:30").as_deref(),
            Some("2020-01-07T09:30:00")
        );
        assert_eq!(parse_iso("20200107").as_deref(), Some("2020-01-07"));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(parse_iso("2021-02-29"), None);
        assert_eq!(parse_iso("2020-13-01"), None);
        assert_eq!(parse_iso("0000-01-01"), None);
        assert_eq!(parse_iso("Jan 7"), None);
        assert_eq!(parse_iso(""), None);
        assert_eq!(parse_iso("2020-01-0"), None);
        assert_eq!(parse_iso("2024-02-29").as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn finds_written_dates() {
        let d = |s: &str| find_written(s).map(|(d, _)| d);
        assert_eq!(d("Written By | Jan 7, 2020").as_deref(), Some("2020-01-07"));
        assert_eq!(
            d("Published: Nov. 19, 2025 by staff").as_deref(),
            Some("2025-11-19")
        );
        assert_eq!(d("Posted on 3rd March 2024").as_deref(), Some("2024-03-03"));
        assert_eq!(d("Sept 30 2021").as_deref(), Some("2021-09-30"));
        assert_eq!(d("updated 2023-05-17T10:00").as_deref(), Some("2023-05-17"));
        assert_eq!(d("in March 2020 and May 2021"), None);
        assert_eq!(d("February 30, 2020"), None);
        assert_eq!(d("Mar 7 and then 2020"), None);
        let (_, range) = find_written("By Ann, 7 Jan 2020.").unwrap();
        assert_eq!(range, 8..18);
        let (_, range) = find_written("Été – 7 Jan 2020").unwrap();
        assert_eq!(range, 10..20);
    }

    #[test]
    fn finds_numeric_dates() {
        let d = |s: &str| find_numeric(s).map(|(d, _)| d);
        assert_eq!(d("23.07.2025 · 6 min read").as_deref(), Some("2025-07-23"));
        assert_eq!(d("Updated: 10/31/2024").as_deref(), Some("2024-10-31"));
        assert_eq!(
            d("Posted on the 15/12/2025 at 19:00").as_deref(),
            Some("2025-12-15")
        );
        assert_eq!(d("3/4/2025").as_deref(), Some("2025-03-04"));
        assert_eq!(d("2025/12/19").as_deref(), Some("2025-12-19"));
        assert_eq!(d("31/02/2025"), None);
        assert_eq!(d("3/4/25"), None);
        assert_eq!(d("10.5.2025.1"), None);
        assert_eq!(d("12/12/12/2025"), None);
        let (_, range) = find_numeric("on 1/2/2020.").unwrap();
        assert_eq!(range, 3..11);
    }
}
