//! Tagging schemes: how each writes an entity, decoding tags into entity spans, encoding spans
//! back into tags, and detecting which scheme a file uses.

use crate::source::Span;
use crate::tag::{Prefix, Tag};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// `I-` on every entity token; adjacent entities of one type cannot be told apart.
    Io,
    /// CoNLL-2003 original: entities start with `I-`; `B-` only splits adjacent same-type entities.
    Iob1,
    /// `B-` starts every entity, `I-` continues it.
    #[value(alias = "bio")]
    Iob2,
    /// `I-` everywhere; `E-` only ends an entity followed by one of the same type.
    Ioe1,
    /// `E-` ends every entity, `I-` comes before it.
    Ioe2,
    /// `B-` begin, `I-` inside, `E-` end, `S-` single-token entity (also called IOBES).
    #[value(alias = "iobes")]
    Bioes,
    /// BIOES spelled with `L-` (last) and `U-` (unit).
    Bilou,
}

impl Scheme {
    /// Every scheme, in the order ties are broken when detecting: the most common first.
    pub const ALL: [Scheme; 7] = [
        Scheme::Iob2,
        Scheme::Bioes,
        Scheme::Bilou,
        Scheme::Io,
        Scheme::Iob1,
        Scheme::Ioe2,
        Scheme::Ioe1,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scheme::Io => "IO",
            Scheme::Iob1 => "IOB1",
            Scheme::Iob2 => "IOB2",
            Scheme::Ioe1 => "IOE1",
            Scheme::Ioe2 => "IOE2",
            Scheme::Bioes => "BIOES",
            Scheme::Bilou => "BILOU",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The prefix this scheme writes on token `k` of an `n`-token entity. `after_same`: the
    /// entity directly follows one of the same type; `before_same`: one of the same type
    /// directly follows it.
    pub fn prefix_at(self, k: usize, n: usize, after_same: bool, before_same: bool) -> Prefix {
        let (first, last) = (k == 0, k + 1 == n);
        let (end, single) = match self {
            Scheme::Bilou => (Prefix::L, Prefix::U),
            _ => (Prefix::E, Prefix::S),
        };
        match self {
            Scheme::Io => Prefix::I,
            Scheme::Iob1 if first && after_same => Prefix::B,
            Scheme::Iob2 if first => Prefix::B,
            Scheme::Ioe1 if last && before_same => Prefix::E,
            Scheme::Ioe2 if last => Prefix::E,
            Scheme::Iob1 | Scheme::Iob2 | Scheme::Ioe1 | Scheme::Ioe2 => Prefix::I,
            Scheme::Bioes | Scheme::Bilou => match (first, last) {
                (true, true) => single,
                (true, false) => Prefix::B,
                (false, true) => end,
                (false, false) => Prefix::I,
            },
        }
    }

    /// Which prefixes may start, continue, end or leave open an entity: read off `prefix_at`
    /// over every entity shape, so the table cannot disagree with encoding.
    pub fn roles(self) -> Roles {
        let mut roles = Roles::default();
        for n in 1..=3 {
            for k in 0..n {
                for (after, before) in [(false, false), (true, true)] {
                    let bit = 1 << self.prefix_at(k, n, after, before).index();
                    let (first, last) = (k == 0, k + 1 == n);
                    roles.starts |= if first { bit } else { 0 };
                    roles.continues |= if first { 0 } else { bit };
                    roles.ends |= if last { bit } else { 0 };
                    roles.opens |= if last { 0 } else { bit };
                }
            }
        }
        roles
    }

    /// Prefixes that belong to the scheme; any other prefix in a file of this scheme is foreign.
    pub fn uses(self, prefix: Prefix) -> bool {
        let roles = self.roles();
        roles.has(roles.starts | roles.continues, prefix)
    }

    /// The tag that ends an entity at a tag with `prefix` that leaves it open (`B-` becomes a
    /// single-token tag, `I-` the end tag), for the schemes that require a close.
    pub fn closing(self, prefix: Prefix) -> Prefix {
        let n = if prefix == Prefix::B { 1 } else { 2 };
        self.prefix_at(n - 1, n, false, false)
    }
}

/// The prefixes that play each part in a scheme, as bit sets over `Prefix::index`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Roles {
    starts: u8,
    continues: u8,
    ends: u8,
    opens: u8,
}

