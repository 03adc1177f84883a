use crate::consistency::{self, Candidate, Group, Side, by_reading, outvotes, times};
use crate::consistency::settings::ConsistencySettings;
use crate::context::CorpusCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{LabelId, Occurrence, Reading};
use crate::registry::{Rule, RuleMeta};
use std::cell::LazyCell;

pub static RULE: RuleMeta = RuleMeta {
    code: "C003",
    name: "boundary-conflict",
    level: Severity::Warning,
    doc: super::rule_doc!("boundary-conflict"),
};

/// The same material annotated with different spans: an entity cut short where the whole
/// string is the usual annotation, or an entity that extends the usual, shorter one.
pub struct BoundaryConflict;

impl Rule for BoundaryConflict {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn uses_index(&self) -> bool {
        true
    }

    fn check_corpus(&self, cx: &CorpusCx, out: &mut Vec<Diagnostic>) {
        let Some(index) = cx.index else { return };
        let mut found = Vec::new();
        for group in Group::all(index, cx.consistency) {
            found.extend(check_group(&group, cx.consistency));
        }
        // An entity that extends several usual annotations (`Linux`, `kernel`) is one finding:
        // the most confident.
        found.sort_by(|a, b| {
            (a.file, a.span)
                .cmp(&(b.file, b.span))
                .then(b.confidence.unwrap_or(0.0).total_cmp(&a.confidence.unwrap_or(0.0)))
        });
        found.dedup_by_key(|d| (d.file, d.span));
        out.extend(found);
    }
}

/// The findings about one string: wrapped, truncated or extended annotations. Each way of
/// annotating it differently is weighed against the whole string on its own.
fn check_group<'i>(group: &Group<'i>, settings: &ConsistencySettings) -> Vec<Diagnostic> {
    let index = group.index;
    let mut found = Vec::new();
    let whole = group.filter(|r| matches!(r, Reading::Exact { .. }));
    let inside = group.filter(|r| matches!(r, Reading::Within { .. }));
    if whole.is_empty() && inside.len() >= settings.min_majority.max(2) {
        found.extend(head(group, &inside).map(|d| {
            Candidate::new(d.confidence.unwrap_or(0.0), d.file, d.span, Finding::Head(d))
        }));
    }
    // Most strings have no finding: their sides are never built.
    let side = LazyCell::new(|| Side::new(index, whole.clone()));
    if outvotes(settings, whole.len(), inside.len(), whole.len() + inside.len()) {
        let inside = Side::new(index, inside.clone());
        found.extend(inside.occurrences.iter().map(|&o| {
            consistency::candidate(index, o, o.mark(), (&side, &inside), Finding::Engulfed(o))
        }));
    }
    let parts = group.filter(|r| matches!(r, Reading::Split { .. }));
    let shapes = match whole.is_empty() {
        true => Vec::new(),
        false => by_reading(&parts, shape),
    };
    let total = whole.len() + parts.len();
    for (_, parts) in &shapes {
        if outvotes(settings, whole.len(), parts.len(), total) {
            let parts = Side::new(index, parts.clone());
            found.extend(parts.occurrences.iter().map(|&o| {
                let finding = Finding::Truncated(o, parts.len());
                consistency::candidate(index, o, o.mark(), (&side, &parts), finding)
            }));
        }
    }
    let usual = LazyCell::new(|| Side::new(index, shapes[0].1.clone()));
    if let Some((_, first)) = shapes.first()
        && outvotes(settings, first.len(), whole.len(), total)
    {
        found.extend(side.occurrences.iter().map(|&o| {
            consistency::candidate(index, o, o.span(), (&usual, &side), Finding::Extended(o))
        }));
    }
    consistency::most_confident(found, settings, group.text(), |finding| match finding {
        Finding::Engulfed(o) => engulfed(group, o, &side, inside.len()),
        Finding::Truncated(o, parts) => truncated(group, o, &side, parts),
        Finding::Extended(o) => extended(group, o, &usual, whole.len()),
        Finding::Head(d) => d,
    })
}

