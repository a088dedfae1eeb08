//! The temporal tagger: HeidelTime-style rules over the text layer's tokens, one sentence at a
//! time, longest match first. Explicit dates carry their own value; relative ones ("yesterday",
//! "last year", "Friday", "three months ago") resolve against the reference date (the publication
//! date); anaphoric ones ("the night before", "the next day") against the last day the narrative
//! mentioned. Without a reference date, relative values stay unresolved (`XXXX-XX-XX`).

use rhetor_doc::TimexType;

use crate::calendar::Day;
use crate::lexicon::{future_cue, month, number, ordinal, past_cue, season, unit, vague, weekday};

/// One time expression found in a sentence, in token positions.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: TimexType,
    pub value: String,
    pub confidence: f32,
    pub evidence: String,
}

/// What relative expressions resolve against.
pub struct Anchors {
    /// The publication date.
    pub reference: Option<Day>,
    /// The last day the narrative mentioned.
    pub last: Option<Day>,
    /// The last year (and month) the narrative mentioned, for "that year", "the following month".
    pub last_period: Option<(i32, Option<u32>)>,
    /// The document reports quarterly results, so "a year ago" means the same quarter a year ago.
    pub quarterly: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
}

struct Sentence<'a> {
    low: &'a [String],
    orig: &'a [&'a str],
    future: bool,
}

impl Sentence<'_> {
    fn t(&self, i: usize) -> &str {
        self.low.get(i).map_or("", String::as_str)
    }

    /// The tense around token `i`: the nearest tense cue within eight tokens decides ("said
    /// Friday that it will" is past), else `None`.
    fn tense_at(&self, i: usize) -> Option<Tense> {
        // A quotation mark ends the search on its side: the reporting verb outside a quote
        // ("..., Castro said") does not set the tense inside it.
        let (mut back, mut ahead) = (true, true);
        for d in 1..=8 {
            for (j, open) in [(i.checked_sub(d), &mut back), (Some(i + d), &mut ahead)] {
                let Some(j) = j.filter(|_| *open) else {
                    continue;
                };
                let w = self.t(j);
                if matches!(w, "\"" | "``" | "''" | "“" | "”") {
                    *open = false;
                    continue;
                }
                if future_cue(w, self.t(j + 1)) {
                    return Some(Tense::Future);
                }
                let past = past_cue(w);
                if past {
                    return Some(Tense::Past);
                }
            }
        }
        None
    }

    /// Whether the tense around token `i` points to the future (the sentence's when no cue is
    /// near).
    fn future_at(&self, i: usize) -> bool {
        self.tense_at(i).map_or(self.future, |t| t == Tense::Future)
    }

    /// Whether tokens `i..i + len` are part of a name ("60 Minutes", ABC's "This Week", "High
    /// Noon"): a time word that is lower case in running text is capitalised inside the
    /// sentence, and the sentence itself is not a headline in title case.
    fn names_a_title(&self, i: usize, len: usize) -> bool {
        // "Day" is left out: holidays are named with it ("Thanksgiving Day").
        let common = |k: usize| {
            let w = self.t(k);
            unit(w).is_some_and(|u| u != "D")
                || matches!(
                    w,
                    "today" | "tonight" | "tomorrow" | "yesterday" | "noon" | "now"
                )
        };
        // The first word of the sentence or of a quotation is capitalised anyway.
        let opens =
            |k: usize| k == 0 || matches!(self.t(k - 1), "\"" | "``" | "`" | "“" | "'" | "‘");
        let inside = (i..i + len).any(|k| common(k) && self.capitalised(k) && !opens(k));
        let words = self
            .orig
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic));
        let (n, caps) = words.fold((0, 0), |(n, c), w| {
            (
                n + 1,
                c + w.chars().next().is_some_and(char::is_uppercase) as usize,
            )
        });
        inside && caps * 2 < n
    }

    fn capitalised(&self, i: usize) -> bool {
        self.orig
            .get(i)
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    }
}

/// A match before it becomes a [`Found`]: its length, type and value.
struct Hit {
    len: usize,
    kind: TimexType,
    value: String,
    confidence: f32,
    evidence: &'static str,
    /// The day it names, to anchor "the day before" later.
    day: Option<Day>,
}

fn hit(
    len: usize,
    kind: TimexType,
    value: String,
    confidence: f32,
    evidence: &'static str,
) -> Option<Hit> {
    Some(Hit {
        len,
        kind,
        value,
        confidence,
        evidence,
        day: None,
    })
}

fn year4(w: &str) -> Option<i32> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1000..=2099).contains(y))
}

/// A day of the month: `3`, `03`, `3rd`.
fn day_of_month(w: &str) -> Option<u32> {
    let d = if w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()) {
        w.parse().ok()?
    } else {
        ordinal(w).filter(|_| w.as_bytes()[0].is_ascii_digit())?
    };
    (1..=31).contains(&d).then_some(d)
}

/// Words of approximation that TimeML keeps inside a duration ("nearly two years").
const APPROXIMATELY: &[&str] = &[
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
];

const PREPOSITIONS: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "to", "during", "through", "of", "before",
    "after", "early", "late", "mid", "and", "or", "between", "for", "on", "around", "about", "as",
];

fn day_value(day: Day) -> String {
    day.iso()
}

/// Resolves the `n`th unit relative to `day` (n = -1 for "last", +1 "next", 0 "this").
fn relative_unit(day: Day, u: &str, n: i64) -> Option<String> {
    Some(match u {
        "Y" => format!("{:04}", day.year as i64 + n),
        "M" => {
            let d = day.plus_months(n)?;
            format!("{:04}-{:02}", d.year, d.month)
        }
        "W" | "WE" => {
            let (y, w) = day.plus_days(7 * n)?.iso_week();
            if u == "WE" {
                format!("{y:04}-W{w:02}-WE")
            } else {
                format!("{y:04}-W{w:02}")
            }
        }
        "D" => day.plus_days(n)?.iso(),
        "Q" => {
            let q = (day.month as i64 - 1) / 3 + n;
            format!(
                "{:04}-Q{}",
                day.year as i64 + q.div_euclid(4),
                q.rem_euclid(4) + 1
            )
        }
        "DE" => format!("{:03}", day.year as i64 / 10 + n),
        "CE" => format!("{:02}", day.year as i64 / 100 + n),
        _ => return None,
    })
}

/// The unresolved form of a value of unit `u`.
fn unresolved(u: &str) -> String {
    match u {
        "Y" => "XXXX".into(),
        "M" => "XXXX-XX".into(),
        "W" => "XXXX-WXX".into(),
        "Q" => "XXXX-QX".into(),
        _ => "XXXX-XX-XX".into(),
    }
}

/// "n and a half" units as a TIMEX3 duration: `P2Y6M`, `PT5H30M`.
fn and_a_half(n: u32, u: &str) -> Option<String> {
    Some(match u {
        "Y" => format!("P{n}Y6M"),
        "M" => format!("P{n}M15D"),
        "D" => format!("P{n}DT12H"),
        "H" => format!("PT{n}H30M"),
        "MIN" => format!("PT{n}M30S"),
        _ => return None,
    })
}

fn duration(n: Option<u32>, u: &str) -> String {
    let n = n.map_or("X".to_string(), |n| n.to_string());
    match u {
        "H" => format!("PT{n}H"),
        "MIN" => format!("PT{n}M"),
        "S" => format!("PT{n}S"),
        // TimeML counts quarters in their own unit: "two quarters" is P2Q.
        "Q" => format!("P{n}Q"),
        "WE" => format!("P{n}WE"),
        "DE" => format!(
            "P{}Y",
            n.parse::<u32>()
                .map_or("X".into(), |n| (10 * n).to_string())
        ),
        "CE" => format!(
            "P{}Y",
            n.parse::<u32>()
                .map_or("X".into(), |n| (100 * n).to_string())
        ),
        u => format!("P{n}{u}"),
    }
}

const PART_OF_DAY: &[(&str, &str)] = &[
    ("morning", "MO"),
    ("afternoon", "AF"),
    ("evening", "EV"),
    ("night", "NI"),
];

fn part_of_day(w: &str) -> Option<&'static str> {
    PART_OF_DAY
        .iter()
        .find(|(p, _)| *p == w)
        .map(|(_, code)| *code)
}

