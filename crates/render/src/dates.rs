//! TIMEX3 values in words: "2019-11-18TAF" reads "the afternoon of 18 November 2019", "198"
//! "the 1980s", "P3D" "3 days". A value this module cannot word is shown as it is.

use rhetor_time::calendar::Day;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The value in words, else the value itself.
pub fn worded(value: &str) -> String {
    human(value).unwrap_or_else(|| value.to_string())
}

/// The value in words, or `None` when it is not a value this module words.
pub fn human(value: &str) -> Option<String> {
    match value {
        "PRESENT_REF" => return Some("now".into()),
        "PAST_REF" => return Some("the past".into()),
        "FUTURE_REF" => return Some("the future".into()),
        _ => {}
    }
    if let Some(duration) = value.strip_prefix('P') {
        return human_duration(duration);
    }
    let (date, time) = match value.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let day = human_date(date)?;
    match time {
        None => Some(day),
        Some(part) => {
            let part_of_day = match part {
                "MO" => "the morning of",
                "AF" => "the afternoon of",
                "EV" => "the evening of",
                "NI" => "the night of",
                "DT" => "the daytime of",
                _ => {
                    let hm = part.get(..5).filter(|t| {
                        let b = t.as_bytes();
                        b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
                    })?;
                    return Some(format!("{day}, {hm}"));
                }
            };
            Some(format!("{part_of_day} {day}"))
        }
    }
}

fn number(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn human_date(date: &str) -> Option<String> {
    let parts: Vec<&str> = date.split('-').collect();
    let year = parts[0];
    let year_words = match year.len() {
        4 if year == "XXXX" => None,
        4 => Some(number(year)?.to_string()),
        3 if parts.len() == 1 => return Some(format!("the {}0s", number(year)?)),
        2 if parts.len() == 1 => {
            return Some(format!("the {} century", ordinal(number(year)? + 1)));
        }
        _ => return None,
    };
    let in_year = |what: String| match &year_words {
        Some(y) => format!("{what} {y}"),
        None => what,
    };
    match parts.as_slice() {
        [_] => year_words,
        [_, m] if m.starts_with('W') => {
            let week = number(&m[1..])?;
            Some(in_year(format!("week {week} of")))
        }
        [_, w, we] if w.starts_with('W') && *we == "WE" => {
            let week = number(&w[1..])?;
            let y = number(year)?;
            let saturday = iso_week_monday(y, week)?.plus_days(5)?;
            let sunday = saturday.plus_days(1)?;
            let (y1, m1, d1) = (saturday.year, saturday.month, saturday.day);
            let (y2, m2, d2) = (sunday.year, sunday.month, sunday.day);
            let name = |m: u32| MONTHS[(m - 1) as usize];
            Some(if m1 == m2 {
                format!("the weekend of {d1}–{d2} {} {y1}", name(m1))
            } else if y1 == y2 {
                format!("the weekend of {d1} {}–{d2} {} {y1}", name(m1), name(m2))
            } else {
                format!(
                    "the weekend of {d1} {} {y1}–{d2} {} {y2}",
                    name(m1),
                    name(m2)
                )
            })
        }
        [_, q] if q.len() == 2 && (q.starts_with('Q') || q.starts_with('H')) => {
            let n = number(&q[1..])?;
            let (names, unit): (&[&str], &str) = if q.starts_with('Q') {
                (&["first", "second", "third", "fourth"], "quarter")
            } else {
                (&["first", "second"], "half")
            };
            let which = names.get(usize::try_from(n).ok()?.checked_sub(1)?)?;
            Some(in_year(format!("the {which} {unit} of")))
        }
        [_, s] if ["SP", "SU", "FA", "WI"].contains(s) => {
            let season = match *s {
                "SP" => "spring",
                "SU" => "summer",
                "FA" => "autumn",
                _ => "winter",
            };
            Some(in_year(season.to_string()))
        }
        [_, m] => {
            let month = MONTHS.get(usize::try_from(number(m)?).ok()?.checked_sub(1)?)?;
            Some(in_year(month.to_string()))
        }
        [_, m, d] => {
            let month = MONTHS.get(usize::try_from(number(m)?).ok()?.checked_sub(1)?)?;
            let day = number(d).filter(|d| (1..=31).contains(d))?;
            Some(in_year(format!("{day} {month}")))
        }
        _ => None,
    }
}

fn human_duration(duration: &str) -> Option<String> {
    let (time, body) = match duration.strip_prefix('T') {
        Some(rest) => (true, rest),
        None => (false, duration),
    };
    let unit = body.chars().last()?;
    let amount = &body[..body.len() - unit.len_utf8()];
    let name = match (time, unit) {
        (false, 'Y') => "year",
        (false, 'M') => "month",
        (false, 'W') => "week",
        (false, 'D') => "day",
        (false, 'E') => "decade",
        (false, 'C') => "century",
        (true, 'H') => "hour",
        (true, 'M') => "minute",
        (true, 'S') => "second",
        _ => return None,
    };
    if amount == "X" {
        return Some(if name == "century" {
            "centuries".into()
        } else {
            format!("{name}s")
        });
    }
    let n: f64 = amount.parse().ok()?;
    let plural = if name == "century" {
        "centuries".to_string()
    } else {
        format!("{name}s")
    };
    Some(if n == 1.0 {
        format!("1 {name}")
    } else {
        format!("{amount} {plural}")
    })
}

/// The Monday of ISO week `week` of `year` (week 1 holds 4 January).
fn iso_week_monday(year: i64, week: i64) -> Option<Day> {
    if !(1..=53).contains(&week) {
        return None;
    }
    let jan4 = Day::new(i32::try_from(year).ok()?, 1, 4)?;
    jan4.plus_days(1 - i64::from(jan4.weekday()) + (week - 1) * 7)
}

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn values_read_as_words() {
        let cases = [
            ("2019-11-18", "18 November 2019"),
            ("2019-11", "November 2019"),
            ("2019", "2019"),
            ("198", "the 1980s"),
            ("20", "the 21st century"),
            ("19", "the 20th century"),
            ("2019-W46-WE", "the weekend of 16–17 November 2019"),
            ("2020-W01-WE", "the weekend of 4–5 January 2020"),
            ("2019-W46", "week 46 of 2019"),
            ("2019-11-18TAF", "the afternoon of 18 November 2019"),
            ("2024-03-11TNI", "the night of 11 March 2024"),
            ("2024-03-11T14:30", "11 March 2024, 14:30"),
            ("2019-Q2", "the second quarter of 2019"),
            ("2019-H1", "the first half of 2019"),
            ("2019-SU", "summer 2019"),
            ("XXXX-06", "June"),
            ("PRESENT_REF", "now"),
            ("P3D", "3 days"),
            ("P1Y", "1 year"),
            ("PT30M", "30 minutes"),
            ("PXY", "years"),
            ("P2C", "2 centuries"),
        ];
        for (value, words) in cases {
            assert_eq!(human(value).as_deref(), Some(words), "{value}");
        }
        for odd in [
            "",
            "2019-13",
            "2019-11-40",
            "2019-Q7",
            "XXXX-XX-XX",
            "P",
            "2019-W60-WE",
            "abc",
            "2019-11-18TZZ",
        ] {
            assert_eq!(human(odd), None, "{odd}");
        }
    }
}
