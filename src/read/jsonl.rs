//! JSON Lines as Hugging Face `datasets` write them: one object per line with a token array and
//! a tag array, `{"tokens": ["EU", "rejects"], "ner_tags": ["B-ORG", "O"]}`. Tags are strings,
//! or numbers named by a label list (`--label-names`, or a file beside the data; see `names`).
//!
//! serde_json validates each line and hands out the two arrays as `RawValue`s, slices of the
//! file text, which are then split into their elements: tokens and tags keep the exact byte
//! span of their element, and a string without escapes is borrowed, not copied.

use super::{Defect, Event, Lines, Options, Sentence, Token};
use crate::load::Unreadable;
use crate::render::plural;
use crate::source::{SourceFile, Span};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// Array names tried in order when the user names none.
const TOKEN_FIELDS: &[&str] = &["tokens", "words"];
const TAG_FIELDS: &[&str] = &["ner_tags", "ner", "tags", "labels"];

/// Which arrays of a record hold the tokens and the tags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonFields {
    pub tokens: String,
    pub tags: String,
    /// Where the names of numeric tags come from (`dataset_info.json`), when tags are numbers.
    pub names: Option<String>,
}

impl JsonFields {
    pub fn describe(&self) -> String {
        let arrays = format!("`{}`/`{}`", self.tokens, self.tags);
        match &self.names {
            Some(source) => format!("{arrays}, tag numbers named by {source}"),
            None => arrays,
        }
    }
}

/// A line that starts a JSON object: `{"` or `{}` (a token `{` on a column line does not).
pub(super) fn is_object_line(line: &str) -> bool {
    let line = line.trim();
    line.strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with(['"', '}']))
}

/// Finds the token and tag arrays in the sampled records and, when tags are numbers, their
/// names, which the file keeps for the readers to borrow.
pub(super) fn sniff(
    file: &SourceFile,
    sample: &[&str],
    options: &Options,
) -> Result<super::Layout, Unreadable> {
    let whole = |message: String| Unreadable {
        message,
        ..Default::default()
    };
    let mut layout = super::Layout::columns(super::Format::Jsonl, super::Separator::Tab, 2);
    if sample.is_empty() {
        // A readable file with no record, which `empty-file` reports.
        layout.json = Some(JsonFields {
            tokens: options
                .tokens_field
                .clone()
                .unwrap_or(TOKEN_FIELDS[0].into()),
            tags: options.tags_field.clone().unwrap_or(TAG_FIELDS[0].into()),
            names: None,
        });
        return Ok(layout);
    }
    let records: Vec<BTreeMap<String, &RawValue>> = sample
        .iter()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    if records.is_empty() {
        let body = &file.text[file.body_start()..];
        return Err(whole(match serde_json::from_str::<IgnoredAny>(body) {
            Ok(_) => "one JSON document, not JSON Lines: biolint reads one object per line".into(),
            Err(_) => "not JSON Lines: no line holds a JSON object".into(),
        }));
    }
    let pick = |given: &Option<String>, defaults: &[&str], what: &str, flag: &str| {
        let found = match given {
            Some(name) => records
                .iter()
                .any(|r| r.contains_key(name))
                .then(|| name.clone()),
            None => defaults
                .iter()
                .find(|name| records.iter().any(|r| r.contains_key(**name)))
                .map(|name| name.to_string()),
        };
        found.ok_or_else(|| {
            let tried = given.as_ref().map_or(defaults.join("`, `"), |n| n.clone());
            whole(format!(
                "no {what} array: the records have no `{tried}` field; name it with {flag}"
            ))
        })
    };
    let tokens = pick(
        &options.tokens_field,
        TOKEN_FIELDS,
        "token",
        "--tokens-field",
    )?;
    let tags = pick(&options.tags_field, TAG_FIELDS, "tag", "--tags-field")?;
    // Files whose tags are numbers need names; a stray number elsewhere is a line's defect.
    let first_number = records
        .iter()
        .filter_map(|r| elements(r.get(&tags)?.get()))
        .flatten()
        .next()
        .filter(|tag| tag.starts_with(|c: char| c.is_ascii_digit()));
    let mut fields = JsonFields {
        tokens,
        tags,
        names: None,
    };
    if let Some(number) = first_number {
        let Some((names, source)) = names::find(file, options, &fields.tags) else {
            return Err(Unreadable {
                message: format!(
                    "tags are numbers (`{}`) and no label names were found",
                    number
                ),
                at: Some(Span::of(&file.text, number)),
                help: Some(names::HELP),
            });
        };
        file.name_tags(names);
        fields.names = Some(source);
    } else {
        file.name_tags(escaped_tags(&records, &fields.tags));
    }
    layout.json = Some(fields);
    Ok(layout)
}

