//! What the page shows, as data: findings grouped by rule and by surface string, every
//! sentence they point into (each stored once), and counts per label. The page embeds it as
//! JSON and renders it in the browser, group by group as the reader opens them.

use super::labels;
use super::sentence::{self, Sentence, Window};
use crate::diagnostic::Severity;
use crate::engine::Outcome;
use crate::registry::RuleMeta;
use crate::render::Totals;
use crate::source::{FileId, Span};
use crate::tag::Tag;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Longer tokens and lines are cut to this many characters on the page.
const MAX_TEXT_CHARS: usize = 120;

/// The report of a run; its text is borrowed from the run's files and findings.
#[derive(Serialize)]
pub struct Report<'a> {
    pub version: &'static str,
    pub totals: Counts,
    pub files: Vec<&'a str>,
    /// Rules with findings, in code order.
    pub rules: Vec<RuleGroup>,
    /// Every label of the corpus, in name order.
    pub labels: Vec<LabelCount>,
    /// Tag spellings; sentences refer to them by index.
    pub tags: Vec<&'a str>,
    pub sentences: Vec<ShownSentence<'a>>,
    pub findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
pub struct Counts {
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    pub unreadable: usize,
    pub sentences: u64,
    pub tokens: u64,
}

#[derive(Serialize)]
pub struct RuleGroup {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    /// The highest severity among its findings.
    pub severity: Severity,
    pub count: usize,
    /// Most frequent surface string first.
    pub groups: Vec<SurfaceGroup>,
}

/// Findings of one rule on the same token text (`""` for findings not on a token).
#[derive(Serialize)]
pub struct SurfaceGroup {
    pub surface: String,
    /// Indices into `Report::findings`, in file order.
    pub findings: Vec<usize>,
}

#[derive(Serialize)]
pub struct LabelCount {
    pub name: String,
    /// Hue in degrees, fixed by the name.
    pub hue: u32,
    /// Entities with this label in the corpus.
    pub entities: u64,
    /// Findings whose flagged or conflicting tokens carry this label.
    pub findings: usize,
}

#[derive(Serialize)]
pub struct ShownSentence<'a> {
    pub file: FileId,
    /// 1-based line of the first token.
    pub line: usize,
    pub tokens: Vec<Cow<'a, str>>,
    /// Index into `Report::tags` per token.
    pub tags: Vec<usize>,
    /// `[first token, end token, label index]` with the label indexing `Report::labels`.
    pub entities: Vec<[usize; 3]>,
    /// Tokens left out before and after (the sentence was longer than the window).
    pub cut_before: bool,
    pub cut_after: bool,
}

#[derive(Serialize)]
pub struct Finding<'a> {
    /// Index into `Report::rules`.
    pub rule: usize,
    pub severity: Severity,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub notes: &'a [String],
    /// The flagged place; its message is the diagnostic's label.
    pub at: Place<'a>,
    /// The other places of the finding (secondary labels): conflicting occurrences, causes.
    pub others: Vec<Place<'a>>,
    /// Indices into `Report::labels` of the labels on flagged and conflicting tokens.
    pub labels: Vec<usize>,
    /// How likely a corpus-wide finding is an annotation error (0 to 1), where the rule says.
    pub confidence: Option<f64>,
}

#[derive(Serialize)]
pub struct Place<'a> {
    pub file: FileId,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
    /// Index into `Report::sentences`, when the place is in a sentence.
    pub sentence: Option<usize>,
    /// Tokens of the sentence that the place covers.
    pub tokens: Vec<usize>,
    /// The line itself, when the place is not in a sentence.
    pub excerpt: Option<Cow<'a, str>>,
}

