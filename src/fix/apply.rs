//! `--fix` and `--diff`: applying fixes in rounds until none is left, then writing the files
//! or showing what would change.

use super::{Applicability, plan};
use crate::discover::Input;
use crate::engine::{self, Outcome};
use crate::load::{self, Unreadable};
use crate::rewrite;
use crate::settings::Settings;
use crate::source::SourceFile;
use rayon::prelude::*;
use std::io::{self, Write};
use std::time::Instant;

/// Rounds of fixing; each fixes what the previous one left because fixes overlapped.
const MAX_ROUNDS: usize = 10;

/// A fixed run: the findings left in the fixed text, and what changed.
pub struct Fixed {
    /// The last lint, of the fixed text.
    pub outcome: Outcome,
    /// The text each file had on disk, for the files whose text changed.
    pub originals: Vec<Option<String>>,
    /// Fixes applied per file.
    pub fixes: Vec<usize>,
    /// Files left as they were (from the round it happened on), and why.
    pub refused: Vec<Option<String>>,
}

/// Lints `inputs` and applies the fixes at least `least` safe, in memory, round after round.
pub fn fix(inputs: &[Input], settings: &Settings, least: Applicability) -> Fixed {
    let started = Instant::now();
    let loaded: Vec<(SourceFile, Option<Unreadable>)> = inputs.par_iter().map(load::load).collect();
    fix_loaded(loaded, settings, least, started)
}

/// `fix` for files already in memory.
pub fn fix_loaded(
    loaded: Vec<(SourceFile, Option<Unreadable>)>,
    settings: &Settings,
    least: Applicability,
    started: Instant,
) -> Fixed {
    let problems: Vec<Option<Unreadable>> = loaded.iter().map(|(_, p)| p.clone()).collect();
    let mut originals: Vec<Option<String>> = vec![None; loaded.len()];
    let mut fixes = vec![0; loaded.len()];
    let mut refused: Vec<Option<String>> = vec![None; loaded.len()];
    let mut outcome = engine::lint(loaded, settings, started);
    for _ in 0..MAX_ROUNDS {
        let plan = plan(&outcome.diagnostics, least, |id| {
            let writable = outcome.summaries[id].layout.is_some() && refused[id].is_none();
            writable.then_some(outcome.files[id].text.as_str())
        });
        if plan.fixes.is_empty() {
            break;
        }
        let mut files: Vec<SourceFile> = std::mem::take(&mut outcome.files);
        for (id, edits) in &plan.edits {
            let file = &files[*id];
            let text = match rewrite::apply_tags(file, edits) {
                Ok(text) => text,
                Err(why) => {
                    refused[*id] = Some(why);
                    continue;
                }
            };
            let edited = SourceFile::new(file.path.clone(), text);
            let old = std::mem::replace(&mut files[*id], edited);
            originals[*id].get_or_insert(old.text);
        }
        for id in plan.fixes.into_iter().filter(|id| refused[*id].is_none()) {
            fixes[id] += 1;
        }
        let again = files.into_iter().zip(problems.iter().cloned()).collect();
        outcome = engine::lint(again, settings, started);
    }
    Fixed {
        outcome,
        originals,
        fixes,
        refused,
    }
}

impl Fixed {
    /// Files whose text changed: (id, original, fixed).
    pub fn changed(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        self.originals
            .iter()
            .enumerate()
            .filter_map(|(id, original)| {
                let original = original.as_deref()?;
                let fixed = self.outcome.files[id].text.as_str();
                (original != fixed).then_some((id, original, fixed))
            })
    }
}

/// Writes a changed file back in place, unless it is not a file on disk that holds exactly
/// the text that was read (standard input, a file edited since). A gzip file is written
/// compressed again: its text differs only in the edits, its compressed bytes may differ more.
pub fn write_back(input: &Input, original: &str, fixed: &str) -> Result<(), String> {
    let Some(path) = input.path() else {
        return Err("standard input is not written back".into());
    };
    let on_disk = std::fs::read(path).map_err(|e| format!("cannot read it again: {e}"))?;
    let compressed = on_disk.starts_with(&load::GZIP_MAGIC);
    match load::gunzip(on_disk) {
        Ok(text) if text == original.as_bytes() => {}
        _ => return Err("the file on disk is not the text that was read (changed since?)".into()),
    }
    let bytes = match compressed {
        false => fixed.as_bytes().to_vec(),
        true => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder
                .write_all(fixed.as_bytes())
                .and_then(|()| encoder.finish())
                .map_err(|e| e.to_string())?
        }
    };
    rewrite::write_atomic(path, &bytes).map_err(|e| format!("cannot write it: {e}"))
}

/// What `settle` did.
#[derive(Debug, Default)]
pub struct Settled {
    pub files: usize,
    pub fixes: usize,
    /// Files that were to be written but could not be.
    pub failed: usize,
}

/// Prints the changes as a unified diff (`diff`), or writes every changed file back; a file
/// that cannot be written is named on standard error and left as it was.
pub fn settle(
    fixed: &Fixed,
    inputs: &[Input],
    diff: bool,
    out: &mut dyn Write,
) -> io::Result<Settled> {
    let mut settled = Settled::default();
    for (id, why) in fixed.refused.iter().enumerate() {
        if let Some(why) = why {
            eprintln!(
                "error: {} was not fully fixed: {why}",
                fixed.outcome.files[id].path
            );
            settled.failed += 1;
        }
    }
    for (id, original, text) in fixed.changed() {
        let path = &fixed.outcome.files[id].path;
        if diff {
            out.write_all(rewrite::unified_diff(path, original, text).as_bytes())?;
        } else if let Err(why) = write_back(&inputs[id], original, text) {
            eprintln!("error: {path} was not fixed: {why}");
            settled.failed += 1;
            continue;
        }
        settled.files += 1;
        settled.fixes += fixed.fixes[id];
    }
    Ok(settled)
}
