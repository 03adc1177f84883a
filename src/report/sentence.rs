//! The sentence around a place in a file, found again from the file text so that the engine
//! does not have to keep every sentence of a run.

use crate::read::{self, Event, Format, Layout, Token};
use crate::scheme::{self, Entity};
use crate::source::{SourceFile, Span};
use crate::tag::{Spelling, Tag};

/// Token lines shown on each side of a place at most; longer sentences are cut.
pub const CONTEXT_LINES: usize = 40;

/// The lines of a file around a place: its sentence, cut to `CONTEXT_LINES` on each side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    pub span: Span,
    pub cut_before: bool,
    pub cut_after: bool,
}

/// What a line is to the sentences around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    /// `<s>`: the first line of a sentence.
    Opens,
    /// `</s>`: the last line of a sentence.
    Closes,
    /// A blank or `-DOCSTART-` line between sentences.
    Between,
    /// A token (or comment) line.
    Inside,
    /// A whole sentence on one line (JSON Lines).
    Whole,
}

fn edge(format: Format, line: &str) -> Edge {
    match format {
        Format::Blocks => match line {
            "<s>" => Edge::Opens,
            "</s>" => Edge::Closes,
            _ => Edge::Inside,
        },
        Format::Columns | Format::Conllu => {
            match read::is_blank(line) || read::is_doc_start(line) {
                true => Edge::Between,
                false => Edge::Inside,
            }
        }
        Format::Jsonl => match read::is_blank(line) {
            true => Edge::Between,
            false => Edge::Whole,
        },
    }
}

/// Finds the sentence holding byte `offset`, or `None` when the offset is between sentences.
pub fn window(file: &SourceFile, format: Format, offset: usize) -> Option<Window> {
    let here = file.line_span(offset);
    let (first, cut_before, last, cut_after) = match edge(format, &file.text[here.start..here.end])
    {
        Edge::Between => return None,
        Edge::Whole => (here, false, here, false),
        Edge::Opens => {
            let (last, cut) = walk(file, format, here, Direction::Forward);
            (here, false, last, cut)
        }
        Edge::Closes => {
            let (first, cut) = walk(file, format, here, Direction::Backward);
            (first, cut, here, false)
        }
        Edge::Inside => {
            let (first, cut_before) = walk(file, format, here, Direction::Backward);
            let (last, cut_after) = walk(file, format, here, Direction::Forward);
            (first, cut_before, last, cut_after)
        }
    };
    Some(Window {
        span: Span::new(first.start.max(file.body_start()), last.end),
        cut_before,
        cut_after,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Backward,
    Forward,
}

/// Walks from line `here` to the last line of its sentence in one direction, at most
/// `CONTEXT_LINES` lines; says whether the sentence goes on past that.
fn walk(file: &SourceFile, format: Format, here: Span, direction: Direction) -> (Span, bool) {
    // The edge that belongs to the sentence ahead or behind, and the one that ends this one.
    let (foreign, own) = match direction {
        Direction::Backward => (Edge::Closes, Edge::Opens),
        Direction::Forward => (Edge::Opens, Edge::Closes),
    };
    let mut furthest = here;
    for shown in 0..=CONTEXT_LINES {
        let step = match direction {
            Direction::Backward => previous_line(file, furthest.start),
            Direction::Forward => next_line(file, furthest.end),
        };
        let Some(line) = step else { break };
        let edge = edge(format, &file.text[line.start..line.end]);
        if matches!(edge, Edge::Between | Edge::Whole) || edge == foreign {
            break;
        }
        if shown == CONTEXT_LINES {
            return (furthest, true);
        }
        furthest = line;
        if edge == own {
            break;
        }
    }
    (furthest, false)
}

/// The line before the one starting at `start`.
fn previous_line(file: &SourceFile, start: usize) -> Option<Span> {
    (start > file.body_start()).then(|| file.line_span(start - 1))
}

/// The line after the one ending at `end` (before its terminator).
fn next_line(file: &SourceFile, end: usize) -> Option<Span> {
    let newline = memchr::memchr(b'\n', &file.text.as_bytes()[end..])?;
    let start = end + newline + 1;
    (start < file.text.len()).then(|| file.line_span(start))
}

/// A sentence read back from a window, with its tags parsed and its entities decoded.
pub struct Sentence<'a> {
    pub tokens: Vec<Token<'a>>,
    pub tags: Vec<Tag<'a>>,
    pub entities: Vec<Entity<'a>>,
}

impl<'a> Sentence<'a> {
    /// Reads the sentence of `window` that holds `offset` with the file's own reader and tag
    /// spelling.
    pub fn read(
        file: &'a SourceFile,
        layout: &Layout,
        spelling: Spelling,
        window: Window,
        offset: usize,
    ) -> Option<Sentence<'a>> {
        let mut found = None;
        read::read(file, layout, window.span, &mut |event| {
            let Event::Sentence(sentence) = event else {
                return;
            };
            let first = sentence.open.or(sentence.tokens.first().map(|t| t.line));
            let last = sentence.close.or(sentence.tokens.last().map(|t| t.line));
            let holds = first
                .zip(last)
                .is_some_and(|(first, last)| first.start <= offset && offset <= last.end);
            if found.is_none() && holds && !sentence.tokens.is_empty() {
                found = Some(sentence.tokens.clone());
            }
        });
        let tokens = found?;
        let mut tags = Vec::new();
        tags.extend(tokens.iter().map(|t| spelling.parse(t.tag)));
        let mut entities = Vec::new();
        scheme::decode(&tags, &mut entities);
        Some(Sentence {
            tokens,
            tags,
            entities,
        })
    }

    /// Indices of the tokens whose text or tag `span` touches (an empty span touches what
    /// it borders).
    pub fn touched_by(&self, span: Span) -> Vec<usize> {
        self.tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| touches(span, t.text_span) || touches(span, t.tag_span))
            .map(|(i, _)| i)
            .collect()
    }
}

