//! What the consistency rules share: comparing the readings of one surface form, ranking a
//! deviating occurrence by how likely it is an error, and pointing at the evidence.

pub mod settings;

use crate::context::CorpusCx;
use crate::diagnostic::Diagnostic;
use crate::index::{CorpusIndex, LabelId, Occurrence, Reading, SurfaceId};
use crate::source::{FileId, Span};
use crate::votes::{Asked, Deviation, Dissent};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use settings::ConsistencySettings;
use std::cell::OnceCell;
use std::hash::{Hash, Hasher};

/// The occurrences of one surface form, as a rule compares them.
pub struct Group<'i> {
    pub index: &'i CorpusIndex,
    pub key: SurfaceId,
    pub occurrences: Vec<&'i Occurrence>,
    text: OnceCell<String>,
}

impl<'i> Group<'i> {
    /// Every surface form of the index that is not an accepted ambiguity.
    pub fn all(
        index: &'i CorpusIndex,
        settings: &ConsistencySettings,
    ) -> impl Iterator<Item = Group<'i>> {
        let accepted = Accepted::new(index, settings);
        index
            .groups()
            .map(|(key, occurrences)| Group {
                index,
                key,
                occurrences,
                text: OnceCell::new(),
            })
            .filter(move |g| !accepted.contains(|| g.text()))
    }

    /// The tokens of the string, joined by spaces: joined once, and only for a string that
    /// is reported.
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| self.index.text(self.key, None))
    }

    /// Occurrences whose reading passes `keep`.
    pub fn filter(&self, keep: impl Fn(&Reading) -> bool) -> Vec<&'i Occurrence> {
        self.occurrences
            .iter()
            .filter(|o| keep(&o.reading))
            .copied()
            .collect()
    }

    pub fn label(&self, id: LabelId) -> &'i str {
        self.index.labels.name(id)
    }

    /// The occurrences that are exactly one entity, and those all `O` (kept ones), with the
    /// count of all `O` ones (kept or only counted).
    pub fn annotated(&self) -> (Vec<&'i Occurrence>, Vec<&'i Occurrence>, usize) {
        let entities = self.filter(|r| matches!(r, Reading::Exact { .. }));
        let plain = self.filter(|r| *r == Reading::Plain);
        let unkept = self.index.unkept(self.key);
        let unannotated = plain.len() + unkept;
        (entities, plain, unannotated)
    }

    /// Entities grouped by label, the most frequent first, and their distribution
    /// (`Application ×7, Protocol ×1`).
    pub fn by_label(
        &self,
        entities: &[&'i Occurrence],
    ) -> (Vec<(LabelId, Vec<&'i Occurrence>)>, String) {
        let by_label = by_reading(entities, |e| match e.reading {
            Reading::Exact { label } => label,
            _ => LabelId::MAX,
        });
        let counts = distribution(by_label.iter().map(|(l, os)| (self.label(*l), os.len())));
        (by_label, counts)
    }
}

/// The strings listed in `accepted-ambiguities`, compared as the index compares strings.
pub struct Accepted<'i> {
    index: &'i CorpusIndex,
    strings: Vec<String>,
}

