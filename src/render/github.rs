//! `--format github`: one GitHub Actions workflow command per finding, which the runner turns
//! into an annotation on the pull-request diff:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use super::{Location, Render, message_with_notes};
use crate::engine::Outcome;
use std::io::{self, Write};

pub struct Github;

impl Render for Github {
    fn render(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        for d in &outcome.diagnostics {
            let at = Location::of(outcome, d.file, d.span);
            // An annotation has a single place: the others go into its text.
            let related: Vec<String> = d
                .labels
                .iter()
                .map(|l| {
                    let place = Location::of(outcome, l.file, l.span);
                    format!(
                        "{}:{}:{}: {}",
                        place.path, place.line, place.column, l.message
                    )
                })
                .collect();
            writeln!(
                out,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                d.severity.name(),
                escape_property(at.path),
                at.line,
                at.column,
                at.end_line,
                at.end_column,
                escape_property(&format!("biolint {} [{}]", d.rule.code, d.rule.name)),
                escape_data(&message_with_notes(d, &related)),
            )?;
        }
        Ok(())
    }
}

/// The message part, escaped as the runner unescapes it (`escapeData` in actions/toolkit).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A `key=value` value: the message escapes plus the separators `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_unescapes() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        // `%` first, so an escape sequence already in the text survives the round trip.
        assert_eq!(escape_data("%0A"), "%250A");
    }
}
