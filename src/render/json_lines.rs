//! `--format json-lines`: one compact JSON object per finding, with the fields of the `json`
//! format's diagnostics, and nothing else, so that every line is a finding (for `jq -c`, `grep`,
//! and streaming into a database). Totals are in `--format json`'s summary and the exit code.

use super::json::JsonDiagnostic;
use super::{Render, write_each};
use crate::engine::Outcome;
use std::io::{self, Write};

pub struct JsonLines;

impl Render for JsonLines {
    fn render(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        write_each(outcome, out, b"", |d| {
            let mut line = serde_json::to_vec(&JsonDiagnostic::of(outcome, d))?;
            line.push(b'\n');
            Ok(line)
        })
    }
}
