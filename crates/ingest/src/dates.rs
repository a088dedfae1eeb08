//! Reading dates from metadata: ISO 8601 as pages write it, validated, never guessed.

/// Days in `month` of `year` (proleptic Gregorian).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A valid calendar date as `YYYY-MM-DD`.
pub fn ymd(year: i32, month: u32, day: u32) -> Option<String> {
    ((1000..=2999).contains(&year) && day >= 1 && day <= days_in_month(year, month))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
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
}
