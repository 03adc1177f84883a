//! The edges of entities across the corpus: which tokens right next to entity material are
//! taken into the entity and which are left outside. A token the corpus nearly always leaves
//! outside (`the`, `.`, `as`) but that one entity takes in marks an entity stretched too far;
//! one it nearly always takes in (`Microsoft` before `Windows`) but that one entity leaves
//! outside marks an entity cut short. Unlike the surface-form rules this needs no other
//! occurrence of the entity's own string, so it sees errors on rare entities too.
//!
//! The question asked of each edge is "is this token taken in?", voted on in the survey pass
//! (`EdgeCounts`); the scan of the lint pass notes the edges that go against a clear
//! majority (`EdgeScan`).

use crate::index::combine;
use crate::read::Token;
use crate::recording::Word;
use crate::scheme::Entity;
use crate::source::{FileId, Span};
use crate::votes::{Asked, Deviation, Dissent, Verdict, Verdicts, Votes};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edge {
    Start,
    End,
}

/// The question about a token (by its key hash) at one edge.
fn question(token: u64, edge: Edge) -> u64 {
    combine(token, edge as u64 + 1)
}

/// Calls `f(token, edge, taken, entity)` for every edge of every entity of a sentence of
/// `tokens`: the first and last tokens of entities of two tokens or more (taken
/// in) unless they complete the entity's own punctuation, and the `O` tokens right before and
/// after an entity (left outside).
fn edges<'e, 'a>(
    tokens: &[impl AsRef<str>],
    entities: &'e [Entity<'a>],
    mut f: impl FnMut(usize, Edge, bool, &'e Entity<'a>),
) {
    let len = tokens.len();
    for (i, e) in entities.iter().enumerate() {
        if e.end - e.start >= 2 {
            let material = &tokens[e.start..e.end];
            if !completes(material, Edge::Start) {
                f(e.start, Edge::Start, true, e);
            }
            if !completes(material, Edge::End) {
                f(e.end - 1, Edge::End, true, e);
            }
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

/// Whether the token at `edge` of an entity's `material` completes punctuation of the entity
/// itself: the bracket or quote closing one opened inside it (`Mac OS X 10.6 " Snow Leopard "`,
/// `Pelizaeus - Merzbacher disease ( type II )`), the one opening a pair closed inside it, or
/// the abbreviation point after a letter or a short form (`U . S .`, `Acme Inc .`). Such a token
/// is part of the name, not a choice of where the name ends, so it is neither counted nor
/// judged. A name merely wrapped in quotes (`" wafer "`) completes nothing: the quotes are
/// still judged.
fn completes(material: &[impl AsRef<str>], edge: Edge) -> bool {
    let text = |i: usize| material[i].as_ref();
    let Some(last) = material.len().checked_sub(1).filter(|l| *l > 0) else {
        return false;
    };
    let (first, inner, last) = (text(0), &material[1..last], text(last));
    // Nearly every edge is a word, which is no point, bracket or quote: no comparisons.
    let at_edge = match edge {
        Edge::Start => first,
        Edge::End => last,
    };
    if at_edge
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
    {
        return false;
    }
    match edge {
        Edge::End if last == "." => {
            let before = text(material.len() - 2);
            let letter = before.len() == 1 && before.bytes().all(|b| b.is_ascii_alphabetic());
            letter || ABBREVIATIONS.contains(&before)
        }
        // The pair must open (close) inside: a pair spanning the whole entity only wraps it.
        Edge::End => PAIRS.iter().any(|&(open, close)| {
            last == close && first != open && unmatched(inner, open, close) > 0
        }),
        Edge::Start => PAIRS.iter().any(|&(open, close)| {
            let closing = match open == close {
                true => 1,
                false => -1,
            };
            first == open && last != close && unmatched(inner, open, close) == closing
        }),
    }
}

/// Brackets and quotes, as tokenizers split them (`&quot;` in HTML-escaped text).
const PAIRS: [(&str, &str); 8] = [
    ("(", ")"),
    ("[", "]"),
    ("{", "}"),
    ("\"", "\""),
    ("&quot;", "&quot;"),
    ("“", "”"),
    ("«", "»"),
    ("'", "'"),
];

/// Short forms that end with an abbreviation point in names.
const ABBREVIATIONS: [&str; 10] = [
    "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Bros", "St", "Dr", "No",
];

/// Openings minus closings among `tokens`, at most one deep; for a quote whose two ends are
/// the same token, 1 when one is left unpaired.
fn unmatched(tokens: &[impl AsRef<str>], open: &str, close: &str) -> i32 {
    let count = |mark: &str| tokens.iter().filter(|t| t.as_ref() == mark).count() as i32;
    match open == close {
        true => count(open) % 2,
        false => (count(open) - count(close)).signum(),
    }
}

/// The votes of the whole corpus, gathered chunk by chunk in the survey pass.
#[derive(Default)]
pub struct EdgeCounts {
    votes: Votes,
}

impl EdgeCounts {
    /// Counts the edges of a sentence of `tokens`, whose keys are `hashes`.
    pub fn add_sentence(&mut self, tokens: &[Token], hashes: &[u64], entities: &[Entity]) {
        edges(tokens, entities, |at, edge, taken, _| {
            self.votes.add(question(hashes[at], edge), u64::from(taken));
        });
    }

    pub fn absorb(&mut self, later: EdgeCounts) {
        self.votes.absorb(later.votes);
    }

    pub fn lopsided(self, (min_count, min_share): (usize, f64)) -> EdgeVerdicts {
        EdgeVerdicts {
            verdicts: self.votes.lopsided(min_count, min_share),
            cut_share: (1.0 + min_share.clamp(0.5, 1.0)) / 2.0,
        }
    }
}

/// The lopsided votes, and the share the usual choice needs before leaving a token out is
/// flagged: halfway from `min-token-share` to all.
pub struct EdgeVerdicts {
    verdicts: Verdicts,
    cut_share: f64,
}

/// What `boundary-token` asks about: a token at one edge of an entity, taken in or left out.
#[derive(Clone, Debug)]
pub struct EdgeToken {
    pub edge: Edge,
    /// Whether the token is taken into the entity here (so usually left outside).
    pub taken: bool,
    pub token: Span,
    pub text: String,
}

impl Asked for EdgeToken {
    fn token(&self) -> &str {
        &self.text
    }
}

/// The deviating edges of one chunk (then of the corpus), and the first places that make the
/// usual choice.
pub type EdgeScan = Dissent<EdgeToken>;

impl EdgeScan {
    /// Notes the edges of one sentence; `hashes` are its tokens' keys, and `convention`
    /// tells whether the text of some tokens, and not of others, is how the corpus writes a
    /// name.
    pub fn sentence(
        &mut self,
        verdicts: &EdgeVerdicts,
        (file, tokens, entities, hashes): (FileId, &[Word], &[Entity], &[u64]),
        convention: impl Fn(&[u64], &[u64]) -> bool,
    ) {
        if verdicts.verdicts.is_empty() {
            return;
        }
        edges(tokens, entities, |at, edge, taken, entity| {
            let question = question(hashes[at], edge);
            let place = (file, tokens[at].span);
            let answer = u64::from(taken);
            let observed = self
                .witnesses
                .observe(&verdicts.verdicts, question, answer, place);
            // Leaving out a token entities often take in (`systems`, `source`) is weaker
            // evidence than taking in one they leave out: such a token also heads noun phrases
            // of its own (`DOS tables`), so it needs a clearer majority.
            let clear =
                |v: &Verdict| taken || v.count as f64 >= verdicts.cut_share * v.total as f64;
            let Some(verdict) = observed.filter(clear) else {
                return;
            };
            // A name the corpus writes with the token, in different sentences, and never
            // without it (`for loop`, `use case`) keeps the token by convention: no slip.
            let rest = match edge {
                Edge::Start => entity.start + 1..entity.end,
                Edge::End => entity.start..entity.end - 1,
            };
            if taken && convention(&hashes[entity.start..entity.end], &hashes[rest]) {
                return;
            }
            let asked = EdgeToken {
                edge,
                taken,
                token: tokens[at].span,
                text: tokens[at].text.to_string(),
            };
            let deviation =
                Deviation::new(file, (tokens, hashes), entity, (question, verdict), asked);
            self.deviations.push(deviation);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_completing_the_entity_is_part_of_it_and_wrapping_is_not() {
        for (material, edge, completing) in [
            ("Mac OS X 10.6 \" Snow Leopard \"", Edge::End, true),
            ("Merzbacher disease ( type II )", Edge::End, true),
            ("Steve &quot; Stylez &quot;", Edge::End, true),
            ("( C5 ) deficiency", Edge::Start, true),
            ("\" Snow Leopard \" 10.6", Edge::Start, true),
            ("U . S .", Edge::End, true),
            ("Acme Inc .", Edge::End, true),
            ("\" wafer \"", Edge::End, false),
            ("\" wafer \"", Edge::Start, false),
            ("5.25 \"", Edge::End, false),
            ("HTTP .", Edge::End, false),
            ("Super Mario Bros . 2 .", Edge::End, false),
            ("( C5 ) deficiency ( C6 )", Edge::End, false),
            ("( C5", Edge::Start, false),
            (".", Edge::End, false),
        ] {
            let words: Vec<&str> = material.split(' ').collect();
            assert_eq!(
                completes(&words, edge),
                completing,
                "{material} at {edge:?}"
            );
        }
    }

    #[test]
    fn edges_are_the_inner_ends_of_long_entities_and_the_outer_neighbours() {
        // `a [b c] [d] e`: b, c taken in; a, e left outside; nothing between the adjacent
        // entities, and no inner edge for the one-token entity.
        let mut seen = Vec::new();
        edges(
            &["a", "b", "c", "d", "e"],
            &[Entity::x(1, 3), Entity::x(3, 4)],
            |at, edge, taken, e| seen.push((at, edge, taken, e.start)),
        );
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
