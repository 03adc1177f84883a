use crate::consistency::{self, Group, Side, outvotes, times};
use crate::context::CorpusCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{LabelId, Occurrence, Reading};
use crate::registry::{Rule, RuleMeta};

pub static RULE: RuleMeta = RuleMeta {
    code: "C001",
    name: "type-conflict",
    level: Severity::Warning,
    doc: super::rule_doc!("type-conflict"),
};

/// The same string annotated as entities of different types. Where one type dominates, every
/// other one is flagged; where none does, the string is reported once as ambiguous.
pub struct TypeConflict;

impl Rule for TypeConflict {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn uses_index(&self) -> bool {
        true
    }

    fn check_corpus(&self, cx: &CorpusCx, out: &mut Vec<Diagnostic>) {
        let Some(index) = cx.index else { return };
        let settings = cx.consistency;
        for group in Group::all(index, settings) {
            let entities = group.filter(|r| matches!(r, Reading::Exact { .. }));
            let (by_label, counts) = group.by_label(&entities);
            if by_label.len() < 2 {
                continue;
            }
            // Each other type is weighed against the most frequent one: rare types are
            // flagged, those as frequent as it make the string ambiguous.
            let (top, majority) = &by_label[0];
            let total = entities.len();
            let (outvoted, rivals): (Vec<_>, Vec<_>) = by_label[1..]
                .iter()
                .partition(|(_, os)| outvotes(settings, majority.len(), os.len(), total));
            if !outvoted.is_empty() {
                let majority = Side::new(index, majority.clone());
                let mut found = Vec::new();
                for (_, minority) in outvoted {
                    let minority = Side::new(index, minority.clone());
                    found.extend(minority.occurrences.iter().map(|&o| {
                        consistency::candidate(index, o, o.span(), (&majority, &minority), o)
                    }));
                }
                out.extend(consistency::most_confident(found, settings, group.text(), |o| {
                    conflict(&group, o, *top, &majority, &counts)
                }));
            }
            if !rivals.is_empty() && total >= settings.min_occurrences {
                out.push(ambiguous(&group, &by_label, &counts));
            }
        }
    }
}

fn label(o: &Occurrence) -> LabelId {
    match o.reading {
        Reading::Exact { label } => label,
        _ => LabelId::MAX,
    }
}

fn conflict(
    group: &Group,
    o: &Occurrence,
    top: LabelId,
    majority: &Side,
    counts: &str,
) -> Diagnostic {
    let text = group.text();
    let (this, usual) = (group.label(label(o)), group.label(top));
    let diagnostic = Diagnostic::new(
        &RULE,
        o.file(),
        o.span(),
        format!(
            "`{text}` is annotated `{this}` here but `{usual}` {} elsewhere",
            times(majority.len())
        ),
    )
    .label(format!("`{this}`"))
    .note(format!("`{text}` is annotated {counts}"))
    .help(format!(
        "annotate it `{usual}`, or list `{text}` as an accepted ambiguity"
    ));
    consistency::with_evidence(group.index, diagnostic, o, majority, |_| {
        format!("`{usual}` here")
    })
}

fn ambiguous(group: &Group, by_label: &[(LabelId, Vec<&Occurrence>)], counts: &str) -> Diagnostic {
    let text = group.text();
    let total: usize = by_label.iter().map(|(_, os)| os.len()).sum();
    let first = by_label[0].1[0];
    let mut diagnostic = Diagnostic::new(
        &RULE,
        first.file(),
        first.span(),
        format!("`{text}` is annotated with no dominant type"),
    )
    .label(format!("`{}`", group.label(by_label[0].0)))
    .note(format!("`{text}` is annotated {counts}"))
    .help(format!(
        "pick one type for `{text}`, or list it as an accepted ambiguity"
    ))
    // An ambiguity is a question for the annotators, not a likely slip: rank it low.
    .confidence(consistency::round(by_label[1].1.len() as f64 / total as f64 / 2.0));
    for (l, os) in &by_label[1..] {
        diagnostic = diagnostic.secondary(os[0].file(), os[0].span(), format!("`{}` here", group.label(*l)));
    }
    diagnostic
}
