//! CoNLL-U (Universal Dependencies): 10 TAB-separated columns
//! `ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC`, `#` comment lines, blank lines between
//! sentences. The NER tag is usually an entry of MISC (`NER=B-per|SpaceAfter=No`); CoNLL-U Plus
//! files name their columns in a `# global.columns = ...` first line, and one of them may hold it.
//!
//! Multi-word token ranges (`1-2`) and empty nodes (`5.1`) are skipped: the words they span
//! carry the tags.

use super::detect::{is_token_index, share, split, user_tag_column, usual_width};
use super::looks_like_tag;
use super::{Event, Format, Layout, Lines, Options, Separator, TagColumn, Token, columns};

const COLUMNS: usize = 10;
const FORM: usize = 1;
const MISC: usize = 9;

/// MISC keys that hold NER tags in published treebanks, tried in order.
const TAG_KEYS: &[&str] = &["NER", "NE"];

/// Whether sampled lines are CoNLL-U: a `# global.columns` header, or 10 TAB columns whose last
/// is MISC-like (`_` or `Key=Value` entries), or that come with `# sent_id`/`# text` comments
/// and an ID column. UNER's 5 columns (`index token tag - annotator`) stay plain columns.
pub(super) fn looks_like(sample: &[&str]) -> bool {
    if sample
        .first()
        .is_some_and(|l| l.starts_with("# global.columns"))
    {
        return true;
    }
    let rows = words(sample);
    if rows.is_empty() || rows.iter().filter(|f| f.len() == COLUMNS).count() * 10 < rows.len() * 9 {
        return false;
    }
    let misc_like = |v: &str| v == "_" || v.split('|').all(|e| e.contains('='));
    let commented = sample
        .iter()
        .any(|l| l.starts_with("# sent_id") || l.starts_with("# text"));
    share(&rows, MISC, misc_like) >= 0.9 || (commented && share(&rows, 0, is_token_index) >= 0.9)
}

/// Field lists of the word lines of a sample: not comments, ranges or empty nodes.
fn words<'a>(sample: &[&'a str]) -> Vec<Vec<&'a str>> {
    sample
        .iter()
        .filter(|l| !l.starts_with('#'))
        .map(|l| split(l, Separator::Tab))
        .filter(|f| !is_range_or_empty_node(f[0]))
        .collect()
}

fn is_range_or_empty_node(id: &str) -> bool {
    id.contains(['-', '.'])
}

/// Where the tag is: `--tag-column`, `--tag-field` (a named column or a MISC key), a column
/// named like `NE`, a MISC key of `TAG_KEYS`, or the last column that holds plain tags (MISC,
/// or one appended after it).
pub(super) fn sniff(sample: &[&str], options: &Options) -> Result<Layout, String> {
    let names: Vec<&str> = sample
        .first()
        .and_then(|l| l.strip_prefix("# global.columns"))
        .and_then(|l| l.trim_start().strip_prefix('='))
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default();
    let named = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    let rows = words(sample);
    // Without a header, the usual width: 10, or more where columns were appended after MISC.
    let columns = match names.len() {
        0 => usual_width(&rows).max(COLUMNS),
        n => n,
    };
    let mut layout = Layout::columns(Format::Conllu, Separator::Tab, columns);
    layout.token_column = named("FORM").unwrap_or(FORM);
    let misc = if names.is_empty() {
        Some(MISC)
    } else {
        named("MISC")
    };
    let in_misc = |key: &str| {
        let entry = format!("{key}=");
        let hits = |v: &str| v.split('|').any(|e| e.starts_with(entry.as_str()));
        misc.is_some_and(|m| rows.iter().any(|f| f.get(m).is_some_and(|v| hits(v))))
    };
    if let Some(n) = options.tag_column {
        layout.tag_column = user_tag_column(n, columns)?;
    } else if let Some(field) = &options.tag_field {
        match (named(field), misc) {
            (Some(i), _) => layout.tag_column = TagColumn::Index(i),
            (None, Some(m)) => {
                layout.tag_column = TagColumn::Index(m);
                layout.tag_key = Some(field.clone());
            }
            (None, None) => return Err(format!("no column `{field}` and no MISC column")),
        }
    } else if let Some(i) = names.iter().position(|n| is_ner_name(n)) {
        layout.tag_column = TagColumn::Index(i);
    } else if let (Some(m), Some(key)) = (misc, TAG_KEYS.iter().find(|k| in_misc(k))) {
        layout.tag_column = TagColumn::Index(m);
        layout.tag_key = Some(key.to_string());
    } else if let Some(c) = (layout.token_column + 1..columns)
        .rev()
        .find(|c| share(&rows, *c, looks_like_tag) >= 0.8)
    {
        // Plain tags in MISC, or in a column appended after it.
        layout.tag_column = TagColumn::Index(c);
    } else {
        return Err(
            "no NER tags: MISC has no `NER=` entry and no column is named for NER; \
                    name it with --tag-field KEY or --tag-column N"
                .into(),
        );
    }
    Ok(layout)
}

/// Column names of CoNLL-U Plus files that hold named entities (`NE`, `PARSEME:NE`, `NER`).
fn is_ner_name(name: &str) -> bool {
    let last = name.rsplit(':').next().unwrap_or(name);
    last.eq_ignore_ascii_case("NE") || last.eq_ignore_ascii_case("NER")
}

pub(super) fn read<'a>(
    lines: &mut Lines<'a>,
    layout: &Layout,
    visit: &mut dyn FnMut(Event<'_, 'a>),
) {
    let token = |lines: &Lines<'a>, line, fields: &[&'a str]| token(lines, line, layout, fields);
    columns::sentences(lines, Separator::Tab, visit, token);
}

/// A word line as a token; `None` for comments, ranges and empty nodes.
fn token<'a>(
    lines: &Lines<'a>,
    line: &'a str,
    layout: &Layout,
    fields: &[&'a str],
) -> Option<Token<'a>> {
    if line.starts_with('#') || is_range_or_empty_node(fields[0]) {
        return None;
    }
    let mut token = columns::token(lines, line, layout, fields)?;
    if let Some(key) = &layout.tag_key {
        token.tag = misc_entry(token.tag, key);
        token.tag_span = lines.span(token.tag);
    }
    Some(token)
}

/// The value of `key=` in a `|`-separated MISC field, or an empty slice at the field's end.
fn misc_entry<'a>(misc: &'a str, key: &str) -> &'a str {
    misc.split('|')
        .find_map(|e| e.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or(&misc[misc.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misc_entries_are_found_by_key() {
        assert_eq!(misc_entry("NER=B-per|SpaceAfter=No", "NER"), "B-per");
        assert_eq!(misc_entry("SpaceAfter=No|NER=O", "NER"), "O");
        assert_eq!(misc_entry("NERD=x|NER=O", "NER"), "O");
        assert_eq!(misc_entry("_", "NER"), "");
    }

    #[test]
    fn ner_columns_are_recognised_by_name() {
        assert!(is_ner_name("PARSEME:NE"));
        assert!(is_ner_name("NER"));
        assert!(!is_ner_name("MISC"));
        assert!(!is_ner_name("PARSEME:MWE"));
    }
}
