//! Column files: CoNLL-2003 (space-separated, `-DOCSTART-`), TSV, WNUT, NCBI, UNER `.iob2`.
//! One token per line, blank or whitespace-only lines between sentences, `#` comment lines.

use super::{Event, Layout, Lines, Sentence, Separator, TagColumn, Token, is_blank, is_doc_start};
use std::borrow::Cow;

pub(super) fn read<'a>(
    lines: &mut Lines<'a>,
    layout: &Layout,
    visit: &mut dyn FnMut(Event<'_, 'a>),
) {
    let mut sentence = Sentence::default();
    let flush = |sentence: &mut Sentence<'a>, visit: &mut dyn FnMut(Event<'_, 'a>)| {
        if !sentence.tokens.is_empty() {
            visit(Event::Sentence(sentence));
            sentence.reset();
        }
    };
    while let Some(line) = lines.next() {
        if is_blank(line) {
            flush(&mut sentence, visit);
        } else if is_doc_start(line) {
            flush(&mut sentence, visit);
            visit(Event::Document(lines.span(line)));
        } else if let Some(token) = token(lines, line, layout) {
            sentence.tokens.push(token);
        }
    }
    flush(&mut sentence, visit);
}

/// Splits a token line, or returns `None` for a comment line.
fn token<'a>(lines: &Lines<'a>, line: &'a str, layout: &Layout) -> Option<Token<'a>> {
    let (fields, text, tag) = match layout.separator {
        Separator::Tab => {
            if line.starts_with('#') && !line.contains('\t') {
                return None;
            }
            split(line.split('\t'), line, layout)
        }
        Separator::Spaces => {
            let split = split(line.split_ascii_whitespace(), line, layout);
            // `# O` is a hash-sign token; `# sent_id = 7` is a comment.
            if line.starts_with('#')
                && (split.0 != layout.columns || !super::looks_like_tag(split.2))
            {
                return None;
            }
            split
        }
    };
    Some(Token {
        text: Cow::Borrowed(text),
        tag,
        line: lines.span(line),
        text_span: lines.span(text),
        tag_span: lines.span(tag),
        fields,
    })
}

fn tag_index(layout: &Layout, fields: usize) -> usize {
    match layout.tag_column {
        TagColumn::Last => fields.saturating_sub(1).max(layout.token_column + 1),
        TagColumn::Index(i) => i,
    }
}

/// Field count, token and tag of a line. A missing field is an empty slice at the line end.
fn split<'a>(
    mut fields: impl Iterator<Item = &'a str> + Clone,
    line: &'a str,
    layout: &Layout,
) -> (usize, &'a str, &'a str) {
    let count = fields.clone().count();
    let missing = &line[line.len()..];
    let text = fields.clone().nth(layout.token_column).unwrap_or(missing);
    let tag = match count > tag_index(layout, count) {
        true => fields.nth(tag_index(layout, count)).unwrap_or(missing),
        false => missing,
    };
    (count, text, tag)
}
