//! What the scan of the lint pass needs of a chunk, recorded in the survey pass so that the
//! chunk is read and parsed once: where every token is, and the entities. About two bytes a
//! token, dropped as soon as the chunk is scanned.

use crate::index::Keys;
use crate::read::Token;
use crate::scheme::Entity;
use crate::source::Span;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// A token as the scan sees it: its text and where it is.
#[derive(Clone, Copy, Debug)]
pub struct Word<'a> {
    pub text: &'a str,
    pub span: Span,
}

impl<'a> Word<'a> {
    pub fn of(token: &'a Token) -> Word<'a> {
        Word {
            text: &token.text,
            span: token.text_span,
        }
    }
}

impl AsRef<str> for Word<'_> {
    fn as_ref(&self) -> &str {
        self.text
    }
}

/// The sentences of one chunk.
pub struct Recording<'a> {
    /// Per token, the bytes from the previous regular token's start (the chunk's for the
    /// first) to its own; `FAR` for a gap taken from `far`.
    gaps: Box<[u8]>,
    /// Per token, its length; `IRREGULAR` for a token taken from `irregular`.
    lengths: Box<[u8]>,
    /// The gaps too long for a byte, in token order.
    far: Vec<u32>,
    /// In token order, the tokens whose place does not fit in a byte, or whose text is not the
    /// file's text at its place (a JSON string with escapes): place and own text.
    irregular: Vec<(Span, Option<Box<str>>)>,
    /// Per sentence, its numbers of tokens and of entities.
    sentences: Box<[(u16, u16)]>,
    /// First and end token (in the sentence) and label (in `labels`) of every entity.
    entities: Box<[(u16, u16, u16)]>,
    labels: Vec<&'a str>,
    start: usize,
}

const FAR: u8 = u8::MAX;
const IRREGULAR: u8 = u8::MAX;

/// Records the sentences of a chunk; gives up (and the chunk is parsed again for the scan)
/// when a count outgrows its bits.
pub struct Recorder<'a> {
    file: &'a str,
    gaps: Vec<u8>,
    lengths: Vec<u8>,
    far: Vec<u32>,
    irregular: Vec<(Span, Option<Box<str>>)>,
    sentences: Vec<(u16, u16)>,
    entities: Vec<(u16, u16, u16)>,
    labels: Vec<&'a str>,
    /// Index of each label in `labels`: a tag column of free text has a label per entity.
    label_ids: FxHashMap<&'a str, u16>,
    start: usize,
    last: usize,
    overflow: bool,
}

/// Bytes a token takes in a file, about (`word\tO\n`), to reserve room for a chunk's tokens.
const BYTES_PER_TOKEN: usize = 8;