impl<'a> Report<'a> {
    pub fn of(outcome: &'a Outcome) -> Report<'a> {
        let counts = labels::entity_counts(outcome);
        let hues = labels::hues(counts.keys().map(String::as_str));
        let label_index: HashMap<&str, usize> =
            hues.keys().enumerate().map(|(i, l)| (*l, i)).collect();
        let (sentences, tags, located) = locate(outcome, &label_index);
        let fired: BTreeMap<&str, &'static RuleMeta> = outcome
            .diagnostics
            .iter()
            .map(|d| (d.rule.code, d.rule))
            .collect();
        let rules: Vec<&'static RuleMeta> = fired.into_values().collect();
        let findings = findings(outcome, &rules, located);
        let mut label_findings = vec![0; hues.len()];
        for label in findings.iter().flat_map(|f| &f.labels) {
            label_findings[*label] += 1;
        }
        let totals = Totals::of(outcome);
        Report {
            version: env!("CARGO_PKG_VERSION"),
            totals: Counts {
                findings: outcome.diagnostics.len(),
                errors: totals.errors,
                warnings: totals.warnings,
                files: outcome.files.len(),
                unreadable: outcome.unreadable,
                sentences: totals.sentences,
                tokens: totals.tokens,
            },
            files: outcome.files.iter().map(|f| f.path.as_str()).collect(),
            rules: group(&rules, &findings, &sentences),
            labels: hues
                .iter()
                .zip(label_findings)
                .map(|((name, hue), findings)| LabelCount {
                    name: name.to_string(),
                    hue: *hue,
                    entities: counts[*name],
                    findings,
                })
                .collect(),
            tags,
            sentences,
            findings,
        }
    }
}

/// One `Finding` per diagnostic, in order; `located` holds an entry per place, in order.
fn findings<'a>(
    outcome: &'a Outcome,
    rules: &[&'static RuleMeta],
    located: Vec<Located>,
) -> Vec<Finding<'a>> {
    let mut located = located.into_iter();
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let mut labels = BTreeSet::new();
            let mut place = |file: FileId, span: Span, message: &'a str| {
                let found = located.next().expect("one located entry per place");
                labels.extend(found.labels);
                Place::new(outcome, file, span, message, found.sentence, found.tokens)
            };
            let at = place(d.file, d.span, &d.label);
            let others = d
                .labels
                .iter()
                .map(|l| place(l.file, l.span, &l.message))
                .collect();
            Finding {
                rule: rules.iter().position(|r| *r == d.rule).expect("rule fired"),
                severity: d.severity,
                message: &d.message,
                help: d.help.as_deref(),
                notes: &d.notes,
                at,
                others,
                labels: labels.into_iter().collect(),
                confidence: d.confidence,
            }
        })
        .collect()
}

/// Groups findings by rule, then by the text of their flagged tokens, most frequent first.
fn group(
    rules: &[&'static RuleMeta],
    findings: &[Finding],
    sentences: &[ShownSentence],
) -> Vec<RuleGroup> {
    let mut by_surface: Vec<HashMap<String, Vec<usize>>> = vec![HashMap::new(); rules.len()];
    for (index, f) in findings.iter().enumerate() {
        let surface = match f.at.sentence {
            Some(s) => {
                let tokens: Vec<&str> =
                    f.at.tokens
                        .iter()
                        .map(|&t| sentences[s].tokens[t].as_ref())
                        .collect();
                tokens.join(" ")
            }
            None => String::new(),
        };
        by_surface[f.rule].entry(surface).or_default().push(index);
    }
    rules
        .iter()
        .zip(by_surface)
        .map(|(rule, surfaces)| {
            let mut groups: Vec<SurfaceGroup> = surfaces
                .into_iter()
                .map(|(surface, findings)| SurfaceGroup { surface, findings })
                .collect();
            groups.sort_by(|a, b| {
                (b.findings.len(), &a.surface).cmp(&(a.findings.len(), &b.surface))
            });
            let members = || {
                groups
                    .iter()
                    .flat_map(|g| &g.findings)
                    .map(|f| &findings[*f])
            };
            RuleGroup {
                code: rule.code,
                name: rule.name,
                summary: rule.summary(),
                severity: members().map(|f| f.severity).max().unwrap_or(rule.level),
                count: members().count(),
                groups,
            }
        })
        .collect()
}

impl<'a> Place<'a> {
    fn new(
        outcome: &'a Outcome,
        file: FileId,
        span: Span,
        message: &'a str,
        sentence: Option<usize>,
        tokens: Vec<usize>,
    ) -> Place<'a> {
        let source = &outcome.files[file];
        let position = source.position(span.start);
        let line = source.line_span(span.start);
        let excerpt = &source.text[line.start.max(source.body_start()).min(line.end)..line.end];
        Place {
            file,
            line: position.line,
            column: position.column,
            message,
            sentence,
            tokens,
            excerpt: (sentence.is_none() && !excerpt.trim().is_empty())
                .then(|| shorten(Cow::Borrowed(excerpt))),
        }
    }
}

