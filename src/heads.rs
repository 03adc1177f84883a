//! The types of entities by their last token, across the corpus. The last token of a
//! multi-token name usually says what kind of thing it is (`Sailfish OS`, `.NET Framework`,
//! `Huffman tree`), so an entity typed otherwise than nearly every other entity ending in
//! the same token is likely mistyped, even when its own string occurs nowhere else.
//!
//! The question asked of each entity of two tokens or more is "which type has an entity
//! ending in this token?", voted on in the survey pass (`HeadCounts`); the scan of the lint
//! pass notes the entities that go against a clear majority (`HeadScan`).

use crate::index::LabelIds;
use crate::read::Token;
use crate::recording::Word;
use crate::scheme::Entity;
use crate::source::{FileId, Span};
use crate::votes::{Asked, Deviation, Dissent, Verdicts, Votes};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

/// The head of an entity: its last token, if the entity has two tokens or more and that
/// token is a word (not `)` or `!`).
fn head<'t, T: AsRef<str>>(tokens: &'t [T], entity: &Entity) -> Option<&'t T> {
    let last = &tokens[entity.end - 1];
    let word = last.as_ref().chars().any(char::is_alphanumeric);
    (entity.end - entity.start >= 2 && word).then_some(last)
}

fn label_key(label: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(label.as_bytes());
    hasher.finish()
}

/// The votes of the whole corpus, gathered chunk by chunk in the survey pass: per head, the
/// labels (by hash) of the entities ending in it.
#[derive(Default)]
pub struct HeadCounts {
    votes: Votes,
}

impl HeadCounts {
    /// Counts the heads of a sentence of `tokens`, whose keys are `hashes`.
    pub fn add_sentence(&mut self, tokens: &[Token], hashes: &[u64], entities: &[Entity]) {
        for entity in entities {
            if head(tokens, entity).is_some() {
                self.votes
                    .add(hashes[entity.end - 1], label_key(entity.label));
            }
        }
    }

    pub fn absorb(&mut self, later: HeadCounts) {
        self.votes.absorb(later.votes);
    }

    /// The lopsided votes, with the names of the labels of the corpus (`labels`, every
    /// spelling) to tell the usual type by.
    pub fn lopsided(self, (min_count, min_share): (usize, f64), labels: &LabelIds) -> HeadVerdicts {
        HeadVerdicts {
            verdicts: self.votes.lopsided(min_count, min_share),
            names: labels
                .spellings()
                .map(|l| (label_key(l), l.to_string()))
                .collect(),
        }
    }
}

pub struct HeadVerdicts {
    verdicts: Verdicts,
    /// Label hash -> label.
    names: FxHashMap<u64, String>,
}

/// What `head-type` asks about: the head of an entity, and the usual type of entities
/// ending in it.
#[derive(Clone, Debug)]
pub struct Head {
    pub head: String,
    pub usual: String,
}

impl Asked for Head {
    fn token(&self) -> &str {
        &self.head
    }
}

/// The mistyped-looking entities of one chunk (then of the corpus), and the first entities
/// of the usual type for each head.
pub type HeadScan = Dissent<Head>;

impl HeadScan {
    /// Notes the entities of one sentence; `hashes` are its tokens' keys.
    pub fn sentence(
        &mut self,
        verdicts: &HeadVerdicts,
        file: FileId,
        (tokens, hashes): (&[Word], &[u64]),
        entities: &[Entity],
    ) {
        if verdicts.verdicts.is_empty() {
            return;
        }
        for entity in entities {
            let Some(head) = head(tokens, entity) else {
                continue;
            };
            let question = hashes[entity.end - 1];
            let entity_span = Span::new(tokens[entity.start].span.start, head.span.end);
            let answer = label_key(entity.label);
            let place = (file, entity_span);
            let observed = self
                .witnesses
                .observe(&verdicts.verdicts, question, answer, place);
            let Some(verdict) = observed else { continue };
            let asked = Head {
                head: head.text.to_string(),
                usual: verdicts
                    .names
                    .get(&verdict.usual)
                    .cloned()
                    .unwrap_or_default(),
            };
            let deviation =
                Deviation::new(file, (tokens, hashes), entity, (question, verdict), asked);
            self.deviations.push(deviation);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn only_words_ending_entities_of_two_tokens_or_more_are_heads() {
        let text = "Pirates\tB-App\n!\tI-App\nHaiku\tB-OS\nOS\tI-OS\nBeOS\tB-OS\n";
        let file = SourceFile::new("t".into(), text.into());
        let layout = crate::read::sniff(&file, &crate::read::Options::default()).unwrap();
        let mut heads = Vec::new();
        crate::read::read(&file, &layout, Span::new(0, text.len()), &mut |event| {
            if let crate::read::Event::Sentence(sentence) = event {
                let entities = [(0, 2, "App"), (2, 4, "OS"), (4, 5, "OS")]
                    .map(|(start, end, label)| Entity { start, end, label });
                for e in &entities {
                    heads.push(head(&sentence.tokens, e).map(|t| t.text.to_string()));
                }
            }
        });
        assert_eq!(heads, [None, Some("OS".to_string()), None]);
    }
}