impl<'a> Recorder<'a> {
    /// A recorder for the chunk `chunk` of the file text `file`.
    pub fn new(file: &'a str, chunk: Span) -> Recorder<'a> {
        let tokens = (chunk.end - chunk.start) / BYTES_PER_TOKEN;
        Recorder {
            file,
            gaps: Vec::with_capacity(tokens),
            lengths: Vec::with_capacity(tokens),
            far: Vec::new(),
            irregular: Vec::new(),
            sentences: Vec::new(),
            entities: Vec::new(),
            labels: Vec::new(),
            label_ids: FxHashMap::default(),
            start: chunk.start,
            last: chunk.start,
            overflow: false,
        }
    }

    /// Records a sentence.
    pub fn sentence(&mut self, tokens: &[Token<'a>], entities: &[Entity<'a>]) {
        let (Ok(n), Ok(m)) = (u16::try_from(tokens.len()), u16::try_from(entities.len())) else {
            self.overflow = true;
            return;
        };
        if self.overflow {
            return;
        }
        for token in tokens {
            self.place(token);
        }
        for e in entities {
            let Some(label) = self.label(e.label) else {
                self.overflow = true;
                return;
            };
            self.entities.push((e.start as u16, e.end as u16, label));
        }
        self.sentences.push((n, m));
    }

    /// The index of `label` in `labels`, `None` past 16 bits.
    fn label(&mut self, label: &'a str) -> Option<u16> {
        if let Some(&id) = self.label_ids.get(label) {
            return Some(id);
        }
        let id = u16::try_from(self.labels.len()).ok()?;
        self.labels.push(label);
        self.label_ids.insert(label, id);
        Some(id)
    }

    fn place(&mut self, token: &Token) {
        let span = token.text_span;
        let of_file = match &token.text {
            Cow::Borrowed(text) => {
                text.as_ptr() as usize == self.file.as_ptr() as usize + span.start
                    && text.len() == span.end - span.start
            }
            Cow::Owned(_) => false,
        };
        let length = u8::try_from(span.end - span.start)
            .ok()
            .filter(|l| *l != IRREGULAR);
        let gap = span.start.checked_sub(self.last).map(u32::try_from);
        match (gap, length, of_file) {
            (Some(Ok(gap)), Some(length), true) => {
                match u8::try_from(gap).ok().filter(|g| *g != FAR) {
                    Some(gap) => self.gaps.push(gap),
                    None => {
                        self.gaps.push(FAR);
                        self.far.push(gap);
                    }
                }
                self.lengths.push(length);
                self.last = span.start;
            }
            _ => {
                let own = (!of_file).then(|| Box::from(&*token.text));
                self.irregular.push((span, own));
                self.gaps.push(0);
                self.lengths.push(IRREGULAR);
            }
        }
    }

    /// The recording, unless a count outgrew its bits.
    pub fn finish(self) -> Option<Recording<'a>> {
        (!self.overflow).then(|| Recording {
            gaps: self.gaps.into_boxed_slice(),
            lengths: self.lengths.into_boxed_slice(),
            far: self.far,
            irregular: self.irregular,
            sentences: self.sentences.into_boxed_slice(),
            entities: self.entities.into_boxed_slice(),
            labels: self.labels,
            start: self.start,
        })
    }
}

