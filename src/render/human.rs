//! rustc-style terminal output through codespan-reporting, then a summary.

use super::excerpt::Excerpts;
use super::{Render, Totals, note_lines, plural};
use crate::context::SchemeSource;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{FileSummary, Outcome};
use crate::fix::Applicability;
use crate::tag::Spelling;
use codespan_reporting::diagnostic::{self as cs, LabelStyle};
use codespan_reporting::term::termcolor::{Buffer, Color, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Chars, Config, Styles, StylesWriter};
use rayon::prelude::*;
use std::io::{self, Write};

pub struct Human {
    pub color: bool,
    /// Only the findings, no summary.
    pub quiet: bool,
    /// A count per rule instead of the findings.
    pub statistics: bool,
}

impl Render for Human {
    fn render(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        let totals = Totals::of(outcome);
        if self.statistics {
            totals.write_statistics(out)?;
        } else {
            // Render in parallel into buffers, print in order.
            let rendered: Vec<Vec<u8>> = outcome
                .diagnostics
                .par_chunks(256)
                .map(|batch| {
                    let mut buffer = self.buffer();
                    for d in batch {
                        emit(outcome, d, &mut buffer);
                    }
                    buffer.into_inner()
                })
                .collect();
            for bytes in rendered {
                out.write_all(&bytes)?;
            }
        }
        if !self.quiet {
            let mut buffer = self.buffer();
            summary(outcome, &totals, &mut buffer)?;
            out.write_all(buffer.as_slice())?;
        }
        Ok(())
    }
}

impl Human {
    fn buffer(&self) -> Buffer {
        if self.color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        }
    }
}

fn emit(outcome: &Outcome, d: &Diagnostic, buffer: &mut Buffer) {
    let mut places = vec![(d.file, d.span)];
    places.extend(d.labels.iter().map(|l| (l.file, l.span)));
    let (excerpts, ranges) = Excerpts::new(&outcome.files, &places);
    let styles =
        std::iter::once(LabelStyle::Primary).chain(std::iter::repeat(LabelStyle::Secondary));
    let messages = std::iter::once(&d.label).chain(d.labels.iter().map(|l| &l.message));
    let mut labels = Vec::new();
    // A place over several token lines is underlined on each; its message goes under the last.
    for ((style, message), (id, pieces)) in styles.zip(messages).zip(&ranges) {
        for (k, piece) in pieces.iter().enumerate() {
            let label = cs::Label::new(style, *id, piece.clone());
            labels.push(match k + 1 == pieces.len() {
                true => label.with_message(message),
                false => label,
            });
        }
    }
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let notes = note_lines(d);
    let diagnostic = cs::Diagnostic::new(severity)
        .with_code(d.rule.code)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes);
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let styles = Styles::default();
    let mut writer = StylesWriter::new(buffer, &styles);
    // Excerpts always hold the lines they are asked for; an error here would be a bug in them.
    term::emit_to_write_style(&mut writer, &config, &excerpts, &diagnostic)
        .expect("excerpt covers every label");
}

fn summary(outcome: &Outcome, totals: &Totals, out: &mut Buffer) -> io::Result<()> {
    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    out.set_color(&bold)?;
    write!(out, "{}", totals.headline())?;
    out.reset()?;
    writeln!(out, ".")?;
    let width = totals
        .by_rule
        .keys()
        .map(|(_, name)| name.len())
        .max()
        .unwrap_or(0);
    for ((code, name), total) in &totals.by_rule {
        let mut color = ColorSpec::new();
        color.set_fg(Some(match total.severity() {
            Severity::Error => Color::Red,
            Severity::Warning => Color::Yellow,
        }));
        write!(out, "  {code} {name:<width$}  ")?;
        out.set_color(&color)?;
        writeln!(out, "{}", total.describe())?;
        out.reset()?;
    }
    writeln!(
        out,
        "Checked {}, {}, {} in {:.2}s.",
        plural(outcome.summaries.len() as u64, "file"),
        plural(totals.sentences, "sentence"),
        plural(totals.tokens, "token"),
        outcome.elapsed.as_secs_f64()
    )?;
    let fixable = |least| {
        let fixes = outcome.diagnostics.iter().filter_map(|d| d.fix.as_ref());
        fixes.filter(|f| f.applicability == least).count()
    };
    let asides = [
        (
            fixable(Applicability::Safe),
            "finding",
            "fixable with `--fix`",
        ),
        (
            fixable(Applicability::Unsafe),
            "finding",
            "with a suggested fix (`--fix --unsafe-fixes`)",
        ),
        (outcome.baselined, "finding", "hidden by the baseline"),
        (outcome.unreadable, "file", "could not be read"),
    ];
    for (n, noun, what) in asides.into_iter().filter(|(n, ..)| *n > 0) {
        writeln!(out, "  {} {what}.", plural(n as u64, noun))?;
    }
    skipped(&outcome.skipped, out)?;
    files(&outcome.summaries, out)
}

/// Files found in folders that hold no NER data, named so that a data file that lost its
/// tag column does not go unnoticed.
fn skipped(paths: &[String], out: &mut Buffer) -> io::Result<()> {
    const NAMED: usize = 5;
    if paths.is_empty() {
        return Ok(());
    }
    let mut names = paths[..paths.len().min(NAMED)].join(", ");
    if paths.len() > NAMED {
        names.push_str(&format!(" and {} more", paths.len() - NAMED));
    }
    writeln!(
        out,
        "  Skipped {} found in folders that hold no NER data (name a file to lint it anyway): {names}.",
        plural(paths.len() as u64, "file")
    )
}

/// How each file was read; grouped by layout and scheme when there are many files.
fn files(summaries: &[FileSummary], out: &mut Buffer) -> io::Result<()> {
    const LIST: usize = 10;
    let readable: Vec<&FileSummary> = summaries.iter().filter(|s| s.layout.is_some()).collect();
    if readable.len() <= LIST {
        for s in readable {
            writeln!(out, "  {}: {}", s.path, describe(s))?;
        }
        return Ok(());
    }
    let mut groups: Vec<(String, usize)> = Vec::new();
    for s in readable {
        let key = describe_scheme_only(s);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => groups.push((key, 1)),
        }
    }
    for (key, n) in groups {
        writeln!(out, "  {}: {key}", plural(n as u64, "file"))?;
    }
    Ok(())
}

fn describe(s: &FileSummary) -> String {
    if s.tokens == 0 {
        // Layout and scheme are defaults, not findings, in a file without tokens.
        return "no token lines".into();
    }
    let mut described = format!(
        "{}, {}",
        s.layout.as_ref().map(|l| l.describe()).unwrap_or_default(),
        describe_scheme_only(s)
    );
    if s.spelling != Spelling::default() {
        described += &format!(", tags spelled `{}`", s.spelling.example());
    }
    if s.missing > 0 {
        described += &format!(", {} not annotated (`-`)", plural(s.missing, "token"));
    }
    described
}

fn describe_scheme_only(s: &FileSummary) -> String {
    match s.scheme {
        Some((scheme, SchemeSource::Forced)) => format!("{} (forced)", scheme.name()),
        Some((scheme, SchemeSource::Detected { confidence })) => {
            format!(
                "{} (detected, {:.0}% of entities fit)",
                scheme.name(),
                confidence * 100.0
            )
        }
        None => "unreadable".into(),
    }
}
