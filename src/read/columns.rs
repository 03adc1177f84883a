//! Column files: CoNLL-2003 (space-separated, `-DOCSTART-`), TSV, WNUT, NCBI, UNER `.iob2`.
//! One token per line, blank or whitespace-only lines between sentences, `#` comment lines.

use super::{Event, Layout, Lines, Sentence, Separator, TagColumn, Token, is_blank, is_doc_start};
use std::borrow::Cow;

pub(super) fn read<'a>(
    lines: &mut Lines<'a>,
    layout: &Layout,
    visit: &mut dyn FnMut(Event<'_, 'a>),
) {
    let token = |lines: &Lines<'a>, line, fields: &[&'a str]| token(lines, line, layout, fields);
    sentences(lines, layout.separator, visit, token);
}

/// Groups token lines into sentences at blank lines and `-DOCSTART-` lines; `token` turns a
/// split line into a token, or `None` for lines that hold none (comments).
pub(super) fn sentences<'a>(
    lines: &mut Lines<'a>,
    separator: Separator,
    visit: &mut dyn FnMut(Event<'_, 'a>),
    token: impl Fn(&Lines<'a>, &'a str, &[&'a str]) -> Option<Token<'a>>,
) {
    let mut sentence = Sentence::default();
    // Reused for every line, so that splitting allocates nothing on the hot path.
    let mut fields = Vec::new();
    let flush = |sentence: &mut Sentence<'a>, visit: &mut dyn FnMut(Event<'_, 'a>)| {
        if !sentence.tokens.is_empty() {
            visit(Event::Sentence(sentence));
            sentence.reset();
        }
    };
    while let Some(line) = lines.next_fields(separator, &mut fields) {
        if is_blank(line) {
            flush(&mut sentence, visit);
        } else if is_doc_start(line) {
            flush(&mut sentence, visit);
            visit(Event::Document(lines.span(line)));
        } else if let Some(token) = token(lines, line, &fields) {
            sentence.tokens.push(token);
        }
    }
    flush(&mut sentence, visit);
}

/// The token of a split line, or `None` for a comment line.
pub(super) fn token<'a>(
    lines: &Lines<'a>,
    line: &'a str,
    layout: &Layout,
    fields: &[&'a str],
) -> Option<Token<'a>> {
    let missing = &line[line.len()..];
    let text = fields.get(layout.token_column).copied().unwrap_or(missing);
    let tag = fields
        .get(tag_index(layout, fields.len()))
        .copied()
        .unwrap_or(missing);
    if line.starts_with('#') {
        let comment = match layout.separator {
            Separator::Tab => fields.len() == 1,
            // `# O` is a hash-sign token; `# sent_id = 7` is a comment.
            Separator::Spaces => fields.len() != layout.columns || !super::looks_like_tag(tag),
        };
        if comment {
            return None;
        }
    }
    Some(Token {
        text: Cow::Borrowed(text),
        tag,
        line: lines.span(line),
        text_span: lines.span(text),
        tag_span: lines.span(tag),
        fields: fields.len(),
    })
}

fn tag_index(layout: &Layout, fields: usize) -> usize {
    match layout.tag_column {
        TagColumn::Last => fields.saturating_sub(1).max(layout.token_column + 1),
        TagColumn::Index(i) => i,
    }
}

/// The fields of a line. A byte loop rather than `str::split`: token lines are a few bytes
/// long, too short for a searcher to pay off, and splitting is the reader's hot path.
pub(super) fn split<'a>(line: &'a str, separator: Separator, fields: &mut Vec<&'a str>) {
    fields.clear();
    match separator {
        Separator::Tab => {
            let mut start = 0;
            for (i, b) in line.bytes().enumerate() {
                if b == b'\t' {
                    fields.push(&line[start..i]);
                    start = i + 1;
                }
            }
            fields.push(&line[start..]);
        }
        Separator::Spaces => fields.extend(line.split_ascii_whitespace()),
    }
}