impl Roles {
    fn has(self, set: u8, prefix: Prefix) -> bool {
        set & (1 << prefix.index()) != 0
    }

    /// May follow a tag of its entity that left it open.
    pub fn can_continue(self, prefix: Prefix) -> bool {
        self.has(self.continues, prefix)
    }

    /// Must continue an entity (`I-` in IOB2; `I-`, `E-` in BIOES). In IO, IOB1 and the IOE
    /// schemes `I-` may also start an entity, so nothing is a continuation there.
    pub fn is_continuation(self, prefix: Prefix) -> bool {
        self.can_continue(prefix) && !self.has(self.starts, prefix)
    }

    /// Leaves its entity open for a following continuation.
    pub fn leaves_open(self, prefix: Prefix) -> bool {
        self.has(self.opens, prefix)
    }

    /// A tag that leaves its entity open can never end it, so the entity must be closed
    /// explicitly (BIOES, BILOU, IOE2).
    pub fn requires_close(self) -> bool {
        self.opens & self.ends == 0
    }
}

/// Schemes in the order that settles ties in detection: `Scheme::ALL`, but IOB1 before IO. A
/// file of only `I-` tags fits both and decodes the same under both, and IOB1 (the original
/// CoNLL-2003) is far more common; its `B-` shows only where two entities of one type touch,
/// so many IOB1 files and excerpts have none.
const DETECTION_ORDER: [Scheme; 7] = [
    Scheme::Iob2,
    Scheme::Bioes,
    Scheme::Bilou,
    Scheme::Iob1,
    Scheme::Io,
    Scheme::Ioe2,
    Scheme::Ioe1,
];

/// An entity decoded from a sentence: tokens `start..end` labelled `label`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entity<'a> {
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
}

#[cfg(test)]
impl Entity<'static> {
    /// An entity of label `X` over the tokens `start..end`, for tests.
    pub fn x(start: usize, end: usize) -> Entity<'static> {
        Entity {
            start,
            end,
            label: "X",
        }
    }
}

/// Decodes tags into entities the way conlleval does, so that broken sequences still yield
/// spans: `B`/`S`/`U` start an entity, `I`/`E`/`L` continue one of the same type or start a
/// new one, `E`/`L`/`S`/`U` close it. The same reading is right for every scheme, which
/// differ in what they allow, not in what a valid sequence means.
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

/// Whether entity `i` of `entities` directly follows / is directly followed by one of its type.
fn neighbours(entities: &[Entity], i: usize) -> (bool, bool) {
    let e = entities[i];
    let joined = |a: &Entity, b: &Entity| a.end == b.start && a.label == b.label;
    let after = i > 0 && joined(&entities[i - 1], &e);
    let before = entities.get(i + 1).is_some_and(|next| joined(&e, next));
    (after, before)
}

/// The prefix `scheme` writes on every token of `entities`, `None` outside them.
pub fn encode(scheme: Scheme, entities: &[Entity], len: usize, out: &mut Vec<Option<Prefix>>) {
    out.clear();
    out.resize(len, None);
    for (i, e) in entities.iter().enumerate() {
        let (after, before) = neighbours(entities, i);
        let n = e.end - e.start;
        for k in 0..n {
            out[e.start + k] = Some(scheme.prefix_at(k, n, after, before));
        }
    }
}

/// Whether `scheme` writes entity `i` exactly as `tags` do.
pub fn fits(scheme: Scheme, tags: &[Tag], entities: &[Entity], i: usize) -> bool {
    let (after, before) = neighbours(entities, i);
    let e = entities[i];
    let n = e.end - e.start;
    (0..n).all(|k| tags[e.start + k].prefix() == Some(scheme.prefix_at(k, n, after, before)))
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

/// Counts over a file from which its scheme is inferred: every entity is re-encoded in each
/// scheme, and a scheme fits the entities it writes exactly as the file does.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// Tags per prefix, indexed by `Prefix::index`.
    pub prefixes: [Seen; 6],
    pub entities: u64,
    /// Entities each scheme writes as the file does, indexed like `Scheme` variants.
    fits: [u64; 7],
    /// `misfits[s][t]`: entities that do not fit scheme `s` but fit `t` (the first such `t`
    /// in `Scheme::ALL` order), at their first tag.
    misfits: [[Seen; 7]; 7],
}

