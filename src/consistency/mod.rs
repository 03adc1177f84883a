//! What the consistency rules share: comparing the readings of one surface form, ranking a
//! deviating occurrence by how likely it is an error, and pointing at the evidence.

pub mod settings;

use crate::diagnostic::Diagnostic;
use crate::index::{CorpusIndex, Occurrence, Reading};
use settings::ConsistencySettings;

/// The occurrences of one surface form, as a rule compares them.
pub struct Group<'i> {
    pub index: &'i CorpusIndex,
    pub key: u64,
    pub occurrences: &'i [Occurrence],
}

impl<'i> Group<'i> {
    /// Every surface form of the index that is not an accepted ambiguity.
    pub fn all(index: &'i CorpusIndex, settings: &ConsistencySettings) -> Vec<Group<'i>> {
        let accepted: Vec<String> = settings
            .accepted_ambiguities
            .iter()
            .map(|s| index.keys.normalize(s))
            .collect();
        index
            .groups()
            .map(|occurrences| Group {
                index,
                key: occurrences[0].key,
                occurrences,
            })
            .filter(|g| !accepted.contains(&index.keys.normalize(&g.text())))
            .collect()
    }

    pub fn text(&self) -> String {
        self.index.text(self.key, None)
    }

    /// Occurrences whose reading passes `keep`.
    pub fn filter(&self, keep: impl Fn(&Reading) -> bool) -> Vec<&'i Occurrence> {
        self.occurrences
            .iter()
            .filter(|o| keep(&o.reading))
            .collect()
    }

    pub fn label(&self, id: u32) -> &'i str {
        self.index.labels.name(id)
    }
}

/// Occurrences sharing one reading (a label, a span), the most frequent first.
pub fn by_reading<'i, K: Ord + Copy>(
    occurrences: &[&'i Occurrence],
    reading: impl Fn(&Occurrence) -> K,
) -> Vec<(K, Vec<&'i Occurrence>)> {
    let mut groups: std::collections::BTreeMap<K, Vec<&'i Occurrence>> = Default::default();
    for o in occurrences {
        groups.entry(reading(o)).or_default().push(o);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.1.len()));
    groups
}

/// Whether `majority` out of `total` is enough to call the other readings errors.
pub fn dominates(settings: &ConsistencySettings, majority: usize, total: usize) -> bool {
    total >= settings.min_occurrences.max(2)
        && majority >= settings.min_majority.max(1)
        && majority as f64 >= settings.min_majority_share.max(0.5) * total as f64
        && majority < total
}

/// How likely `o`, read differently from `majority`, is an error, in [0, 1].
///
/// Starts from the majority's share (smoothed, so that 2 against 1 is less sure than 20
/// against 10) as log-odds, then weighs in the context and the document:
/// - the variation n-gram idea: a deviation in the same surrounding tokens as the majority is
///   more likely a slip than one in a different context;
/// - inside one document a string keeps one reading; a document that agrees with the majority
///   elsewhere makes the deviation stand out, one that repeats the deviation makes it look
///   deliberate.
pub fn confidence(
    index: &CorpusIndex,
    o: &Occurrence,
    majority: &[&Occurrence],
    minority: &[&Occurrence],
) -> f64 {
    let (n, m) = (majority.len() as f64, minority.len() as f64);
    let share = n / (n + m + 1.0);
    let document = index.document(o);
    let agrees = majority.iter().any(|x| index.document(x) == document);
    let repeats = minority
        .iter()
        .any(|x| !std::ptr::eq(*x, o) && index.document(x) == document);
    let document_weight = match (agrees, repeats) {
        (true, _) => 0.5,
        (false, true) => -0.7,
        (false, false) => 0.0,
    };
    let context_weight = context(o, majority) - 0.5;
    let odds = (share / (1.0 - share)).ln() + context_weight + document_weight;
    round(1.0 / (1.0 + (-odds).exp()))
}

/// Two decimals: enough to rank, and stable in expected outputs.
pub fn round(confidence: f64) -> f64 {
    (confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0
}

/// The share of `o`'s two neighbours (left, right) that some majority occurrence shares.
fn context(o: &Occurrence, majority: &[&Occurrence]) -> f64 {
    let left = majority.iter().any(|m| m.left == o.left);
    let right = majority.iter().any(|m| m.right == o.right);
    (u8::from(left) + u8::from(right)) as f64 / 2.0
}

/// How many majority occurrences are shown as evidence.
const EVIDENCE: usize = 3;

/// Points `diagnostic` at a few majority occurrences: those in the same document and the
/// same context first.
pub fn with_evidence(
    index: &CorpusIndex,
    mut diagnostic: Diagnostic,
    o: &Occurrence,
    majority: &[&Occurrence],
    message: impl Fn(&Occurrence) -> String,
) -> Diagnostic {
    let document = index.document(o);
    let mut ranked: Vec<&&Occurrence> = majority.iter().collect();
    ranked.sort_by_key(|m| {
        (
            index.document(m) != document,
            m.left != o.left || m.right != o.right,
        )
    });
    for m in ranked.into_iter().take(EVIDENCE) {
        diagnostic = diagnostic.secondary(m.file, m.mark(), message(m));
    }
    diagnostic
}

/// `Application ×7, Protocol ×1`.
pub fn distribution<'a>(counts: impl IntoIterator<Item = (&'a str, usize)>) -> String {
    let parts: Vec<String> = counts
        .into_iter()
        .map(|(what, n)| format!("{what} ×{n}"))
        .collect();
    parts.join(", ")
}

/// `once`, `2 times`.
pub fn times(n: usize) -> String {
    match n {
        1 => "once".into(),
        _ => format!("{n} times"),
    }
}

#[cfg(test)]
mod tests;
