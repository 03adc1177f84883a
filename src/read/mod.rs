//! Readers: from file text to sentences of (token, tag) pairs that borrow from the text.
//!
//! Each format has its own module; this one holds what they share: the sentence model,
//! layout detection (`sniff`) and the split of big files into chunks that parse in parallel.

mod blocks;
mod columns;
mod conllu;
mod detect;
mod jsonl;

pub use detect::{extension, sniff};
pub use jsonl::JsonFields;

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

impl AsRef<str> for Token<'_> {
    fn as_ref(&self) -> &str {
        &self.text
    }
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
    /// A record the reader could not take in full; reported by `malformed-line`.
    Defect(Defect),
}

/// What is wrong with a record (a JSON line that does not parse, arrays of different lengths).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defect {
    /// As near as possible to the cause: the offending array element, or the whole line.
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `<s>` / `</s>` blocks of `token<TAB>tag` lines (WikiSER).
    Blocks,
    /// One token per line in columns, blank lines between sentences (CoNLL, TSV).
    Columns,
    /// Universal Dependencies' 10 columns, the tag in a column or a MISC entry (`NER=B-per`).
    Conllu,
    /// One JSON object per line with a token array and a tag array (Hugging Face datasets).
    Jsonl,
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Format::Blocks => "<s> blocks",
            Format::Columns => "columns",
            Format::Conllu => "CoNLL-U",
            Format::Jsonl => "JSON Lines",
        }
    }
}

/// How the user asked for files to be read; every field unset means "detect per file".
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--input-format`.
    pub format: Option<Format>,
    /// 1-based column that holds the tag (`--tag-column`).
    pub tag_column: Option<usize>,
    /// CoNLL-U: the MISC key (or `# global.columns` name) that holds the tag (`--tag-field`).
    pub tag_field: Option<String>,
    /// JSON Lines: the names of the token and tag arrays (`--tokens-field`, `--tags-field`).
    pub tokens_field: Option<String>,
    pub tags_field: Option<String>,
    /// JSON Lines: the names of integer tags, by number (`--label-names`).
    pub label_names: Option<Vec<String>>,
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub format: Format,
    pub separator: Separator,
    /// The usual number of fields on a token line (2 for JSON Lines: tokens and tags).
    pub columns: usize,
    /// 0-based.
    pub token_column: usize,
    pub tag_column: TagColumn,
    /// The tag is the value of `KEY=` among the `|`-separated entries of the tag column
    /// (CoNLL-U's MISC column).
    pub tag_key: Option<String>,
    /// JSON Lines: which arrays hold the tokens and tags.
    pub json: Option<JsonFields>,
}

impl Layout {
    /// Token lines in columns, the tag in the last one unless said otherwise.
    fn columns(format: Format, separator: Separator, columns: usize) -> Layout {
        Layout {
            format,
            separator,
            columns,
            token_column: 0,
            tag_column: TagColumn::Last,
            tag_key: None,
            json: None,
        }
    }

    pub fn describe(&self) -> String {
        let separator = match self.separator {
            Separator::Tab => "TAB",
            Separator::Spaces => "space",
        };
        match self.format {
            Format::Blocks => self.format.describe().to_string(),
            Format::Columns => format!("{} {separator}-separated columns", self.columns),
            Format::Conllu => match (&self.tag_key, self.tag_column) {
                (Some(key), _) => format!("CoNLL-U, tags from MISC `{key}=`"),
                (None, TagColumn::Index(i)) => format!("CoNLL-U, tags in column {}", i + 1),
                (None, TagColumn::Last) => format!("CoNLL-U, tags in column {}", self.columns),
            },
            Format::Jsonl => match &self.json {
                Some(fields) => format!("JSON Lines, {}", fields.describe()),
                None => self.format.describe().to_string(),
            },
        }
    }
}

/// Loosely tag-shaped, malformed spellings included, so that a column of them is still found.
fn looks_like_tag(field: &str) -> bool {
    let b = field.as_bytes();
    field == "O" || (b.len() >= 2 && b[0].is_ascii_alphabetic() && matches!(b[1], b'-' | b'_'))
}

pub(crate) fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// A document boundary: CoNLL-2003's `-DOCSTART-`, or the `# newdoc` comment of CoNLL-U and UNER.
pub(crate) fn is_doc_start(line: &str) -> bool {
    line.starts_with("-DOCSTART-") || line.starts_with("#DOCSTART") || line.starts_with("# newdoc")
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
            Format::Columns | Format::Conllu
                if line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) =>
            {
                return (line_end + 1).min(bytes.len());
            }
            Format::Blocks if line == b"<s>" || line == b"<s>\r" => return line_start,
            Format::Jsonl => return line_start,
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
    match (layout.format, &layout.json) {
        (Format::Blocks, _) => blocks::read(&mut lines, visit),
        (Format::Columns, _) => columns::read(&mut lines, layout, visit),
        (Format::Conllu, _) => conllu::read(&mut lines, layout, visit),
        (Format::Jsonl, Some(fields)) => jsonl::read(&mut lines, fields, file.tag_names(), visit),
        (Format::Jsonl, None) => unreachable!("a JSON Lines layout names its arrays"),
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
        let mut word_start = start;
        // Eight bytes at a time: a word without TAB or line feed (most of a token) costs a few
        // arithmetic operations instead of eight compares and branches.
        'scan: while word_start < self.end {
            let word_end = (word_start + 8).min(self.end);
            let mut found = separators(&bytes[word_start..word_end]);
            while found != 0 {
                let at = word_start + (found.trailing_zeros() / 8) as usize;
                if bytes[at] == b'\n' {
                    i = at;
                    break 'scan;
                }
                fields.push(&self.text[field_start..at]);
                field_start = at + 1;
                found &= found - 1;
            }
            word_start = word_end;
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

/// The high bit of every byte of `chunk` (at most 8 bytes) that is a TAB or a line feed.
fn separators(chunk: &[u8]) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let word = match <[u8; 8]>::try_from(chunk) {
        Ok(full) => u64::from_le_bytes(full),
        Err(_) => {
            let mut padded = [0xffu8; 8];
            padded[..chunk.len()].copy_from_slice(chunk);
            u64::from_le_bytes(padded)
        }
    };
    // A byte of `x` is zero exactly where the high bit of `zero_bytes(x)` is set.
    let zero_bytes = |x: u64| !(((x & LOW) + LOW) | x | LOW);
    zero_bytes(word ^ 0x0909_0909_0909_0909) | zero_bytes(word ^ 0x0a0a_0a0a_0a0a_0a0a)
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
