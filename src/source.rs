//! Loaded input files and byte-offset -> line/column arithmetic.
//!
//! Tokens and tags are borrowed from `SourceFile::text`; positions are byte offsets into it and
//! only turned into lines and columns when a diagnostic is printed.

use std::sync::OnceLock;

/// Index of a file in the run's file table.
pub type FileId = usize;

/// A half-open byte range in a file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The span of `part`, which must be a sub-slice of `whole`.
    pub fn of(whole: &str, part: &str) -> Span {
        let start = part.as_ptr() as usize - whole.as_ptr() as usize;
        Span::new(start, start + part.len())
    }
}

/// One input file held in memory for the whole run.
pub struct SourceFile {
    /// The path as the user gave it (or found by walking), used in every message.
    pub path: String,
    pub text: String,
    lines: OnceLock<LineIndex>,
    /// Names of numeric tags (JSON Lines), set when the layout is decided; tags borrow them.
    tag_names: OnceLock<Vec<String>>,
}

/// A 1-based line and column (in characters), as editors count them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: String, text: String) -> SourceFile {
        SourceFile {
            path,
            text,
            lines: OnceLock::new(),
            tag_names: OnceLock::new(),
        }
    }

    /// The names numeric tags stand for, by number; empty unless `name_tags` was called.
    pub fn tag_names(&self) -> &[String] {
        self.tag_names.get().map_or(&[], Vec::as_slice)
    }

    /// Sets the names of numeric tags, once, before the file is read.
    pub fn name_tags(&self, names: Vec<String>) {
        // A second call would come from a second sniff of the same file, with the same names.
        let _ = self.tag_names.set(names);
    }

    /// Where the text starts after an optional UTF-8 byte order mark.
    pub fn body_start(&self) -> usize {
        if self.text.starts_with('\u{feff}') {
            3
        } else {
            0
        }
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        self.lines
            .get_or_init(|| LineIndex::new(self.text.as_bytes()))
            .line_of(self.text.as_bytes(), offset)
    }

    /// The byte range of the line holding `offset`, without its line terminator.
    pub fn line_span(&self, offset: usize) -> Span {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
        let mut end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |i| offset + i);
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// Line and character column of a byte offset (a BOM does not count as a column).
    pub fn position(&self, offset: usize) -> Position {
        let line = self.line_span(offset);
        let from = line.start.max(self.body_start().min(offset));
        let upto = offset.min(line.end).max(from);
        Position {
            line: self.line_index(offset) + 1,
            column: self.text[from..upto].chars().count() + 1,
        }
    }
}

/// Sparse line index: the number of line breaks before every 4 KiB block, so that a line
/// number costs at most one 4 KiB scan while the index stays tiny for huge files.
struct LineIndex {
    breaks_before_block: Vec<usize>,
}

const BLOCK: usize = 1 << 12;

impl LineIndex {
    fn new(bytes: &[u8]) -> LineIndex {
        let mut breaks_before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut seen = 0;
        for block in bytes.chunks(BLOCK) {
            breaks_before_block.push(seen);
            seen += memchr::memchr_iter(b'\n', block).count();
        }
        breaks_before_block.push(seen);
        LineIndex {
            breaks_before_block,
        }
    }

    fn line_of(&self, bytes: &[u8], offset: usize) -> usize {
        let offset = offset.min(bytes.len());
        let block = offset / BLOCK;
        self.breaks_before_block[block]
            + memchr::memchr_iter(b'\n', &bytes[block * BLOCK..offset]).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_skip_the_bom() {
        let file = SourceFile::new("t".into(), "\u{feff}ab\r\nçd\tB-X\n".into());
        assert_eq!(file.position(3), Position { line: 1, column: 1 });
        assert_eq!(file.position(4), Position { line: 1, column: 2 });
        let tag = file.text.find("B-X").unwrap();
        assert_eq!(file.position(tag), Position { line: 2, column: 4 });
        assert_eq!(file.line_span(tag), Span::new(7, 14));
        assert_eq!(
            &file.text[file.line_span(0).start..file.line_span(0).end],
            "\u{feff}ab"
        );
    }

    #[test]
    fn line_index_crosses_blocks() {
        let text = "x\n".repeat(16 * BLOCK);
        let file = SourceFile::new("t".into(), text);
        assert_eq!(file.line_index(0), 0);
        assert_eq!(file.line_index(2 * 40_000 + 1), 40_000);
        assert_eq!(file.line_index(2 * BLOCK), BLOCK);
    }
}
