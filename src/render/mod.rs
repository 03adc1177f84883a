//! Output formats. Each implements `Render` over a finished run; `summary` holds the counts
//! they share.

mod excerpt;
mod human;
mod json;

pub use human::Human;
pub use json::Json;

use crate::diagnostic::Severity;
use crate::engine::Outcome;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub trait Render {
    fn render(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()>;
}

/// Counts over all findings of a run.
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    /// (code, name) -> (severity, count), in code order.
    pub by_rule: BTreeMap<(&'static str, &'static str), (Severity, usize)>,
    pub sentences: u64,
    pub tokens: u64,
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
                .or_insert((d.severity, 0));
            entry.0 = entry.0.max(d.severity);
            entry.1 += 1;
        }
        totals
    }
}

pub(crate) fn plural(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
