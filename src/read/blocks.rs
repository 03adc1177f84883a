//! The WikiSER block format: every sentence between a `<s>` line and a `</s>` line, one
//! `token<TAB>tag` line per token. Tokens may contain spaces, so TAB is the only separator.

use super::{Event, Lines, Sentence, Separator, Token, is_blank};
use std::borrow::Cow;

pub(super) fn read<'a>(lines: &mut Lines<'a>, visit: &mut dyn FnMut(Event<'_, 'a>)) {
    let mut sentence = Sentence::default();
    let emit = |sentence: &mut Sentence<'a>, visit: &mut dyn FnMut(Event<'_, 'a>)| {
        visit(Event::Sentence(sentence));
        sentence.reset();
    };
    let mut fields = Vec::new();
    while let Some(line) = lines.next_fields(Separator::Tab, &mut fields) {
        match line {
            "<s>" => {
                // A `<s>` while a block is open, or after stray token lines, ends what came before.
                if sentence.open.is_some() || !sentence.tokens.is_empty() {
                    emit(&mut sentence, visit);
                }
                sentence.open = Some(lines.span(line));
            }
            "</s>" => {
                sentence.close = Some(lines.span(line));
                emit(&mut sentence, visit);
            }
            _ if is_blank(line) => {}
            _ => sentence.tokens.push(token(lines, line, &fields)),
        }
    }
    if sentence.open.is_some() || !sentence.tokens.is_empty() {
        emit(&mut sentence, visit);
    }
}

/// Token and tag are the first and last fields; a line without TAB has an empty tag.
fn token<'a>(lines: &Lines<'a>, line: &'a str, fields: &[&'a str]) -> Token<'a> {
    let (text, tag) = match fields {
        [text, .., tag] => (*text, *tag),
        _ => (line, &line[line.len()..]),
    };
    Token {
        text: Cow::Borrowed(text),
        tag,
        line: lines.span(line),
        text_span: lines.span(text),
        tag_span: lines.span(tag),
        fields: fields.len(),
    }
}