impl Evidence {
    pub fn observe(&mut self, tags: &[Tag], entities: &[Entity], spans: impl Fn(usize) -> Span) {
        for (i, tag) in tags.iter().enumerate() {
            if let Some(prefix) = tag.prefix() {
                self.prefixes[prefix.index()].note(spans(i));
            }
        }
        for i in 0..entities.len() {
            self.entities += 1;
            let fit = Scheme::ALL.map(|s| fits(s, tags, entities, i));
            let other = Scheme::ALL.iter().zip(&fit).find(|(_, f)| **f);
            for (scheme, fit) in Scheme::ALL.iter().zip(&fit) {
                if *fit {
                    self.fits[scheme.index()] += 1;
                } else if let Some((other, _)) = other {
                    self.misfits[scheme.index()][other.index()].note(spans(entities[i].start));
                }
            }
        }
    }

    pub fn absorb(&mut self, later: &Evidence) {
        for (mine, theirs) in self.prefixes.iter_mut().zip(&later.prefixes) {
            mine.absorb(theirs);
        }
        self.entities += later.entities;
        for (mine, theirs) in self.fits.iter_mut().zip(&later.fits) {
            *mine += theirs;
        }
        for (mine, theirs) in self.misfits.iter_mut().zip(&later.misfits) {
            for (mine, theirs) in mine.iter_mut().zip(theirs) {
                mine.absorb(theirs);
            }
        }
    }

    pub fn count(&self, prefix: Prefix) -> u64 {
        self.prefixes[prefix.index()].count
    }

    /// The share of the file's entities that `scheme` writes as the file does (1 if none).
    pub fn fit(&self, scheme: Scheme) -> f64 {
        match self.entities {
            0 => 1.0,
            n => self.fits(scheme) as f64 / n as f64,
        }
    }

    /// Entities that `scheme` writes as the file does.
    pub fn fits(&self, scheme: Scheme) -> u64 {
        self.fits[scheme.index()]
    }

    /// Entities that `scheme` would write differently but `other` writes as the file does.
    pub fn written_as(&self, scheme: Scheme, other: Scheme) -> &Seen {
        &self.misfits[scheme.index()][other.index()]
    }

    /// Every scheme with its fit, best first (ties in `DETECTION_ORDER`).
    pub fn ranking(&self) -> Vec<(Scheme, f64)> {
        let mut ranked: Vec<(Scheme, f64)> =
            DETECTION_ORDER.iter().map(|s| (*s, self.fit(*s))).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }

