use crate::consistency::{self, Group, Side, dominates};
use crate::context::CorpusCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Occurrence, Reading};
use crate::registry::{Rule, RuleMeta};

pub static RULE: RuleMeta = RuleMeta {
    code: "C004",
    name: "spurious-annotation",
    level: Severity::Warning,
    doc: super::rule_doc!("spurious-annotation"),
};

/// A string annotated as an entity here but left all `O` in most of its occurrences: the
/// mirror of `missed-annotation`.
pub struct SpuriousAnnotation;

impl Rule for SpuriousAnnotation {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn uses_index(&self) -> bool {
        true
    }

    fn check_corpus(&self, cx: &CorpusCx, out: &mut Vec<Diagnostic>) {
        let Some(index) = cx.index else { return };
        for group in Group::all(index, cx.consistency) {
            let (entities, plain, unannotated) = group.annotated();
            let total = entities.len() + unannotated;
            if entities.is_empty() || !dominates(cx.consistency, unannotated, total) {
                continue;
            }
            let (_, counts) = group.by_label(&entities);
            let (entities, plain) = (Side::new(index, entities), Side::new(index, plain));
            // An annotation against the majority is as often a correct rare sense as an
            // error, the more so for a capitalised string (`ON` the province in tweets that
            // shout `ON`).
            let weight = rarity_weight(group.text());
            let candidates = entities.occurrences.iter().map(|&o| {
                let confidence = consistency::confidence(index, o, &plain, &entities);
                consistency::of_occurrence(consistency::round(confidence * weight), o, o.span(), o)
            });
            out.extend(consistency::most_confident(
                candidates.collect(),
                cx.consistency,
                group.text(),
                |o| spurious(&group, o, (&plain, &entities), &counts, unannotated),
            ));
        }
    }
}

fn spurious(
    group: &Group,
    o: &Occurrence,
    (plain, entities): (&Side, &Side),
    counts: &str,
    unannotated: usize,
) -> Diagnostic {
    let text = group.text();
    let label = match o.reading {
        Reading::Exact { label } => group.label(label),
        _ => "",
    };
    let total = unannotated + entities.len();
    let diagnostic = Diagnostic::new(
        &RULE,
        o.file(),
        o.span(),
        format!("`{text}` is an entity here but is not annotated in {unannotated} of its {total} occurrences"),
    )
    .label(format!("`{label}`"))
    .note(format!("`{text}` is annotated {counts}, not annotated ×{unannotated}"))
    .help(format!(
        "tag it `O` if it is not a name here, or annotate the other occurrences; list `{text}` as an accepted ambiguity if both are right"
    ));
    consistency::with_evidence(group.index, diagnostic, o, plain, |_| "not annotated here".into())
}

/// How much a rare annotation of `text` weighs: a lowercase word (`client`, `2006`) annotated
/// once among plain uses is likely a slip; a capitalised one may be a name.
fn rarity_weight(text: &str) -> f64 {
    match text.chars().any(char::is_uppercase) {
        true => 0.6,
        false => 0.8,
    }
}
