//! `biolint convert`: rewriting the tags of a file from one scheme into another.
//!
//! Tags are decoded into entity spans (the reading every scheme shares), encoded in the
//! target scheme, and only the tags whose text changes are replaced, in the file's own
//! spelling. Every other byte stays as it was, so converting A -> B -> A gives back the same
//! file for input that is valid in A.

use crate::cli::{self, ConvertArgs};
use crate::discover::Input;
use crate::engine::{self, FileSummary, Outcome};
use crate::fix::{Edit, apply};
use crate::read::{self, Event, Layout};
use crate::render::plural;
use crate::rewrite;
use crate::rules::unreadable_file;
use crate::scheme::{self, Entity, Scheme};
use crate::source::{FileId, SourceFile, Span};
use crate::tag::Tag;
use rayon::prelude::*;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The edits that convert one file, and how many of its entities did not fit the scheme it
/// was read in (they are converted as conlleval reads them).
#[derive(Debug, Default)]
pub struct Conversion {
    pub edits: Vec<Edit>,
    pub misfits: u64,
}

/// Converts the tags of a readable file to `to`. Fails, changing nothing, on a malformed tag
/// (its meaning is unknown) or when IO would merge adjacent entities of one type. The chunks
/// of a file are converted in parallel; the first problem in file order is reported.
pub fn convert(
    id: FileId,
    file: &SourceFile,
    summary: &FileSummary,
    to: Scheme,
) -> Result<Conversion, String> {
    let layout = summary
        .layout
        .as_ref()
        .ok_or("the file could not be read")?;
    let chunks = read::chunks(&file.text, file.body_start(), layout.format);
    let parts: Vec<Result<Conversion, String>> = chunks
        .par_iter()
        .map(|chunk| convert_chunk(id, file, summary, layout, *chunk, to))
        .collect();
    let mut conversion = Conversion::default();
    for part in parts {
        let part = part?;
        conversion.edits.extend(part.edits);
        conversion.misfits += part.misfits;
    }
    Ok(conversion)
}

fn convert_chunk(
    id: FileId,
    file: &SourceFile,
    summary: &FileSummary,
    layout: &Layout,
    chunk: Span,
    to: Scheme,
) -> Result<Conversion, String> {
    let from = summary.scheme.map(|(s, _)| s);
    let spelling = summary.spelling;
    let mut conversion = Conversion::default();
    let mut problem: Option<String> = None;
    let (mut tags, mut entities, mut prefixes) = (Vec::new(), Vec::new(), Vec::new());
    read::read(file, layout, chunk, &mut |event| {
        let Event::Sentence(sentence) = event else {
            return;
        };
        if problem.is_some() {
            return;
        }
        read::parse_tags(sentence, spelling, &mut tags);
        if let Some(i) = tags.iter().position(|t| *t == Tag::Malformed) {
            let line = file.position(sentence.tokens[i].tag_span.start).line;
            let tag = sentence.tokens[i].tag;
            problem = Some(format!("line {line}: malformed tag `{tag}` (fix it first)"));
            return;
        }
        scheme::decode(&tags, &mut entities);
        if to == Scheme::Io && merges_in_io(&entities) {
            let line = file.position(sentence.tokens[0].line.start).line;
            problem = Some(format!(
                "line {line}: IO cannot keep apart adjacent entities of one type"
            ));
            return;
        }
        if let Some(from) = from {
            conversion.misfits += (0..entities.len())
                .filter(|i| !scheme::fits(from, &tags, &entities, *i))
                .count() as u64;
        }
        scheme::encode(to, &entities, tags.len(), &mut prefixes);
        for ((tag, prefix), token) in tags.iter().zip(&prefixes).zip(&sentence.tokens) {
            let (Tag::Entity { label, .. }, Some(prefix)) = (tag, prefix) else {
                continue;
            };
            let written = spelling.write(*prefix, label);
            if written != token.tag {
                conversion.edits.push(Edit {
                    file: id,
                    span: token.tag_span,
                    replacement: written,
                });
            }
        }
    });
    match problem {
        Some(problem) => Err(problem),
        None => Ok(conversion),
    }
}

