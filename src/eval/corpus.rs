//! A corpus held for evaluation: every token with the byte spans of its text and tag, the
//! sentences, and the decoded entities, all addressed by token ordinal (the token's index among
//! the token lines of its file). Ordinals survive a change of tags, so findings on a corrupted
//! copy and errors injected into the original meet on them.

use crate::discover::Input;
use crate::engine;
use crate::read::{self, Event, Layout};
use crate::scheme::{self, Scheme};
use crate::settings::Settings;
use crate::source::{SourceFile, Span};
use crate::tag::{Spelling, Tag};
use std::ops::Range;
use std::path::{Path, PathBuf};

pub struct Corpus {
    pub files: Vec<CorpusFile>,
}

pub struct CorpusFile {
    pub path: PathBuf,
    pub source: SourceFile,
    pub layout: Layout,
    pub spelling: Spelling,
    pub scheme: Scheme,
    pub tokens: Vec<TokenAt>,
    /// Token ordinals of each sentence.
    pub sentences: Vec<Range<usize>>,
    /// Decoded entities in file order.
    pub entities: Vec<EntityAt>,
}

#[derive(Clone, Copy, Debug)]
pub struct TokenAt {
    pub text: Span,
    pub tag: Span,
    pub line: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityAt {
    pub sentence: usize,
    pub tokens: Range<usize>,
    /// Where the label of its first tag is (empty for untyped tags).
    pub label: Span,
}

impl Corpus {
    /// Reads the files in the order given, with the layout, tag spelling and scheme that
    /// `biolint check` finds for them. A file biolint cannot read is an error here, because the
    /// evaluation needs every token of the corpus.
    pub fn load(paths: &[PathBuf]) -> Result<Corpus, String> {
        let inputs: Vec<Input> = paths.iter().map(|p| Input::Path(p.clone())).collect();
        // No rule but the one that says why a file cannot be read.
        let mut settings = Settings::default();
        settings.select(&[Settings::rule("unreadable-file")?]);
        let outcome = engine::check(&inputs, &settings);
        let problem = |id: usize| {
            let found = outcome.diagnostics.iter().find(|d| d.file == id);
            found.map_or("biolint cannot read this file", |d| d.message.as_str())
        };
        let mut files = Vec::with_capacity(paths.len());
        for (id, (source, summary)) in outcome
            .files
            .into_iter()
            .zip(&outcome.summaries)
            .enumerate()
        {
            let path = &paths[id];
            let (Some(layout), Some((scheme, _))) = (summary.layout.clone(), summary.scheme) else {
                return Err(format!("{}: {}", path.display(), problem(id)));
            };
            files.push(CorpusFile::read(
                path,
                source,
                layout,
                summary.spelling,
                scheme,
            )?);
        }
        Ok(Corpus { files })
    }

    pub fn entity_count(&self) -> usize {
        self.files.iter().map(|f| f.entities.len()).sum()
    }
}

impl CorpusFile {
    fn read(
        path: &Path,
        source: SourceFile,
        layout: Layout,
        spelling: Spelling,
        scheme: Scheme,
    ) -> Result<CorpusFile, String> {
        let mut verbatim = true;
        let (mut tokens, mut sentences, mut entities) = (Vec::new(), Vec::new(), Vec::new());
        let (mut tags, mut decoded) = (Vec::new(), Vec::new());
        for chunk in read::chunks(&source.text, source.body_start(), layout.format) {
            read::read(&source, &layout, chunk, &mut |event| {
                let Event::Sentence(sentence) = event else {
                    return;
                };
                let first = tokens.len();
                for token in &sentence.tokens {
                    verbatim &= source.text.get(token.tag_span.start..token.tag_span.end)
                        == Some(token.tag);
                    tokens.push(TokenAt {
                        text: token.text_span,
                        tag: token.tag_span,
                        line: token.line,
                    });
                }
                read::parse_tags(sentence, spelling, &mut tags);
                scheme::decode(&tags, &mut decoded);
                for entity in &decoded {
                    let tag = sentence.tokens[entity.start].tag_span;
                    let label = match entity.label.is_empty() {
                        true => Span::new(tag.end, tag.end),
                        false => Span::of(&source.text, entity.label),
                    };
                    entities.push(EntityAt {
                        sentence: sentences.len(),
                        tokens: first + entity.start..first + entity.end,
                        label,
                    });
                }
                sentences.push(first..tokens.len());
            });
        }
        if !verbatim {
            return Err(format!(
                "{}: the format does not keep tags verbatim in the file, so they cannot be rewritten",
                path.display()
            ));
        }
        Ok(CorpusFile {
            path: path.to_path_buf(),
            source,
            layout,
            spelling,
            scheme,
            tokens,
            sentences,
            entities,
        })
    }

    pub fn text(&self, span: Span) -> &str {
        &self.source.text[span.start..span.end]
    }

    pub fn token_text(&self, ordinal: usize) -> &str {
        self.text(self.tokens[ordinal].text)
    }

    /// The token texts of `tokens`.
    pub fn string(&self, tokens: &Range<usize>) -> Vec<&str> {
        tokens.clone().map(|t| self.token_text(t)).collect()
    }

    pub fn tag(&self, ordinal: usize) -> Tag<'_> {
        self.spelling.parse(self.text(self.tokens[ordinal].tag))
    }

    pub fn label(&self, entity: &EntityAt) -> &str {
        self.text(entity.label)
    }

    /// The token ordinals a byte span of the file touches (empty when it touches no token line).
    pub fn tokens_at(&self, span: Span) -> Range<usize> {
        let end = span.end.max(span.start + 1);
        let from = self.tokens.partition_point(|t| t.line.end < span.start);
        let to = self.tokens.partition_point(|t| t.line.start < end);
        from..to.max(from)
    }
}