impl<'a> Recording<'a> {
    /// Calls `f` with the words, their keys and the entities of every sentence, in order;
    /// `file` is the text of the file recorded.
    pub fn replay(
        &self,
        file: &'a str,
        keys: &Keys,
        mut f: impl FnMut((&[Word], &[u64]), &[Entity<'a>]),
    ) {
        let (mut words, mut entities, mut hashes) = (Vec::new(), Vec::new(), Vec::new());
        let (mut token, mut entity, mut last) = (0, 0, self.start);
        let (mut far, mut irregular) = (self.far.iter(), self.irregular.iter());
        for &(n, m) in &self.sentences {
            let tokens = token..token + usize::from(n);
            token = tokens.end;
            words.clear();
            for i in tokens {
                let word = match (self.lengths[i], self.gaps[i]) {
                    (IRREGULAR, _) => {
                        let (span, own) = irregular.next().expect("one per irregular token");
                        Word {
                            text: own.as_deref().unwrap_or(&file[span.start..span.end]),
                            span: *span,
                        }
                    }
                    (length, gap) => {
                        last += match gap {
                            FAR => *far.next().expect("one per far gap") as usize,
                            gap => usize::from(gap),
                        };
                        let span = Span::new(last, last + usize::from(length));
                        Word {
                            text: &file[span.start..span.end],
                            span,
                        }
                    }
                };
                words.push(word);
            }
            hashes.clear();
            hashes.extend(words.iter().map(|w| keys.token(w.text)));
            entities.clear();
            let recorded = &self.entities[entity..entity + usize::from(m)];
            entity += usize::from(m);
            entities.extend(recorded.iter().map(|&(start, end, label)| Entity {
                start: usize::from(start),
                end: usize::from(end),
                label: self.labels[usize::from(label)],
            }));
            f((&words, &hashes), &entities);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consistency::settings::ConsistencySettings;
    use crate::read::{self, Event};
    use crate::scheme;
    use crate::source::SourceFile;
    use crate::tag::Spelling;

    /// A sentence as the parser reads it or as its recording replays it: token texts, token
    /// places, token keys, entities.
    type Sentence = (
        Vec<String>,
        Vec<Span>,
        Vec<u64>,
        Vec<(usize, usize, String)>,
    );

    /// Every sentence of a text.
    type Seen = Vec<Sentence>;

    fn parsed_and_replayed(path: &str, text: &str) -> (Seen, Seen) {
        let file = SourceFile::new(path.into(), text.into());
        let layout = read::sniff(&file, &read::Options::default()).unwrap();
        let keys = Keys::new(&ConsistencySettings::default());
        let chunk = Span::new(file.body_start(), text.len());
        let mut recorder = Recorder::new(&file.text, chunk);
        let (mut parsed, mut tags, mut entities) = (Vec::new(), Vec::new(), Vec::new());
        read::read(&file, &layout, chunk, &mut |event| {
            if let Event::Sentence(sentence) = event {
                read::parse_tags(sentence, Spelling::default(), &mut tags);
                scheme::decode(&tags, &mut entities);
                recorder.sentence(&sentence.tokens, &entities);
                let tokens = &sentence.tokens;
                parsed.push(seen(
                    tokens.iter().map(Word::of).collect::<Vec<_>>().as_slice(),
                    &tokens
                        .iter()
                        .map(|t| keys.token(&t.text))
                        .collect::<Vec<_>>(),
                    &entities,
                ));
            }
        });
        let mut replayed = Vec::new();
        let recording = recorder.finish().expect("nothing outgrows its bits here");
        recording.replay(&file.text, &keys, |(words, hashes), entities| {
            replayed.push(seen(words, hashes, entities));
        });
        (parsed, replayed)
    }

    fn seen(words: &[Word], hashes: &[u64], entities: &[Entity]) -> Sentence {
        (
            words.iter().map(|w| w.text.to_string()).collect(),
            words.iter().map(|w| w.span).collect(),
            hashes.to_vec(),
            entities
                .iter()
                .map(|e| (e.start, e.end, e.label.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_replay_gives_what_the_parser_gave() {
        let long = "x".repeat(300);
        let wide = format!("Linux\tB-OS\tcomment {}\nkernel\tI-OS\n", "y".repeat(400));
        let cases = [
            ("plain.tsv", "Red\tB-OS\nHat\tI-OS\nruns\tO\n\nBSD\tB-OS\n".to_string()),
            ("crlf-bom.tsv", "\u{feff}Red\tB-OS\r\nHat\tI-OS\r\n\r\nit\tO\r\n".to_string()),
            // A token longer than a byte can say, and lines longer than a byte can skip.
            ("long.tsv", format!("{long}\tB-X\nand\tO\n\n{wide}")),
            (
                "escaped.jsonl",
                r#"{"tokens": ["say", "\"hi\"", "caf\u00e9", "Red Hat"], "ner_tags": ["O", "B-X", "O", "B-ORG"]}
{"tokens": ["BSD"], "ner_tags": ["B-OS"]}
"#
                .to_string(),
            ),
            (
                "misc.conllu",
                "# text = Red Hat\n1\tRed\tred\tPROPN\t_\t_\t0\troot\t_\tNER=B-ORG\n2\tHat\that\tPROPN\t_\t_\t1\tflat\t_\tNER=I-ORG\n\n1\tok\tok\tINTJ\t_\t_\t0\troot\t_\tNER=O\n".to_string(),
            ),
            (
                "blocks.txt",
                "<s>\nInterMezzo\tB-Application\nruns\tO\n</s>\n<s>\nLinux\tB-OS\n</s>\n"
                    .to_string(),
            ),
        ];
        for (path, text) in cases {
            let (parsed, replayed) = parsed_and_replayed(path, &text);
            assert!(!parsed.is_empty(), "{path}: nothing parsed");
            assert_eq!(replayed, parsed, "{path}");
        }
    }

    #[test]
    fn a_sentence_too_long_for_the_counts_is_not_recorded() {
        let text = "a\tO\n".repeat(usize::from(u16::MAX) + 1);
        let file = SourceFile::new("t.tsv".into(), text.clone());
        let layout = read::sniff(&file, &read::Options::default()).unwrap();
        let mut recorder = Recorder::new(&file.text, Span::new(0, text.len()));
        read::read(&file, &layout, Span::new(0, text.len()), &mut |event| {
            if let Event::Sentence(sentence) = event {
                recorder.sentence(&sentence.tokens, &[]);
            }
        });
        assert!(recorder.finish().is_none());
    }
}
