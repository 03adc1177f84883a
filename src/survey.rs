//! The first pass over a file: counts, label spellings and scheme evidence, gathered per chunk
//! in parallel and merged in file order; and the entity strings the corpus index looks for.

use crate::context::LabelUse;
use crate::index::{Keys, Surfaces};
use crate::read::{self, Defect, Event, Layout, Sentence};
use crate::recording::{Recorder, Recording};
use crate::scheme::{self, Entity, Evidence};
use crate::source::{FileId, SourceFile, Span};
use crate::tag::{Spelling, Tag};
use std::collections::HashMap;

#[derive(Default)]
pub struct Survey<'a> {
    pub sentences: u64,
    pub tokens: u64,
    pub evidence: Evidence,
    /// Tokens tagged `-`: not annotated.
    pub missing: u64,
    pub labels: LabelCounts<'a>,
    pub documents: Vec<Span>,
}

/// What a survey hands on to work done in the same read of a chunk (the engine lints there).
pub enum Seen<'s, 'a> {
    Sentence {
        sentence: &'s Sentence<'a>,
        tags: &'s [Tag<'a>],
        entities: &'s [Entity<'a>],
    },
    Defect(&'s Defect),
}

impl<'a> Survey<'a> {
    /// Surveys one chunk.
    pub fn of_chunk(
        file: &'a SourceFile,
        layout: &Layout,
        spelling: Spelling,
        chunk: Span,
    ) -> Survey<'a> {
        Survey::of_chunk_and(file, layout, spelling, chunk, None, &mut |_| {}).0
    }

    /// `of_chunk`, showing `also` every sentence with its parsed tags and entities and every
    /// defective record, so that a chunk is read and parsed once for everything; with `keys`,
    /// also adding its entity strings to `surfaces` (for the corpus index) and recording it
    /// for the scan.
    pub fn of_chunk_and(
        file: &'a SourceFile,
        layout: &Layout,
        spelling: Spelling,
        chunk: Span,
        keys: Option<(&Keys, &mut Surfaces<'a>)>,
        also: &mut dyn FnMut(Seen<'_, 'a>),
    ) -> (Survey<'a>, Option<Recording<'a>>) {
        let mut survey = Survey::default();
        let mut index =
            keys.map(|(keys, surfaces)| (keys, surfaces, Recorder::new(&file.text, chunk)));
        let (mut tags, mut entities, mut hashes) = (Vec::new(), Vec::new(), Vec::new());
        read::read(file, layout, chunk, &mut |event| match event {
            Event::Document(at) => survey.documents.push(at),
            Event::Defect(defect) => also(Seen::Defect(&defect)),
            Event::Sentence(sentence) => {
                read::parse_tags(sentence, spelling, &mut tags);
                scheme::decode(&tags, &mut entities);
                survey.sentence(sentence, &tags, &entities);
                if let Some((keys, surfaces, recorder)) = index.as_mut() {
                    let tokens = &sentence.tokens;
                    keys.near_entities(tokens, &entities, &mut hashes);
                    surfaces.add_sentence(keys, (tokens, &hashes), &entities);
                    recorder.sentence(tokens, &entities);
                }
                also(Seen::Sentence {
                    sentence,
                    tags: &tags,
                    entities: &entities,
                });
            }
        });
        let recording = index.and_then(|(_, _, recorder)| recorder.finish());
        (survey, recording)
    }

    fn sentence(&mut self, sentence: &Sentence<'a>, tags: &[Tag<'a>], entities: &[Entity<'a>]) {
        self.sentences += 1;
        self.tokens += sentence.tokens.len() as u64;
        self.missing += tags.iter().filter(|t| matches!(t, Tag::Missing)).count() as u64;
        // Labels are counted per entity, so that one long entity does not outweigh several
        // short ones when `label-variant` picks the usual spelling.
        for entity in entities {
            let first = sentence.tokens[entity.start].tag_span;
            self.labels.add(entity.label, first);
        }
        self.evidence
            .observe(tags, entities, |i| sentence.tokens[i].tag_span);
    }

    /// Appends the survey of the next chunk of the same file.
    pub fn absorb(&mut self, later: Survey<'a>) {
        self.sentences += later.sentences;
        self.tokens += later.tokens;
        self.evidence.absorb(&later.evidence);
        self.missing += later.missing;
        for (label, count, first) in later.labels.entries {
            self.labels.add_many(label, count, first);
        }
        self.documents.extend(later.documents);
    }
}

/// Label -> (count, first place). Files have a handful of labels, so a short list beats a
/// hash map; the last hit is checked first because entity tags come in runs. A file whose
/// tag column holds something else gets an index once the list grows.
#[derive(Default)]
pub struct LabelCounts<'a> {
    entries: Vec<(&'a str, u64, Span)>,
    last: usize,
    index: HashMap<&'a str, usize>,
}

const SHORT_LIST: usize = 32;

impl<'a> LabelCounts<'a> {
    fn add(&mut self, label: &'a str, at: Span) {
        self.add_many(label, 1, at);
    }

    fn add_many(&mut self, label: &'a str, count: u64, first: Span) {
        if let Some(entry) = self.entries.get_mut(self.last).filter(|e| e.0 == label) {
            entry.1 += count;
            return;
        }
        let found = match self.index.is_empty() {
            true => self.entries.iter().position(|e| e.0 == label),
            false => self.index.get(label).copied(),
        };
        match found {
            Some(i) => {
                self.entries[i].1 += count;
                self.last = i;
            }
            None => {
                self.last = self.entries.len();
                self.entries.push((label, count, first));
                if self.entries.len() > SHORT_LIST {
                    if self.index.is_empty() {
                        self.index
                            .extend(self.entries.iter().enumerate().map(|(i, e)| (e.0, i)));
                    } else {
                        self.index.insert(label, self.last);
                    }
                }
            }
        }
    }

    pub fn labels(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.entries.iter().map(|e| e.0)
    }

    pub fn uses(&self, file: FileId) -> impl Iterator<Item = (&'a str, LabelUse)> + '_ {
        self.entries
            .iter()
            .map(move |&(label, count, first)| (label, LabelUse { count, file, first }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_counted_per_entity_not_per_tag() {
        let text = "Red\tB-OS\nHat\tI-OS\nLinux\tI-OS\nand\tO\nmacOS\tB-os\n\nBSD\tB-os\n";
        let file = SourceFile::new("t".into(), text.into());
        let layout = read::sniff(&file, &read::Options::default()).unwrap();
        let survey = Survey::of_chunk(
            &file,
            &layout,
            Spelling::default(),
            Span::new(0, text.len()),
        );
        let counts: HashMap<&str, u64> = survey.labels.uses(0).map(|(l, u)| (l, u.count)).collect();
        assert_eq!(counts, HashMap::from([("OS", 1), ("os", 2)]));
    }
}