fn merges_in_io(entities: &[Entity]) -> bool {
    entities
        .windows(2)
        .any(|w| w[0].end == w[1].start && w[0].label == w[1].label)
}

/// `biolint convert`: converts every input in place, or one input to `--output`, or prints
/// the diff. Files that cannot be converted are named on standard error and left as they are.
pub fn command(args: ConvertArgs) -> ExitCode {
    let mut prepared = match cli::prepare(&args.lint) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    if args.output.is_some() && prepared.inputs.len() != 1 {
        return cli::usage_error("--output takes one input file");
    }
    if let Some(from) = args.from {
        prepared.settings.scheme = Some(from);
    }
    // Only the loader's findings matter here: they say why a file cannot be converted.
    prepared.settings.select(&[&unreadable_file::RULE]);
    let outcome = engine::check(&prepared.inputs, &prepared.settings);
    let mut trouble = prepared.walk_failed;
    let (mut files, mut tags) = (0, 0);
    let mut stdout = std::io::stdout().lock();
    for (id, (file, summary)) in outcome.files.iter().zip(&outcome.summaries).enumerate() {
        let converted = convert(id, file, summary, args.to).and_then(|conversion| {
            let text = rewrite::apply_tags(file, &conversion.edits)?;
            Ok((conversion, text))
        });
        let (conversion, text) = match converted {
            Ok(done) => done,
            Err(why) => {
                let why = unreadable_reason(&outcome, id).unwrap_or(why);
                eprintln!("error: {} was not converted: {why}", file.path);
                trouble = true;
                continue;
            }
        };
        if conversion.misfits > 0 {
            let from = summary.scheme.map_or("its scheme", |(s, _)| s.name());
            eprintln!(
                "warning: {}: {} not written as in {from}; converted as conlleval reads them",
                file.path,
                plural(conversion.misfits, "entity"),
            );
        }
        let input = &prepared.inputs[id];
        let written = match destination(&args, input) {
            Destination::Diff => {
                let diff = rewrite::unified_diff(&file.path, &file.text, &text);
                stdout.write_all(diff.as_bytes()).map_err(|e| e.to_string())
            }
            Destination::Stdout => stdout.write_all(text.as_bytes()).map_err(|e| e.to_string()),
            Destination::File(path) => {
                rewrite::write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())
            }
            Destination::InPlace if text == file.text => Ok(()),
            Destination::InPlace => apply::write_back(input, &file.text, &text),
        };
        if let Err(why) = written {
            eprintln!("error: {} was not converted: {why}", file.path);
            trouble = true;
            continue;
        }
        files += usize::from(!conversion.edits.is_empty());
        tags += conversion.edits.len();
    }
    let _ = stdout.flush();
    let (tag_count, file_count) = (plural(tags as u64, "tag"), plural(files as u64, "file"));
    match args.diff {
        true => eprintln!(
            "{tag_count} would change in {file_count} (to {})",
            args.to.name()
        ),
        false => eprintln!(
            "converted to {}: {tag_count} changed in {file_count}",
            args.to.name()
        ),
    }
    if trouble {
        ExitCode::from(cli::EXIT_TROUBLE)
    } else if args.diff && files > 0 {
        ExitCode::from(cli::EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Where a converted file goes.
enum Destination<'a> {
    Diff,
    Stdout,
    File(&'a Path),
    InPlace,
}

/// `--diff`, else `-o -` or standard input to standard output, else `-o FILE`, else in place.
fn destination<'a>(args: &'a ConvertArgs, input: &Input) -> Destination<'a> {
    match (&args.output, input) {
        _ if args.diff => Destination::Diff,
        (Some(path), _) if path.as_os_str() == "-" => Destination::Stdout,
        (Some(path), _) => Destination::File(path),
        (None, Input::Stdin { .. }) => Destination::Stdout,
        (None, Input::Path(_) | Input::Walked(_)) => Destination::InPlace,
    }
}

/// The loader's or layout sniffer's message for a file that could not be read.
fn unreadable_reason(outcome: &Outcome, id: FileId) -> Option<String> {
    outcome
        .diagnostics
        .iter()
        .find(|d| d.file == id && d.rule.code == unreadable_file::RULE.code)
        .map(|d| d.message.clone())
}