/// What a finding about one string says, until it is built.
enum Finding<'i> {
    /// `o` is inside a longer entity, where the string alone is the usual annotation.
    Engulfed(&'i Occurrence),
    /// `o` is annotated in part, as so many occurrences are, where the whole is usual.
    Truncated(&'i Occurrence, usize),
    /// `o` is annotated whole, where the usual annotation is a part.
    Extended(&'i Occurrence),
    /// The one finding about a head wrapped in longer entities, built at once.
    Head(Diagnostic),
}

/// Which tokens are annotated, and how: tells apart the different inner spans.
fn shape(o: &Occurrence) -> (u8, u8, LabelId) {
    match o.reading {
        Reading::Split { label, tokens, .. } => (tokens.0, tokens.1, label),
        _ => (0, 0, LabelId::MAX),
    }
}

/// The text and label of the inner entities of a split reading.
fn inner(group: &Group, o: &Occurrence) -> (String, String) {
    match o.reading {
        Reading::Split { label, tokens, .. } => (
            group.index.text(group.key, Some(tokens)),
            group.label(label).to_string(),
        ),
        Reading::Exact { label } | Reading::Within { label, .. } => {
            (group.text().to_string(), group.label(label).to_string())
        }
        _ => (group.text().to_string(), String::new()),
    }
}

fn truncated(
    group: &Group,
    o: &Occurrence,
    whole: &Side,
    parts: usize,
) -> Diagnostic {
    let text = group.text();
    let (part, label) = inner(group, o);
    // Inner entities that reach both ends are several: one of them would be the whole.
    let message = match part == text {
        true => format!(
            "`{text}` is split into several entities here, but is one entity {} elsewhere",
            times(whole.len())
        ),
        false => format!(
            "only `{part}` is annotated here, but `{text}` is one entity {} elsewhere",
            times(whole.len())
        ),
    };
    let diagnostic = Diagnostic::new(&RULE, o.file(), o.mark(), message)
    .label(format!("`{label}`"))
    .note(format!(
        "`{text}` is annotated whole ×{}, in part ×{}",
        whole.len(),
        parts
    ))
    .help(format!(
        "annotate all of `{text}`, or list it as an accepted ambiguity"
    ));
    consistency::with_evidence(group.index, diagnostic, o, whole, |w| {
        format!("`{text}` as `{}` here", inner(group, w).1)
    })
}

fn extended(
    group: &Group,
    o: &Occurrence,
    usual: &Side,
    whole: usize,
) -> Diagnostic {
    let text = group.text();
    let (part, label) = inner(group, usual.occurrences[0]);
    let diagnostic = Diagnostic::new(
        &RULE,
        o.file(),
        o.span(),
        format!(
            "`{text}` is one entity here, but only `{part}` is annotated {} elsewhere",
            times(usual.len())
        ),
    )
    .label(format!("`{}`", inner(group, o).1))
    .note(format!(
        "`{text}` is annotated whole ×{}, as `{part}` ×{}",
        whole,
        usual.len()
    ))
    .help(format!(
        "annotate only `{part}`, or list `{text}` as an accepted ambiguity"
    ));
    consistency::with_evidence(group.index, diagnostic, o, usual, |_| {
        format!("`{part}` as `{label}` here")
    })
}

/// `o` is inside a longer entity that is annotated nowhere else, while the string alone is
/// the usual annotation.
fn engulfed(group: &Group, o: &Occurrence, whole: &Side, inside: usize) -> Diagnostic {
    let text = group.text();
    let diagnostic = Diagnostic::new(
        &RULE,
        o.file(),
        o.mark(),
        format!(
            "this entity extends `{text}`, which is one entity on its own {}",
            times(whole.len())
        ),
    )
    .label(format!("`{}`, annotated only here", inner(group, o).1))
    .note(format!(
        "`{text}` is annotated alone ×{}, inside a longer entity ×{}",
        whole.len(),
        inside
    ))
    .help(format!(
        "annotate only `{text}`, or list it as an accepted ambiguity"
    ));
    consistency::with_evidence(group.index, diagnostic, o, whole, |w| {
        format!("`{text}` as `{}` here", inner(group, w).1)
    })
}

/// A head (`file system`) never annotated alone but wrapped by lowercase modifiers into
/// entities of different types (`distributed file system` `Protocol`, `journaling file system`
/// `Application`), or left `O` more often than it is wrapped: one finding for the string,
/// pointing at the wrapping entities and at a few plain occurrences.
fn head(group: &Group, inside: &[&Occurrence]) -> Option<Diagnostic> {
    let (_, plain, unannotated) = group.annotated();
    let label = |o: &Occurrence| match o.reading {
        Reading::Within { label, .. } => label,
        _ => LabelId::MAX,
    };
    let types = by_reading(inside, label);
    if types.len() < 2 && unannotated < inside.len() {
        return None;
    }
    let text = group.text();
    let counts = consistency::distribution(types.iter().map(|(l, os)| (group.label(*l), os.len())));
    let first = inside[0];
    let mut diagnostic = Diagnostic::new(
        &RULE,
        first.file(),
        first.mark(),
        format!("`{text}` is annotated only inside longer entities, and not the same way"),
    )
    .label(format!("`{}` around `{text}`", group.label(label(first))))
    .note(format!(
        "`{text}` is annotated inside {counts}, not annotated ×{unannotated}"
    ))
    .help(format!(
        "annotate `{text}` the same way everywhere, or list it as an accepted ambiguity"
    ))
    // A question about the guidelines more than a slip: ranked low.
    .confidence(consistency::round(
        0.5 * unannotated.max(1) as f64 / (unannotated + inside.len()) as f64,
    ));
    for o in &inside[1..] {
        diagnostic = diagnostic.secondary(o.file(), o.mark(), format!("`{}` here", group.label(label(o))));
    }
    for o in plain.iter().take(3) {
        diagnostic = diagnostic.secondary(o.file(), o.mark(), "not annotated here");
    }
    Some(diagnostic)
}
