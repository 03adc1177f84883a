//! Readers: from file text to sentences of (token, tag) pairs that borrow from the text.
//!
//! Each format has its own module; this one holds what they share: the sentence model,
//! layout detection (`sniff`) and the split of big files into chunks that parse in parallel.

mod blocks;
mod columns;

use crate::source::{SourceFile, Span};
use crate::tag::{Spelling, Tag};
use serde::Serialize;
use std::borrow::Cow;

/// One token line (or record) of a sentence.
#[derive(Clone, Debug)]
pub struct Token<'a> {
    /// Owned only where the format escapes characters (JSON strings).
    pub text: Cow<'a, str>,
    /// Tags are always borrowed: from the file text or from label names the file owns.
    pub tag: &'a str,
    /// The whole line, without its terminator.
    pub line: Span,
    pub text_span: Span,
    /// Where the tag is, or an empty span at the end of the line when it is missing.
    pub tag_span: Span,
    /// Number of fields on the line (formats with columns), for `malformed-line`.
    pub fields: usize,
}

/// A sentence as the reader found it, with the framing lines of formats that have them.
#[derive(Debug, Default)]
pub struct Sentence<'a> {
    pub tokens: Vec<Token<'a>>,
    /// `<s>` line that opened the block, in the block format.
    pub open: Option<Span>,
    /// `</s>` line that closed the block, in the block format.
    pub close: Option<Span>,
}

impl Sentence<'_> {
    fn reset(&mut self) {
        self.tokens.clear();
        self.open = None;
        self.close = None;
    }
}

/// What a reader reports while walking a chunk.
pub enum Event<'s, 'a> {
    Sentence(&'s Sentence<'a>),
    /// A document boundary (`-DOCSTART-` line).
    Document(Span),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `<s>` / `</s>` blocks of `token<TAB>tag` lines (WikiSER).
    Blocks,
    /// One token per line in columns, blank lines between sentences (CoNLL, TSV).
    Columns,
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Format::Blocks => "<s> blocks",
            Format::Columns => "columns",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    Tab,
    /// Runs of spaces (CoNLL-2003); never chosen for a file that has TABs.
    Spaces,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagColumn {
    Last,
    /// 0-based column index.
    Index(usize),
}

/// How a file is laid out, decided once per file from a sample of its lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub format: Format,
    pub separator: Separator,
    /// The usual number of fields on a token line.
    pub columns: usize,
    /// 0-based.
    pub token_column: usize,
    pub tag_column: TagColumn,
}

impl Layout {
    pub fn describe(&self) -> String {
        let separator = match self.separator {
            Separator::Tab => "TAB",
            Separator::Spaces => "space",
        };
        match self.format {
            Format::Blocks => self.format.describe().to_string(),
            Format::Columns => format!("{} {separator}-separated columns", self.columns),
        }
    }
}

/// Lines sampled to decide the layout.
const SAMPLE_LINES: usize = 2000;

/// Decides the layout of a file. `tag_column` is the user's 1-based choice, if any.
/// Fails with a message when the file cannot hold tagged tokens at all.
pub fn sniff(file: &SourceFile, tag_column: Option<usize>) -> Result<Layout, String> {
    let body = &file.text[file.body_start()..];
    let sample: Vec<&str> = body
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !is_blank(l) && !is_doc_start(l))
        .take(SAMPLE_LINES)
        .collect();
    if sample.iter().any(|l| *l == "<s>" || *l == "</s>") {
        return Ok(Layout {
            format: Format::Blocks,
            separator: Separator::Tab,
            columns: 2,
            token_column: 0,
            tag_column: TagColumn::Last,
        });
    }
    let rows: Vec<&str> = sample.into_iter().filter(|l| !l.starts_with('#')).collect();
    if rows.is_empty() {
        // Nothing but blank, comment and `-DOCSTART-` lines: a readable file with no sentence,
        // which `empty-file` reports.
        return Ok(Layout {
            format: Format::Columns,
            separator: Separator::Tab,
            columns: 2,
            token_column: 0,
            tag_column: TagColumn::Last,
        });
    }
    let separator = if rows.iter().any(|l| l.contains('\t')) {
        Separator::Tab
    } else {
        Separator::Spaces
    };
    fn split(line: &str, separator: Separator) -> Vec<&str> {
        let mut fields = Vec::new();
        columns::split(line, separator, &mut fields);
        fields
    }
    let mut histogram = std::collections::BTreeMap::<usize, usize>::new();
    for row in &rows {
        *histogram.entry(split(row, separator).len()).or_default() += 1;
    }
    let columns = histogram
        .iter()
        .max_by_key(|(n, count)| (**count, std::cmp::Reverse(**n)))
        .map_or(0, |(n, _)| *n);
    if columns < 2 {
        return Err("no tag column: token lines hold a single field".into());
    }
    let usual: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| split(r, separator))
        .filter(|f| f.len() == columns)
        .collect();
    let share = |column: usize, test: fn(&str) -> bool| {
        usual.iter().filter(|f| test(f[column])).count() as f64 / usual.len() as f64
    };
    let token_column = usize::from(columns >= 3 && share(0, is_token_index) > 0.9);
    let tag_column = match tag_column {
        Some(n) if n > columns => {
            return Err(format!(
                "--tag-column {n} is past the last of the file's {columns} columns"
            ));
        }
        Some(n) if n == columns => TagColumn::Last,
        Some(n) => TagColumn::Index(n - 1),
        None => (token_column + 1..columns)
            .rev()
            .find(|c| share(*c, looks_like_tag) >= 0.8)
            .filter(|c| *c != columns - 1)
            .map_or(TagColumn::Last, TagColumn::Index),
    };
    Ok(Layout {
        format: Format::Columns,
        separator,
        columns,
        token_column,
        tag_column,
    })
}

