//! Proleptic Gregorian dates as day numbers, for relative arithmetic ("three days ago").

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Day {
    /// A valid date, or `None` (February 30, year 0 or past 9999).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (more after it is ignored).
    pub fn parse(s: &str) -> Option<Day> {
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        (s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(7) == Some(&b'-')).then_some(())?;
        Day::new(y, m, d)
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn number(self) -> i64 {
        let y = self.year as i64 - (self.month <= 2) as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_number(n: i64) -> Option<Day> {
        let z = n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + (m <= 2) as i64;
        Day::new(i32::try_from(y).ok()?, m, d)
    }

    pub fn plus_days(self, n: i64) -> Option<Day> {
        Day::from_number(self.number() + n)
    }

    /// Monday = 1 ... Sunday = 7.
    pub fn weekday(self) -> u32 {
        ((self.number() + 3).rem_euclid(7) + 1) as u32
    }

    /// ISO 8601 week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        let thursday = self.plus_days(4 - self.weekday() as i64).unwrap_or(self);
        let jan1 = Day {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        (
            thursday.year,
            ((thursday.number() - jan1.number()) / 7 + 1) as u32,
        )
    }

    /// The same day `n` months later (clamped to the month's length).
    pub fn plus_months(self, n: i64) -> Option<Day> {
        let total = self.year as i64 * 12 + (self.month as i64 - 1) + n;
        let (year, month) = (
            i32::try_from(total.div_euclid(12)).ok()?,
            (total.rem_euclid(12) + 1) as u32,
        );
        Day::new(year, month, self.day.min(days_in_month(year, month)))
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic() {
        let d = Day::new(2020, 1, 3).unwrap();
        assert_eq!(d.weekday(), 5, "a Friday");
        assert_eq!(Day::from_number(d.number()), Some(d));
        assert_eq!(d.plus_days(-3).unwrap().iso(), "2019-12-31");
        assert_eq!(
            Day::new(2020, 3, 31)
                .unwrap()
                .plus_months(-1)
                .unwrap()
                .iso(),
            "2020-02-29"
        );
        assert_eq!(Day::new(2021, 1, 1).unwrap().iso_week(), (2020, 53));
        assert_eq!(Day::new(2020, 2, 30), None);
        assert_eq!(Day::new(0, 1, 1), None);
        assert_eq!(Day::parse("1998-01-08").unwrap().weekday(), 4);
    }
}
