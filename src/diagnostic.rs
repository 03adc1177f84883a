//! Findings as data: what every rule produces and every output format renders.

use crate::fix::Fix;
use crate::registry::RuleMeta;
use crate::source::{FileId, Span};
use serde::{Deserialize, Serialize};

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in a file with a message, e.g. the previous tag that explains a finding.
#[derive(Clone, Debug)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub file: FileId,
    /// What is underlined; an empty span points between two characters.
    pub span: Span,
    pub message: String,
    /// Short text under the underline.
    pub label: String,
    /// Other places that explain the finding (the evidence).
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// The edit that resolves the finding, if a rule can offer one.
    pub fix: Option<Fix>,
    /// How likely the finding is a real error, in [0, 1]; set by the corpus-wide rules.
    pub confidence: Option<f64>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static RuleMeta,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.level,
            file,
            span,
            message: message.into(),
            label: String::new(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
            confidence: None,
        }
    }

    pub fn label(mut self, message: impl Into<String>) -> Diagnostic {
        self.label = message.into();
        self
    }

    pub fn secondary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn confidence(mut self, confidence: f64) -> Diagnostic {
        self.confidence = Some(confidence);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }
}
