//! Output formats, one module each; each implements `Render` over a finished run. What they
//! share lives here: the counts (`Totals`), line/column locations, and message text.

mod concise;
mod excerpt;
mod github;
mod human;
mod json;
mod json_lines;
mod sarif;

pub use concise::Concise;
pub use github::Github;
pub use human::Human;
pub use json::Json;
pub use json_lines::JsonLines;
pub use sarif::Sarif;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Outcome;
use crate::source::{FileId, Span};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub trait Render {
    fn render(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()>;
}

/// Findings are rendered in pieces on all cores, a window at a time: hundreds of thousands of
/// findings otherwise take a serial half second to render, and the window keeps memory small.
const WINDOW: usize = 8192;
const PIECE: usize = 256;

/// Writes the text `render` makes of every finding, in order, with `between` between two.
fn write_each(
    outcome: &Outcome,
    out: &mut dyn Write,
    between: &[u8],
    render: impl Fn(&Diagnostic) -> io::Result<Vec<u8>> + Sync,
) -> io::Result<()> {
    for (w, window) in outcome.diagnostics.chunks(WINDOW).enumerate() {
        let pieces: Vec<Vec<u8>> = window
            .par_chunks(PIECE)
            .enumerate()
            .map(|(p, piece)| {
                let mut text = Vec::new();
                for (i, d) in piece.iter().enumerate() {
                    if w + p + i > 0 {
                        text.extend_from_slice(between);
                    }
                    text.extend(render(d)?);
                }
                Ok(text)
            })
            .collect::<io::Result<_>>()?;
        for piece in pieces {
            out.write_all(&piece)?;
        }
    }
    Ok(())
}

/// Counts over all findings of a run.
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    /// (code, name) -> counts, in code order.
    pub by_rule: BTreeMap<(&'static str, &'static str), RuleTotal>,
    pub sentences: u64,
    pub tokens: u64,
}

/// The findings of one rule. Its level can differ per file (`[[overrides]]`), so a rule can
/// have both errors and warnings.
#[derive(Clone, Copy, Debug, Default)]
pub struct RuleTotal {
    pub errors: usize,
    pub warnings: usize,
}

impl RuleTotal {
    pub fn count(self) -> usize {
        self.errors + self.warnings
    }

    /// The highest severity among the findings.
    pub fn severity(self) -> Severity {
        if self.errors > 0 {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    /// `2 errors`, `1 warning`, or `1 error and 1 warning`.
    pub fn describe(self) -> String {
        let errors = plural(self.errors as u64, "error");
        let warnings = plural(self.warnings as u64, "warning");
        match (self.errors, self.warnings) {
            (_, 0) => errors,
            (0, _) => warnings,
            _ => format!("{errors} and {warnings}"),
        }
    }
}

impl Totals {
    pub fn of(outcome: &Outcome) -> Totals {
        let mut totals = Totals {
            errors: 0,
            warnings: 0,
            by_rule: BTreeMap::new(),
            sentences: outcome.summaries.iter().map(|s| s.sentences).sum(),
            tokens: outcome.summaries.iter().map(|s| s.tokens).sum(),
        };
        for d in &outcome.diagnostics {
            match d.severity {
                Severity::Error => totals.errors += 1,
                Severity::Warning => totals.warnings += 1,
            }
            let entry = totals
                .by_rule
                .entry((d.rule.code, d.rule.name))
                .or_default();
            match d.severity {
                Severity::Error => entry.errors += 1,
                Severity::Warning => entry.warnings += 1,
            }
        }
        totals
    }

    /// `Found 2 errors and 1 warning` or `No findings`, without a final period.
    pub fn headline(&self) -> String {
        match (self.errors, self.warnings) {
            (0, 0) => "No findings".into(),
            (e, 0) => format!("Found {}", plural(e as u64, "error")),
            (0, w) => format!("Found {}", plural(w as u64, "warning")),
            (e, w) => format!(
                "Found {} and {}",
                plural(e as u64, "error"),
                plural(w as u64, "warning")
            ),
        }
    }

    /// `--statistics`: a count per rule, widest count first.
    pub fn write_statistics(&self, out: &mut dyn Write) -> io::Result<()> {
        let width = self
            .by_rule
            .values()
            .map(|t| t.count().to_string().len())
            .max()
            .unwrap_or(1);
        let name_width = self
            .by_rule
            .keys()
            .map(|(_, name)| name.len())
            .max()
            .unwrap_or(0);
        for ((code, name), total) in &self.by_rule {
            writeln!(
                out,
                "{:>width$}  {code}  {name:<name_width$}  {}",
                total.count(),
                total.severity().name()
            )?;
        }
        Ok(())
    }
}

/// Where a span is, as editors count: 1-based lines and character columns; `end_column` is
/// just past the last character.
#[derive(Serialize)]
pub struct Location<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Location<'_> {
    pub fn of(outcome: &Outcome, file: FileId, span: Span) -> Location<'_> {
        let source = &outcome.files[file];
        let start = source.position(span.start);
        let end = source.position(span.end);
        Location {
            path: &source.path,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

/// The lines under a finding: `note:`s, the confidence of corpus-wide findings, `help:`.
pub fn note_lines(d: &Diagnostic) -> Vec<String> {
    let mut lines: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    lines.extend(d.confidence.map(|c| format!("confidence: {c:.2}")));
    lines.extend(d.help.iter().map(|h| format!("help: {h}")));
    lines
}

/// The message, then the given lines about related places, then the `note_lines`: the one
/// text per finding of formats that have no room for the rest.
pub fn message_with_notes(d: &Diagnostic, related: &[String]) -> String {
    let mut text = d.message.clone();
    for line in related.iter().chain(&note_lines(d)) {
        text.push('\n');
        text.push_str(line);
    }
    text
}

/// `1 file`, `2 files`, `3 entities`.
pub(crate) fn plural(n: impl TryInto<u64>, noun: &str) -> String {
    let n: u64 = n.try_into().unwrap_or(u64::MAX);
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plurals() {
        assert_eq!(super::plural(1u64, "entity"), "1 entity");
        assert_eq!(super::plural(3usize, "entity"), "3 entities");
        assert_eq!(super::plural(0u64, "tag"), "0 tags");
    }
}
