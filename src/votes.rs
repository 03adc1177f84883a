//! Corpus-wide votes on small questions about single tokens (is `the` taken into the entity
//! next to it? which type do entities ending in `OS` have?), for the rules that judge an
//! entity by its tokens rather than by its whole string. The survey pass counts the votes
//! chunk by chunk (`Votes`); the lopsided ones (`Verdicts`) are then looked up in the scan of
//! the lint pass, which notes the places that go against them and keeps a few that follow
//! them as evidence (`Witnesses`).

use crate::index::{KeyMap, sentence_fingerprint, words};
use crate::recording::Word;
use crate::scheme::Entity;
use crate::source::{FileId, Span};
use rustc_hash::FxHashMap;

/// The answers given to each question (a hashed key) so far, counted per (question, answer)
/// in one flat map: no allocation per question, cheap to merge across chunks.
#[derive(Default)]
pub struct Votes {
    counts: FxHashMap<(u64, u64), u32>,
}

impl Votes {
    pub fn add(&mut self, question: u64, answer: u64) {
        *self.counts.entry((question, answer)).or_default() += 1;
    }

    /// Adds the votes of a later chunk, walking the smaller map (addition has no order).
    pub fn absorb(&mut self, mut later: Votes) {
        if self.counts.len() < later.counts.len() {
            std::mem::swap(self, &mut later);
        }
        for (key, n) in later.counts {
            *self.counts.entry(key).or_default() += n;
        }
    }

    /// The questions asked at least `min_count` times where one answer holds at least
    /// `min_share` of the votes and another answer was given too: the only ones where a
    /// place can go against a clear majority.
    pub fn lopsided(self, min_count: usize, min_share: f64) -> Verdicts {
        let share = min_share.max(0.5);
        let min = u32::try_from(min_count.max(2)).unwrap_or(u32::MAX);
        let mut tallies: KeyMap<Verdict> = KeyMap::default();
        for ((question, answer), n) in self.counts {
            let tally = tallies.entry(question).or_insert(Verdict {
                usual: answer,
                count: 0,
                total: 0,
                id: 0,
            });
            tally.total += n;
            // The most frequent answer; the smallest one on a tie, for stable output.
            if (n, std::cmp::Reverse(answer)) > (tally.count, std::cmp::Reverse(tally.usual)) {
                tally.usual = answer;
                tally.count = n;
            }
        }
        tallies.retain(|_, t| {
            t.total >= min && t.count < t.total && t.count as f64 >= share * t.total as f64
        });
        for (id, verdict) in tallies.values_mut().enumerate() {
            verdict.id = id as u32;
        }
        Verdicts { verdicts: tallies }
    }
}

/// The usual answer to a question, given `count` times of `total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub usual: u64,
    pub count: u32,
    pub total: u32,
    /// The verdict's index among all of its kind, which its witnesses are counted by.
    id: u32,
}

impl Verdict {
    /// How often the question was answered otherwise.
    pub fn others(&self) -> u32 {
        self.total - self.count
    }

    /// The smoothed share of the usual answer: 5 of 5 is less sure than 500 of 505.
    pub fn confidence(&self) -> f64 {
        self.count as f64 / (self.total + 1) as f64
    }
}

pub struct Verdicts {
    verdicts: KeyMap<Verdict>,
}

impl Verdicts {
    pub fn is_empty(&self) -> bool {
        self.verdicts.is_empty()
    }
}

/// How many places following a verdict are kept as evidence.
const WITNESSES: usize = 3;

/// The first places of the corpus that follow each verdict.
#[derive(Default)]
pub struct Witnesses {
    /// Per verdict id, how many places are kept: a small array per chunk, where a map
    /// entry per entity edge would cost more than the rest of the edge's check.
    counts: Vec<u8>,
    /// The kept places, with their verdict's id, in order; by verdict once `settle`d.
    places: Vec<(u32, FileId, Span)>,
}

impl Witnesses {
    /// The verdict that the answer given at `place` goes against, if any; otherwise the place
    /// is kept as a witness of its verdict.
    pub fn observe(
        &mut self,
        verdicts: &Verdicts,
        question: u64,
        answer: u64,
        place: (FileId, Span),
    ) -> Option<Verdict> {
        let verdict = verdicts.verdicts.get(&question)?;
        if answer != verdict.usual {
            return Some(*verdict);
        }
        if self.counts.is_empty() {
            self.counts = vec![0; verdicts.verdicts.len()];
        }
        self.keep(verdict.id, place);
        None
    }

    fn keep(&mut self, id: u32, (file, span): (FileId, Span)) {
        let count = &mut self.counts[id as usize];
        if usize::from(*count) < WITNESSES {
            *count += 1;
            self.places.push((id, file, span));
        }
    }

    /// Adds the witnesses of a later chunk.
    pub fn absorb(&mut self, later: Witnesses) {
        if self.counts.len() < later.counts.len() {
            self.counts.resize(later.counts.len(), 0);
        }
        for (id, file, span) in later.places {
            self.keep(id, (file, span));
        }
    }

    /// Orders the places by verdict, each verdict's in the order they were kept, for `of`.
    fn settle(&mut self) {
        self.places.sort_by_key(|p| p.0);
    }

    /// The witnesses of `verdict`, once settled.
    pub fn of(&self, verdict: &Verdict) -> impl Iterator<Item = (FileId, Span)> + '_ {
        debug_assert!(
            self.places.is_sorted_by_key(|p| p.0),
            "witnesses not settled"
        );
        let from = self.places.partition_point(|p| p.0 < verdict.id);
        let id = verdict.id;
        let places = self.places[from..].iter().take_while(move |p| p.0 == id);
        places.map(|&(_, file, span)| (file, span))
    }
}

