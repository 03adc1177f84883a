//! The edges of entities across the corpus: which tokens right next to entity material are
//! taken into the entity and which are left outside. A token the corpus nearly always leaves
//! outside (`the`, `.`, `as`) but that one entity takes in marks an entity stretched too far;
//! one it nearly always takes in (`Microsoft` before `Windows`) but that one entity leaves
//! outside marks an entity cut short. Unlike the surface-form rules this needs no other
//! occurrence of the entity's own string, so it sees errors on rare entities too.
//!
//! The survey pass counts (`EdgeCounts`); the lint pass's scan then notes, per chunk, the
//! edges that go against a lopsided count and a few that follow it, as evidence (`EdgeScan`).

use crate::index::Keys;
use crate::read::Token;
use crate::scheme::Entity;
use crate::source::{FileId, Span};
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edge {
    Start,
    End,
}

/// How often a token next to entity material is taken into the entity at that edge, and how
/// often it is left outside.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub taken: u32,
    pub left: u32,
}

impl Tally {
    pub fn total(&self) -> u32 {
        self.taken + self.left
    }

    /// How many times the usual choice was made.
    pub fn usual(&self) -> u32 {
        self.taken.max(self.left)
    }

    pub fn usually_taken(&self) -> bool {
        self.taken > self.left
    }
}

/// A token (by its key hash) at one edge.
type EdgeKey = (u64, Edge);

/// Calls `f(token, edge, taken, entity)` for every edge of every entity of a sentence of `len`
/// tokens: the first and last tokens of entities of two tokens or more (taken in), and the
/// `O` tokens right before and after an entity (left outside).
fn edges<'e, 'a>(
    len: usize,
    entities: &'e [Entity<'a>],
    mut f: impl FnMut(usize, Edge, bool, &'e Entity<'a>),
) {
    for (i, e) in entities.iter().enumerate() {
        if e.end - e.start >= 2 {
            f(e.start, Edge::Start, true, e);
            f(e.end - 1, Edge::End, true, e);
        }
        let outside_before = i == 0 || entities[i - 1].end < e.start;
        if e.start > 0 && outside_before {
            f(e.start - 1, Edge::Start, false, e);
        }
        let outside_after = entities.get(i + 1).is_none_or(|next| next.start > e.end);
        if e.end < len && outside_after {
            f(e.end, Edge::End, false, e);
        }
    }
}

/// The tallies of the whole corpus, gathered chunk by chunk in the survey pass.
#[derive(Default)]
pub struct EdgeCounts {
    tallies: FxHashMap<EdgeKey, Tally>,
}

impl EdgeCounts {
    pub fn add_sentence(&mut self, keys: &Keys, tokens: &[Token], entities: &[Entity]) {
        edges(tokens.len(), entities, |at, edge, taken, _| {
            let tally = self.tallies.entry((keys.token(&tokens[at].text), edge));
            let tally = tally.or_default();
            match taken {
                true => tally.taken += 1,
                false => tally.left += 1,
            }
        });
    }

    pub fn absorb(&mut self, later: EdgeCounts) {
        for (key, tally) in later.tallies {
            let mine = self.tallies.entry(key).or_default();
            mine.taken += tally.taken;
            mine.left += tally.left;
        }
    }

    /// The tallies where one choice holds at least `min_share` of at least `min_count` edges
    /// and the other choice was made too: the only ones the scan needs.
    pub fn lopsided(self, (min_count, min_share): (usize, f64)) -> Lopsided {
        let share = min_share.max(0.5);
        let min = u32::try_from(min_count.max(2)).unwrap_or(u32::MAX);
        let mut tallies = self.tallies;
        tallies.retain(|_, t| {
            t.total() >= min
                && t.taken.min(t.left) > 0
                && t.usual() as f64 >= share * t.total() as f64
        });
        Lopsided { tallies }
    }
}

/// The lopsided tallies, looked up by the scan.
pub struct Lopsided {
    tallies: FxHashMap<EdgeKey, Tally>,
}

/// An edge that goes against its token's lopsided tally.
#[derive(Clone, Debug)]
pub struct Deviation {
    pub file: FileId,
    pub edge: Edge,
    /// Whether the token is taken into the entity here (so usually left outside).
    pub taken: bool,
    pub token: Span,
    pub text: String,
    pub entity: Span,
    pub label: String,
    pub tally: Tally,
    key: EdgeKey,
}

/// How many places following a tally are kept as evidence.
const EVIDENCE: usize = 3;

/// The deviating edges of one chunk (then of the corpus), and the first places that follow
/// each tally.
#[derive(Default)]
pub struct EdgeScan {
    pub deviations: Vec<Deviation>,
    evidence: FxHashMap<EdgeKey, Vec<(FileId, Span)>>,
}

impl EdgeScan {
    /// Notes the edges of one sentence; `hashes` are its tokens' keys.
    pub fn sentence(
        &mut self,
        lopsided: &Lopsided,
        file: FileId,
        tokens: &[Token],
        entities: &[Entity],
        hashes: &[u64],
    ) {
        if lopsided.tallies.is_empty() {
            return;
        }
        edges(tokens.len(), entities, |at, edge, taken, entity| {
            let key = (hashes[at], edge);
            let Some(tally) = lopsided.tallies.get(&key) else {
                return;
            };
            if taken == tally.usually_taken() {
                let places = self.evidence.entry(key).or_default();
                if places.len() < EVIDENCE {
                    places.push((file, tokens[at].text_span));
                }
                return;
            }
            self.deviations.push(Deviation {
                file,
                edge,
                taken,
                token: tokens[at].text_span,
                text: tokens[at].text.to_string(),
                entity: Span::new(
                    tokens[entity.start].text_span.start,
                    tokens[entity.end - 1].text_span.end,
                ),
                label: entity.label.to_string(),
                tally: *tally,
                key,
            });
        });
    }

    /// Appends the scan of a later chunk.
    pub fn absorb(&mut self, later: EdgeScan) {
        self.deviations.extend(later.deviations);
        for (key, places) in later.evidence {
            let mine = self.evidence.entry(key).or_default();
            let room = EVIDENCE.saturating_sub(mine.len());
            mine.extend(places.into_iter().take(room));
        }
    }

    /// The first places in the corpus where the token of `deviation` follows its tally.
    pub fn evidence(&self, deviation: &Deviation) -> &[(FileId, Span)] {
        self.evidence.get(&deviation.key).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(start: usize, end: usize) -> Entity<'static> {
        Entity {
            start,
            end,
            label: "X",
        }
    }

    #[test]
    fn edges_are_the_inner_ends_of_long_entities_and_the_outer_neighbours() {
        // `a [b c] [d] e`: b, c taken in; a, e left outside; nothing between the adjacent
        // entities, and no inner edge for the one-token entity.
        let mut seen = Vec::new();
        edges(5, &[entity(1, 3), entity(3, 4)], |at, edge, taken, e| {
            seen.push((at, edge, taken, e.start))
        });
        assert_eq!(
            seen,
            [
                (1, Edge::Start, true, 1),
                (2, Edge::End, true, 1),
                (0, Edge::Start, false, 1),
                (4, Edge::End, false, 3),
            ]
        );
    }
}