/// Where a place is in the sentence table.
struct Located {
    sentence: Option<usize>,
    /// Tokens the place covers ...
    tokens: Vec<usize>,
    /// ... and the labels (indices) of those that are in an entity tag.
    labels: Vec<usize>,
}

/// Finds the sentence of every place (each diagnostic's span, then its labels) and reads each
/// sentence once, however many places point into it. Returns the sentences, the tag table they
/// index, and one entry per place.
fn locate<'a>(
    outcome: &'a Outcome,
    label_index: &HashMap<&str, usize>,
) -> (Vec<ShownSentence<'a>>, Vec<&'a str>, Vec<Located>) {
    let places: Vec<(FileId, Span)> = outcome
        .diagnostics
        .iter()
        .flat_map(|d| {
            std::iter::once((d.file, d.span)).chain(d.labels.iter().map(|l| (l.file, l.span)))
        })
        .collect();
    let windows: Vec<Option<Window>> = places
        .par_iter()
        .map(|&(file, span)| {
            let layout = outcome.summaries[file].layout.as_ref()?;
            sentence::window(&outcome.files[file], layout.format, span.start)
        })
        .collect();
    let mut unique: HashMap<(FileId, usize), usize> = HashMap::new();
    let mut wanted: Vec<(FileId, Window, usize)> = Vec::new();
    let window_of_place: Vec<Option<usize>> = places
        .iter()
        .zip(&windows)
        .map(|(&(file, span), window)| {
            let window = (*window)?;
            Some(*unique.entry((file, window.span.start)).or_insert_with(|| {
                wanted.push((file, window, span.start));
                wanted.len() - 1
            }))
        })
        .collect();
    let read: Vec<Option<Sentence>> = wanted
        .par_iter()
        .map(|&(file, window, offset)| {
            let summary = &outcome.summaries[file];
            let layout = summary.layout.as_ref()?;
            Sentence::read(
                &outcome.files[file],
                layout,
                summary.spelling,
                window,
                offset,
            )
        })
        .collect();

    let mut tags = Interner::default();
    let mut shown = Vec::new();
    let shown_of_window: Vec<Option<usize>> = wanted
        .iter()
        .zip(&read)
        .map(|(&(file, window, _), sentence)| {
            let sentence = sentence.as_ref()?;
            shown.push(ShownSentence {
                file,
                line: outcome.files[file].line_index(sentence.tokens[0].line.start) + 1,
                tokens: sentence
                    .tokens
                    .iter()
                    .map(|t| shorten(t.text.clone()))
                    .collect(),
                tags: sentence.tokens.iter().map(|t| tags.index(t.tag)).collect(),
                entities: sentence
                    .entities
                    .iter()
                    .filter_map(|e| Some([e.start, e.end, *label_index.get(e.label)?]))
                    .collect(),
                cut_before: window.cut_before,
                cut_after: window.cut_after,
            });
            Some(shown.len() - 1)
        })
        .collect();

    let located = places
        .iter()
        .zip(window_of_place)
        .map(|(&(_, span), window)| {
            let Some((sentence, shown)) =
                window.and_then(|w| Some((read[w].as_ref()?, shown_of_window[w]?)))
            else {
                return Located {
                    sentence: None,
                    tokens: Vec::new(),
                    labels: Vec::new(),
                };
            };
            let tokens = sentence.touched_by(span);
            let labels = tokens
                .iter()
                .filter_map(|&t| match sentence.tags[t] {
                    Tag::Entity { label, .. } => label_index.get(label).copied(),
                    _ => None,
                })
                .collect();
            Located {
                sentence: Some(shown),
                tokens,
                labels,
            }
        })
        .collect();
    (shown, tags.names, located)
}

/// Cuts text to `MAX_TEXT_CHARS` characters, marking the cut with an ellipsis.
fn shorten(text: Cow<str>) -> Cow<str> {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => text,
    }
}

/// Numbers distinct strings in the order they are first seen.
#[derive(Default)]
struct Interner<'a> {
    names: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Interner<'a> {
    fn index(&mut self, name: &'a str) -> usize {
        *self.index.entry(name).or_insert_with(|| {
            self.names.push(name);
            self.names.len() - 1
        })
    }
}
