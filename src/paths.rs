//! Paths relative to a project root (the folder of the configuration or baseline file), so
//! that globs and baselines mean the same thing from whichever directory biolint runs.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::path::{Component, Path, PathBuf};

/// `path` made absolute against the current directory, with `.` and `..` resolved by name
/// (the file need not exist: `--stdin-filename` names one that may not).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `root`, with `/` separators; the absolute path when it is outside.
pub fn relative(path: &str, root: &Path) -> String {
    let path = absolute(Path::new(path));
    let shown = path.strip_prefix(root).unwrap_or(&path);
    let parts: Vec<_> = shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// A set of globs matched against paths relative to `root`. A glob without `/` matches a
/// file or folder name at any depth (`*.bak`), as in `.gitignore`.
#[derive(Clone, Debug)]
pub struct Globs {
    root: PathBuf,
    set: GlobSet,
}

impl Globs {
    /// Compiles `patterns`; on a bad one, returns its index and the reason.
    pub fn new(root: &Path, patterns: &[&str]) -> Result<Globs, (usize, String)> {
        let mut builder = GlobSetBuilder::new();
        for (i, pattern) in patterns.iter().enumerate() {
            let anchored = pattern.trim_start_matches("./").trim_end_matches('/');
            let full = if anchored.contains('/') {
                anchored.trim_start_matches('/').to_string()
            } else {
                format!("**/{anchored}")
            };
            let glob = GlobBuilder::new(&full)
                .literal_separator(true)
                .build()
                .map_err(|e| (i, e.kind().to_string()))?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| (0, e.to_string()))?;
        Ok(Globs {
            root: absolute(root),
            set,
        })
    }

    /// Whether `path` (as shown in messages), or a folder that holds it, matches.
    pub fn matches(&self, path: &str) -> bool {
        let relative = relative(path, &self.root);
        let mut prefix = relative.as_str();
        loop {
            if self.set.is_match(prefix) {
                return true;
            }
            match prefix.rfind('/') {
                Some(cut) => prefix = &prefix[..cut],
                None => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(patterns: &[&str]) -> Globs {
        Globs::new(&std::env::current_dir().unwrap(), patterns).unwrap()
    }

    #[test]
    fn globs_match_relative_paths_names_and_folders() {
        let g = globs(&["legacy/**", "*.bak.txt", "drafts"]);
        assert!(g.matches("legacy/a/b.txt"));
        assert!(g.matches("./legacy/b.txt"));
        assert!(!g.matches("data/legacy.txt"));
        assert!(g.matches("data/x.bak.txt"));
        assert!(g.matches("data/drafts/x.txt"));
        assert!(!g.matches("data/drafts.txt"));
        let anchored = globs(&["data/*.txt"]);
        assert!(anchored.matches("data/a.txt"));
        assert!(!anchored.matches("data/sub/a.txt"));
    }

    #[test]
    fn a_bad_glob_names_its_index() {
        let root = std::env::current_dir().unwrap();
        let (index, reason) = Globs::new(&root, &["ok/**", "a[b"]).unwrap_err();
        assert_eq!(index, 1);
        assert!(reason.contains("unclosed"), "{reason}");
    }

    #[test]
    fn relative_resolves_dots_by_name() {
        let root = std::env::current_dir().unwrap();
        assert_eq!(relative("a/./b/../c.txt", &root), "a/c.txt");
    }
}