/// Finds the time expressions of one sentence. `tokens` are its words as written.
pub fn tag_sentence(tokens: &[&str], anchors: &mut Anchors) -> Vec<Found> {
    let low: Vec<String> = tokens
        .iter()
        .map(|t| t.to_lowercase().replace('’', "'"))
        .collect();
    // "next" as in "next week", not "next to the embassy".
    let future = low.iter().enumerate().any(|(i, w)| {
        matches!(w.as_str(), "will" | "'ll" | "shall" | "wo" | "upcoming")
            || (w == "next" && low.get(i + 1).is_none_or(|n| n != "to"))
    });
    let s = Sentence {
        low: &low,
        orig: tokens,
        future,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < low.len() {
        match find(&s, i, anchors) {
            Some(h) if s.names_a_title(i, h.len) => i += h.len,
            Some(h) => {
                if let Some(day) = h.day {
                    anchors.last = Some(day);
                }
                if h.kind == TimexType::Date
                    && let Some(period) = stated_period(&h.value)
                {
                    anchors.last_period = Some(period);
                }
                out.push(Found {
                    start: i,
                    end: i + h.len,
                    kind: h.kind,
                    value: h.value,
                    confidence: h.confidence,
                    evidence: h.evidence.to_string(),
                });
                i += h.len;
            }
            None => i += 1,
        }
    }
    out
}

/// The longest expression starting at token `i`, if any.
fn find(s: &Sentence, i: usize, a: &Anchors) -> Option<Hit> {
    // "the end of 1990", "early this year": a modifier, then an expression.
    for (words, _) in [
        (&["the", "end", "of"][..], "END"),
        (&["the", "beginning", "of"], "START"),
        (&["the", "start", "of"], "START"),
        (&["the", "middle", "of"], "MID"),
        (&["the", "rest", "of"], "REST"),
        (&["earlier"], "E"),
        (&["later"], "L"),
        (&["early"], "E"),
        (&["late"], "L"),
    ] {
        if words.iter().enumerate().all(|(k, w)| s.t(i + k) == *w) {
            let j = i + words.len();
            let inner = find_core(s, j, a).or_else(|| {
                // "the end of the year": the unit alone means the current one.
                let the = (s.t(j) == "the") as usize;
                let u = unit(s.t(j + the)).filter(|u| matches!(*u, "Y" | "M" | "W" | "Q"))?;
                let value = a
                    .reference
                    .and_then(|r| relative_unit(r, u, 0))
                    .unwrap_or_else(|| unresolved(u));
                hit(
                    the + 1,
                    TimexType::Date,
                    value,
                    0.6,
                    "part of the current period",
                )
            });
            if let Some(mut h) = inner.filter(|h| h.kind == TimexType::Date) {
                h.len += words.len();
                return Some(h);
            }
        }
    }
    // "the past year" is the year before, as "last year" is (TimeBank annotates it so).
    if s.t(i) == "the"
        && matches!(s.t(i + 1), "past" | "last" | "previous")
        && unit(s.t(i + 2)).is_some_and(|u| matches!(u, "Y" | "M" | "W" | "DE"))
        && !s.t(i + 2).ends_with('s')
        && let Some(mut h) = relative(s, i + 1, a).filter(|h| h.kind == TimexType::Date)
    {
        h.len += 1;
        return Some(h);
    }
    find_core(s, i, a)
}

fn find_core(s: &Sentence, i: usize, a: &Anchors) -> Option<Hit> {
    explicit(s, i, a)
        .or_else(|| spelled_year(s, i))
        .or_else(|| holiday(s, i, a))
        .or_else(|| relative(s, i, a))
        .or_else(|| anaphoric(s, i, a))
        .or_else(|| clock(s, i, a))
        .or_else(|| set(s, i))
        .or_else(|| span_of_time(s, i))
}

/// Dates written out: "Friday, January 3, 2020", "3 January 2020", "Jan. 3", "October 2019",
/// "in 1990", "2020-01-03", "the 1980s", "the 21st century", "the third quarter of 1990".
fn explicit(s: &Sentence, i: usize, a: &Anchors) -> Option<Hit> {
    let mut j = i;
    let wd = weekday(s.t(j)).filter(|_| s.capitalised(j));
    if wd.is_some() {
        j += 1;
        if s.t(j) == "," {
            j += 1;
        }
    }
    // An impossible date ("February 30") is found but explicitly unresolved, never guessed.
    let impossible = |len: usize| {
        hit(
            len,
            TimexType::Date,
            "XXXX-XX-XX".into(),
            0.2,
            "an impossible date, left unresolved",
        )
    };
    let full = |y: i32, m: u32, d: u32, len: usize| -> Option<Hit> {
        let Some(day) = Day::new(y, m, d) else {
            return impossible(len);
        };
        Some(Hit {
            len,
            kind: TimexType::Date,
            value: day_value(day),
            confidence: 0.95,
            evidence: "a written date",
            day: Some(day),
        })
    };
    let no_year = |m: u32, d: u32, len: usize| -> Option<Hit> {
        match a.reference {
            Some(r) => {
                // The year that puts the day on the side of the reference date the tense points to.
                let Some(this_year) = Day::new(r.year, m, d) else {
                    return impossible(len);
                };
                let ahead = this_year.number() - r.number();
                // The nearest such day; in past tense not one to come, in future tense not one
                // long gone.
                let tense = s.tense_at(i).or(s.future.then_some(Tense::Future));
                let year = match tense {
                    Some(Tense::Past) if ahead > 120 => r.year - 1,
                    Some(Tense::Past) => r.year,
                    Some(Tense::Future) if ahead < -30 => r.year + 1,
                    _ if ahead > 183 => r.year - 1,
                    _ if ahead < -183 => r.year + 1,
                    _ => r.year,
                };
                let Some(day) = Day::new(year, m, d) else {
                    return impossible(len);
                };
                Some(Hit {
                    len,
                    kind: TimexType::Date,
                    value: day.iso(),
                    confidence: 0.8,
                    evidence: "a day and month in the reference year",
                    day: Some(day),
                })
            }
            None => hit(
                len,
                TimexType::Date,
                format!("XXXX-{m:02}-{d:02}"),
                0.4,
                "a day and month, no reference year",
            ),
        }
    };
    if let Some(m) = month(s.t(j)).filter(|_| s.capitalised(j)) {
        let k = j + 1;
        if let Some(d) = day_of_month(s.t(k)) {
            let e = if s.t(k + 1) == "," { k + 2 } else { k + 1 };
            if let Some(y) = year4(s.t(e)) {
                return full(y, m, d, e + 1 - i);
            }
            return no_year(m, d, k + 1 - i);
        }
        let e = if matches!(s.t(k), "," | "of") {
            k + 1
        } else {
            k
        };
        if let Some(y) = year4(s.t(e)) {
            return hit(
                e + 1 - i,
                TimexType::Date,
                format!("{y:04}-{m:02}"),
                0.9,
                "a written month and year",
            );
        }
        // "June last year", "February this year", "January nineteen ninety-seven".
        let year_after = match (s.t(j + 1), s.t(j + 2)) {
            ("last" | "this" | "next", "year") => a.reference.map(|r| {
                let n = match s.t(j + 1) {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                (r.year + n, 3)
            }),
            _ => spelled_year(s, j + 1).and_then(|h| Some((h.value.parse().ok()?, 1 + h.len))),
        };
        if let Some((y, len)) = year_after.filter(|_| wd.is_none()) {
            return hit(
                len,
                TimexType::Date,
                format!("{y:04}-{m:02}"),
                0.8,
                "a month and a year said after it",
            );
        }
        // A month alone; "May" and "March" only after a preposition ("in May"), being verbs too.
        let ambiguous = matches!(s.t(j), "may" | "march");
        let full_name = s.t(j).len() >= 5 || matches!(s.t(j), "may" | "june" | "july");
        if wd.is_none()
            && full_name
            && (!ambiguous || PREPOSITIONS.contains(&s.t(j.wrapping_sub(1))))
        {
            let value = month_in_context(s, i, m, a);
            return hit(
                1,
                TimexType::Date,
                value,
                0.7,
                "a month, in the year the tense points to",
            );
        }
    }
    if let (Some(d), Some(m)) = (
        day_of_month(s.t(j)),
        month(s.t(j + 1)).or_else(|| (s.t(j + 1) == "of").then(|| month(s.t(j + 2))).flatten()),
    ) {
        let k = if s.t(j + 1) == "of" { j + 3 } else { j + 2 };
        if let Some(y) = year4(s.t(k)) {
            return full(y, m, d, k + 1 - i);
        }
        return no_year(m, d, k - i);
    }
    if let Some(wd) = wd {
        return weekday_hit(s, i, wd, 1, a);
    }
    let w = s.t(i);
    // ISO dates and slashed month/day/year (the US convention).
    if let Some(day) = crate::calendar::Day::parse(w).filter(|_| w.len() == 10) {
        return Some(Hit {
            len: 1,
            kind: TimexType::Date,
            value: day.iso(),
            confidence: 0.95,
            evidence: "an ISO date",
            day: Some(day),
        });
    }
    let parts: Vec<&str> = w.split('/').collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let (m, d, y) = (
            parts[0].parse().ok()?,
            parts[1].parse().ok()?,
            parts[2].parse::<i32>().ok()?,
        );
        let y = if parts[2].len() == 2 {
            1900 + y + if y < 50 { 100 } else { 0 }
        } else {
            y
        };
        let day = Day::new(y, m, d)?;
        return Some(Hit {
            len: 1,
            kind: TimexType::Date,
            value: day.iso(),
            confidence: 0.8,
            evidence: "a month/day/year date (US order)",
            day: Some(day),
        });
    }
    // "mid-1996", "late-November", "the mid-1990s": the period the prefix narrows.
    let the = (w == "the") as usize;
    if let Some(rest) = ["mid-", "late-", "early-"]
        .iter()
        .find_map(|p| s.t(i + the).strip_prefix(p))
    {
        let value = if let Some(y) = year4(rest) {
            Some(format!("{y:04}"))
        } else if let Some(d) = rest
            .strip_suffix('s')
            .and_then(year4)
            .filter(|y| y % 10 == 0)
        {
            Some(format!("{:03}", d / 10))
        } else {
            month(rest)
                .filter(|_| rest.len() >= 3)
                .map(|m| month_in_context(s, i, m, a))
        };
        if let Some(value) = value {
            return hit(
                the + 1,
                TimexType::Date,
                value,
                0.75,
                "part of a year, month or decade",
            );
        }
    }
    // Decades: "the 1980s", "the '80s", "the eighties".
    let d = s.t(i + the);
    if let Some(decade) = d.strip_suffix('s').and_then(year4).filter(|y| y % 10 == 0) {
        return hit(
            the + 1,
            TimexType::Date,
            format!("{:03}", decade / 10),
            0.9,
            "a decade",
        );
    }
    if s.t(i + the) == "'" && s.t(i + the + 1).len() == 3 && s.t(i + the + 1).ends_with("0s") {
        let tens: i32 = s.t(i + the + 1)[..1].parse().ok()?;
        return hit(
            the + 2,
            TimexType::Date,
            format!("19{tens}"),
            0.8,
            "a decade of the 20th century",
        );
    }
    if the == 1
        && let Some(tens) = [
            "twenties",
            "thirties",
            "forties",
            "fifties",
            "sixties",
            "seventies",
            "eighties",
            "nineties",
        ]
        .iter()
        .position(|d| *d == s.t(i + 1))
    {
        return hit(
            2,
            TimexType::Date,
            format!("19{}", tens + 2),
            0.8,
            "a decade of the 20th century",
        );
    }
    // Centuries: "the 21st century".
    if let (Some(n), Some("CE")) = (ordinal(s.t(i + the)), unit(s.t(i + the + 1)))
        && s.t(i + the + 1) == "century"
        && (1..=21).contains(&n)
    {
        return hit(
            the + 2,
            TimexType::Date,
            format!("{:02}", n - 1),
            0.9,
            "a century",
        );
    }
    // "third-quarter (results)", "fiscal 1989".
    if let Some((n, "quarter")) = w.split_once('-').and_then(|(n, q)| Some((ordinal(n)?, q)))
        && (1..=4).contains(&n)
    {
        let value = a
            .reference
            .map_or(format!("XXXX-Q{n}"), |r| format!("{:04}-Q{n}", r.year));
        return hit(
            1,
            TimexType::Date,
            value,
            0.7,
            "a quarter of the reference year",
        );
    }
    if w == "fiscal"
        && let Some(y) = year4(s.t(i + 1))
    {
        return hit(2, TimexType::Date, format!("{y:04}"), 0.85, "a fiscal year");
    }
    // Quarters and halves: "the third quarter (of 1990)", "its fiscal first quarter", "the 1988
    // second quarter".
    let owner = (the == 1 || matches!(w, "its" | "their")) as usize;
    let stated_year = year4(s.t(i + owner)).filter(|_| owner == 1);
    let fiscal = (s.t(i + owner + stated_year.is_some() as usize) == "fiscal") as usize;
    let at = i + owner + stated_year.is_some() as usize + fiscal;
    if let Some(n) = ordinal(s.t(at))
        && matches!(s.t(at + 1), "quarter" | "half")
        && (owner + fiscal > 0 || s.t(at + 1) == "quarter")
    {
        let (code, max) = if s.t(at + 1) == "quarter" {
            ("Q", 4)
        } else {
            ("H", 2)
        };
        if n > max {
            return None;
        }
        let (year, len) = match (s.t(at + 2), year4(s.t(at + 3))) {
            ("of", Some(y)) => (Some(y), at + 4 - i),
            _ => (stated_year.or(a.reference.map(|r| r.year)), at + 2 - i),
        };
        let value = year.map_or(format!("XXXX-{code}{n}"), |y| format!("{y:04}-{code}{n}"));
        return hit(
            len,
            TimexType::Date,
            value,
            0.75,
            "a quarter or half of a year",
        );
    }
    // Seasons: "summer 2020", "the summer of 2020".
    if let Some(code) = season(s.t(i + the)) {
        let k = i + the + 1;
        let (y, len) = match (s.t(k), year4(s.t(k)), year4(s.t(k + 1))) {
            (_, Some(y), _) => (y, the + 2),
            ("of", _, Some(y)) => (y, the + 3),
            // "the summer", "in winter": the reference year's ("the fall" is too often a fall).
            _ if code != "FA" && (the == 1 || PREPOSITIONS.contains(&s.t(i.wrapping_sub(1)))) => {
                let value = a
                    .reference
                    .map_or(format!("XXXX-{code}"), |r| format!("{:04}-{code}", r.year));
                return hit(
                    the + 1,
                    TimexType::Date,
                    value,
                    0.6,
                    "a season of the reference year",
                );
            }
            _ => return None,
        };
        return hit(
            len,
            TimexType::Date,
            format!("{y:04}-{code}"),
            0.85,
            "a season of a year",
        );
    }
    // A bare year, where it reads as one: "in 1990", "1979's", not "1990 people".
    if let Some(y) = year4(w) {
        let before = s.t(i.wrapping_sub(1));
        let after = s.t(i + 1);
        let counted = after.len() > 3
            && after.ends_with('s')
            && after.chars().all(|c| c.is_ascii_lowercase())
            && !matches!(after, "was" | "has" | "is" | "this" | "saw" | "as");
        let unit_after = matches!(
            after,
            "%" | "percent" | "tons" | "people" | "km" | "miles" | "feet" | "meters" | "dollars"
        );
        if (PREPOSITIONS.contains(&before) || !counted)
            && !unit_after
            && !matches!(before, "$" | "#" | "no." | "number")
        {
            return hit(1, TimexType::Date, format!("{y:04}"), 0.85, "a year");
        }
    }
    None
}

/// A month named without a year, in the year the tense and the reference date point to.
fn month_in_context(s: &Sentence, i: usize, m: u32, a: &Anchors) -> String {
    let Some(r) = a.reference else {
        return format!("XXXX-{m:02}");
    };
    let ahead = m as i32 - r.month as i32;
    // A deadline ("by February", "until January") lies ahead whatever the verb's tense.
    let deadline = matches!(s.t(i.wrapping_sub(1)), "by" | "until");
    let tense = if deadline {
        Some(Tense::Future)
    } else {
        s.tense_at(i).or(s.future.then_some(Tense::Future))
    };
    // In future tense the next such month; otherwise a past one, unless the month is at most
    // two ahead of the reference date (news looks back more than forward).
    let y = match tense {
        Some(Tense::Future) if ahead < 0 => r.year + 1,
        Some(Tense::Future) => r.year,
        _ if ahead > 2 => r.year - 1,
        _ => r.year,
    };
    format!("{y:04}-{m:02}")
}

/// Years said in words, as transcripts write them: "nineteen ninety-six", "the year two
/// thousand".
fn spelled_year(s: &Sentence, i: usize) -> Option<Hit> {
    if s.t(i) == "nineteen" {
        let tens = s.t(i + 1);
        let n = number(tens).or_else(|| {
            let (t, o) = tens.split_once('-')?;
            Some(number(t)? + number(o).filter(|o| (1..=9).contains(o))?)
        })?;
        let written = tens.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        return ((10..=99).contains(&n) && written).then(|| Hit {
            len: 2,
            kind: TimexType::Date,
            value: format!("19{n:02}"),
            confidence: 0.8,
            evidence: "a year in words",
            day: None,
        });
    }
    let the = (s.t(i) == "the") as usize;
    if s.t(i + the) == "year" && s.t(i + the + 1) == "two" && s.t(i + the + 2) == "thousand" {
        return hit(
            the + 3,
            TimexType::Date,
            "2000".into(),
            0.8,
            "a year in words",
        );
    }
    None
}

/// The nth weekday (Monday = 1) of a month, or with `nth` = 0 the last one.
fn nth_weekday(year: i32, month: u32, weekday: u32, nth: i64) -> Option<Day> {
    if nth == 0 {
        let next = Day::new(year, month, 1)?.plus_months(1)?;
        let back = (next.weekday() as i64 - weekday as i64 - 1).rem_euclid(7) + 1;
        return next.plus_days(-back);
    }
    let first = Day::new(year, month, 1)?;
    let ahead = (weekday as i64 - first.weekday() as i64).rem_euclid(7);
    first.plus_days(ahead + 7 * (nth - 1))
}

/// Easter Sunday (the anonymous Gregorian computus).
fn easter(year: i32) -> Option<Day> {
    let (a, b, c) = (year % 19, year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let g = (8 * b + 13) / 25;
    let h = (19 * a + b - d - g + 15) % 30;
    let (j, k) = (c / 4, c % 4);
    let m = (a + 11 * h) / 319;
    let r = (2 * e + 2 * j - k - h + m + 32) % 7;
    let month = (h - m + r + 90) / 25;
    let day = (h - m + r + month + 19) % 32;
    Day::new(year, month as u32, day as u32)
}

/// Holidays with a fixed rule: "Thanksgiving (Day)", "Christmas (Eve)", "New Year's Day",
/// "Independence Day", "Labor Day", "Memorial Day", "Halloween", "Easter", in the year written
/// after them or the nearest one the tense points to.
fn holiday(s: &Sentence, i: usize, a: &Anchors) -> Option<Hit> {
    if !s.capitalised(i) {
        return None;
    }
    type Rule = fn(i32) -> Option<Day>;
    let (len, rule): (usize, Rule) = match (s.t(i), s.t(i + 1), s.t(i + 2)) {
        ("thanksgiving", "day", _) => (2, |y| nth_weekday(y, 11, 4, 4)),
        ("thanksgiving", _, _) => (1, |y| nth_weekday(y, 11, 4, 4)),
        ("christmas", "eve", _) => (2, |y| Day::new(y, 12, 24)),
        ("christmas", "day", _) => (2, |y| Day::new(y, 12, 25)),
        ("christmas", _, _) => (1, |y| Day::new(y, 12, 25)),
        ("new", "year's", "day") => (3, |y| Day::new(y, 1, 1)),
        ("new", "year", "'s") if s.t(i + 3) == "day" => (4, |y| Day::new(y, 1, 1)),
        ("new", "year's", "eve") => (3, |y| Day::new(y, 12, 31)),
        ("new", "year", "'s") if s.t(i + 3) == "eve" => (4, |y| Day::new(y, 12, 31)),
        ("independence", "day", _) => (2, |y| Day::new(y, 7, 4)),
        ("labor" | "labour", "day", _) => (2, |y| nth_weekday(y, 9, 1, 1)),
        ("memorial", "day", _) => (2, |y| nth_weekday(y, 5, 1, 0)),
        ("halloween", _, _) => (1, |y| Day::new(y, 10, 31)),
        ("easter", "sunday", _) => (2, easter),
        ("easter", _, _) => (1, easter),
        _ => return None,
    };
    if let Some(y) = year4(s.t(i + len)) {
        let day = rule(y)?;
        return Some(Hit {
            len: len + 1,
            kind: TimexType::Date,
            value: day.iso(),
            confidence: 0.9,
            evidence: "a holiday of a year",
            day: Some(day),
        });
    }
    let Some(r) = a.reference else {
        return hit(
            len,
            TimexType::Date,
            "XXXX-XX-XX".into(),
            0.4,
            "a holiday, no reference date",
        );
    };
    // "last Thanksgiving" is the one before; otherwise the tense decides, as for weekdays.
    let this_year = rule(r.year)?;
    let past = s.t(i.wrapping_sub(1)) == "last" || !s.future_at(i);
    let day = match (past, this_year.number() > r.number()) {
        (true, true) => rule(r.year - 1)?,
        (false, false) if this_year.number() < r.number() => rule(r.year + 1)?,
        _ => this_year,
    };
    Some(Hit {
        len,
        kind: TimexType::Date,
        value: day.iso(),
        confidence: 0.75,
        evidence: "a holiday near the reference date",
        day: Some(day),
    })
}

/// A weekday alone: the one before the reference date (or after it, in future tense).
fn weekday_hit(s: &Sentence, i: usize, wd: u32, len: usize, a: &Anchors) -> Option<Hit> {
    let part = part_of_day(s.t(i + len));
    let total = len + part.is_some() as usize;
    let Some(r) = a.reference else {
        return hit(
            total,
            if part.is_some() {
                TimexType::Time
            } else {
                TimexType::Date
            },
            "XXXX-XX-XX".into(),
            0.4,
            "a weekday, no reference date",
        );
    };
    let diff = (wd as i64 - r.weekday() as i64).rem_euclid(7);
    // The reference day itself when it is that weekday (wire copy says "said Friday" on the
    // Friday); else the last such day before it, or in future tense the next one after it.
    // Without a tense cue, the day after the reference date is tomorrow, not six days ago.
    let tomorrow = s.tense_at(i).is_none() && diff == 1;
    let day = if (s.future_at(i) || tomorrow) && diff != 0 {
        r.plus_days(diff)?
    } else {
        r.plus_days(-((7 - diff) % 7))?
    };
    let (kind, value) = match part {
        Some(p) => (TimexType::Time, format!("{}T{p}", day.iso())),
        None => (TimexType::Date, day.iso()),
    };
    Some(Hit {
        len: total,
        kind,
        value,
        confidence: 0.75,
        evidence: "a weekday near the reference date",
        day: Some(day),
    })
}

/// Expressions relative to the reference date: "today", "yesterday morning", "last year",
/// "this week", "three months ago", "now", "recently".
fn relative(s: &Sentence, i: usize, a: &Anchors) -> Option<Hit> {
    let w = s.t(i);
    let r = a.reference;
    let vague_ref = |value: &str| {
        hit(
            1,
            TimexType::Date,
            value.to_string(),
            0.7,
            "a vague reference to the present, past or future",
        )
    };
    // "the current (fiscal) year", "the current quarter": the period the reference date is in.
    if w == "the" && s.t(i + 1) == "current" {
        let fiscal = (s.t(i + 2) == "fiscal") as usize;
        if let Some(u) = unit(s.t(i + 2 + fiscal)).filter(|u| matches!(*u, "Y" | "Q" | "M" | "W")) {
            let value = r
                .and_then(|r| relative_unit(r, u, 0))
                .unwrap_or_else(|| unresolved(u));
            return hit(
                3 + fiscal,
                TimexType::Date,
                value,
                0.7,
                "the current period",
            );
        }
    }
    match w {
        "now" | "currently" | "nowadays" | "current" => return vague_ref("PRESENT_REF"),
        "recently" => return vague_ref("PAST_REF"),
        "recent" if unit(s.t(i + 1)).is_none() => return vague_ref("PAST_REF"),
        _ => {}
    }
    // "these days"; "the near future", "the near term", "the short term".
    if w == "these" && s.t(i + 1) == "days" {
        return hit(
            2,
            TimexType::Date,
            "PRESENT_REF".into(),
            0.7,
            "these days: the present",
        );
    }
    if w == "the"
        && matches!(
            (s.t(i + 1), s.t(i + 2)),
            ("near", "future") | ("near", "term") | ("short", "term")
        )
    {
        return hit(
            3,
            TimexType::Date,
            "FUTURE_REF".into(),
            0.6,
            "the near future",
        );
    }
    if w == "the"
        && matches!(s.t(i + 1), "past" | "future" | "present")
        && unit(s.t(i + 2)).is_none()
        && number(s.t(i + 2)).is_none()
    {
        let v = match s.t(i + 1) {
            "past" => "PAST_REF",
            "future" => "FUTURE_REF",
            _ => "PRESENT_REF",
        };
        return hit(
            2,
            TimexType::Date,
            v.into(),
            0.7,
            "a vague reference to the present, past or future",
        );
    }
    // Company reports: "the (fiscal) year ended March 31" is a year's span; "for the full year"
    // is the reference year.
    if w == "the" {
        let q = matches!(s.t(i + 1), "fiscal" | "full") as usize;
        if s.t(i + 1 + q) == "year" {
            let len = 2 + q;
            if matches!(s.t(i + len), "ended" | "ending") {
                return hit(
                    len,
                    TimexType::Duration,
                    "P1Y".into(),
                    0.7,
                    "a reporting year",
                );
            }
            if matches!(s.t(i.wrapping_sub(1)), "for" | "of" | "throughout") {
                let value = r.map_or("XXXX".into(), |r| format!("{:04}", r.year));
                return hit(len, TimexType::Date, value, 0.6, "the reporting year");
            }
        }
    }
    // "by year-end", "by year's end": the end of the reference year.
    let year_end = match (w, s.t(i + 1), s.t(i + 2)) {
        ("year-end", _, _) => Some(1),
        ("year", "end", _) => Some(2),
        ("year", "'s", "end") | ("year's", "end", _) => Some(2 + (w == "year") as usize),
        _ => None,
    };
    if let Some(len) = year_end.filter(|_| {
        PREPOSITIONS.contains(&s.t(i.wrapping_sub(1))) || s.t(i.wrapping_sub(1)) == "by"
    }) {
        let value = r.map_or("XXXX".into(), |r| format!("{:04}", r.year));
        return hit(
            len,
            TimexType::Date,
            value,
            0.6,
            "the end of the reference year",
        );
    }
    // "the weekend": the last one (or, in future tense, the next one).
    if w == "the" && s.t(i + 1) == "weekend" {
        let value = r.and_then(|r| {
            let weekend_now = r.weekday() >= 6;
            let n = match (s.future_at(i), weekend_now) {
                (_, true) => 0,
                (true, false) => 0,
                (false, false) => -1,
            };
            relative_unit(r, "WE", n)
        });
        return hit(
            2,
            TimexType::Date,
            value.unwrap_or_else(|| "XXXX-WXX-WE".into()),
            0.6,
            "the nearest weekend",
        );
    }
    // "in recent years" / "recent days" is a vague past (TimeML's PAST_REF); "recent weeks" and
    // "recent months" are annotated as the stretch of time they span.
    if w == "recent" && matches!(s.t(i + 1), "years" | "days") {
        return hit(
            2,
            TimexType::Date,
            "PAST_REF".into(),
            0.7,
            "recent years or days: the vague past",
        );
    }
    if matches!(w, "recent") && matches!(s.t(i + 1), "months" | "weeks") {
        return hit(
            2,
            TimexType::Duration,
            duration(None, unit(s.t(i + 1))?),
            0.7,
            "recent years, months or weeks",
        );
    }
    let offset = match w {
        "today" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        "tonight" => {
            return Some(match r {
                Some(r) => Hit {
                    len: 1,
                    kind: TimexType::Time,
                    value: format!("{}TNI", r.iso()),
                    confidence: 0.8,
                    evidence: "tonight, on the reference date",
                    day: Some(r),
                },
                None => Hit {
                    len: 1,
                    kind: TimexType::Time,
                    value: "XXXX-XX-XXTNI".into(),
                    confidence: 0.4,
                    evidence: "tonight, no reference date",
                    day: None,
                },
            });
        }
        _ => None,
    };
    if let Some(offset) = offset {
        let part = part_of_day(s.t(i + 1));
        let day = r.and_then(|r| r.plus_days(offset));
        let base = day.map_or("XXXX-XX-XX".to_string(), |d| d.iso());
        let (kind, value, len) = match part {
            Some(p) => (TimexType::Time, format!("{base}T{p}"), 2),
            None => (TimexType::Date, base, 1),
        };
        return Some(Hit {
            len,
            kind,
            value,
            confidence: if day.is_some() { 0.85 } else { 0.4 },
            evidence: "a day relative to the reference date",
            day,
        });
    }
    // "this/last/next/coming/past/previous" + a unit, weekday, month or part of day.
    let n = match w {
        "this" | "current" => Some(0),
        "last" | "previous" | "past" => Some(-1),
        "next" | "coming" => Some(1),
        _ => None,
    };
    if let Some(n) = n {
        let next = s.t(i + 1);
        if let Some(wd) = weekday(next) {
            let r = r?;
            let diff = (wd as i64 - r.weekday() as i64).rem_euclid(7);
            let day = match n {
                -1 => r.plus_days(-((7 - diff) % 7).max(1) - if diff == 0 { 6 } else { 0 })?,
                1 => r.plus_days(if diff == 0 { 7 } else { diff })?,
                _ => r.plus_days(diff)?,
            };
            return Some(Hit {
                len: 2,
                kind: TimexType::Date,
                value: day.iso(),
                confidence: 0.75,
                evidence: "a weekday relative to the reference date",
                day: Some(day),
            });
        }
        if let Some(p) = part_of_day(next).filter(|_| n <= 0) {
            let day = r.and_then(|r| r.plus_days(if next == "night" && n == -1 { -1 } else { 0 }));
            let value = format!("{}T{p}", day.map_or("XXXX-XX-XX".into(), |d| d.iso()));
            return Some(Hit {
                len: 2,
                kind: TimexType::Time,
                value,
                confidence: 0.75,
                evidence: "a part of the reference day",
                day,
            });
        }
        if let Some(m) = month(next).filter(|_| s.capitalised(i + 1)) {
            let year = |r: Day| match n {
                -1 if m >= r.month => r.year - 1,
                1 if m <= r.month => r.year + 1,
                _ => r.year,
            };
            let value = r.map_or(format!("XXXX-{m:02}"), |r| format!("{:04}-{m:02}", year(r)));
            return hit(
                2,
                TimexType::Date,
                value,
                0.7,
                "a month relative to the reference date",
            );
        }
        if let Some(code) = season(next) {
            let value = r.map_or(format!("XXXX-{code}"), |r| {
                format!("{:04}-{code}", r.year as i64 + n)
            });
            return hit(
                2,
                TimexType::Date,
                value,
                0.7,
                "a season relative to the reference date",
            );
        }
        if let Some(u) = unit(next).filter(|u| !matches!(*u, "H" | "MIN" | "S" | "D"))
            && !next.ends_with('s')
        {
            let value = r
                .and_then(|r| relative_unit(r, u, n))
                .unwrap_or_else(|| unresolved(u));
            return hit(
                2,
                TimexType::Date,
                value,
                if r.is_some() { 0.8 } else { 0.4 },
                "a period relative to the reference date",
            );
        }
    }
    // Quarterly results: "the quarter", "the latest quarter" are the last completed quarter, and
    // "a year ago", "a year earlier", "the year-earlier quarter" its counterpart a year before.
    let quarterly = a.quarterly || s.low.iter().any(|w| w.contains("quarter"));
    let last_quarter = |r: Day| {
        let q = (r.month as i32 - 1) / 3;
        if q == 0 { (r.year - 1, 4) } else { (r.year, q) }
    };
    let the = (w == "the") as usize;
    let latest = matches!(s.t(i + the), "latest" | "most" | "recent") as usize;
    let most = (s.t(i + the) == "most" && s.t(i + the + 1) == "recent") as usize;
    if the == 1
        && s.t(i + the + latest + most) == "quarter"
        && s.t(i + the + latest + most + 1) != "of"
    {
        let value = r.map_or("XXXX-QX".into(), |r| {
            let (y, q) = last_quarter(r);
            format!("{y:04}-Q{q}")
        });
        return hit(
            2 + latest + most,
            TimexType::Date,
            value,
            0.6,
            "the last completed quarter",
        );
    }
    let year_before = match (w, s.t(i + 1), s.t(i + 2)) {
        ("the", "year-earlier" | "year-ago", "quarter" | "period") => Some(3),
        ("year-earlier" | "year-ago", "quarter" | "period", _) => Some(2),
        ("year-earlier" | "year-ago", _, _) => Some(1),
        ("a" | "one", "year", "earlier" | "ago" | "before") => Some(3),
        _ => None,
    };
    if let Some(len) = year_before {
        let value = r.map_or("XXXX".into(), |r| {
            if quarterly {
                let (y, q) = last_quarter(r);
                format!("{:04}-Q{q}", y - 1)
            } else {
                format!("{:04}", r.year - 1)
            }
        });
        return hit(
            len,
            TimexType::Date,
            value,
            0.7,
            "a year before the reference date",
        );
    }
    // "three months ago", "a year ago", "nearly two weeks ago".
    let approx = APPROXIMATELY.contains(&w) as usize;
    if approx == 1
        && let Some(mut h) = relative(s, i + 1, a).filter(|h| h.evidence.starts_with("a time ago"))
    {
        h.len += 1;
        return Some(h);
    }
    if let (Some(k), Some(u)) = (
        number(w).or_else(|| vague(w).then_some(0)),
        unit(s.t(i + 1)),
    ) && s.t(i + 2) == "ago"
    {
        let r = r?;
        let value = if k == 0 {
            "PAST_REF".to_string()
        } else {
            let k = k as i64;
            match u {
                "Y" => format!("{:04}", r.year as i64 - k),
                "M" => {
                    let d = r.plus_months(-k)?;
                    format!("{:04}-{:02}", d.year, d.month)
                }
                "W" => {
                    let (y, w) = r.plus_days(-7 * k)?.iso_week();
                    format!("{y:04}-W{w:02}")
                }
                "D" => r.plus_days(-k)?.iso(),
                "DE" => format!("{:03}", (r.year as i64 - 10 * k) / 10),
                _ => return None,
            }
        };
        return hit(
            3,
            TimexType::Date,
            value,
            0.8,
            "a time ago, from the reference date",
        );
    }
    None
}

/// Expressions anchored on the last day the narrative mentioned: "the night before", "the day
/// before", "the next day", "that day".
/// The year and month of a date value (`1996`, `1996-04`, `1996-04-26`).
fn stated_period(value: &str) -> Option<(i32, Option<u32>)> {
    let year = year4(value.get(..4)?)?;
    let month = value
        .get(4..7)
        .filter(|m| m.starts_with('-'))
        .and_then(|m| m[1..].parse().ok())
        .filter(|m| (1..=12).contains(m));
    (value.len() == 4 || month.is_some()).then_some((year, month))
}

fn anaphoric(s: &Sentence, i: usize, a: &Anchors) -> Option<Hit> {
    if s.t(i) != "the" && s.t(i) != "that" {
        return None;
    }
    // "that year", "the following year", "that month", "the following month": after the
    // period the narrative last named.
    let period = match (s.t(i), s.t(i + 1), s.t(i + 2)) {
        ("that", "year" | "month", _) => Some((0, s.t(i + 1), 2)),
        ("the", "same", "year" | "month") => Some((0, s.t(i + 2), 3)),
        ("the", "following", "year" | "month") => Some((1, s.t(i + 2), 3)),
        _ => None,
    };
    if let (Some((offset, unit_word, len)), Some((year, month))) = (period, a.last_period) {
        let value = match (unit_word, month) {
            ("year", _) => Some(format!("{:04}", year + offset)),
            ("month", Some(m)) => Day::new(year, m, 1)
                .and_then(|d| d.plus_months(offset as i64))
                .map(|d| format!("{:04}-{:02}", d.year, d.month)),
            _ => None,
        };
        if let Some(value) = value {
            return hit(
                len,
                TimexType::Date,
                value,
                0.6,
                "relative to the last period mentioned",
            );
        }
    }
    let (offset, part, len) = match (s.t(i), s.t(i + 1), s.t(i + 2)) {
        ("the", "night", "before") => (-1, Some("NI"), 3),
        ("the", "day", "before") => (-1, None, 3),
        ("the", "next" | "following", "day") => (1, None, 3),
        ("the", "next" | "following", "morning") => (1, Some("MO"), 3),
        ("the", "next" | "following", "evening") => (1, Some("EV"), 3),
        ("the", "same", "day") | ("that", "day", _) => (0, None, 2 + (s.t(i) == "the") as usize),
        ("that", "night", _) => (0, Some("NI"), 2),
        _ => return None,
    };
    // "that day" with no day named before it is generic ("strong redemptions that day").
    if s.t(i) == "that" && a.last.is_none() {
        return None;
    }
    let day = a.last.and_then(|d| d.plus_days(offset));
    let base = day.map_or("XXXX-XX-XX".to_string(), |d| d.iso());
    let (kind, value) = match part {
        Some(p) => (TimexType::Time, format!("{base}T{p}")),
        None => (TimexType::Date, base),
    };
    Some(Hit {
        len,
        kind,
        value,
        confidence: if day.is_some() { 0.7 } else { 0.3 },
        evidence: "relative to the last day mentioned",
        day,
    })
}

/// Clock times: "3 p.m.", "10:30 a.m.", "noon", "midnight", on the day written after them
/// ("10 p.m. EST Wednesday", "noon Thursday", "5 p.m. Nov. 9").
fn clock(s: &Sentence, i: usize, a: &Anchors) -> Option<Hit> {
    let mut h = clock_alone(s, i, a)?;
    let mut k = i + h.len;
    if matches!(
        s.t(k),
        "est" | "edt" | "cst" | "cdt" | "mst" | "mdt" | "pst" | "pdt" | "gmt" | "utc" | "bst"
    ) {
        k += 1;
    }
    if s.t(k) == "," {
        k += 1;
    }
    let on_day = weekday(s.t(k))
        .filter(|_| s.capitalised(k))
        .and_then(|wd| weekday_hit(s, k, wd, 1, a))
        .or_else(|| explicit(s, k, a).filter(|d| d.day.is_some()))
        .or_else(|| relative(s, k, a).filter(|d| d.day.is_some()));
    if let Some(day) = on_day.and_then(|d| Some((d.day?, d.len)))
        && let Some((_, time)) = h.value.split_once('T')
    {
        h.value = format!("{}T{time}", day.0.iso());
        h.len = k + day.1 - i;
        h.day = Some(day.0);
    }
    Some(h)
}

fn clock_alone(s: &Sentence, i: usize, a: &Anchors) -> Option<Hit> {
    let base = a.reference.map_or("XXXX-XX-XX".to_string(), |r| r.iso());
    match s.t(i) {
        "noon" | "midday" => return hit(1, TimexType::Time, format!("{base}T12:00"), 0.7, "noon"),
        "midnight" => return hit(1, TimexType::Time, format!("{base}T24:00"), 0.7, "midnight"),
        _ => {}
    }
    let w = s.t(i);
    let (h, m) = match w.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (w.parse::<u32>().ok()?, 0),
        _ => return None,
    };
    let pm = match s.t(i + 1) {
        "p.m." | "pm" | "p.m" => true,
        "a.m." | "am" | "a.m" => false,
        _ if w.contains(':') && h <= 23 && m <= 59 => {
            return hit(
                1,
                TimexType::Time,
                format!("{base}T{h:02}:{m:02}"),
                0.6,
                "a clock time",
            );
        }
        _ => return None,
    };
    if !(1..=12).contains(&h) || m > 59 {
        return None;
    }
    let h = match (pm, h) {
        (true, 12) => 12,
        (true, h) => h + 12,
        (false, 12) => 0,
        (false, h) => h,
    };
    hit(
        2,
        TimexType::Time,
        format!("{base}T{h:02}:{m:02}"),
        0.85,
        "a clock time",
    )
}

/// Recurring times: "every Friday", "each year", "daily", "annually".
fn set(s: &Sentence, i: usize) -> Option<Hit> {
    let w = s.t(i);
    let adjective = s.t(i + 1).chars().next().is_some_and(|c| c.is_alphabetic());
    // "daily" and "weekly" recur even before a noun ("a daily rally"); "monthly payments" and
    // "annual" do not name when.
    let single = match w {
        "daily" | "nightly" => Some("P1D"),
        "weekly" => Some("P1W"),
        _ if adjective => None,
        "monthly" => Some("P1M"),
        "annually" | "yearly" => Some("P1Y"),
        _ => None,
    };
    if let Some(v) = single {
        return hit(1, TimexType::Set, v.into(), 0.75, "a recurring time");
    }
    if matches!(w, "every" | "each") {
        if let Some(wd) = weekday(s.t(i + 1)) {
            return hit(
                2,
                TimexType::Set,
                format!("XXXX-WXX-{wd}"),
                0.8,
                "every weekday",
            );
        }
        if let Some(u) = unit(s.t(i + 1)) {
            return hit(2, TimexType::Set, duration(Some(1), u), 0.8, "every period");
        }
    }
    None
}

/// Durations: "eight years", "eight-years", "24 hours", "several months", "the past five years",
/// "a five-year plan".
fn span_of_time(s: &Sentence, i: usize) -> Option<Hit> {
    let mut j = i;
    if APPROXIMATELY.contains(&s.t(j))
        && (number(s.t(j + 1)).is_some_and(|n| n > 1) || s.t(j + 1).contains('-'))
    {
        j += 1;
    }
    if s.t(j) == "the"
        && matches!(
            s.t(j + 1),
            "past" | "last" | "next" | "first" | "coming" | "previous"
        )
    {
        j += 2;
    } else if matches!(s.t(j), "past" | "last" | "next")
        && (number(s.t(j + 1)).is_some() || vague(s.t(j + 1)))
    {
        j += 1;
    } else if s.t(j) == "the"
        && number(s.t(j + 1)).is_some_and(|n| n > 1)
        && unit(s.t(j + 2)).is_some()
    {
        j += 1; // "the nine months"
    }
    let w = s.t(j);
    // "a day-long meeting", "a decades-long battle".
    if let Some(u) = w.strip_suffix("-long").and_then(unit) {
        let n = (!w.trim_end_matches("-long").ends_with('s')).then_some(1);
        return hit(
            j + 1 - i,
            TimexType::Duration,
            duration(n, u),
            0.7,
            "a length of time",
        );
    }
    // "eight-years", "five-year"; not a fraction ("three-quarters of its food").
    if let Some((n, u)) = w.split_once('-')
        && let (Some(n), Some(u)) = (number(n), unit(u))
        && n > 0
        && !(u == "Q" && s.t(j + 1) == "of")
    {
        return hit(
            j + 1 - i,
            TimexType::Duration,
            duration(Some(n), u),
            0.8,
            "a length of time",
        );
    }
    // "2 1/2 years", "a couple of years".
    if let Some(n) = number(w).filter(|_| s.t(j + 1) == "1/2")
        && let Some(value) = unit(s.t(j + 2)).and_then(|u| and_a_half(n, u))
    {
        return hit(
            j + 3 - i,
            TimexType::Duration,
            value,
            0.8,
            "a length of time",
        );
    }
    let a = (w == "a") as usize;
    if s.t(j + a) == "couple"
        && s.t(j + a + 1) == "of"
        && let Some(u) = unit(s.t(j + a + 2))
    {
        return hit(
            j + a + 3 - i,
            TimexType::Duration,
            duration(Some(2), u),
            0.7,
            "a length of time",
        );
    }
    // "twenty four hours": two number words.
    let (n, k) = match (number(w), number(s.t(j + 1))) {
        (Some(t), Some(o)) if t >= 20 && t % 10 == 0 && o < 10 => (Some(t + o), j + 2),
        (Some(n), _) => (Some(n), j + 1),
        _ if vague(w) => (None, j + 1),
        _ => (None, j),
    };
    let the_past = j > i;
    // "two more weeks".
    let k = if k > j && s.t(k) == "more" && unit(s.t(k + 1)).is_some() {
        k + 1
    } else {
        k
    };
    let u = unit(s.t(k))?;
    if u == "WE" {
        return None;
    }
    let article = matches!(w, "a" | "an");
    if k == j && !the_past {
        // A bare plural unit: "for years", "in months".
        if !(s.t(k).ends_with('s')
            && matches!(s.t(i.wrapping_sub(1)), "for" | "over" | "in" | "within"))
        {
            return None;
        }
        return hit(
            1,
            TimexType::Duration,
            duration(None, u),
            0.6,
            "an unspecified length of time",
        );
    }
    // "a week" is a length of time, but "$1 billion a year" or "twice a day" is a rate.
    // "a second" is mostly the ordinal ("a second group").
    if article && !the_past && (rate_before(s.t(i.wrapping_sub(1))) || u == "S") {
        return None;
    }
    // An age ("37 years old") is not a time expression.
    if n == Some(0) || s.t(k + 1) == "old" {
        return None;
    }
    hit(
        k + 1 - i,
        TimexType::Duration,
        duration(n, u),
        if n.is_some() { 0.8 } else { 0.6 },
        "a length of time",
    )
}

/// Whether `w`, just before "a year", makes it a rate: an amount ("$5 million a year", "80 a
/// day"), a count ("twice a week") or a plural noun ("interviews a day").
fn rate_before(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
        || number(w).is_some_and(|n| n > 1)
        || matches!(
            w,
            "once"
                | "twice"
                | "times"
                | "million"
                | "billion"
                | "thousand"
                | "hundred"
                | "dozen"
                | "dollars"
                | "cents"
                | "percent"
                | "%"
                | "per"
        )
        || (w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !matches!(w, "this" | "does" | "plus" | "thus" | "hers" | "whereas"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str, reference: Option<&str>) -> Vec<(String, TimexType, String)> {
        let tokens: Vec<&str> = text.split(' ').collect();
        let mut anchors = Anchors {
            reference: reference.and_then(Day::parse),
            last: None,
            last_period: None,
            quarterly: false,
        };
        tag_sentence(&tokens, &mut anchors)
            .into_iter()
            .map(|f| (tokens[f.start..f.end].join(" "), f.kind, f.value))
            .collect()
    }

    use TimexType::*;

    fn one(text: &str, reference: &str) -> (String, TimexType, String) {
        let found = tag(text, Some(reference));
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn explicit_dates() {
        assert_eq!(
            one("on Friday , January 3 , 2020 , a car", "2020-01-07"),
            (
                "Friday , January 3 , 2020".into(),
                Date,
                "2020-01-03".into()
            )
        );
        assert_eq!(
            one("on 3 January 2020 .", "2020-01-07"),
            ("3 January 2020".into(), Date, "2020-01-03".into())
        );
        assert_eq!(one("since Jan. 3 .", "2020-01-07").2, "2020-01-03");
        assert_eq!(one("in October 2019 .", "2020-01-07").2, "2019-10");
        assert_eq!(
            one("In 1990 , they", "2020-01-07"),
            ("1990".into(), Date, "1990".into())
        );
        assert_eq!(
            one("during the 1980s .", "2020-01-07"),
            ("the 1980s".into(), Date, "198".into())
        );
        assert_eq!(
            one("in the 21st century .", "2020-01-07"),
            ("the 21st century".into(), Date, "20".into())
        );
        assert_eq!(one("on 3/1/2020 .", "2020-01-07").2, "2020-03-01");
        assert_eq!(
            one("the third quarter of 1990 rose", "2020-01-07").2,
            "1990-Q3"
        );
        assert_eq!(
            one("on February 30 , 2020 .", "2020-01-07"),
            ("February 30 , 2020".into(), Date, "XXXX-XX-XX".into())
        );
        assert!(tag("2000 people came", Some("2020-01-07")).is_empty());
    }

    #[test]
    fn relative_dates() {
        assert_eq!(one("he left yesterday .", "2020-01-07").2, "2020-01-06");
        assert_eq!(one("last year was hard", "2020-01-07").2, "2019");
        assert_eq!(one("this week .", "2020-01-07").2, "2020-W02");
        assert_eq!(one("three months ago .", "2020-01-07").2, "2019-10");
        assert_eq!(one("it rained on Friday .", "2020-01-07").2, "2020-01-03");
        assert_eq!(
            one("it will rain on Friday .", "2020-01-07").2,
            "2020-01-10"
        );
        assert_eq!(one("now it is over", "2020-01-07").2, "PRESENT_REF");
        assert_eq!(
            one("in recent years it grew", "2020-01-07"),
            ("recent years".into(), Date, "PAST_REF".into())
        );
        assert_eq!(
            one("over the past year it grew", "2020-01-07"),
            ("the past year".into(), Date, "2019".into())
        );
        assert_eq!(
            one("he was last seen Nov. 3 .", "2020-05-07").2,
            "2019-11-03",
            "past tense puts a day four months ahead in the year before"
        );
        assert_eq!(
            one("the bond is due by February .", "2020-10-30").2,
            "2021-02"
        );
        assert!(
            tag(
                "Baker said on ABC's \"This Week\" program",
                Some("2020-01-07")
            )
            .is_empty(),
            "a capitalised time word inside a sentence is a title"
        );
        assert_eq!(one("in June last year", "2020-01-07").2, "2019-06");
        assert_eq!(one("for 2 1/2 years .", "2020-01-07").2, "P2Y6M");
        assert_eq!(one("for the next couple of weeks", "2020-01-07").2, "P2W");
        assert_eq!(one("he offered him a week to go", "2020-01-07").2, "P1W");
        assert!(
            tag("they earn $5 million a year", Some("2020-01-07")).is_empty(),
            "a rate is not a length of time"
        );
        assert_eq!(one("in the near future", "2020-01-07").2, "FUTURE_REF");
        assert!(
            tag("sales jump that day and fall after", Some("2020-01-07")).is_empty(),
            "'that day' with no day named before is generic"
        );
        // Unmarked tense: a month well ahead of the reference date is last year's.
        assert_eq!(
            one("he resigned in March for his health", "2020-11-02").2,
            "2020-03"
        );
        assert_eq!(one("sales rose in August", "2020-03-02").2, "2019-08");
        assert_eq!(one("it will open in January", "2020-11-02").2, "2021-01");
        assert_eq!(
            one("losses over the past two quarters", "2020-11-02").2,
            "P2Q"
        );
        assert_eq!(
            tag(
                "revenue for the fiscal year ended March 31",
                Some("2020-11-02")
            )[0],
            ("the fiscal year".into(), Duration, "P1Y".into())
        );
        assert_eq!(one("sales for the full year rose", "2020-11-02").2, "2020");
        assert_eq!(one("to close by year-end .", "2020-11-02").2, "2020");
        assert_eq!(
            one("sales in the current fiscal year", "2020-11-02").2,
            "2020"
        );
        assert_eq!(
            one("a charge in the 1988 second quarter", "2020-11-02").2,
            "1988-Q2"
        );
        assert_eq!(one("their third day-long meeting", "2020-11-02").2, "P1D");
        assert_eq!(one("a decades-long battle", "2020-11-02").2, "PXY");
        assert_eq!(one("for at least two more weeks", "2020-11-02").2, "P2W");
        // Ages and fractions are not time expressions.
        assert!(tag("Ann Writer , 37 years old , said", Some("2020-11-02")).is_empty());
        assert!(tag("it imports three-quarters of its food", Some("2020-11-02")).is_empty());
        assert_eq!(one("he left yesterday .", "2020-01-07").1, Date);
        assert_eq!(
            one("last night", "2020-01-07"),
            ("last night".into(), Time, "2020-01-06TNI".into())
        );
    }

    #[test]
    fn holidays_spelled_years_and_seasons() {
        let v = |text: &str| one(text, "2020-01-07").2;
        assert_eq!(v("found on Thanksgiving Day , clinging"), "2019-11-28");
        assert_eq!(v("they will meet at Easter"), "2020-04-12");
        assert_eq!(v("on Memorial Day 1998"), "1998-05-25");
        assert_eq!(v("in nineteen ninety-six , a bomb"), "1996");
        assert_eq!(v("the year two thousand"), "2000");
        assert_eq!(v("it fell apart in mid-1996 after"), "1996");
        assert_eq!(v("by the mid-1990s"), "199");
        assert_eq!(v("music of the nineties"), "199");
        assert_eq!(v("protests over the summer"), "2020-SU");
        assert_eq!(v("the third quarter"), "2020-Q3");
        assert_eq!(v("its fiscal first quarter"), "2020-Q1");
        // "the fall" is too often a fall to be a season.
        assert!(tag("after the fall of the wall", Some("2020-01-07")).is_empty());
    }

    #[test]
    fn a_clock_time_takes_the_day_after_it() {
        // 2020-01-07 is a Tuesday.
        assert_eq!(
            one("said at 10 p.m. EST Sunday that", "2020-01-07"),
            ("10 p.m. EST Sunday".into(), Time, "2020-01-05T22:00".into())
        );
        assert_eq!(
            one("closes at noon Jan. 9 .", "2020-01-07"),
            ("noon Jan. 9".into(), Time, "2020-01-09T12:00".into())
        );
        assert_eq!(
            one("it left over the weekend", "2020-01-07").2,
            "2020-W01-WE"
        );
        assert_eq!(
            one("held a daily rally", "2020-01-07"),
            ("daily".into(), Set, "P1D".into())
        );
    }

    #[test]
    fn odd_numbers_are_not_dates() {
        assert!(tag("in 0000 and 99999 and 12345 .", Some("2020-01-07")).is_empty());
        // A table of figures: no year is read where a number is counted.
        let table = "1990 tons 2000 tons 2010 % 1999 people ".repeat(500);
        assert!(tag(table.trim_end(), Some("2020-01-07")).is_empty());
    }

    #[test]
    fn unresolved_without_a_reference() {
        assert_eq!(tag("he left yesterday .", None)[0].2, "XXXX-XX-XX");
        assert_eq!(tag("last year was hard", None)[0].2, "XXXX");
    }

    #[test]
    fn the_night_before_follows_the_narrative() {
        let mut anchors = Anchors {
            reference: Day::parse("2020-01-07"),
            last: None,
            last_period: None,
            quarterly: false,
        };
        let first: Vec<&str> = "on Wednesday , October 30 , 2019 , it said"
            .split(' ')
            .collect();
        tag_sentence(&first, &mut anchors);
        let second: Vec<&str> = "he flew there the night before the protests"
            .split(' ')
            .collect();
        let found = tag_sentence(&second, &mut anchors);
        assert_eq!(
            (found[0].kind, found[0].value.as_str()),
            (Time, "2019-10-29TNI")
        );
        let third: Vec<&str> = "the following year , and in April that year"
            .split(' ')
            .collect();
        let values: Vec<String> = tag_sentence(&third, &mut anchors)
            .into_iter()
            .map(|f| f.value)
            .collect();
        assert_eq!(values, ["2020", "2019-04", "2019"]);
    }

    #[test]
    fn durations_and_sets() {
        assert_eq!(
            one("after eight-years of war", "2020-01-07"),
            ("eight-years".into(), Duration, "P8Y".into())
        );
        assert_eq!(one("for eight years .", "2020-01-07").2, "P8Y");
        assert_eq!(
            one("in the last twenty four hours ,", "2020-01-07"),
            (
                "the last twenty four hours".into(),
                Duration,
                "PT24H".into()
            )
        );
        assert_eq!(one("for several months .", "2020-01-07").2, "PXM");
        assert_eq!(
            one("every Friday we meet", "2020-01-07"),
            ("every Friday".into(), Set, "XXXX-WXX-5".into())
        );
        assert_eq!(one("it is paid annually", "2020-01-07").2, "P1Y");
        assert_eq!(
            one("at 3 p.m. sharp", "2020-01-07"),
            ("3 p.m.".into(), Time, "2020-01-07T15:00".into())
        );
    }
}
