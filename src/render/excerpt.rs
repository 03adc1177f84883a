//! Source excerpts for codespan: only the lines a diagnostic points at, long lines cut to a
//! window around the labels, while line and column numbers stay those of the real file.

use crate::source::{FileId, SourceFile, Span};
use codespan_reporting::files::{Error, Files};
use std::collections::BTreeMap;
use std::ops::Range;

/// Lines longer than this many bytes are shown as a window around their labels.
const MAX_LINE: usize = 200;
/// Longest span, in lines, shown whole (a multi-token entity has a line per token).
const MAX_SPAN_LINES: usize = 8;
/// Context kept on each side of the labels in a cut line.
const CONTEXT: usize = 60;

/// Where a place landed: its excerpt and the range of its piece on each line it covers.
pub type Placed = (usize, Vec<Range<usize>>);

/// The excerpts of one diagnostic, one per file it points into.
pub struct Excerpts<'a> {
    files: &'a [SourceFile],
    excerpts: Vec<Excerpt>,
}

struct Excerpt {
    file: FileId,
    text: String,
    lines: Vec<ExcerptLine>,
}

/// One line of an excerpt and where it came from.
struct ExcerptLine {
    range: Range<usize>,
    /// 1-based line number in the real file (0 for spacer lines).
    number: usize,
    /// Real offset of the first shown byte, and the length of the `…` put before it.
    real_start: usize,
    lead: usize,
}

impl<'a> Excerpts<'a> {
    /// Builds excerpts for all `(file, span)` places; returns them with each place mapped to
    /// its excerpt id and the range of its piece on each line it covers.
    pub fn new(files: &'a [SourceFile], places: &[(FileId, Span)]) -> (Excerpts<'a>, Vec<Placed>) {
        let pieces: Vec<Vec<Span>> = places
            .iter()
            .map(|&(file, span)| pieces(&files[file], span))
            .collect();
        let mut per_file: BTreeMap<FileId, BTreeMap<usize, Vec<Span>>> = BTreeMap::new();
        for (&(file, _), pieces) in places.iter().zip(&pieces) {
            for piece in pieces {
                per_file
                    .entry(file)
                    .or_default()
                    .entry(files[file].line_span(piece.start).start)
                    .or_default()
                    .push(*piece);
            }
        }
        let mut excerpts = Vec::new();
        let mut mapped_places: BTreeMap<(FileId, usize, usize), (usize, Range<usize>)> =
            BTreeMap::new();
        for (file, lines) in per_file {
            let source = &files[file];
            let mut excerpt = Excerpt {
                file,
                text: String::new(),
                lines: Vec::new(),
            };
            let mut previous: Option<usize> = None;
            for (line_start, spans) in lines {
                let number = source.line_index(line_start) + 1;
                if let Some(prev) = previous {
                    match number - prev {
                        1 => {}
                        2 => {
                            let between = source.line_span(line_start.saturating_sub(2));
                            excerpt.push_line(source, between, number - 1, &[]);
                        }
                        // Two spacers make codespan draw its `·` break between distant lines.
                        _ => {
                            excerpt.push_spacer();
                            excerpt.push_spacer();
                        }
                    }
                }
                let line = source.line_span(line_start);
                let mapped = excerpt.push_line(source, line, number, &spans);
                for (span, range) in spans.iter().zip(mapped) {
                    mapped_places.insert((file, span.start, span.end), (excerpts.len(), range));
                }
                previous = Some(number);
            }
            excerpts.push(excerpt);
        }
        let ranges = places
            .iter()
            .zip(&pieces)
            .map(|(&(file, _), pieces)| {
                let mapped: Vec<&(usize, Range<usize>)> = pieces
                    .iter()
                    .map(|p| &mapped_places[&(file, p.start, p.end)])
                    .collect();
                (mapped[0].0, mapped.iter().map(|(_, r)| r.clone()).collect())
            })
            .collect();
        (Excerpts { files, excerpts }, ranges)
    }

    fn line(&self, id: usize, line_index: usize) -> Result<&ExcerptLine, Error> {
        let excerpt = self.excerpts.get(id).ok_or(Error::FileMissing)?;
        excerpt.lines.get(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: excerpt.lines.len(),
        })
    }
}

impl Excerpt {
    fn push_spacer(&mut self) {
        let at = self.text.len();
        self.text.push('\n');
        self.lines.push(ExcerptLine {
            range: at..at,
            number: 0,
            real_start: 0,
            lead: 0,
        });
    }

    /// Appends a real line, cut to a window around `spans` when long; returns where each span
    /// landed in the excerpt.
    fn push_line(
        &mut self,
        source: &SourceFile,
        line: Span,
        number: usize,
        spans: &[Span],
    ) -> Vec<Range<usize>> {
        let text = &source.text;
        let line_start = line.start.max(source.body_start().min(line.end));
        let (mut from, mut to) = (line_start, line.end);
        if to - from > MAX_LINE {
            let lo = spans.iter().map(|s| s.start).min().unwrap_or(from);
            let hi = spans.iter().map(|s| s.end).max().unwrap_or(from);
            from = floor_char(text, lo.saturating_sub(CONTEXT).max(from));
            to = ceil_char(text, (hi + CONTEXT).min(to).max(from));
        }
        let at = self.text.len();
        let lead = if from > line_start { "…" } else { "" };
        self.text.push_str(lead);
        self.text.push_str(&text[from..to]);
        if to < line.end {
            self.text.push('…');
        }
        self.lines.push(ExcerptLine {
            range: at..self.text.len(),
            number,
            real_start: from,
            lead: lead.len(),
        });
        self.text.push('\n');
        let base = at + lead.len();
        spans
            .iter()
            .map(|s| {
                let start = s.start.clamp(from, to);
                let end = s.end.clamp(start, to);
                base + start - from..base + end - from
            })
            .collect()
    }
}

