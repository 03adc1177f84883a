//! `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers. Rule
//! metadata comes from the registry and the rule pages; columns count Unicode code points,
//! as everywhere in biolint. `tests/sarif.rs` validates the output against the official schema.

use super::{Location, Render, message_with_notes};
use crate::diagnostic::Diagnostic;
use crate::engine::Outcome;
use crate::fix::{Applicability, Fix};
use crate::registry::{self, RuleMeta};
use serde::Serialize;
use std::io::{self, Write};

pub struct Sarif;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Results<'a>,
}

/// The results, each built as it is written: a large run would otherwise hold a second copy
/// of every finding.
struct Results<'a> {
    outcome: &'a Outcome,
    rules: &'a [&'a RuleMeta],
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (outcome, rules) = (self.outcome, self.rules);
        serializer.collect_seq(
            outcome
                .diagnostics
                .iter()
                .map(|d| result(outcome, rules, d)),
        )
    }
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

/// What code scanning shows about a rule.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Help<'a>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: OwnedText,
    locations: [SarifLocation<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties>,
}

/// The rule's fix as SARIF replacements, one `artifactChange` per file it edits.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<'a>,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

/// A property bag: what SARIF has no field for.
#[derive(Serialize)]
struct Properties {
    /// How likely a corpus-wide finding is a real error, in [0, 1].
    confidence: f64,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

impl Render for Sarif {
    fn render(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        // The rules that have results, in registry order; `ruleIndex` points into this list.
        let rules: Vec<&RuleMeta> = registry::all()
            .iter()
            .map(|r| r.meta())
            .filter(|r| outcome.diagnostics.iter().any(|d| d.rule == *r))
            .collect();
        let log = Log {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "biolint",
                        version: env!("CARGO_PKG_VERSION"),
                        rules: rules.iter().map(|r| descriptor(r)).collect(),
                    },
                },
                column_kind: "unicodeCodePoints",
                results: Results {
                    outcome,
                    rules: &rules,
                },
            }],
        };
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

fn descriptor(rule: &RuleMeta) -> ReportingDescriptor<'_> {
    let summary = Some(rule.summary())
        .filter(|s| !s.is_empty())
        .unwrap_or(rule.name);
    ReportingDescriptor {
        id: rule.code,
        name: rule.name,
        short_description: Text { text: summary },
        full_description: Text {
            text: section(rule.doc, "What it does").unwrap_or(summary),
        },
        help: Help {
            text: rule.doc,
            markdown: rule.doc,
        },
        default_configuration: Configuration {
            level: rule.level.name(),
        },
    }
}

fn result<'a>(outcome: &'a Outcome, rules: &[&RuleMeta], d: &'a Diagnostic) -> SarifResult<'a> {
    let place = |file, span, id, message: &'a str| SarifLocation {
        id,
        physical_location: physical(&Location::of(outcome, file, span)),
        message: Some(Text { text: message }).filter(|m| !m.text.is_empty()),
    };
    SarifResult {
        rule_id: d.rule.code,
        rule_index: rules
            .iter()
            .position(|r| r.code == d.rule.code)
            .expect("every finding comes from a registered rule"),
        level: d.severity.name(),
        message: OwnedText {
            text: message_with_notes(d, &[]),
        },
        locations: [place(d.file, d.span, None, &d.label)],
        related_locations: d
            .labels
            .iter()
            .enumerate()
            .map(|(id, l)| place(l.file, l.span, Some(id), &l.message))
            .collect(),
        fixes: d.fix.iter().map(|fix| sarif_fix(outcome, fix)).collect(),
        properties: d.confidence.map(|confidence| Properties { confidence }),
    }
}

fn sarif_fix<'a>(outcome: &'a Outcome, fix: &'a Fix) -> SarifFix<'a> {
    let mut changes: Vec<ArtifactChange> = Vec::new();
    for edit in &fix.edits {
        let at = Location::of(outcome, edit.file, edit.span);
        let replacement = Replacement {
            deleted_region: region(&at),
            inserted_content: Text {
                text: &edit.replacement,
            },
        };
        let uri = uri(at.path);
        match changes.iter_mut().find(|c| c.artifact_location.uri == uri) {
            Some(change) => change.replacements.push(replacement),
            None => changes.push(ArtifactChange {
                artifact_location: ArtifactLocation { uri },
                replacements: vec![replacement],
            }),
        }
    }
    let description = match fix.applicability {
        Applicability::Safe => "safe fix, applied by `biolint check --fix`",
        Applicability::Unsafe => "unsafe fix, applied by `biolint check --fix --unsafe-fixes`",
    };
    SarifFix {
        description: Text { text: description },
        artifact_changes: changes,
    }
}

fn physical(at: &Location) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri: uri(at.path) },
        region: region(at),
    }
}

fn region(at: &Location) -> Region {
    Region {
        start_line: at.line,
        start_column: at.column,
        end_line: at.end_line,
        end_column: at.end_column,
    }
}

/// The body of a `## heading` section of a rule page, trimmed.
fn section<'a>(page: &'a str, heading: &str) -> Option<&'a str> {
    let marker = format!("\n## {heading}\n");
    let start = page.find(&marker)? + marker.len();
    let body = &page[start..];
    let end = body.find("\n## ").unwrap_or(body.len());
    Some(body[..end].trim()).filter(|s| !s.is_empty())
}

/// A path as a URI reference: relative paths stay relative (code scanning resolves them from
/// the repository root), absolute ones become `file://` URIs; everything but unreserved
/// characters and `/` is percent-encoded.
fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("./data/train.conll"), "data/train.conll");
        assert_eq!(uri("a b,c%.tsv"), "a%20b%2Cc%25.tsv");
        assert_eq!(uri("/tmp/é.txt"), "file:///tmp/%C3%A9.txt");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn sections_are_cut_at_the_next_heading() {
        let page = "# r (X1)\n\n> s\n\n## What it does\nFlags things.\n\n## Why\nBad.\n";
        assert_eq!(section(page, "What it does"), Some("Flags things."));
        assert_eq!(section(page, "Why"), Some("Bad."));
        assert_eq!(section(page, "Missing"), None);
    }
}
