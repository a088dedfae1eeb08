//! Words of time: months, weekdays, units, seasons, ordinals and number words.

pub fn month(w: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.trim_end_matches('.');
    if let Some(i) = NAMES.iter().position(|m| *m == w) {
        return Some(i as u32 + 1);
    }
    // Abbreviations ("Jan", "Sept"); callers decide when a short word is really a month.
    let abbr = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    match w {
        "sept" => Some(9),
        _ => abbr.iter().position(|a| *a == w).map(|i| i as u32 + 1),
    }
}

/// Monday = 1 ... Sunday = 7.
pub fn weekday(w: &str) -> Option<u32> {
    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    NAMES.iter().position(|d| *d == w).map(|i| i as u32 + 1)
}

/// A weekday in full or abbreviated as datelines write it ("tue", "thurs"); Monday = 1. Not for
/// running text, where "sat" and "sun" are other words.
pub fn weekday_or_abbreviation(w: &str) -> Option<u32> {
    weekday(w).or(match w {
        "mon" => Some(1),
        "tue" | "tues" => Some(2),
        "wed" => Some(3),
        "thu" | "thur" | "thurs" => Some(4),
        "fri" => Some(5),
        "sat" => Some(6),
        "sun" => Some(7),
        _ => None,
    })
}

/// A duration unit and its TIMEX3 letter: `Y`, `M`, `W`, `D`, `H` (hours), `MIN`, `S`, `DE`, `CE`, `Q`.
pub fn unit(w: &str) -> Option<&'static str> {
    let w = w.strip_suffix('s').filter(|s| s.len() >= 3).unwrap_or(w);
    Some(match w {
        "year" | "yr" => "Y",
        "month" => "M",
        "week" => "W",
        "day" => "D",
        "hour" | "hr" => "H",
        "minute" | "min" => "MIN",
        "second" => "S",
        "decade" => "DE",
        "century" | "centurie" => "CE",
        "quarter" => "Q",
        "weekend" => "WE",
        _ => return None,
    })
}

pub fn season(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// "first" → 1 ... "twelfth", and "1st", "2nd", "21st".
pub fn ordinal(w: &str) -> Option<u32> {
    const WORDS: [&str; 12] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth",
    ];
    if let Some(i) = WORDS.iter().position(|o| *o == w) {
        return Some(i as u32 + 1);
    }
    match w {
        "twentieth" => return Some(20),
        "nineteenth" => return Some(19),
        "eighteenth" => return Some(18),
        _ => {}
    }
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    matches!(suffix, "st" | "nd" | "rd" | "th")
        .then(|| digits.parse().ok())
        .flatten()
}

/// Cardinal numbers in words or digits ("eight", "twenty", "24"); `a`/`an` count as one.
pub fn number(w: &str) -> Option<u32> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = ONES.iter().position(|o| *o == w) {
        return Some(i as u32);
    }
    if let Some(i) = TENS.iter().position(|t| *t == w) {
        return Some(20 + 10 * i as u32);
    }
    match w {
        "a" | "an" => Some(1),
        "hundred" => Some(100),
        _ if !w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()) => {
            w.parse().ok()
        }
        _ => None,
    }
}

/// Vague quantities: "several months" is `PXM`.
pub fn vague(w: &str) -> bool {
    matches!(
        w,
        "several" | "few" | "many" | "some" | "numerous" | "recent" | "coming" | "past"
    )
}

/// A word that puts a nearby date in the future ("will", "scheduled", "payable"); `next` is the
/// word after it, since "plan" is future only as "plan to" / "plan for".
pub fn future_cue(w: &str, next: &str) -> bool {
    match w {
        "will" | "'ll" | "shall" | "wo" | "scheduled" | "expected" | "due" | "payable"
        | "slated" | "upcoming" | "soon" => true,
        "plans" | "plan" | "planned" | "planning" => matches!(next, "to" | "for"),
        "set" => next == "to",
        _ => false,
    }
}

/// A word that puts a nearby date in the past: past-tense verbs (regular ones by their "-ed",
/// common irregular ones by name), "since" and "ago".
pub fn past_cue(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "was"
            | "were"
            | "had"
            | "did"
            | "told"
            | "since"
            | "ago"
            | "brought"
            | "took"
            | "made"
            | "came"
            | "went"
            | "began"
            | "became"
            | "got"
            | "gave"
            | "left"
            | "sold"
            | "bought"
            | "paid"
            | "won"
            | "lost"
            | "rose"
            | "fell"
            | "met"
            | "held"
            | "led"
            | "saw"
            | "sent"
            | "spent"
            | "kept"
            | "found"
            | "thought"
            | "knew"
            | "grew"
            | "ran"
            | "wrote"
            | "spoke"
            | "chose"
            | "fled"
            | "struck"
            | "broke"
            | "drew"
            | "flew"
            | "fought"
            | "stood"
            | "swore"
            | "threw"
    ) || (w.len() > 4 && w.ends_with("ed"))
}
