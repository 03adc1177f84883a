use crate::context::SentenceCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Fix;
use crate::registry::{Rule, RuleMeta};
use crate::tag::{Prefix, Tag};

pub static RULE: RuleMeta = RuleMeta {
    code: "T003",
    name: "unclosed-entity",
    level: Severity::Error,
    doc: super::rule_doc!("unclosed-entity"),
};

/// In the schemes that mark every end (BIOES, BILOU, IOE2): a tag that leaves its entity open
/// (`B-X`, `I-X`) not followed by a continuation of the same type, so the entity never ends
/// with its end tag. Before `-` (not annotated) nothing is known, so nothing is reported.
pub struct UnclosedEntity;

impl Rule for UnclosedEntity {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_sentence(&self, cx: &SentenceCx, out: &mut Vec<Diagnostic>) {
        let scheme = cx.file.scheme;
        let roles = scheme.roles();
        if !roles.requires_close() {
            return;
        }
        let spelling = cx.file.spelling;
        let tokens = &cx.sentence.tokens;
        for (i, tag) in cx.tags.iter().enumerate() {
            let Tag::Entity { prefix, label } = *tag else { continue };
            if !roles.leaves_open(prefix) {
                continue;
            }
            let next = cx.tags.get(i + 1).copied();
            let why = match next {
                Some(Tag::Entity { prefix: p, label: l }) if l == label && roles.can_continue(p) => continue,
                Some(Tag::Missing) => continue,
                None => "the sentence ends".to_string(),
                Some(Tag::Outside) => "`O` follows".to_string(),
                Some(Tag::Entity { label: l, .. }) if l == label => format!("`{}` follows inside the open entity", tokens[i + 1].tag),
                Some(Tag::Entity { .. }) => format!("`{}` follows", tokens[i + 1].tag),
                Some(Tag::Empty | Tag::Malformed) => "a malformed tag follows".to_string(),
            };
            let how = match prefix {
                Prefix::B => "for a single-token entity",
                _ => "to end the entity",
            };
            let closed = spelling.write(scheme.closing(prefix), label);
            let diagnostic = Diagnostic::new(
                &RULE,
                cx.file.id,
                tokens[i].tag_span,
                format!("entity `{label}` is never closed: {why}"),
            )
            .label(format!("`{}` leaves the entity open", tokens[i].tag));
            // Before a malformed tag the entity may well go on (`B-X E_X`): repairing that tag
            // is the fix, and closing the entity here only a guess.
            let mut diagnostic = match next {
                Some(Tag::Empty | Tag::Malformed) => diagnostic
                    .help(format!("fix the tag after it; if the entity ends here, write `{closed}`"))
                    .fix(Fix::suggestion(cx.file.id, tokens[i].tag_span, closed)),
                _ => diagnostic
                    .help(format!("write `{closed}` {how}"))
                    .fix(Fix::safe(cx.file.id, tokens[i].tag_span, closed)),
            };
            if next.is_some() {
                diagnostic = diagnostic.secondary(cx.file.id, tokens[i + 1].tag_span, "next tag");
            }
            out.push(diagnostic);
        }
    }
}