    /// The scheme that writes most of the file's entities as the file does, and that share.
    pub fn detect(&self) -> (Scheme, f64) {
        self.ranking()[0]
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

    fn evidence(lines: &[&str]) -> Evidence {
        let mut evidence = Evidence::default();
        let mut entities = Vec::new();
        for line in lines {
            let tags = tags(line);
            decode(&tags, &mut entities);
            evidence.observe(&tags, &entities, |_| Span::default());
        }
        evidence
    }

    fn detect(lines: &[&str]) -> Scheme {
        evidence(lines).detect().0
    }

    fn reencode(line: &str, scheme: Scheme) -> String {
        let tags = tags(line);
        let (mut entities, mut prefixes) = (Vec::new(), Vec::new());
        decode(&tags, &mut entities);
        encode(scheme, &entities, tags.len(), &mut prefixes);
        let labels = tags.iter().map(|t| t.label().unwrap_or(""));
        prefixes
            .iter()
            .zip(labels)
            .map(|(p, l)| p.map_or("O".to_string(), |p| format!("{}-{l}", p.letter())))
            .collect::<Vec<_>>()
            .join(" ")
    }

    const SENTENCE: [(Scheme, &str); 7] = [
        (Scheme::Io, "I-PER I-PER I-PER O I-LOC I-PER"),
        (Scheme::Iob1, "I-PER I-PER B-PER O I-LOC I-PER"),
        (Scheme::Iob2, "B-PER I-PER B-PER O B-LOC B-PER"),
        (Scheme::Ioe1, "I-PER E-PER I-PER O I-LOC I-PER"),
        (Scheme::Ioe2, "I-PER E-PER E-PER O E-LOC E-PER"),
        (Scheme::Bioes, "B-PER E-PER S-PER O S-LOC S-PER"),
        (Scheme::Bilou, "B-PER L-PER U-PER O U-LOC U-PER"),
    ];

    #[test]
    fn every_scheme_decodes_to_the_same_spans() {
        let expected = vec![
            (0, 2, "PER".into()),
            (2, 3, "PER".into()),
            (4, 5, "LOC".into()),
            (5, 6, "PER".into()),
        ];
        for (scheme, line) in SENTENCE.iter().skip(1) {
            assert_eq!(spans(line), expected, "{}", scheme.name());
        }
        // IO cannot tell adjacent entities of one type apart.
        assert_eq!(spans(SENTENCE[0].1)[0], (0, 3, "PER".into()));
    }

    #[test]
    fn every_scheme_encodes_what_it_decodes() {
        for (from, line) in SENTENCE.iter().skip(1) {
            for (to, expected) in SENTENCE.iter().skip(1) {
                assert_eq!(
                    &reencode(line, *to),
                    expected,
                    "{} -> {}",
                    from.name(),
                    to.name()
                );
            }
        }
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
        assert_eq!(
            spans("B-X - I-X"),
            vec![(0, 1, "X".into()), (2, 3, "X".into())]
        );
    }

    #[test]
    fn detects_every_scheme_from_its_sentence() {
        for (scheme, line) in SENTENCE {
            // Without adjacent entities of one type, IO is IOB1 without its rare `B-`.
            let expected = if scheme == Scheme::Io {
                Scheme::Iob1
            } else {
                scheme
            };
            assert_eq!(detect(&[line, "O"]), expected, "{line}");
        }
        assert_eq!(
            detect(&["I-PER I-PER I-LOC", "I-X I-Y", "B-X O"]),
            Scheme::Iob1
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
        let (scheme, confidence) = evidence(&["B-PER I-PER O B-LOC", "B-X O S-Y", "B-Z"]).detect();
        assert_eq!(scheme, Scheme::Iob2);
        assert_eq!(confidence, 0.8);
        assert_eq!(detect(&["O O"]), Scheme::Iob2);
        // Only `I-` tags: IOB1 and IO fit alike; CoNLL-2003 excerpts look like this.
        assert_eq!(detect(&["I-X O", "I-X I-X"]), Scheme::Iob1);
    }

    #[test]
    fn records_entities_written_in_another_scheme() {
        let evidence = evidence(&["B-PER E-PER O B-LOC I-LOC", "S-X"]);
        assert_eq!(evidence.detect().0, Scheme::Bioes);
        assert_eq!(evidence.written_as(Scheme::Bioes, Scheme::Iob2).count, 1);
        assert_eq!(evidence.written_as(Scheme::Iob2, Scheme::Bioes).count, 2);
    }

    #[test]
    fn scheme_tables_agree() {
        let uses = |s: Scheme| -> String {
            Prefix::ALL
                .iter()
                .filter(|p| s.uses(**p))
                .map(|p| p.letter())
                .collect()
        };
        assert_eq!(uses(Scheme::Io), "I");
        assert_eq!(uses(Scheme::Iob1), "BI");
        assert_eq!(uses(Scheme::Ioe2), "IE");
        assert_eq!(uses(Scheme::Bioes), "BIES");
        assert_eq!(uses(Scheme::Bilou), "BILU");
        let continuations = |s: Scheme| -> String {
            let roles = s.roles();
            Prefix::ALL
                .iter()
                .filter(|p| roles.is_continuation(**p))
                .map(|p| p.letter())
                .collect()
        };
        assert_eq!(continuations(Scheme::Iob2), "I");
        assert_eq!(continuations(Scheme::Bioes), "IE");
        assert_eq!(continuations(Scheme::Bilou), "IL");
        for s in [Scheme::Io, Scheme::Iob1, Scheme::Ioe1, Scheme::Ioe2] {
            assert_eq!(continuations(s), "", "{}", s.name());
        }
        let closed: Vec<Scheme> = Scheme::ALL
            .into_iter()
            .filter(|s| s.roles().requires_close())
            .collect();
        assert_eq!(closed, [Scheme::Bioes, Scheme::Bilou, Scheme::Ioe2]);
        assert_eq!(Scheme::Bilou.closing(Prefix::B), Prefix::U);
        assert_eq!(Scheme::Ioe2.closing(Prefix::I), Prefix::E);
    }
}
