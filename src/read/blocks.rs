//! The WikiSER block format: every sentence between a `<s>` line and a `</s>` line, one
//! `token<TAB>tag` line per token. Tokens may contain spaces, so TAB is the only separator.

use super::{Event, Lines, Sentence, Token, is_blank};
use std::borrow::Cow;

pub(super) fn read<'a>(lines: &mut Lines<'a>, visit: &mut dyn FnMut(Event<'_, 'a>)) {
    let mut sentence = Sentence::default();
    let emit = |sentence: &mut Sentence<'a>, visit: &mut dyn FnMut(Event<'_, 'a>)| {
        visit(Event::Sentence(sentence));
        sentence.reset();
    };
    while let Some(line) = lines.next() {
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
            _ => sentence.tokens.push(token(lines, line)),
        }
    }
    if sentence.open.is_some() || !sentence.tokens.is_empty() {
        emit(&mut sentence, visit);
    }
}

fn token<'a>(lines: &Lines<'a>, line: &'a str) -> Token<'a> {
    let fields = memchr::memchr_iter(b'\t', line.as_bytes()).count() + 1;
    let (text, tag) = match (line.find('\t'), line.rfind('\t')) {
        (Some(first), Some(last)) => (&line[..first], &line[last + 1..]),
        _ => (line, &line[line.len()..]),
    };
    Token {
        text: Cow::Borrowed(text),
        tag,
        line: lines.span(line),
        text_span: lines.span(text),
        tag_span: lines.span(tag),
        fields,
    }
}
