//! Small corpora written to a temporary folder, for the evaluation's tests.

use super::corpus::Corpus;
use tempfile::TempDir;

/// Writes each `(name, sentences)` as a TAB-separated file, sentences of `token/TAG` words
/// (`O` where no `/` is given) separated by blank lines, and loads them as one corpus.
pub fn corpus(files: &[(&str, &[&str])]) -> (TempDir, Corpus) {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, sentences) in files {
        let mut text = String::new();
        for sentence in *sentences {
            for word in sentence.split(' ') {
                let (token, tag) = word.rsplit_once('/').unwrap_or((word, "O"));
                text.push_str(&format!("{token}\t{tag}\n"));
            }
            text.push('\n');
        }
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    let corpus = Corpus::load(&paths).unwrap();
    (dir, corpus)
}
