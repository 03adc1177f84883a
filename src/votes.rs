//! Corpus-wide votes on small questions about single tokens (is `the` taken into the entity
//! next to it? which type do entities ending in `OS` have?), for the rules that judge an
//! entity by its tokens rather than by its whole string. The survey pass counts the votes
//! chunk by chunk (`Votes`); the lopsided ones (`Verdicts`) are then looked up in the scan of
//! the lint pass, which notes the places that go against them and keeps a few that follow
//! them as evidence (`Witnesses`).

use crate::source::{FileId, Span};
use rustc_hash::FxHashMap;

/// One question's count: how often each answer was given (few answers per question).
#[derive(Clone, Debug, Default)]
struct Tally {
    answers: Vec<(u64, u32)>,
}

impl Tally {
    fn add(&mut self, answer: u64, n: u32) {
        match self.answers.iter_mut().find(|(a, _)| *a == answer) {
            Some((_, count)) => *count += n,
            None => self.answers.push((answer, n)),
        }
    }
}

/// The answers given to each question (a hashed key) so far.
#[derive(Default)]
pub struct Votes {
    tallies: FxHashMap<u64, Tally>,
}

impl Votes {
    pub fn add(&mut self, question: u64, answer: u64) {
        self.tallies.entry(question).or_default().add(answer, 1);
    }

    /// Adds the votes of a later chunk.
    pub fn absorb(&mut self, later: Votes) {
        for (question, tally) in later.tallies {
            let mine = self.tallies.entry(question).or_default();
            for (answer, n) in tally.answers {
                mine.add(answer, n);
            }
        }
    }

    /// The questions asked at least `min_count` times where one answer holds at least
    /// `min_share` of the votes and another answer was given too: the only ones where a
    /// place can go against a clear majority.
    pub fn lopsided(self, min_count: usize, min_share: f64) -> Verdicts {
        let share = min_share.max(0.5);
        let min = u32::try_from(min_count.max(2)).unwrap_or(u32::MAX);
        let verdicts = self
            .tallies
            .into_iter()
            .filter_map(|(question, tally)| {
                let total: u32 = tally.answers.iter().map(|(_, n)| n).sum();
                // The most frequent answer; the smallest one on a tie, for stable output.
                let &(usual, count) = tally
                    .answers
                    .iter()
                    .max_by_key(|(a, n)| (*n, std::cmp::Reverse(*a)))?;
                let clear = total >= min && count < total && count as f64 >= share * total as f64;
                clear.then_some((
                    question,
                    Verdict {
                        usual,
                        count,
                        total,
                    },
                ))
            })
            .collect();
        Verdicts { verdicts }
    }
}

/// The usual answer to a question, given `count` times of `total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub usual: u64,
    pub count: u32,
    pub total: u32,
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
    verdicts: FxHashMap<u64, Verdict>,
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
    places: FxHashMap<u64, Vec<(FileId, Span)>>,
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
        let places = self.places.entry(question).or_default();
        if places.len() < WITNESSES {
            places.push(place);
        }
        None
    }

    /// Adds the witnesses of a later chunk.
    pub fn absorb(&mut self, later: Witnesses) {
        for (question, places) in later.places {
            let mine = self.places.entry(question).or_default();
            let room = WITNESSES.saturating_sub(mine.len());
            mine.extend(places.into_iter().take(room));
        }
    }

    pub fn of(&self, question: u64) -> &[(FileId, Span)] {
        self.places.get(&question).map_or(&[], Vec::as_slice)
    }
}

/// What the scan found against the verdicts: the places that go against them (of a type
/// each rule defines) and the witnesses of the verdicts.
pub struct Dissent<D> {
    pub deviations: Vec<D>,
    pub witnesses: Witnesses,
}

impl<D> Default for Dissent<D> {
    fn default() -> Dissent<D> {
        Dissent {
            deviations: Vec::new(),
            witnesses: Witnesses::default(),
        }
    }
}

impl<D> Dissent<D> {
    /// Appends what the scan of a later chunk found.
    pub fn absorb(&mut self, later: Dissent<D>) {
        self.deviations.extend(later.deviations);
        self.witnesses.absorb(later.witnesses);
    }
}

/// A deviation knows the question it answered otherwise.
pub trait Asked {
    fn question(&self) -> u64;
}

impl<D: Asked> Dissent<D> {
    /// The first places of the corpus that follow the verdict `deviation` goes against.
    pub fn evidence(&self, deviation: &D) -> &[(FileId, Span)] {
        self.witnesses.of(deviation.question())
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
        assert_eq!(witnesses.of(1), [place(1), place(2), place(3)]);
    }
}
