//! Fixes: the edits a rule offers with a finding, and choosing which of them to apply.
//!
//! A rule attaches a `Fix` to its `Diagnostic`. Safe fixes have one reading (a case variant,
//! the obvious repair of a broken sequence) and `--fix` applies them; unsafe fixes are
//! suggestions (consistency findings that may be right either way), applied only with
//! `--unsafe-fixes`. Writing the edits is `crate::rewrite`'s job.

pub mod apply;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// May change what the data means: applied only with `--unsafe-fixes`.
    Unsafe,
    /// Certain: applied by `--fix`.
    Safe,
}

/// Replace the bytes of `span` in `file` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub replacement: String,
}

/// One or more edits applied together or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A safe fix that replaces one span.
    pub fn safe(file: FileId, span: Span, replacement: impl Into<String>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            edits: vec![Edit {
                file,
                span,
                replacement: replacement.into(),
            }],
        }
    }

    /// An unsafe fix (a suggestion) that replaces one span.
    pub fn suggestion(file: FileId, span: Span, replacement: impl Into<String>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            ..Fix::safe(file, span, replacement)
        }
    }

    /// Adds another edit to apply together with the others.
    pub fn and(mut self, file: FileId, span: Span, replacement: impl Into<String>) -> Fix {
        self.edits.push(Edit {
            file,
            span,
            replacement: replacement.into(),
        });
        self
    }

    /// Whether the fix changes anything.
    fn changes<'t>(&self, text_of: &impl Fn(FileId) -> Option<&'t str>) -> bool {
        self.edits.iter().any(|e| {
            text_of(e.file).and_then(|t| t.get(e.span.start..e.span.end)) != Some(&e.replacement)
        })
    }
}

/// The fixes chosen in one round, their edits grouped by file and sorted.
#[derive(Debug, Default)]
pub struct Plan {
    /// The file of each chosen fix (of its first edit).
    pub fixes: Vec<FileId>,
    pub edits: Vec<(FileId, Vec<Edit>)>,
}

/// Picks the fixes to apply from a run's findings: those at least `least` safe, in files
/// that may be written (`text_of` gives their text), that change something. Findings come in
/// order (file, position, rule code); a fix that overlaps one already picked waits for the
/// next round, when the findings are computed again on the edited text.
pub fn plan<'t>(
    diagnostics: &[Diagnostic],
    least: Applicability,
    text_of: impl Fn(FileId) -> Option<&'t str>,
) -> Plan {
    let mut fixes = Vec::new();
    let mut chosen: Vec<Edit> = Vec::new();
    for fix in diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        let writable = !fix.edits.is_empty() && fix.edits.iter().all(|e| text_of(e.file).is_some());
        if fix.applicability < least || !writable || !fix.changes(&text_of) {
            continue;
        }
        let clashes = fix.edits.iter().any(|e| {
            chosen
                .iter()
                .any(|c| c.file == e.file && overlaps(c.span, e.span) && c != e)
        });
        if !clashes {
            fixes.push(fix.edits[0].file);
            for edit in &fix.edits {
                if !chosen.contains(edit) {
                    chosen.push(edit.clone());
                }
            }
        }
    }
    chosen.sort_by_key(|e| (e.file, e.span.start));
    let mut edits: Vec<(FileId, Vec<Edit>)> = Vec::new();
    for edit in chosen {
        match edits.last_mut() {
            Some((file, list)) if *file == edit.file => list.push(edit),
            _ => edits.push((edit.file, vec![edit])),
        }
    }
    Plan { fixes, edits }
}

/// Spans overlap when they share a byte, or start at one place (two insertions there).
pub fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::invalid_continuation::RULE;

    fn finding(fix: Fix) -> Diagnostic {
        Diagnostic::new(&RULE, 0, fix.edits[0].span, "m").fix(fix)
    }

    const TEXT: &str = "a\tI-X\nb\tI-Y\n";

    fn plan_of(diagnostics: &[Diagnostic], least: Applicability) -> Plan {
        plan(diagnostics, least, |id| (id == 0).then_some(TEXT))
    }

    #[test]
    fn unsafe_fixes_need_asking_for() {
        let findings = [
            finding(Fix::safe(0, Span::new(2, 5), "B-X")),
            finding(Fix::suggestion(0, Span::new(8, 11), "I-X")),
        ];
        assert_eq!(plan_of(&findings, Applicability::Safe).fixes, [0]);
        let all = plan_of(&findings, Applicability::Unsafe);
        assert_eq!(all.fixes, [0, 0]);
        assert_eq!(all.edits[0].1.len(), 2);
    }

    #[test]
    fn overlapping_fixes_wait_and_no_op_fixes_are_dropped() {
        let findings = [
            finding(Fix::safe(0, Span::new(2, 5), "B-X")),
            // The same edit from another rule is not a conflict.
            finding(Fix::safe(0, Span::new(2, 5), "B-X")),
            finding(Fix::safe(0, Span::new(2, 5), "S-X").and(0, Span::new(8, 11), "O")),
            finding(Fix::safe(0, Span::new(8, 11), "I-Y")),
        ];
        let chosen = plan_of(&findings, Applicability::Safe);
        assert_eq!(chosen.fixes, [0, 0]);
        assert_eq!(
            chosen.edits[0].1,
            [findings[0].fix.clone().unwrap().edits[0].clone()]
        );
        // Files that may not be written get no edits.
        let none = plan(&findings, Applicability::Safe, |_| None);
        assert!(none.fixes.is_empty());
    }
}
