//! `--format concise`: one line per finding, `path:line:col: CODE [name] message`, the shape
//! that editors, `grep` and problem matchers understand; then the headline.

use super::{Location, Render, Totals};
use crate::engine::Outcome;
use std::io::{self, Write};

pub struct Concise {
    /// Only the findings, no headline.
    pub quiet: bool,
    /// A count per rule instead of the findings.
    pub statistics: bool,
}

impl Render for Concise {
    fn render(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        let totals = Totals::of(outcome);
        if self.statistics {
            totals.write_statistics(out)?;
        } else {
            for d in &outcome.diagnostics {
                let at = Location::of(outcome, d.file, d.span);
                writeln!(
                    out,
                    "{}:{}:{}: {} [{}] {}",
                    at.path, at.line, at.column, d.rule.code, d.rule.name, d.message
                )?;
            }
        }
        if !self.quiet {
            writeln!(out, "{}.", totals.headline())?;
        }
        Ok(())
    }
}
