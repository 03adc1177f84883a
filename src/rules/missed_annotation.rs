use crate::consistency::{self, Group, Side, dominates};
use crate::context::CorpusCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Occurrence, Reading};
use crate::registry::{Rule, RuleMeta};

pub static RULE: RuleMeta = RuleMeta {
    code: "C002",
    name: "missed-annotation",
    level: Severity::Warning,
    doc: super::rule_doc!("missed-annotation"),
};

/// A string annotated as an entity in most of its occurrences but left all `O` in some.
pub struct MissedAnnotation;

impl Rule for MissedAnnotation {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn uses_index(&self) -> bool {
        true
    }

    fn check_corpus(&self, cx: &CorpusCx, out: &mut Vec<Diagnostic>) {
        let Some(index) = cx.index else { return };
        let mut found: Vec<Diagnostic> = Vec::new();
        for group in Group::all(index, cx.consistency) {
            let (entities, plain, unannotated) = group.annotated();
            let total = entities.len() + unannotated;
            if plain.is_empty() || !dominates(cx.consistency, entities.len(), total) {
                continue;
            }
            let (by_label, counts) = group.by_label(&entities);
            let (entities, plain) = (Side::new(index, entities), Side::new(index, plain));
            let usual = group.label(by_label[0].0);
            let candidates = plain.occurrences.iter().map(|&o| {
                consistency::candidate(index, o, o.span(), (&entities, &plain), o)
            });
            found.extend(consistency::most_confident(
                candidates.collect(),
                cx.consistency,
                group.text(),
                |o| missed(&group, o, &entities, (usual, &counts), total),
            ));
        }
        // `Linux kernel` left `O` also leaves `Linux` `O`: report the longest string only.
        found.sort_by_key(|d| (d.file, d.span.start, std::cmp::Reverse(d.span.end)));
        let mut reach = None;
        for d in found {
            if reach.is_some_and(|(file, end)| file == d.file && d.span.end <= end) {
                continue;
            }
            reach = Some((d.file, d.span.end));
            out.push(d);
        }
    }
}

/// The finding for `o`, left `O` while `usual` is its most frequent label.
fn missed(
    group: &Group,
    o: &Occurrence,
    entities: &Side,
    (usual, counts): (&str, &str),
    total: usize,
) -> Diagnostic {
    let text = group.text();
    let diagnostic = Diagnostic::new(
        &RULE,
        o.file(),
        o.span(),
        format!(
            "`{text}` is not annotated here but is an entity in {} of its {total} occurrences",
            entities.len()
        ),
    )
    .label("all `O`")
    .note(format!(
        "`{text}` is annotated {counts}, not annotated ×{}",
        total - entities.len()
    ))
    .help(format!(
        "annotate it `{usual}`, or list `{text}` as an accepted ambiguity"
    ));
    consistency::with_evidence(group.index, diagnostic, o, entities, |e| match e.reading {
        Reading::Exact { label } => format!("`{}` here", group.label(label)),
        _ => String::new(),
    })
}