fn touches(a: Span, b: Span) -> bool {
    if a.start == a.end || b.start == b.end {
        a.start <= b.end && b.start <= a.end
    } else {
        a.start < b.end && b.start < a.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_at(file: &SourceFile, needle: &str) -> Option<(Window, Vec<String>)> {
        let layout = read::sniff(file, &read::Options::default()).unwrap();
        let offset = file.text.find(needle).unwrap();
        let window = window(file, layout.format, offset)?;
        let sentence = Sentence::read(file, &layout, Spelling::default(), window, offset)?;
        let tokens = sentence.tokens.iter().map(|t| t.text.to_string()).collect();
        Some((window, tokens))
    }

    #[test]
    fn finds_the_sentence_between_blank_lines() {
        let file = SourceFile::new(
            "t".into(),
            "-DOCSTART- O\n\nA\tO\nB\tB-X\n\nC\tO\nD\tI-X\nE\tO\n\n".into(),
        );
        let (window, tokens) = sentence_at(&file, "D\t").unwrap();
        assert_eq!(tokens, ["C", "D", "E"]);
        assert!(!window.cut_before && !window.cut_after);
        assert_eq!(sentence_at(&file, "B\t").unwrap().1, ["A", "B"]);
        let blank = file.text.find("\n\nC").unwrap() + 1;
        assert_eq!(
            super::window(&file, Format::Columns, blank),
            None,
            "a blank line holds no sentence"
        );
    }

    #[test]
    fn finds_the_block_around_a_tag_and_around_its_framing_lines() {
        let text = "<s>\nA\tO\n</s>\n<s>\nB\tB-X\nC\tI-X\n</s>\n";
        let file = SourceFile::new("t".into(), text.into());
        assert_eq!(sentence_at(&file, "C\t").unwrap().1, ["B", "C"]);
        assert_eq!(sentence_at(&file, "<s>\nB").unwrap().1, ["B", "C"]);
        assert_eq!(sentence_at(&file, "</s>\n<s>").unwrap().1, ["A"]);
    }

    #[test]
    fn a_json_line_is_a_sentence_and_its_tokens_are_told_apart() {
        let text = "{\"words\": [\"A\", \"B\"], \"ner\": [\"B-X\", \"I-X\"]}\n\
                    {\"words\": [\"C\"], \"ner\": [\"O\"]}\n";
        let file = SourceFile::new("t.jsonl".into(), text.into());
        let layout = read::sniff(&file, &read::Options::default()).unwrap();
        assert_eq!(layout.format, Format::Jsonl);
        let offset = file.text.find("I-X").unwrap();
        let window = window(&file, layout.format, offset).unwrap();
        assert_eq!(window.span, file.line_span(0));
        let sentence = Sentence::read(&file, &layout, Spelling::default(), window, offset).unwrap();
        assert_eq!(sentence.tokens.len(), 2);
        assert_eq!(sentence.touched_by(Span::new(offset, offset + 3)), [1]);
    }

    #[test]
    fn cuts_long_sentences_around_the_place() {
        let text: String = (0..200).map(|i| format!("t{i}\tO\n")).collect();
        let file = SourceFile::new("t".into(), text);
        let (window, tokens) = sentence_at(&file, "t100\t").unwrap();
        assert!(window.cut_before && window.cut_after);
        assert_eq!(tokens.len(), 2 * CONTEXT_LINES + 1);
        assert_eq!(tokens[CONTEXT_LINES], "t100");
        let (window, tokens) = sentence_at(&file, "t0\t").unwrap();
        assert!(!window.cut_before && window.cut_after);
        assert_eq!(tokens[0], "t0");
    }

    #[test]
    fn skips_the_byte_order_mark_and_finds_touched_tokens() {
        let file = SourceFile::new("t".into(), "\u{feff}A\tB-X\r\nB\tI-X\r\n".into());
        let layout = read::sniff(&file, &read::Options::default()).unwrap();
        let offset = file.text.find("I-X").unwrap();
        let window = window(&file, layout.format, offset).unwrap();
        let sentence = Sentence::read(&file, &layout, Spelling::default(), window, offset).unwrap();
        assert_eq!(sentence.tokens[0].text, "A");
        assert_eq!(sentence.entities.len(), 1);
        assert_eq!(sentence.touched_by(Span::new(offset, offset + 3)), [1]);
        let both = Span::new(file.text.find("X").unwrap(), offset);
        assert_eq!(sentence.touched_by(both), [0, 1]);
        let line_end = sentence.tokens[0].line.end;
        assert_eq!(sentence.touched_by(Span::new(line_end, line_end)), [0]);
    }
}