impl<'i> Accepted<'i> {
    pub fn new(index: &'i CorpusIndex, settings: &ConsistencySettings) -> Accepted<'i> {
        let strings = settings
            .accepted_ambiguities
            .iter()
            .map(|s| index.keys.normalize(s))
            .collect();
        Accepted { index, strings }
    }

    /// Whether the string `text` gives is listed; `text` is only asked for when some string
    /// is (joining a group's tokens for nothing would cost every group a string).
    pub fn contains<'t>(&self, text: impl FnOnce() -> &'t str) -> bool {
        !self.strings.is_empty() && self.strings.contains(&self.index.keys.normalize(text()))
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

/// Whether `majority` out of `total` is enough to call all the other readings errors.
pub fn dominates(settings: &ConsistencySettings, majority: usize, total: usize) -> bool {
    outvotes(settings, majority, total - majority, total)
}

/// Whether the `majority` reading outvotes one other reading held `minority` times, among
/// `total` occurrences of the string. Each reading is weighed against the majority on its
/// own: `Java` as `Language` ×99 and `Application` ×9 outvotes a single `Operating_System`
/// even where `Application` is a sense of its own.
pub fn outvotes(
    settings: &ConsistencySettings,
    majority: usize,
    minority: usize,
    total: usize,
) -> bool {
    total >= settings.min_occurrences.max(2)
        && majority >= settings.min_majority.max(1)
        && minority > 0
        && majority > minority
        && majority as f64 >= settings.min_majority_share.max(0.5) * (majority + minority) as f64
}

/// A file, and the `-DOCSTART-` block within it.
type Document = (FileId, usize);

/// Occurrences that share a reading, with what ranking needs to know about them at hand.
pub struct Side<'i> {
    pub occurrences: Vec<&'i Occurrence>,
    /// Per document, its occurrences there.
    documents: FxHashMap<Document, Vec<&'i Occurrence>>,
    lefts: FxHashSet<u16>,
    rights: FxHashSet<u16>,
}

impl<'i> Side<'i> {
    pub fn new(index: &CorpusIndex, occurrences: Vec<&'i Occurrence>) -> Side<'i> {
        let mut documents: FxHashMap<_, Vec<&Occurrence>> = FxHashMap::default();
        for o in &occurrences {
            documents.entry(index.document(o)).or_default().push(o);
        }
        Side {
            lefts: occurrences.iter().map(|o| o.left).collect(),
            rights: occurrences.iter().map(|o| o.right).collect(),
            documents,
            occurrences,
        }
    }

    pub fn len(&self) -> usize {
        self.occurrences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.occurrences.is_empty()
    }

    fn in_document(&self, document: Document) -> &[&'i Occurrence] {
        self.documents.get(&document).map_or(&[], Vec::as_slice)
    }

    /// The share of `o`'s two neighbours (left, right) that some occurrence here shares.
    fn context(&self, o: &Occurrence) -> f64 {
        let left = self.lefts.contains(&o.left);
        let right = self.rights.contains(&o.right);
        (u8::from(left) + u8::from(right)) as f64 / 2.0
    }
}

/// How likely `o` (one of `minority`), read differently from `majority`, is an error, in
/// [0, 1].
///
/// Starts from the majority's share (smoothed, so that 2 against 1 is less sure than 20
/// against 10) as log-odds, then weighs in the context and the document:
/// - the variation n-gram idea: a deviation in the same surrounding tokens as the majority is
///   more likely a slip than one in a different context;
/// - inside one document a string keeps one reading; a document that agrees with the majority
///   elsewhere makes the deviation stand out, one that repeats the deviation makes it look
///   deliberate.
pub fn confidence(index: &CorpusIndex, o: &Occurrence, majority: &Side, minority: &Side) -> f64 {
    let (n, m) = (majority.len() as f64, minority.len() as f64);
    let share = n / (n + m + 1.0);
    let document = index.document(o);
    let agrees = !majority.in_document(document).is_empty();
    let repeats = minority.in_document(document).len() > 1;
    let document_weight = match (agrees, repeats) {
        (true, _) => 0.5,
        (false, true) => -0.7,
        (false, false) => 0.0,
    };
    // Inside a longer entity the neighbours belong to that entity, not to a context, and the
    // longer entity may well be another name: weaker evidence.
    let context_weight = match o.reading {
        Reading::Within { .. } => -1.0,
        _ => majority.context(o) - 0.5,
    };
    let odds = (share / (1.0 - share)).ln() + context_weight + document_weight;
    round(1.0 / (1.0 + (-odds).exp()))
}

/// Two decimals: enough to rank, and stable in expected outputs.
pub fn round(confidence: f64) -> f64 {
    (confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0
}

/// How many majority occurrences are shown as evidence.
const EVIDENCE: usize = 3;

/// Points `diagnostic` at a few majority occurrences: those in the same document and the
/// same context first, then the first ones of the corpus.
pub fn with_evidence(
    index: &CorpusIndex,
    mut diagnostic: Diagnostic,
    o: &Occurrence,
    majority: &Side,
    message: impl Fn(&Occurrence) -> String,
) -> Diagnostic {
    // Evidence from the same document first, between the same neighbours first.
    let nearby = majority.in_document(index.document(o));
    let same_context = |m: &&&Occurrence| m.left == o.left && m.right == o.right;
    let mut chosen: Vec<&Occurrence> = nearby
        .iter()
        .filter(same_context)
        .take(EVIDENCE)
        .copied()
        .collect();
    for m in nearby.iter().chain(&majority.occurrences) {
        if chosen.len() >= EVIDENCE {
            break;
        }
        if !chosen.iter().any(|c| std::ptr::eq(*c, *m)) {
            chosen.push(m);
        }
    }
    chosen.sort_by_key(|m| (m.file(), m.span().start));
    for m in chosen {
        diagnostic = diagnostic.secondary(m.file(), m.mark(), message(m));
    }
    diagnostic
}

/// A finding not built yet: what ranking it needs (its confidence, and where its primary
/// span is), what makes findings alike, and what it is `about`, to build only the findings
/// that are kept.
pub struct Candidate<T> {
    confidence: f64,
    file: FileId,
    primary: Span,
    /// Candidates with the same key are alike; `None` for one like no other.
    alike: Option<u64>,
    about: T,
}

impl<T> Candidate<T> {
    pub fn new(confidence: f64, file: FileId, primary: Span, about: T) -> Candidate<T> {
        Candidate {
            confidence,
            file,
            primary,
            alike: None,
            about,
        }
    }

    /// Makes this candidate alike all others of the same rule and string with the same `key`.
    pub fn alike(mut self, key: &impl Hash) -> Candidate<T> {
        let mut hasher = FxHasher::default();
        key.hash(&mut hasher);
        self.alike = Some(hasher.finish());
        self
    }
}

/// A candidate about `o`: alike the others with the same reading in the same sentence repeated
/// (the same neighbours and sentence fingerprint).
pub fn of_occurrence<T>(confidence: f64, o: &Occurrence, primary: Span, about: T) -> Candidate<T> {
    let alike = (o.reading, o.left, o.right, o.sentence());
    Candidate::new(confidence, o.file(), primary, about).alike(&alike)
}

/// A candidate about `o`, one of `minority`, ranked by how likely it is an error against
/// `majority`.
pub fn candidate<T>(
    index: &CorpusIndex,
    o: &Occurrence,
    primary: Span,
    (majority, minority): (&Side, &Side),
    about: T,
) -> Candidate<T> {
    of_occurrence(confidence(index, o, majority, minority), o, primary, about)
}

/// Keeps the `max_findings_per_string` most confident of the candidates about one string and
/// builds their findings, with the confidence they were ranked by; alike candidates are folded
/// into the most confident of them (`fold_alike_findings`), which points at the others; the
/// last one kept says how many more there are.
pub fn most_confident<T>(
    mut found: Vec<Candidate<T>>,
    settings: &ConsistencySettings,
    text: &str,
    build: impl Fn(T) -> Diagnostic,
) -> Vec<Diagnostic> {
    let limit = settings.max_findings_per_string.max(1);
    let fold = settings.fold_alike_findings && found.iter().any(|c| c.alike.is_some());
    if fold || found.len() > limit {
        found.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then((a.file, a.primary.start).cmp(&(b.file, b.primary.start)))
        });
    }
    // Per kept candidate, the places of those folded into it.
    let mut twins: Vec<Vec<(FileId, Span)>> = Vec::new();
    if fold {
        let mut first: FxHashMap<u64, usize> = FxHashMap::default();
        let mut kept = Vec::with_capacity(found.len());
        for c in found {
            match c.alike.and_then(|key| first.get(&key)) {
                Some(&at) => twins[at].push((c.file, c.primary)),
                None => {
                    if let Some(key) = c.alike {
                        first.insert(key, kept.len());
                    }
                    kept.push(c);
                    twins.push(Vec::new());
                }
            }
        }
        found = kept;
    }
    let more = found.len().saturating_sub(limit);
    found.truncate(limit);
    twins.resize_with(found.len(), Vec::new);
    let mut kept: Vec<Diagnostic> = found
        .into_iter()
        .zip(twins)
        .map(|(c, twins)| with_twins(build(c.about), &twins).confidence(c.confidence))
        .collect();
    if let Some(last) = kept.last_mut().filter(|_| more > 0) {
        last.notes.push(format!(
            "{more} more like this about `{text}` are not shown (max-findings-per-string {limit})"
        ));
    }
    kept
}

/// A finding that points at the first few of the places folded into it, and counts them all.
fn with_twins(mut diagnostic: Diagnostic, twins: &[(FileId, Span)]) -> Diagnostic {
    if twins.is_empty() {
        return diagnostic;
    }
    for &(file, span) in twins.iter().take(EVIDENCE) {
        diagnostic = diagnostic.secondary(file, span, "the same here");
    }
    diagnostic.note(format!(
        "the same at {} more {} (fold-alike-findings)",
        twins.len(),
        match twins.len() {
            1 => "place",
            _ => "places",
        }
    ))
}

/// The findings of a rule that judges entities by one token (`boundary-token`, `head-type`):
/// one per deviation, but none for accepted entities (`The Hague`), and at most
/// `max_findings_per_string` per question, the most confident first. `candidate` ranks a
/// deviation, `finding` builds the finding about it.
pub fn token_findings<'d, A: Asked>(
    cx: &CorpusCx,
    dissent: &'d Dissent<A>,
    candidate: impl Fn(&'d Deviation<A>) -> Candidate<&'d Deviation<A>>,
    finding: impl Fn(&Deviation<A>) -> Diagnostic,
) -> Vec<Diagnostic> {
    let Some(index) = cx.index else {
        return Vec::new();
    };
    let accepted = Accepted::new(index, cx.consistency);
    let mut out = Vec::new();
    for group in dissent.by_question() {
        let found = group
            .iter()
            .filter(|d| !accepted.contains(|| &d.entity_text))
            .map(|d| candidate(d).alike(&(&d.entity_text, &d.label, d.sentence)))
            .collect();
        let token = group[0].asked.token();
        out.extend(most_confident(found, cx.consistency, token, &finding));
    }
    out
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
