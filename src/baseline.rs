//! Baselines, for adopting biolint on a corpus that already has many findings:
//! `--write-baseline FILE` records today's findings, `--baseline FILE` hides them later.
//!
//! A finding is recognised by its rule, its file (relative to the baseline's folder) and the
//! text of the line it points at, plus its rank among findings with that same key. Line
//! numbers play no part, so sentences added or removed elsewhere leave old findings matched.

use crate::diagnostic::Diagnostic;
use crate::engine::Outcome;
use crate::paths;
use crate::rewrite;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const VERSION: u32 = 1;
/// Long lines are cut in the key; the occurrence rank tells apart what the cut merges.
const CONTENT_LIMIT: usize = 200;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    code: String,
    /// The rule's name, for readers; matching uses the code.
    rule: String,
    file: String,
    /// The line the finding points at.
    content: String,
    /// Rank among the findings with the same code, file and content, in file order.
    occurrence: usize,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    code: String,
    file: String,
    content: String,
}

/// The recorded findings, ready to match.
pub struct Baseline {
    root: PathBuf,
    /// How many findings each key had.
    counts: HashMap<Key, usize>,
}

/// The key of every finding of a run, with its occurrence rank.
fn keys(outcome: &Outcome, root: &Path) -> Vec<(Key, usize)> {
    let mut seen: HashMap<Key, usize> = HashMap::new();
    let relative: Vec<String> = outcome
        .files
        .iter()
        .map(|f| paths::relative(&f.path, root))
        .collect();
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let key = key(outcome, d, &relative[d.file]);
            let rank = seen.entry(key.clone()).or_insert(0);
            *rank += 1;
            (key, *rank - 1)
        })
        .collect()
}

fn key(outcome: &Outcome, d: &Diagnostic, file: &str) -> Key {
    let source = &outcome.files[d.file];
    let line = source.line_span(d.span.start);
    let mut content = &source.text[line.start..line.end];
    if content.len() > CONTENT_LIMIT {
        let cut = (0..=CONTENT_LIMIT)
            .rev()
            .find(|&i| content.is_char_boundary(i))
            .unwrap_or(0);
        content = &content[..cut];
    }
    Key {
        code: d.rule.code.to_string(),
        file: file.to_string(),
        content: content.to_string(),
    }
}

fn folder(path: &Path) -> PathBuf {
    paths::absolute(path.parent().unwrap_or(Path::new("")))
}

/// Records every finding of `outcome` in `path`, atomically (temporary file, then rename).
/// Returns how many were written.
pub fn write(path: &Path, outcome: &Outcome) -> Result<usize, String> {
    let root = folder(path);
    let findings: Vec<Entry> = keys(outcome, &root)
        .into_iter()
        .zip(&outcome.diagnostics)
        .map(|((key, occurrence), d)| Entry {
            code: key.code,
            rule: d.rule.name.to_string(),
            file: key.file,
            content: key.content,
            occurrence,
        })
        .collect();
    let count = findings.len();
    let file = BaselineFile {
        version: VERSION,
        findings,
    };
    let mut json = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
    json.push(b'\n');
    rewrite::write_atomic(path, &json)
        .map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))?;
    Ok(count)
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {shown}: {e}"))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{shown} is not a biolint baseline: {e}"))?;
        if file.version != VERSION {
            return Err(format!(
                "{shown} is a baseline of version {}; this biolint reads version {VERSION}",
                file.version
            ));
        }
        let mut counts = HashMap::new();
        for entry in file.findings {
            let key = Key {
                code: entry.code,
                file: entry.file,
                content: entry.content,
            };
            let count = counts.entry(key).or_insert(0);
            *count = (*count).max(entry.occurrence + 1);
        }
        Ok(Baseline {
            root: folder(path),
            counts,
        })
    }

    /// Removes the findings the baseline holds; returns how many.
    pub fn hide_known(&self, outcome: &mut Outcome) -> usize {
        let known: Vec<bool> = keys(outcome, &self.root)
            .into_iter()
            .map(|(key, rank)| self.counts.get(&key).is_some_and(|n| rank < *n))
            .collect();
        let before = outcome.diagnostics.len();
        let mut known = known.into_iter();
        outcome
            .diagnostics
            .retain(|_| !known.next().unwrap_or(false));
        before - outcome.diagnostics.len()
    }
}