/// A token index column as in CoNLL-U and UNER (`1`, `2-3`, `5.1`).
fn is_token_index(field: &str) -> bool {
    !field.is_empty()
        && field
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
}

/// Loosely tag-shaped, malformed spellings included, so that a column of them is still found.
fn looks_like_tag(field: &str) -> bool {
    let b = field.as_bytes();
    field == "O" || (b.len() >= 2 && b[0].is_ascii_alphabetic() && matches!(b[1], b'-' | b'_'))
}

pub(crate) fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

pub(crate) fn is_doc_start(line: &str) -> bool {
    line.starts_with("-DOCSTART-") || line.starts_with("#DOCSTART")
}

/// Target size of the pieces a file is cut into for parallel parsing.
const CHUNK: usize = 1 << 20;

/// Cuts `[from, text.len())` into chunks that end on sentence boundaries, so that every
/// chunk parses on its own and all passes over a file see the same sentences.
pub fn chunks(text: &str, from: usize, format: Format) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = from;
    while start < text.len() {
        let end = if text.len() - start <= CHUNK {
            text.len()
        } else {
            next_boundary(text.as_bytes(), start + CHUNK, format)
        };
        out.push(Span::new(start, end));
        start = end;
    }
    out
}

fn next_boundary(bytes: &[u8], from: usize, format: Format) -> usize {
    let mut line_start = match memchr::memchr(b'\n', &bytes[from..]) {
        Some(i) => from + i + 1,
        None => return bytes.len(),
    };
    while line_start < bytes.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
        let line = &bytes[line_start..line_end];
        match format {
            Format::Columns if line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) => {
                return (line_end + 1).min(bytes.len());
            }
            Format::Blocks if line == b"<s>" || line == b"<s>\r" => return line_start,
            _ => {}
        }
        line_start = line_end + 1;
    }
    bytes.len()
}

/// Walks the sentences of one chunk of `file`.
pub fn read<'a>(
    file: &'a SourceFile,
    layout: &Layout,
    chunk: Span,
    visit: &mut dyn FnMut(Event<'_, 'a>),
) {
    let mut lines = Lines::new(&file.text, chunk);
    match layout.format {
        Format::Blocks => blocks::read(&mut lines, visit),
        Format::Columns => columns::read(&mut lines, layout, visit),
    }
}

/// Lines of a chunk, without terminators, as sub-slices of the file text.
pub(crate) struct Lines<'a> {
    text: &'a str,
    position: usize,
    end: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, chunk: Span) -> Lines<'a> {
        Lines {
            text,
            position: chunk.start,
            end: chunk.end,
        }
    }

    /// The next line and its fields. For TAB-separated text one pass over the bytes finds both
    /// the separators and the line end: lines are short, so per-line scans dominate reading.
    pub(crate) fn next_fields(
        &mut self,
        separator: Separator,
        fields: &mut Vec<&'a str>,
    ) -> Option<&'a str> {
        if separator == Separator::Spaces {
            let line = self.next()?;
            columns::split(line, separator, fields);
            return Some(line);
        }
        if self.position >= self.end {
            return None;
        }
        fields.clear();
        let bytes = self.text.as_bytes();
        let start = self.position;
        let mut field_start = start;
        let mut i = self.end;
        for (at, b) in bytes[start..self.end].iter().enumerate() {
            if *b == b'\t' {
                fields.push(&self.text[field_start..start + at]);
                field_start = start + at + 1;
            } else if *b == b'\n' {
                i = start + at;
                break;
            }
        }
        self.position = (i + 1).min(self.end);
        let line_end = match i > start && bytes[i - 1] == b'\r' {
            true => i - 1,
            false => i,
        };
        fields.push(&self.text[field_start.min(line_end)..line_end]);
        Some(&self.text[start..line_end])
    }

    /// The span of a sub-slice of the file text.
    pub(crate) fn span(&self, part: &str) -> Span {
        Span::of(self.text, part)
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.position >= self.end {
            return None;
        }
        let rest = &self.text.as_bytes()[self.position..self.end];
        let (line_end, next) = match find_newline(rest) {
            Some(i) => (self.position + i, self.position + i + 1),
            None => (self.end, self.end),
        };
        let line = &self.text[self.position..line_end];
        self.position = next;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// Token lines are mostly a dozen bytes: a plain loop finds their end before a vectorized
/// search would have set up, which then takes over for long lines.
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const SHORT: usize = 32;
    let head = &bytes[..bytes.len().min(SHORT)];
    match head.iter().position(|b| *b == b'\n') {
        Some(i) => Some(i),
        None if bytes.len() > SHORT => memchr::memchr(b'\n', &bytes[SHORT..]).map(|i| i + SHORT),
        None => None,
    }
}

/// Parses every tag of a sentence once, for the rules and the scheme layer.
pub fn parse_tags<'a>(sentence: &Sentence<'a>, spelling: Spelling, out: &mut Vec<Tag<'a>>) {
    out.clear();
    out.extend(sentence.tokens.iter().map(|t| spelling.parse(t.tag)));
}

#[cfg(test)]
mod tests;
