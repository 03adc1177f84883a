use crate::context::SentenceCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Fix;
use crate::registry::{Rule, RuleMeta};
use crate::scheme::Roles;
use crate::tag::{Prefix, Tag};

pub static RULE: RuleMeta = RuleMeta {
    code: "T002",
    name: "invalid-continuation",
    level: Severity::Error,
    doc: super::rule_doc!("invalid-continuation"),
};

/// A tag that must continue an entity (`I-X` in IOB2; `I-X`, `E-X` in BIOES; `I-X`, `L-X` in
/// BILOU) but continues nothing: at the start of the sentence, after `O`, after an entity of
/// another type, or after the end of an entity. IO, IOB1, IOE1 and IOE2 have no such error:
/// there `I-X` may start an entity. After `-` (not annotated) nothing is known, so nothing is
/// reported.
pub struct InvalidContinuation;

impl Rule for InvalidContinuation {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_sentence(&self, cx: &SentenceCx, out: &mut Vec<Diagnostic>) {
        let scheme = cx.file.scheme;
        let roles = scheme.roles();
        let spelling = cx.file.spelling;
        let tokens = &cx.sentence.tokens;
        for (i, tag) in cx.tags.iter().enumerate() {
            let Tag::Entity { prefix, label } = *tag else { continue };
            if !roles.is_continuation(prefix) {
                continue;
            }
            let previous = i.checked_sub(1).map(|p| (cx.tags[p], &tokens[p]));
            let why = match previous {
                Some((Tag::Entity { prefix: p, label: l }, _)) if l == label && roles.leaves_open(p) => continue,
                Some((Tag::Missing, _)) => continue,
                None => "it starts the sentence".to_string(),
                Some((Tag::Outside, _)) => "it follows `O`".to_string(),
                Some((Tag::Entity { prefix: p, label: l }, _)) if l == label => {
                    format!("it follows `{}`, which ends the entity", spelling.write(p, l))
                }
                Some((Tag::Entity { label: l, .. }, _)) => format!("it follows an entity of type `{l}`"),
                Some((Tag::Empty | Tag::Malformed, _)) => "it follows a malformed tag".to_string(),
            };
            let tag_text = tokens[i].tag;
            let start = spelling.write(repair(scheme.roles(), cx, i, prefix, label), label);
            let diagnostic = Diagnostic::new(
                &RULE,
                cx.file.id,
                tokens[i].tag_span,
                format!("`{tag_text}` continues nothing: {why}"),
            )
            .label("continues no entity");
            // After a malformed tag the entity may well start there (`B_X I-X`): repairing
            // that tag is the fix, and starting a new entity here only a guess.
            let mut diagnostic = match previous {
                Some((Tag::Empty | Tag::Malformed, _)) => diagnostic
                    .help(format!("fix the tag before it; if the entity starts here, write `{start}`"))
                    .fix(Fix::suggestion(cx.file.id, tokens[i].tag_span, start)),
                _ => diagnostic
                    .help(format!("start the entity with `{start}`"))
                    .fix(Fix::safe(cx.file.id, tokens[i].tag_span, start)),
            };
            if let Some((_, token)) = previous {
                diagnostic = diagnostic.secondary(cx.file.id, token.tag_span, "previous tag");
            }
            out.push(diagnostic);
        }
    }
}

/// The prefix that starts the entity here: `B-`, or in BIOES/BILOU the single-token prefix
/// when the entity also ends here (an end tag, or nothing continues it).
fn repair(roles: Roles, cx: &SentenceCx, i: usize, prefix: Prefix, label: &str) -> Prefix {
    let continued = cx.tags.get(i + 1).is_some_and(|next| {
        next.label() == Some(label) && next.prefix().is_some_and(|p| roles.can_continue(p))
    });
    let n = if roles.leaves_open(prefix) && continued { 2 } else { 1 };
    cx.file.scheme.prefix_at(0, n, false, false)
}
