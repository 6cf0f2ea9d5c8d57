//! The plain-text table `gatehouse doctor` prints: one block per finding, severity and check in
//! the first columns, what was found, why and the fix wrapped in the last, 100 columns at most.

use crate::report::Report;

/// The widest line.
pub(crate) const WIDTH: usize = 100;
const SEVERITY_COLUMN: usize = 9;
/// "profile-username-attributes" (27) plus a space.
const CHECK_COLUMN: usize = 29;
const TEXT_COLUMN: usize = WIDTH - SEVERITY_COLUMN - CHECK_COLUMN;

impl Report {
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        for line in wrap(
            &format!("User pool {} ({})", self.user_pool_id, self.pool_name),
            WIDTH,
        ) {
            out.push_str(&line);
            out.push('\n');
        }
        for line in wrap(
            &format!("App client {} ({})", self.client_id, self.client_name),
            WIDTH,
        ) {
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
        row(&mut out, "SEVERITY", "CHECK", &["DETAILS".to_owned()]);
        for finding in &self.findings {
            let mut text = wrap(&format!("Found: {}", finding.found), TEXT_COLUMN);
            text.extend(wrap(&format!("Why: {}", finding.why), TEXT_COLUMN));
            if let Some(fix) = &finding.fix {
                text.extend(wrap(&format!("Fix: {fix}"), TEXT_COLUMN));
            }
            row(
                &mut out,
                finding.severity.name(),
                finding.check.name(),
                &text,
            );
        }
        out.push('\n');
        out.push_str(&format!("Worst: {}\n", self.worst().name()));
        out
    }
}

fn row(out: &mut String, severity: &str, check: &str, text: &[String]) {
    for (index, line) in text.iter().enumerate() {
        let (severity, check) = if index == 0 {
            (severity, check)
        } else {
            ("", "")
        };
        let line = format!("{severity:<SEVERITY_COLUMN$}{check:<CHECK_COLUMN$}{line}");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// Splits `text` into lines of at most `width` characters at spaces; a word longer than a line
/// (an ARN, a URL) is cut.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = line.chars().count();
            let room = if used == 0 {
                width
            } else {
                width.saturating_sub(used + 1)
            };
            if word.len() <= room {
                if used > 0 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if used == 0 {
                // Longer than a whole line: cut it.
                let rest = word.split_off(width);
                lines.push(word.iter().collect());
                word = rest;
            } else {
                lines.push(std::mem::take(&mut line));
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_within_the_width() {
        let lines = wrap("the quick brown fox jumps over the lazy dog", 10);
        assert_eq!(
            lines,
            ["the quick", "brown fox", "jumps over", "the lazy", "dog"]
        );
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let lines = wrap("arn:aws:lambda:eu-west-1:123 ok", 10);
        assert_eq!(lines, ["arn:aws:la", "mbda:eu-we", "st-1:123", "ok"]);
    }

    #[test]
    fn an_empty_text_is_one_empty_line() {
        assert_eq!(wrap("", 10), [""]);
    }
}