/// A place that answers its question otherwise than the verdict: the entity there, and what
/// the rule asked about it (`A`: the edge token of `boundary-token`, the head of `head-type`).
#[derive(Clone, Debug)]
pub struct Deviation<A> {
    pub file: FileId,
    pub entity: Span,
    /// The entity's tokens, joined by spaces.
    pub entity_text: String,
    pub label: String,
    pub verdict: Verdict,
    question: u64,
    pub asked: A,
    /// A fingerprint of the sentence's tokens: the same sentence repeated has the same one.
    pub sentence: u64,
}

impl<A> Deviation<A> {
    /// The deviation of `entity` (among the sentence's `tokens`, whose token hashes are
    /// `hashes`) from `verdict`.
    pub fn new(
        file: FileId,
        (tokens, hashes): (&[Word], &[u64]),
        entity: &Entity,
        (question, verdict): (u64, Verdict),
        asked: A,
    ) -> Deviation<A> {
        let material = &tokens[entity.start..entity.end];
        Deviation {
            file,
            entity: Span::new(
                material[0].span.start,
                material[material.len() - 1].span.end,
            ),
            entity_text: words(material),
            label: entity.label.to_string(),
            verdict,
            question,
            asked,
            sentence: sentence_fingerprint(hashes),
        }
    }
}

/// What a rule asked about, as its findings name it (`the`, `OS`).
pub trait Asked {
    fn token(&self) -> &str;
}

/// What the scan found against the verdicts: the places that go against them and the
/// witnesses of the verdicts.
pub struct Dissent<A> {
    pub deviations: Vec<Deviation<A>>,
    pub witnesses: Witnesses,
}

impl<A> Default for Dissent<A> {
    fn default() -> Dissent<A> {
        Dissent {
            deviations: Vec::new(),
            witnesses: Witnesses::default(),
        }
    }
}

impl<A> Dissent<A> {
    /// Appends what the scan of a later chunk found.
    pub fn absorb(&mut self, later: Dissent<A>) {
        self.deviations.extend(later.deviations);
        self.witnesses.absorb(later.witnesses);
    }

    /// Readies the witnesses for `evidence`, once every chunk is absorbed.
    pub fn settle(&mut self) {
        self.witnesses.settle();
    }

    /// The deviations grouped by the question they answered otherwise, in the order of their
    /// first place.
    pub fn by_question(&self) -> Vec<Vec<&Deviation<A>>> {
        let mut groups: Vec<Vec<&Deviation<A>>> = Vec::new();
        let mut index: FxHashMap<u64, usize> = FxHashMap::default();
        for d in &self.deviations {
            let next = groups.len();
            let at = *index.entry(d.question).or_insert(next);
            if at == next {
                groups.push(Vec::new());
            }
            groups[at].push(d);
        }
        groups
    }

    /// The first places of the corpus that follow the verdict `deviation` goes against.
    pub fn evidence(&self, deviation: &Deviation<A>) -> impl Iterator<Item = (FileId, Span)> + '_ {
        self.witnesses.of(&deviation.verdict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_needs_enough_votes_a_clear_majority_and_a_dissent() {
        let mut votes = Votes::default();
        for (question, answers) in [(1, [7, 7, 7, 7, 9]), (2, [7, 7, 7, 9, 9]), (3, [7; 5])] {
            for answer in answers {
                votes.add(question, answer);
            }
        }
        let mut later = Votes::default();
        later.add(1, 7);
        votes.absorb(later);
        let verdicts = votes.lopsided(5, 0.8);
        let expected = Verdict {
            usual: 7,
            count: 5,
            total: 6,
            id: 0,
        };
        assert_eq!(verdicts.verdicts.get(&1), Some(&expected));
        assert_eq!(
            verdicts.verdicts.len(),
            1,
            "60% is no majority; 100% has no dissent"
        );

        let mut witnesses = Witnesses::default();
        let place = |n: usize| (0, Span::new(n, n + 1));
        assert_eq!(witnesses.observe(&verdicts, 1, 9, place(0)), Some(expected));
        for n in 1..6 {
            assert_eq!(witnesses.observe(&verdicts, 1, 7, place(n)), None);
        }
        witnesses.settle();
        let witnessed: Vec<_> = witnesses.of(&expected).collect();
        assert_eq!(witnessed, [place(1), place(2), place(3)]);
    }

    #[test]
    fn witnesses_are_the_first_places_of_each_verdict_across_chunks() {
        let mut votes = Votes::default();
        for question in [1, 2] {
            for answer in [7, 7, 7, 7, 9] {
                votes.add(question, answer);
            }
        }
        let verdicts = votes.lopsided(5, 0.8);
        let verdict = |q: u64| *verdicts.verdicts.get(&q).unwrap();
        let place = |n: usize| (0, Span::new(n, n + 1));
        // Two chunks, each seeing both questions in turn.
        let mut chunks = [Witnesses::default(), Witnesses::default()];
        for (c, chunk) in chunks.iter_mut().enumerate() {
            for n in 0..4 {
                let at = 10 * c + 2 * n;
                assert_eq!(chunk.observe(&verdicts, 1, 7, place(at)), None);
                assert_eq!(chunk.observe(&verdicts, 2, 7, place(at + 1)), None);
            }
        }
        let mut merged = Witnesses::default();
        for chunk in chunks {
            merged.absorb(chunk);
        }
        merged.settle();
        let of = |q: u64| merged.of(&verdict(q)).collect::<Vec<_>>();
        assert_eq!(of(1), [place(0), place(2), place(4)]);
        assert_eq!(of(2), [place(1), place(3), place(5)]);
    }
}
