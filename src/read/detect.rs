//! Deciding how to read a file: its format (forced with `--input-format`, or guessed from the
//! first lines and the extension), then where tokens and tags are within that format.

use super::{Format, Layout, Options, Separator, TagColumn, conllu, jsonl};
use super::{is_blank, is_doc_start, looks_like_tag};
use crate::load::Unreadable;
use crate::source::SourceFile;
use std::path::Path;

/// Lines sampled to decide the layout.
const SAMPLE_LINES: usize = 2000;

/// Decides the layout of a file, or why it cannot hold tagged tokens at all.
pub fn sniff(file: &SourceFile, options: &Options) -> Result<Layout, Unreadable> {
    let sample = sample(file);
    let format = options.format.unwrap_or_else(|| guess(&file.path, &sample));
    let whole = |message| Unreadable {
        message,
        ..Default::default()
    };
    match format {
        Format::Jsonl => jsonl::sniff(file, &sample, options),
        Format::Conllu => conllu::sniff(&sample, options).map_err(whole),
        Format::Blocks | Format::Columns => columns(&sample, options).map_err(whole),
    }
}

/// The first non-blank lines of a file, without `-DOCSTART-` lines and line terminators.
fn sample(file: &SourceFile) -> Vec<&str> {
    file.text[file.body_start()..]
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !is_blank(l) && !is_doc_start(l))
        .take(SAMPLE_LINES)
        .collect()
}

/// The content decides where it is unambiguous (a JSON object line, CoNLL-U's 10 columns),
/// then the extension; everything else is read as columns or blocks.
fn guess(path: &str, sample: &[&str]) -> Format {
    // Most of the first lines, so that one broken record does not make it a column file.
    let head = &sample[..sample.len().min(20)];
    if head.iter().filter(|l| jsonl::is_object_line(l)).count() * 2 > head.len() {
        return Format::Jsonl;
    }
    match extension(path).as_deref() {
        Some("jsonl" | "ndjson" | "json") => Format::Jsonl,
        Some("conllu") => Format::Conllu,
        _ if conllu::looks_like(sample) => Format::Conllu,
        _ => Format::Columns,
    }
}

/// The lowercase extension, looking through a `.gz` suffix (`train.conllu.gz` -> `conllu`).
pub fn extension(path: &str) -> Option<String> {
    let path = Path::new(path);
    let lower = |p: &Path| Some(p.extension()?.to_str()?.to_ascii_lowercase());
    match lower(path)?.as_str() {
        "gz" => lower(Path::new(path.file_stem()?)),
        other => Some(other.to_string()),
    }
}

/// Column files and `<s>` blocks: separator, column count, token and tag columns.
fn columns(sample: &[&str], options: &Options) -> Result<Layout, String> {
    let has_blocks = sample.iter().any(|l| *l == "<s>" || *l == "</s>");
    if options.format == Some(Format::Blocks) || (options.format.is_none() && has_blocks) {
        return Ok(Layout::columns(Format::Blocks, Separator::Tab, 2));
    }
    let rows: Vec<&str> = sample
        .iter()
        .copied()
        .filter(|l| !l.starts_with('#'))
        .collect();
    if rows.is_empty() {
        // Nothing but blank, comment and `-DOCSTART-` lines: a readable file with no sentence,
        // which `empty-file` reports.
        return Ok(Layout::columns(Format::Columns, Separator::Tab, 2));
    }
    let separator = if rows.iter().any(|l| l.contains('\t')) {
        Separator::Tab
    } else {
        Separator::Spaces
    };
    let fields: Vec<Vec<&str>> = rows.iter().map(|r| split(r, separator)).collect();
    let columns = usual_width(&fields);
    if columns < 2 {
        return Err("no tag column: token lines hold a single field".into());
    }
    let usual: Vec<Vec<&str>> = fields
        .iter()
        .filter(|f| f.len() == columns)
        .cloned()
        .collect();
    let share = |column: usize, test: fn(&str) -> bool| share(&usual, column, test);
    let mut layout = Layout::columns(Format::Columns, separator, columns);
    layout.token_column = usize::from(columns >= 3 && share(0, is_token_index) > 0.9);
    layout.tag_column = match options.tag_column {
        Some(n) => user_tag_column(n, columns)?,
        None => (layout.token_column + 1..columns)
            .rev()
            .find(|c| share(*c, looks_like_tag) >= 0.8)
            .filter(|c| *c != columns - 1)
            .map_or(TagColumn::Last, TagColumn::Index),
    };
    // Prose (a LICENSE, a README) splits into columns too; its last words are not tags.
    let tag_index = match layout.tag_column {
        TagColumn::Last => columns - 1,
        TagColumn::Index(i) => i,
    };
    // Every row counts here, not only those of the usual width: prose has no usual width.
    let tags: Vec<&str> = fields
        .iter()
        .filter_map(|f| f.get(tag_index).or(f.last()).copied())
        .collect();
    let plausible = tags.iter().filter(|t| could_be_tag(t)).count();
    if options.tag_column.is_none() && plausible * 2 < tags.len() {
        let example = tags.iter().find(|v| !could_be_tag(v)).copied();
        return Err(format!(
            "no tag column: column {} holds words such as `{}`, not tags; is this NER data?",
            tag_index + 1,
            example.unwrap_or_default()
        ));
    }
    Ok(layout)
}

/// Anything a tag column holds, in any spelling: `O`, `B-PER`, `PER-B`, `B_per`, a bare `B`,
/// `-` for "not annotated", an unprefixed `PER`. Words of prose mostly are none of these.
fn could_be_tag(field: &str) -> bool {
    field.chars().count() == 1
        || field.contains(['-', '_'])
        || field.bytes().all(|b| b.is_ascii_uppercase())
}

/// The most common number of fields of the rows (0 without any); the smaller on a tie.
pub(super) fn usual_width(rows: &[Vec<&str>]) -> usize {
    let mut counts = std::collections::BTreeMap::<usize, usize>::new();
    for row in rows {
        *counts.entry(row.len()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(n, count)| (*count, std::cmp::Reverse(*n)))
        .map_or(0, |(n, _)| n)
}

pub(super) fn split(line: &str, separator: Separator) -> Vec<&str> {
    let mut fields = Vec::new();
    super::columns::split(line, separator, &mut fields);
    fields
}

/// The share of `rows` whose field `column` passes `test`.
pub(super) fn share(rows: &[Vec<&str>], column: usize, test: fn(&str) -> bool) -> f64 {
    let passing = rows
        .iter()
        .filter(|f| f.get(column).is_some_and(|v| test(v)));
    passing.count() as f64 / rows.len().max(1) as f64
}

/// The user's 1-based `--tag-column`, checked against the file's columns.
pub(super) fn user_tag_column(n: usize, columns: usize) -> Result<TagColumn, String> {
    match n {
        n if n > columns => Err(format!(
            "--tag-column {n} is past the last of the file's {columns} columns"
        )),
        n if n == columns => Ok(TagColumn::Last),
        n => Ok(TagColumn::Index(n - 1)),
    }
}

/// A token index column as in CoNLL-U and UNER (`1`, `2-3`, `5.1`).
pub(super) fn is_token_index(field: &str) -> bool {
    !field.is_empty()
        && field
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
}
