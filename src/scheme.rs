//! Tagging schemes: detecting which one a file uses and decoding tags into entity spans.

use crate::source::Span;
use crate::tag::{Prefix, Tag};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// CoNLL-2003 original: entities start with `I-`; `B-` only splits adjacent same-type entities.
    Iob1,
    /// `B-` starts every entity, `I-` continues it.
    Iob2,
    /// `B-` begin, `I-` inside, `E-` end, `S-` single-token entity (also called IOBES).
    #[value(alias = "iobes")]
    Bioes,
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Iob1 => "IOB1",
            Scheme::Iob2 => "IOB2",
            Scheme::Bioes => "BIOES",
        }
    }

    /// Prefixes that belong to the scheme; any other prefix in a file of this scheme is foreign.
    pub fn uses(self, prefix: Prefix) -> bool {
        match self {
            Scheme::Iob1 | Scheme::Iob2 => matches!(prefix, Prefix::B | Prefix::I),
            Scheme::Bioes => matches!(prefix, Prefix::B | Prefix::I | Prefix::E | Prefix::S),
        }
    }

    /// Whether `prefix` must continue an entity opened by the previous tag.
    pub fn is_continuation(self, prefix: Prefix) -> bool {
        match self {
            Scheme::Iob1 => false,
            Scheme::Iob2 => prefix == Prefix::I,
            Scheme::Bioes => matches!(prefix, Prefix::I | Prefix::E),
        }
    }

    /// Whether a tag with `prefix` leaves its entity open for a following `I-`/`E-`.
    pub fn leaves_open(self, prefix: Prefix) -> bool {
        matches!(prefix, Prefix::B | Prefix::I)
    }

    /// In schemes with explicit ends, a tag that leaves its entity open must be followed by a
    /// continuation of the same type.
    pub fn requires_close(self) -> bool {
        self == Scheme::Bioes
    }
}

/// An entity decoded from a sentence: tokens `start..end` labelled `label`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entity<'a> {
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
}

/// Decodes tags into entities the way conlleval does, so that broken sequences still yield
/// spans: `B`/`S`/`U` start an entity, `I`/`E`/`L` continue one of the same type or start a
/// new one, `E`/`L`/`S`/`U` close it. The same reading is right for IOB1, IOB2 and BIOES,
/// which differ in what they allow, not in what a valid sequence means.
pub fn decode<'a>(tags: &[Tag<'a>], out: &mut Vec<Entity<'a>>) {
    out.clear();
    let mut open: Option<Entity<'a>> = None;
    for (i, tag) in tags.iter().enumerate() {
        let Tag::Entity { prefix, label } = *tag else {
            out.extend(open.take());
            continue;
        };
        let continues = matches!(prefix, Prefix::I | Prefix::E | Prefix::L)
            && open.is_some_and(|e| e.label == label);
        match open.as_mut() {
            Some(entity) if continues => entity.end = i + 1,
            _ => {
                out.extend(open.take());
                open = Some(Entity {
                    start: i,
                    end: i + 1,
                    label,
                });
            }
        }
        if matches!(prefix, Prefix::E | Prefix::L | Prefix::S | Prefix::U) {
            out.extend(open.take());
        }
    }
    out.extend(open);
}

/// How many times a pattern was seen and where it was seen first (up to three places).
#[derive(Clone, Debug, Default)]
pub struct Seen {
    pub count: u64,
    pub first: Vec<Span>,
}

impl Seen {
    const KEEP: usize = 3;

    fn note(&mut self, at: Span) {
        self.count += 1;
        if self.first.len() < Self::KEEP {
            self.first.push(at);
        }
    }

    /// Adds a later part of the same file (chunks are merged in file order).
    fn absorb(&mut self, later: &Seen) {
        self.count += later.count;
        let room = Self::KEEP - self.first.len();
        self.first.extend(later.first.iter().take(room));
    }
}

/// Tag-sequence patterns counted over a file, from which its scheme is inferred.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// Tags per prefix, indexed by `Prefix::index`.
    pub prefixes: [Seen; 6],
    /// `I-X` opening an entity (sentence start, after `O`, after another type): IOB1 style.
    pub inside_starts: Seen,
    /// `B-X` opening an entity where IOB1 would write `I-X`.
    pub begin_starts: Seen,
    /// Entities whose last tag is `B-`/`I-` (IOB style) ...
    pub open_ends: Seen,
    /// ... and entities closed by `E-`/`S-`/`L-`/`U-` (BIOES/BILOU style).
    pub closed_ends: Seen,
}