/// The decoded spellings of the tags a sample writes with escapes (`"B-caf\u00e9"`, as Python's
/// `json.dumps` writes non-ASCII by default). Tags are borrowed, so the reader borrows these
/// for the escaped tags it meets; one that is not among them is kept as written.
fn escaped_tags(records: &[BTreeMap<String, &RawValue>], tags: &str) -> Vec<String> {
    let mut decoded: Vec<String> = records
        .iter()
        .filter_map(|r| elements(r.get(tags)?.get()))
        .flatten()
        .filter(|tag| tag.contains('\\'))
        .filter_map(|tag| serde_json::from_str(tag).ok())
        .collect();
    decoded.sort();
    decoded.dedup();
    decoded
}

/// Reads one sentence per non-blank line. A line that does not hold a well-formed record is
/// reported as a defect and skipped; the next line is read as usual.
pub(super) fn read<'a>(
    lines: &mut Lines<'a>,
    fields: &JsonFields,
    names: &'a [String],
    visit: &mut dyn FnMut(Event<'_, 'a>),
) {
    let mut sentence = Sentence::default();
    while let Some(line) = lines.next() {
        if super::is_blank(line) {
            continue;
        }
        sentence.tokens.clear();
        match record(lines, line, fields, names, &mut sentence.tokens) {
            Ok(()) => visit(Event::Sentence(&sentence)),
            Err(defect) => visit(Event::Defect(defect)),
        }
    }
}

/// The token and tag arrays of one line, as raw elements.
#[derive(Default)]
struct Arrays<'a> {
    tokens: Option<&'a RawValue>,
    tags: Option<&'a RawValue>,
}

/// Deserializes a record keeping only the two arrays (as raw slices of the line).
struct Pick<'f>(&'f JsonFields);

impl<'de> DeserializeSeed<'de> for Pick<'_> {
    type Value = Arrays<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Arrays<'de>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Pick<'_> {
    type Value = Arrays<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Arrays<'de>, A::Error> {
        let mut arrays = Arrays::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == self.0.tokens {
                arrays.tokens = Some(map.next_value()?);
            } else if key == self.0.tags {
                arrays.tags = Some(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(arrays)
    }
}

fn record<'a>(
    lines: &Lines<'a>,
    line: &'a str,
    fields: &JsonFields,
    names: &'a [String],
    out: &mut Vec<Token<'a>>,
) -> Result<(), Defect> {
    let mut parser = serde_json::Deserializer::from_str(line);
    let arrays = Pick(fields)
        .deserialize(&mut parser)
        .and_then(|arrays| parser.end().map(|()| arrays))
        .map_err(|e| invalid(lines, line, &e))?;
    let tokens = array(lines, line, arrays.tokens, &fields.tokens, "--tokens-field")?;
    let tags = array(lines, line, arrays.tags, &fields.tags, "--tags-field")?;
    if tokens.len() != tags.len() {
        // Point at the first element left without a partner.
        let (span, label) = match tokens.get(tags.len()) {
            Some(token) => (lines.span(token), "this token has no tag"),
            None => (lines.span(tags[tokens.len()]), "this tag has no token"),
        };
        return Err(Defect {
            span,
            message: format!(
                "{} for {}",
                plural(tags.len(), "tag"),
                plural(tokens.len(), "token")
            ),
            label: label.into(),
            help: format!(
                "give every token of `{}` one tag in `{}`",
                fields.tokens, fields.tags
            ),
        });
    }
    let line_span = lines.span(line);
    for (token, tag) in tokens.into_iter().zip(tags) {
        let (text, text_span) =
            string(lines, token).ok_or_else(|| not_a(lines, token, "token", "a string"))?;
        let (tag, tag_span) = self::tag(lines, tag, names)?;
        out.push(Token {
            text,
            tag,
            line: line_span,
            text_span,
            tag_span,
            fields: 2,
        });
    }
    Ok(())
}

