//! Which files a run reads: explicit paths as given, directories walked for NER files.

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Extensions picked up when walking a directory. A file named explicitly is always read.
/// Not `.json`: in a repository those are mostly configuration (`package.json`), one JSON
/// document each, which would be reported as unreadable.
pub const EXTENSIONS: &[&str] = &[
    "txt", "tsv", "conll", "conllu", "iob", "iob2", "bio", "bioes", "jsonl", "ndjson",
];

/// Label lists beside NER data (they name the tags of JSON Lines files), not NER data.
const METADATA: &[&str] = &["labels.txt", "label_names.txt"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A path named on the command line (or by a tool that calls biolint).
    Path(PathBuf),
    /// A file found by walking a directory: the user did not name it, so a text file that
    /// holds no NER data (a README, a requirements list) is skipped rather than an error.
    Walked(PathBuf),
    /// Standard input, with the name `--stdin-filename` gave it.
    Stdin { name: Option<String> },
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Path(p) | Input::Walked(p) => p.display().to_string(),
            Input::Stdin { name } => name.clone().unwrap_or_else(|| "<stdin>".to_string()),
        }
    }

    /// The file on disk, unless this is standard input.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Path(p) | Input::Walked(p) => Some(p),
            Input::Stdin { .. } => None,
        }
    }
}

/// A path that could not be walked: reported like an unreadable file.
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Expands the command-line paths into inputs, in a stable (sorted) order per directory.
/// `stdin_name` names standard input; whatever `excluded` says yes to is left out, named or
/// found.
pub fn discover(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    excluded: &dyn Fn(&str) -> bool,
) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            if !stdin_name.is_some_and(excluded) {
                let name = stdin_name.map(str::to_string);
                inputs.push(Input::Stdin { name });
            }
        } else if excluded(&path.display().to_string()) {
            continue;
        } else if path.is_dir() {
            walk(path, excluded, &mut inputs, &mut errors);
        } else {
            // Named explicitly: read whatever it is (a missing file is reported when loading).
            inputs.push(Input::Path(path.clone()));
        }
    }
    (inputs, errors)
}

fn walk(
    root: &Path,
    excluded: &dyn Fn(&str) -> bool,
    inputs: &mut Vec<Input>,
    errors: &mut Vec<WalkError>,
) {
    let entries = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(is_hidden(e.file_name()) || excluded(&e.path().display().to_string()))
        });
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_file() && has_ner_extension(e.path()) => {
                inputs.push(Input::Walked(e.into_path()));
            }
            Ok(_) => {}
            Err(e) => errors.push(WalkError {
                path: e.path().unwrap_or(root).display().to_string(),
                message: e.to_string(),
            }),
        }
    }
}

/// Hidden entries, which include the VCS folders `.git`, `.hg`, `.svn`.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Looks through a `.gz` suffix: `train.conll.gz` is picked, `notes.gz` is not.
fn has_ner_extension(path: &Path) -> bool {
    let is_metadata = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| METADATA.contains(&n));
    crate::read::extension(&path.to_string_lossy())
        .is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
        && !is_metadata
}