impl Evidence {
    pub fn observe(&mut self, tags: &[Tag], spans: impl Fn(usize) -> Span) {
        let mut previous: Option<(Prefix, &str)> = None;
        for (i, tag) in tags.iter().enumerate() {
            let current = tag.prefix().zip(tag.label());
            if let Some((prefix, label)) = current {
                let at = spans(i);
                self.prefixes[prefix.index()].note(at);
                let after_same = previous.is_some_and(|(_, l)| l == label);
                match prefix {
                    Prefix::I if !after_same => self.inside_starts.note(at),
                    Prefix::B if !after_same => self.begin_starts.note(at),
                    _ => {}
                }
            }
            if let Some((prefix, label)) = previous {
                let continued = current.is_some_and(|(p, l)| {
                    l == label && matches!(p, Prefix::I | Prefix::E | Prefix::L)
                });
                if matches!(prefix, Prefix::B | Prefix::I) && !continued {
                    self.open_ends.note(spans(i - 1));
                }
                if matches!(prefix, Prefix::E | Prefix::L | Prefix::S | Prefix::U) {
                    self.closed_ends.note(spans(i - 1));
                }
            }
            previous = current;
        }
        if let Some((prefix, _)) = previous {
            let last = spans(tags.len() - 1);
            if matches!(prefix, Prefix::B | Prefix::I) {
                self.open_ends.note(last);
            } else {
                self.closed_ends.note(last);
            }
        }
    }

    pub fn absorb(&mut self, later: &Evidence) {
        for (mine, theirs) in self.prefixes.iter_mut().zip(&later.prefixes) {
            mine.absorb(theirs);
        }
        self.inside_starts.absorb(&later.inside_starts);
        self.begin_starts.absorb(&later.begin_starts);
        self.open_ends.absorb(&later.open_ends);
        self.closed_ends.absorb(&later.closed_ends);
    }

    pub fn count(&self, prefix: Prefix) -> u64 {
        self.prefixes[prefix.index()].count
    }

    /// The scheme that explains most of the file's entities, and the share it explains.
    pub fn detect(&self) -> (Scheme, f64) {
        let share = |a: u64, b: u64| {
            if a + b == 0 {
                1.0
            } else {
                a as f64 / (a + b) as f64
            }
        };
        let explicit_ends = [Prefix::E, Prefix::S, Prefix::L, Prefix::U]
            .iter()
            .any(|p| self.count(*p) > 0);
        let (closed, open) = (self.closed_ends.count, self.open_ends.count);
        if explicit_ends && closed >= open {
            return (Scheme::Bioes, share(closed, open));
        }
        let (inside, begin) = (self.inside_starts.count, self.begin_starts.count);
        if inside > begin {
            (Scheme::Iob1, share(inside, begin))
        } else {
            (Scheme::Iob2, share(begin, inside).min(share(open, closed)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(line: &str) -> Vec<Tag<'_>> {
        line.split(' ').map(Tag::parse).collect()
    }

    fn spans(line: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        decode(&tags(line), &mut out);
        out.into_iter()
            .map(|e| (e.start, e.end, e.label.to_string()))
            .collect()
    }

    fn detect(lines: &[&str]) -> Scheme {
        let mut evidence = Evidence::default();
        for line in lines {
            evidence.observe(&tags(line), |_| Span::default());
        }
        evidence.detect().0
    }

    #[test]
    fn decodes_iob1_iob2_and_bioes_to_the_same_spans() {
        let expected = vec![
            (0, 2, "PER".into()),
            (2, 3, "PER".into()),
            (4, 5, "LOC".into()),
        ];
        assert_eq!(spans("I-PER I-PER B-PER O I-LOC"), expected);
        assert_eq!(spans("B-PER I-PER B-PER O B-LOC"), expected);
        assert_eq!(spans("B-PER E-PER S-PER O S-LOC"), expected);
    }

    #[test]
    fn decodes_broken_sequences_leniently() {
        assert_eq!(spans("O I-X I-X"), vec![(1, 3, "X".into())]);
        assert_eq!(
            spans("B-X I-Y"),
            vec![(0, 1, "X".into()), (1, 2, "Y".into())]
        );
        assert_eq!(
            spans("B-X E-X I-X"),
            vec![(0, 2, "X".into()), (2, 3, "X".into())]
        );
        assert_eq!(
            spans("B-X B_X I-X"),
            vec![(0, 1, "X".into()), (2, 3, "X".into())]
        );
    }

    #[test]
    fn detects_schemes_from_tag_sequences() {
        assert_eq!(
            detect(&["I-PER I-PER O I-LOC", "I-ORG B-ORG O"]),
            Scheme::Iob1
        );
        assert_eq!(detect(&["B-PER I-PER O B-LOC", "O I-ORG"]), Scheme::Iob2);
        assert_eq!(detect(&["B-PER E-PER O S-LOC", "O"]), Scheme::Bioes);
        // A few BIOES tags in an IOB2 file do not make it BIOES.
        assert_eq!(
            detect(&["B-PER I-PER O B-LOC", "B-X O S-Y", "B-Z"]),
            Scheme::Iob2
        );
        assert_eq!(detect(&["O O"]), Scheme::Iob2);
    }
}
