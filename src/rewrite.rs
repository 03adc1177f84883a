//! Writing edited files: splicing edits into the text, showing them as a unified diff, and
//! replacing a file atomically.
//!
//! Edits replace byte spans that readers recorded (tag spans), so every other byte of the file
//! — line endings, BOM, the final newline or its absence — stays as it was.

use crate::fix::{Edit, overlaps};
use crate::source::SourceFile;
use std::io::{self, Write};
use std::path::Path;

/// The text with `edits` applied. Edits must be sorted, must not overlap and must fall on
/// character boundaries; otherwise nothing is applied and the problem is returned.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for (i, edit) in edits.iter().enumerate() {
        let span = edit.span;
        if i > 0 && (overlaps(edits[i - 1].span, span) || span.start < done) {
            return Err(format!("edits overlap at byte {}", span.start));
        }
        if text.get(span.start..span.end).is_none() {
            return Err(format!(
                "an edit falls outside the text at byte {}",
                span.start
            ));
        }
        out.push_str(&text[done..span.start]);
        out.push_str(&edit.replacement);
        done = span.end;
    }
    out.push_str(&text[done..]);
    Ok(out)
}

/// `apply` for edits that replace tags, written the way the file writes its tags: inside a
/// JSON string the new tag is escaped where JSON needs it, and where the file writes a tag as
/// a number naming one of its label names (JSON Lines `ner_tags`), the new tag is written as
/// its number. Fails when a new tag has no number.
pub fn apply_tags(file: &SourceFile, edits: &[Edit]) -> Result<String, String> {
    let text = file.text.as_str();
    let written: Vec<Edit> = edits
        .iter()
        .map(|edit| {
            let (start, end) = (edit.span.start, edit.span.end);
            let old = text.get(start..end).unwrap_or("");
            let quoted = text[..start].ends_with('"') && text[end..].starts_with('"');
            let numbered = !quoted && !old.is_empty() && old.bytes().all(|b| b.is_ascii_digit());
            let replacement = if quoted {
                let json = serde_json::to_string(&edit.replacement).map_err(|e| e.to_string())?;
                json[1..json.len() - 1].to_string()
            } else if numbered && !file.tag_names().is_empty() {
                let names = file.tag_names();
                let number = names.iter().position(|n| *n == edit.replacement);
                let number = number.ok_or_else(|| {
                    format!("`{}` is not among the label names", edit.replacement)
                })?;
                number.to_string()
            } else {
                return Ok(edit.clone());
            };
            Ok(Edit {
                replacement,
                ..edit.clone()
            })
        })
        .collect::<Result<_, String>>()?;
    apply(text, &written)
}

/// A unified diff (`--- path`, `+++ path`, hunks with 3 lines of context) that `patch -p0`
/// applies; empty when the texts are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    // Newline-terminated mode marks a last line without newline the way `diff` does
    // (`\ No newline at end of file`), so the patch restores the file exactly.
    similar::TextDiff::configure()
        .newline_terminated(true)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .to_string()
}

/// Replaces the file at `path` with `bytes` atomically: a temporary file in the same
/// directory, with the old file's permissions, renamed over it. A symlink is followed, so the
/// file it points to is replaced and the link stays. A new file gets the usual permissions; a
/// device or pipe is written to as it is.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = match std::fs::canonicalize(path) {
        Ok(target) => target,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".biolint-").suffix(".tmp");
    let permissions = match std::fs::metadata(&target) {
        // A device or a pipe (`-o /dev/null`) is written to, never replaced.
        Ok(metadata) if !metadata.is_file() && !metadata.is_dir() => {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(&target)?
                .write_all(bytes);
        }
        Ok(metadata) => Some(metadata.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                // Like any new file: 0666 less the umask.
                builder.permissions(std::fs::Permissions::from_mode(0o666));
            }
            None
        }
        Err(e) => return Err(e),
    };
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            file: 0,
            span: Span::new(start, end),
            replacement: replacement.into(),
        }
    }

    #[test]
    fn applies_sorted_edits_and_keeps_every_other_byte() {
        let text = "\u{feff}a\tB-X\r\nb\tI-X\r\n";
        let edits = [edit(5, 8, "S-X"), edit(12, 15, "O")];
        assert_eq!(apply(text, &edits).unwrap(), "\u{feff}a\tS-X\r\nb\tO\r\n");
    }

    #[test]
    fn refuses_overlapping_or_broken_edits() {
        let text = "a\tB-X\n";
        assert!(apply(text, &[edit(2, 5, "S-X"), edit(4, 5, "Y")]).is_err());
        assert!(apply(text, &[edit(2, 2, "x"), edit(2, 2, "y")]).is_err());
        assert!(apply("é", &[edit(1, 2, "e")]).is_err());
        assert!(apply(text, &[edit(5, 9, "e")]).is_err());
    }

    #[test]
    fn writes_atomically_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("train.tsv");
        std::fs::write(&path, "a\tB-X\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::Permissions::from_mode(0o640);
            std::fs::set_permissions(&path, mode).unwrap();
        }
        write_atomic(&path, b"a\tS-X\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a\tS-X\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn follows_symlinks_and_keeps_them() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.tsv");
        let link = dir.path().join("link.tsv");
        std::fs::write(&real, "a\tB-X\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"a\tU-X\n").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"a\tU-X\n");
    }

    #[cfg(unix)]
    #[test]
    fn writes_into_devices_without_replacing_them() {
        write_atomic(Path::new("/dev/null"), b"a\tO\n").unwrap();
        let metadata = std::fs::metadata("/dev/null").unwrap();
        assert!(!metadata.is_file(), "/dev/null is still a device");
    }

    #[test]
    fn diffs_show_only_changed_lines() {
        let diff = unified_diff("t.tsv", "a\tO\nb\tI-X\n", "a\tO\nb\tB-X\n");
        assert!(diff.starts_with("--- t.tsv\n+++ t.tsv\n@@"), "{diff}");
        assert!(diff.contains("-b\tI-X\n+b\tB-X\n"), "{diff}");
        assert_eq!(unified_diff("t.tsv", "x", "x"), "");
        let diff = unified_diff("t.tsv", "b\tI-X", "b\tB-X");
        assert!(
            diff.ends_with("+b\tB-X\n\\ No newline at end of file\n"),
            "{diff}"
        );
    }
}