/// serde_json's message without its position (the diagnostic shows it), at the byte it names.
fn invalid(lines: &Lines, line: &str, e: &serde_json::Error) -> Defect {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |m| m.0);
    let at = match e.classify() {
        // serde_json names the last byte it read; the missing part is after it.
        serde_json::error::Category::Eof => line.len(),
        _ => (e.column().max(1) - 1).min(line.len()),
    };
    let at = (0..=at)
        .rev()
        .find(|i| line.is_char_boundary(*i))
        .unwrap_or(0);
    let start = lines.span(line).start + at;
    let (span, message, label) = match e.classify() {
        serde_json::error::Category::Data => {
            let value = line.trim();
            let message = format!("the line holds {}, not a JSON object", json_kind(value));
            (lines.span(value), message, "not an object")
        }
        _ => (
            Span::new(start, start),
            format!("invalid JSON: {message}"),
            "here",
        ),
    };
    Defect {
        span,
        message,
        label: label.into(),
        help: "write one JSON object per line, as `{\"tokens\": [...], \"ner_tags\": [...]}`"
            .into(),
    }
}

fn array<'a>(
    lines: &Lines<'a>,
    line: &'a str,
    value: Option<&'a RawValue>,
    name: &str,
    flag: &str,
) -> Result<Vec<&'a str>, Defect> {
    let Some(value) = value else {
        return Err(Defect {
            span: lines.span(line),
            message: format!("no `{name}` array in this record"),
            label: format!("record without `{name}`"),
            help: format!("add the `{name}` array, or name the field that holds it with {flag}"),
        });
    };
    elements(value.get()).ok_or_else(|| not_a(lines, value.get(), &format!("`{name}`"), "an array"))
}

/// The elements of a JSON array serde_json has already validated, as slices of it. Splitting
/// valid JSON only needs to follow strings and nesting; parsing it again would cost as much
/// as the first pass.
fn elements(array: &str) -> Option<Vec<&str>> {
    let b = array.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    let space = |mut i: usize| {
        while b
            .get(i)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            i += 1;
        }
        i
    };
    let mut out = Vec::new();
    let mut i = space(1);
    while b.get(i).is_some_and(|c| *c != b']') {
        let end = value_end(b, i);
        out.push(&array[i..end]);
        i = space(end);
        if b.get(i) == Some(&b',') {
            i = space(i + 1);
        }
    }
    Some(out)
}

/// Where the valid JSON value that starts at `i` ends.
fn value_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if depth == 0 {
                    return (i + 1).min(b.len());
                }
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

fn not_a(lines: &Lines, raw: &str, what: &str, kind: &str) -> Defect {
    Defect {
        span: lines.span(raw),
        message: format!("{what} is {}, not {kind}", json_kind(raw)),
        label: format!("not {kind}"),
        help: format!("write {kind} here"),
    }
}

/// What a JSON value is, from its first byte.
fn json_kind(raw: &str) -> &'static str {
    match raw.as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// A JSON string element: borrowed without its quotes, or decoded when it has escapes. The
/// span is the element's text between the quotes.
fn string<'a>(lines: &Lines<'a>, raw: &'a str) -> Option<(Cow<'a, str>, Span)> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    // Tokens are short: a plain search beats setting up a vectorized one.
    let text = match inner.as_bytes().contains(&b'\\') {
        false => Cow::Borrowed(inner),
        true => Cow::Owned(serde_json::from_str::<String>(raw).ok()?),
    };
    Some((text, lines.span(inner)))
}

