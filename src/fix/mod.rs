//! Fixes: the edits a rule offers with a finding, and choosing which of them to apply.
//!
//! A rule attaches a `Fix` to its `Diagnostic`. Safe fixes have one reading (a case variant,
//! the obvious repair of a broken sequence) and `--fix` applies them; unsafe fixes are
//! suggestions (consistency findings that may be right either way), applied only with
//! `--unsafe-fixes`. Writing the edits is `crate::rewrite`'s job.

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
}