/// The parts of `span` on each line it covers, so that an entity over several token lines is
/// shown whole: the token on every line (the field the span starts in on its first line). A
/// span over more than `MAX_SPAN_LINES` lines is cut at its first line's end.
fn pieces(source: &SourceFile, span: Span) -> Vec<Span> {
    let text = &source.text;
    let first = source.line_span(span.start);
    if span.end <= first.end {
        return vec![span];
    }
    let (field, token) = fields(&text[first.start..first.end])
        .enumerate()
        .find(|(_, f)| first.start + f.end > span.start)
        .unwrap_or((0, 0..first.end - first.start));
    let mut out = vec![Span::new(span.start, first.start + token.end)];
    let mut line = first;
    while let Some(i) = memchr::memchr(b'\n', &text.as_bytes()[line.end..]) {
        line = source.line_span(line.end + i + 1);
        if line.start >= span.end {
            break;
        }
        if out.len() == MAX_SPAN_LINES {
            return vec![Span::new(span.start, first.end)];
        }
        let token = fields(&text[line.start..line.end])
            .nth(field)
            .unwrap_or(0..line.end - line.start);
        out.push(Span::new(line.start + token.start, line.start + token.end));
    }
    out
}

/// Byte ranges of the fields of a token line: split at TABs, or at runs of spaces in a line
/// without TAB (as the column reader splits it).
fn fields(line: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let tabs = line.contains('\t');
    let mut at = 0;
    std::iter::from_fn(move || {
        if tabs {
            (at <= line.len()).then(|| {
                let end = line[at..].find('\t').map_or(line.len(), |i| at + i);
                let field = at..end;
                at = end + 1;
                field
            })
        } else {
            let start = at + line[at..].find(|c| c != ' ')?;
            let end = line[start..].find(' ').map_or(line.len(), |i| start + i);
            at = end;
            Some(start..end)
        }
    })
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl<'f> Files<'f> for Excerpts<'_> {
    type FileId = usize;
    type Name = &'f str;
    type Source = &'f str;

    fn name(&'f self, id: usize) -> Result<&'f str, Error> {
        let excerpt = self.excerpts.get(id).ok_or(Error::FileMissing)?;
        Ok(&self.files[excerpt.file].path)
    }

    fn source(&'f self, id: usize) -> Result<&'f str, Error> {
        Ok(&self.excerpts.get(id).ok_or(Error::FileMissing)?.text)
    }

    fn line_index(&'f self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let excerpt = self.excerpts.get(id).ok_or(Error::FileMissing)?;
        Ok(excerpt
            .lines
            .partition_point(|l| l.range.end < byte_index)
            .min(excerpt.lines.len().saturating_sub(1)))
    }

    fn line_number(&'f self, id: usize, line_index: usize) -> Result<usize, Error> {
        Ok(self.line(id, line_index)?.number)
    }

    fn column_number(
        &'f self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let line = self.line(id, line_index)?;
        let file = &self.files[self.excerpts[id].file];
        let shown = byte_index.saturating_sub(line.range.start + line.lead);
        Ok(file.position(line.real_start + shown).column)
    }

    fn line_range(&'f self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let line = self.line(id, line_index)?;
        Ok(line.range.start..line.range.end + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each piece of the span from `from` to the end of `to` (both sub-strings).
    fn shown(text: &str, from: &str, to: &str) -> Vec<String> {
        let file = SourceFile::new("t".into(), text.into());
        let start = text.find(from).unwrap();
        let end = text.find(to).unwrap() + to.len();
        pieces(&file, Span::new(start, end))
            .iter()
            .map(|p| text[p.start..p.end].to_string())
            .collect()
    }

    #[test]
    fn a_span_over_token_lines_is_shown_as_its_tokens() {
        let tsv = "the\tB-OS\nLinux kernel\tI-OS\ncode\tI-OS\n";
        assert_eq!(shown(tsv, "the", "code"), ["the", "Linux kernel", "code"]);
        let conll = "the DT B-OS\nLinux NNP I-OS\n";
        assert_eq!(shown(conll, "the", "Linux"), ["the", "Linux"]);
        let conllu = "1\tthe\tx\tNER=B-OS\n2\tLinux\tx\tNER=I-OS\n";
        assert_eq!(shown(conllu, "the", "Linux"), ["the", "Linux"]);
        assert_eq!(shown(tsv, "Linux", "kernel"), ["Linux kernel"]);
    }

    #[test]
    fn a_span_over_too_many_lines_is_cut_at_its_first_line() {
        let text = "a\tB-X\n".repeat(MAX_SPAN_LINES + 1);
        let file = SourceFile::new("t".into(), text.clone());
        let cut = pieces(&file, Span::new(0, text.len() - 5));
        assert_eq!(cut, [Span::new(0, 5)]);
    }
}
