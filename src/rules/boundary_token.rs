use crate::consistency::{self, Candidate};
use crate::context::CorpusCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::edges::{Edge, EdgeScan, EdgeToken};
use crate::votes::Deviation;
use crate::registry::{Rule, RuleMeta};

pub static RULE: RuleMeta = RuleMeta {
    code: "C005",
    name: "boundary-token",
    level: Severity::Warning,
    doc: super::rule_doc!("boundary-token"),
};

/// An entity edge that goes against what the corpus does with that token next to entities:
/// taking in a token that entities nearly always leave outside (`the`, `.`), or leaving outside
/// one they nearly always take in.
pub struct BoundaryToken;

impl Rule for BoundaryToken {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn uses_index(&self) -> bool {
        true
    }

    fn check_corpus(&self, cx: &CorpusCx, out: &mut Vec<Diagnostic>) {
        let Some(index) = cx.index else { return };
        let dissent = &index.edges;
        out.extend(consistency::token_findings(
            cx,
            dissent,
            |d| Candidate::new(confidence(d), d.file, d.asked.token, d),
            |d| finding(dissent, d),
        ));
    }
}

/// A token that usually starts names (`Google`) may also stand before another name: leaving it
/// out is weaker evidence than taking in a token that is never part of one.
fn confidence(d: &Deviation<EdgeToken>) -> f64 {
    let weight = if d.asked.taken { 1.0 } else { 0.8 };
    consistency::round(d.verdict.confidence() * weight)
}

fn finding(edges: &EdgeScan, d: &Deviation<EdgeToken>) -> Diagnostic {
    let (asked, label, verdict) = (&d.asked, &d.label, d.verdict);
    let token = &asked.text;
    let (usual, total) = (verdict.count, verdict.total);
    let (taken, left) = match asked.taken {
        true => (verdict.others(), usual),
        false => (usual, verdict.others()),
    };
    let (verb, side) = match asked.edge {
        Edge::Start => ("begins", "before"),
        Edge::End => ("ends", "after"),
    };
    let (message, evidence) = match asked.taken {
        true => (
            format!("this entity {verb} with `{token}`, which entities leave outside {usual} of {total} times"),
            "left outside here",
        ),
        false => (
            format!("`{token}` is left outside this entity, but entities take it in {usual} of {total} times"),
            "taken in here",
        ),
    };
    let help = match (asked.taken, asked.edge) {
        (true, Edge::Start) => format!("start the entity after `{token}`"),
        (true, Edge::End) => format!("end the entity before `{token}`"),
        (false, Edge::Start) => format!("start the entity at `{token}`"),
        (false, Edge::End) => format!("end the entity with `{token}`"),
    };
    let mut diagnostic = Diagnostic::new(&RULE, d.file, asked.token, message)
        .label(match asked.taken {
            true => format!("`{token}` taken into `{label}`"),
            false => "left outside".to_string(),
        })
        .secondary(d.file, d.entity, format!("`{label}`"))
        .note(format!(
            "`{token}` right {side} entity material: left outside ×{left}, taken in ×{taken}"
        ))
        .help(help);
    for (file, span) in edges.evidence(d) {
        diagnostic = diagnostic.secondary(file, span, evidence);
    }
    diagnostic
}
