//! Plain text clean-up: what every scraped text needs before analysis, and nothing that would lose
//! a word. Line endings become `\n`, control characters go, runs of spaces inside a line become one,
//! trailing spaces and runs of blank lines shrink, and the ends are trimmed.

/// The clean form of `text`.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_lines = 0;
    for line in text.trim_start_matches('\u{FEFF}').split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut cleaned = String::with_capacity(line.len());
        let mut space = false;
        for c in line.chars() {
            if c == '\r' || c == '\t' || c == ' ' || c == '\u{A0}' || c == '\u{3000}' {
                space = true;
            } else if c.is_control() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00AD}') {
                // zero-width spaces, stray BOMs and soft hyphens carry no text
            } else {
                if space && !cleaned.is_empty() {
                    cleaned.push(' ');
                }
                space = false;
                cleaned.push(c);
            }
        }
        if cleaned.is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        blank_lines = 0;
        out.push_str(&cleaned);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_space_and_lines() {
        assert_eq!(
            clean("\u{FEFF}  Title \r\n\r\n\r\n\r\nFirst  line\u{A0}here.\t\nSecond\u{7}.\n\n"),
            "Title\n\nFirst line here.\nSecond."
        );
    }

    #[test]
    fn empty_stays_empty() {
        assert_eq!(clean(" \n\t\r\n"), "");
    }
}