/// A tag element: a string (borrowed from the file, or from `names` when it has escapes), or a
/// number naming one of `names`.
fn tag<'a>(
    lines: &Lines<'a>,
    raw: &'a str,
    names: &'a [String],
) -> Result<(&'a str, Span), Defect> {
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        let decoded = match inner.contains('\\') {
            true => serde_json::from_str::<String>(raw).ok(),
            false => None,
        };
        let tag = decoded
            .and_then(|d| names.iter().find(|n| **n == d))
            .map_or(inner, String::as_str);
        return Ok((tag, lines.span(inner)));
    }
    let span = lines.span(raw);
    let Ok(number) = raw.parse::<usize>() else {
        return Err(not_a(lines, raw, "tag", "a string or a label number"));
    };
    match names.get(number) {
        Some(name) => Ok((name, span)),
        None if names.is_empty() => Err(Defect {
            span,
            message: format!("tag `{number}` is a number and the file has no label names"),
            label: "a label number".into(),
            help: names::HELP.into(),
        }),
        None => Err(Defect {
            span,
            message: format!("tag number {number} has no name"),
            label: format!("only 0 to {} are named", names.len() - 1),
            help: "check the label list, or the tag".into(),
        }),
    }
}

/// Where the names of numeric tags come from, in this order: `--label-names`; beside the file
/// (the current directory for standard input), a `dataset_info.json` as `datasets` writes it
/// (`features.<tags>.feature.names`); a `label_names.txt` or `labels.txt` with one tag name per
/// line, in number order.
mod names {
    use super::Options;
    use crate::source::SourceFile;
    use serde_json::Value;
    use std::path::Path;

    pub const HELP: &str = "give the names with --label-names, or put dataset_info.json or \
                            label_names.txt beside the file";

    /// The names and where they were found.
    pub fn find(file: &SourceFile, options: &Options, tags: &str) -> Option<(Vec<String>, String)> {
        if let Some(names) = &options.label_names {
            return Some((names.clone(), "--label-names".into()));
        }
        let dir = Path::new(&file.path).parent()?;
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
        if let Some(names) = read("dataset_info.json").and_then(|info| dataset_info(&info, tags)) {
            return Some((names, "dataset_info.json".into()));
        }
        ["label_names.txt", "labels.txt"]
            .into_iter()
            .find_map(|name| {
                let names: Vec<String> = read(name)?
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect();
                (!names.is_empty()).then(|| (names, name.to_string()))
            })
    }

    /// `features.<tags>.feature.names` (a `Sequence` of `ClassLabel`), or `features.<tags>.names`.
    fn dataset_info(info: &str, tags: &str) -> Option<Vec<String>> {
        let info: Value = serde_json::from_str(info).ok()?;
        let feature = &info["features"][tags];
        let names = feature["feature"]["names"]
            .as_array()
            .or_else(|| feature["names"].as_array())?;
        names.iter().map(|n| n.as_str().map(String::from)).collect()
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn dataset_info_names_are_read_from_the_tag_feature() {
            let info = r#"{"features": {"tokens": {"feature": {"dtype": "string"}},
                "ner_tags": {"feature": {"names": ["O", "B-PER", "I-PER"], "_type": "ClassLabel"},
                "_type": "Sequence"}}}"#;
            assert_eq!(
                super::dataset_info(info, "ner_tags").unwrap(),
                ["O", "B-PER", "I-PER"]
            );
            assert_eq!(super::dataset_info(info, "tags"), None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::elements;

    #[test]
    fn arrays_split_into_their_elements_as_written() {
        assert_eq!(elements("[]"), Some(vec![]));
        assert_eq!(elements("[ ]"), Some(vec![]));
        assert_eq!(elements("[3]"), Some(vec!["3"]));
        assert_eq!(
            elements(r#"[ "a,b" , "\"]", 7,null, [1, [2]], {"k": "]"} ]"#),
            Some(vec![
                r#""a,b""#,
                r#""\"]""#,
                "7",
                "null",
                "[1, [2]]",
                r#"{"k": "]"}"#
            ])
        );
        assert_eq!(elements(r#""tokens""#), None);
    }
}
