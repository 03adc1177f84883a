//! `--format json`: one JSON document on stdout. Field names are part of the interface
//! (README documents them); add fields, never rename or remove them.

use super::{Location, Render, Totals, write_each};
use crate::context::SchemeSource;
use crate::diagnostic::Diagnostic;
use crate::engine::Outcome;
use crate::fix::Applicability;
use crate::tag::Spelling;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub struct Json;

/// One finding; `--format json-lines` prints these one per line.
#[derive(Serialize)]
pub(super) struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    /// Only for findings of the corpus-wide rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(flatten)]
    location: Location<'a>,
    message: &'a str,
    help: Option<&'a str>,
    notes: &'a [String],
    labels: Vec<JsonLabel<'a>>,
    /// The edits that resolve the finding, when its rule offers them.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    /// `safe` (applied by `--fix`) or `unsafe` (only with `--unsafe-fixes`).
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    location: Location<'a>,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    #[serde(flatten)]
    location: Location<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary<'a> {
    files: usize,
    sentences: u64,
    tokens: u64,
    errors: usize,
    warnings: usize,
    unreadable: usize,
    /// Files found by walking that hold no NER data, left out.
    skipped: &'a [String],
    by_rule: BTreeMap<&'static str, usize>,
    schemes: Vec<FileScheme<'a>>,
}

#[derive(Serialize)]
struct FileScheme<'a> {
    path: &'a str,
    format: Option<String>,
    scheme: Option<&'static str>,
    /// `detected` or `forced`.
    source: Option<&'static str>,
    confidence: Option<f64>,
    /// Tokens tagged `-` (not annotated); only when there are some.
    #[serde(skip_serializing_if = "is_zero")]
    not_annotated: u64,
    /// How the file spells its tags (`PER-B`, `B_PER`); only when not `B-PER`.
    #[serde(skip_serializing_if = "Option::is_none")]
    tag_spelling: Option<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl<'a> JsonDiagnostic<'a> {
    pub(super) fn of(outcome: &'a Outcome, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
        JsonDiagnostic {
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity.name(),
            confidence: d.confidence,
            location: Location::of(outcome, d.file, d.span),
            message: &d.message,
            help: d.help.as_deref(),
            notes: &d.notes,
            labels: d
                .labels
                .iter()
                .map(|l| JsonLabel {
                    location: Location::of(outcome, l.file, l.span),
                    message: &l.message,
                })
                .collect(),
            fix: d.fix.as_ref().map(|fix| JsonFix {
                applicability: fix.applicability,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        location: Location::of(outcome, e.file, e.span),
                        replacement: &e.replacement,
                    })
                    .collect(),
            }),
        }
    }
}

impl Render for Json {
    /// Writes what `to_writer_pretty` writes for `{"diagnostics": [...], "summary": {...}}`,
    /// with the findings rendered in parallel.
    fn render(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"{\n  \"diagnostics\": ")?;
        write_diagnostics(outcome, out)?;
        out.write_all(b",\n  \"summary\": ")?;
        out.write_all(&pretty(&summary(outcome), 1)?)?;
        out.write_all(b"\n}\n")
    }
}

/// The `diagnostics` array, as deep in the document as `to_writer_pretty` would put it.
fn write_diagnostics(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    if outcome.diagnostics.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    write_each(outcome, out, b",", |d| {
        let mut text = b"\n    ".to_vec();
        text.extend(pretty(&JsonDiagnostic::of(outcome, d), 2)?);
        Ok(text)
    })?;
    out.write_all(b"\n  ]")
}

/// `value` as pretty JSON nested `depth` levels deep in a document: its lines after the
/// first indented by that many levels.
fn pretty(value: &impl Serialize, depth: usize) -> io::Result<Vec<u8>> {
    let text = serde_json::to_vec_pretty(value)?;
    let indent = "  ".repeat(depth);
    let mut out = Vec::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
            out.extend_from_slice(indent.as_bytes());
        }
        out.extend_from_slice(line);
    }
    Ok(out)
}

fn summary(outcome: &Outcome) -> Summary<'_> {
    let totals = Totals::of(outcome);
    Summary {
        files: outcome.summaries.len(),
        sentences: totals.sentences,
        tokens: totals.tokens,
        errors: totals.errors,
        warnings: totals.warnings,
        unreadable: outcome.unreadable,
        skipped: &outcome.skipped,
        by_rule: totals
            .by_rule
            .iter()
            .map(|((_, name), total)| (*name, total.count()))
            .collect(),
        schemes: outcome
            .summaries
            .iter()
            .map(|s| FileScheme {
                path: &s.path,
                format: s.layout.as_ref().map(|l| l.describe()),
                scheme: s.scheme.map(|(scheme, _)| scheme.name()),
                source: s.scheme.map(|(_, source)| match source {
                    SchemeSource::Detected { .. } => "detected",
                    SchemeSource::Forced => "forced",
                }),
                confidence: match s.scheme {
                    Some((_, SchemeSource::Detected { confidence })) => Some(confidence),
                    _ => None,
                },
                not_annotated: s.missing,
                tag_spelling: (s.spelling != Spelling::default()).then(|| s.spelling.example()),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::render::{PIECE, WINDOW};
    use crate::scheme::Scheme;
    use crate::settings::Settings;
    use crate::source::SourceFile;

    /// The document as serde writes it in one go.
    #[derive(Serialize)]
    struct Document<'a> {
        diagnostics: Vec<JsonDiagnostic<'a>>,
        summary: Summary<'a>,
    }

    fn outcome(text: &str) -> Outcome {
        let mut settings = Settings::default();
        settings.scheme = Some(Scheme::Iob2);
        settings.select(&[&crate::rules::invalid_continuation::RULE]);
        let file = SourceFile::new("t.tsv".into(), text.into());
        engine::lint(vec![(file, None)], &settings, std::time::Instant::now())
    }

    fn assert_renders_as_serde(outcome: &Outcome) {
        let mut rendered = Vec::new();
        Json.render(outcome, &mut rendered).unwrap();
        let document = Document {
            diagnostics: outcome
                .diagnostics
                .iter()
                .map(|d| JsonDiagnostic::of(outcome, d))
                .collect(),
            summary: summary(outcome),
        };
        let mut expected = serde_json::to_vec_pretty(&document).unwrap();
        expected.push(b'\n');
        assert!(
            rendered == expected,
            "{}",
            String::from_utf8_lossy(&rendered)
        );
    }

    #[test]
    fn findings_rendered_in_pieces_make_the_pretty_document_serde_writes() {
        // One invalid continuation a sentence, past the first window and piece of `write_each`.
        let sentences = WINDOW + PIECE + 1;
        let many = outcome(&"a\tB-PER\nb\tO\nc\tI-PER\n\n".repeat(sentences));
        assert!(many.diagnostics.len() > WINDOW + PIECE);
        assert_renders_as_serde(&many);
        assert_renders_as_serde(&outcome("a\tO\n"));
    }
}
