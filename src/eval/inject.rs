//! Injecting known annotation errors into a corpus: the kinds annotators really make (a wrong
//! type, a forgotten entity, a span one token too short or too long), rewritten in each file's
//! own scheme, changing nothing but the tags that the error changes.

use super::corpus::{Corpus, CorpusFile, EntityAt};
use super::rng::Rng;
use crate::fix::Edit;
use crate::rewrite;
use crate::scheme::{self, Entity};
use crate::tag::Tag;
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The entity gets another type of the corpus (frequent types more often).
    TypeSwap,
    /// The entity is left all `O`.
    Dropped,
    /// The first or the last token is cut off the entity.
    Shortened,
    /// An `O` token before or after the entity is taken into it.
    Extended,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::TypeSwap,
        Kind::Dropped,
        Kind::Shortened,
        Kind::Extended,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::TypeSwap => "type-swap",
            Kind::Dropped => "dropped",
            Kind::Shortened => "shortened",
            Kind::Extended => "extended",
        }
    }
}

/// One injected error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Injected {
    pub file: usize,
    pub kind: Kind,
    /// Every token of the entity before and after the change (the region a finding must touch).
    pub tokens: Range<usize>,
    /// The entity's string is annotated as an entity at least twice elsewhere in the corpus:
    /// there is a majority to judge the error by.
    pub judgeable: bool,
}

/// The errors of one corrupted copy and the tags they rewrite.
#[derive(Debug, Default)]
pub struct Corruption {
    pub errors: Vec<Injected>,
    /// Per file: token ordinal -> new tag.
    pub retags: Vec<BTreeMap<usize, String>>,
}

impl Corruption {
    /// One line per error: `path<TAB>first line<TAB>last line<TAB>kind`, for reading the
    /// errors in `corrupted`, the written copy.
    pub fn listing(&self, corrupted: &Corpus) -> String {
        let mut out = String::from("path\tfirst_line\tlast_line\tkind\n");
        for error in &self.errors {
            let file = &corrupted.files[error.file];
            let line = |t: usize| file.source.position(file.tokens[t].line.start).line;
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                file.path.display(),
                line(error.tokens.start),
                line(error.tokens.end - 1),
                error.kind.name()
            ));
        }
        out
    }
}

/// Injects `count` errors of each kind in `plan` into entities picked at random (no entity
/// twice, no two errors touching), as far as the corpus has entities that allow the kind.
pub fn inject(corpus: &Corpus, plan: &[(Kind, usize)], seed: u64) -> Corruption {
    let mut rng = Rng::new(seed);
    let labels = label_weights(corpus);
    let annotated = annotated_strings(corpus);
    let mut order: Vec<(usize, usize)> = corpus
        .files
        .iter()
        .enumerate()
        .flat_map(|(f, file)| (0..file.entities.len()).map(move |e| (f, e)))
        .collect();
    rng.shuffle(&mut order);
    let mut blocked: Vec<Vec<bool>> = corpus
        .files
        .iter()
        .map(|f| vec![false; f.tokens.len()])
        .collect();
    let mut out = Corruption {
        errors: Vec::new(),
        retags: vec![BTreeMap::new(); corpus.files.len()],
    };
    for &(kind, count) in plan {
        let mut made = 0;
        for &(f, e) in &order {
            if made == count {
                break;
            }
            let file = &corpus.files[f];
            let entity = &file.entities[e];
            let hull = entity.tokens.start.saturating_sub(1)..entity.tokens.end + 1;
            if blocked[f][hull.start..hull.end.min(file.tokens.len())]
                .iter()
                .any(|b| *b)
            {
                continue;
            }
            let Some(change) = Change::pick(kind, file, entity, &labels, &mut rng) else {
                continue;
            };
            let retags = change.retag(file, e);
            if retags.is_empty() {
                continue;
            }
            let first = *retags.keys().next().unwrap();
            let last = *retags.keys().next_back().unwrap();
            let span = change.span(entity);
            let tokens = first.min(entity.tokens.start).min(span.start)
                ..(last + 1).max(entity.tokens.end).max(span.end);
            let guard = tokens.start.saturating_sub(1)..(tokens.end + 1).min(file.tokens.len());
            blocked[f][guard].fill(true);
            out.retags[f].extend(retags);
            out.errors.push(Injected {
                file: f,
                kind,
                tokens,
                judgeable: annotated[&file.string(&entity.tokens)] > 2,
            });
            made += 1;
        }
    }
    out.errors.sort_by_key(|e| (e.file, e.tokens.start));
    out
}

/// The number of errors a rate asks for: a share of the corpus's entities.
pub fn count_for(corpus: &Corpus, rate: f64) -> usize {
    (rate * corpus.entity_count() as f64).round() as usize
}

/// How often each token string is annotated as an entity in the corpus.
fn annotated_strings(corpus: &Corpus) -> HashMap<Vec<&str>, usize> {
    let mut counts = HashMap::new();
    for file in &corpus.files {
        for entity in &file.entities {
            *counts.entry(file.string(&entity.tokens)).or_default() += 1;
        }
    }
    counts
}

/// Labels with their entity counts over the corpus, most frequent first.
fn label_weights(corpus: &Corpus) -> Vec<(String, usize)> {
    let mut counts = BTreeMap::<&str, usize>::new();
    for file in &corpus.files {
        for entity in &file.entities {
            *counts.entry(file.label(entity)).or_default() += 1;
        }
    }
    let mut weights: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(l, n)| (l.to_string(), n))
        .collect();
    weights.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    weights
}

/// What happens to the picked entity.
enum Change<'l> {
    Relabel(&'l str),
    Drop,
    Span(Range<usize>),
}

impl<'l> Change<'l> {
    fn pick(
        kind: Kind,
        file: &CorpusFile,
        entity: &EntityAt,
        labels: &'l [(String, usize)],
        rng: &mut Rng,
    ) -> Option<Change<'l>> {
        let Range { start, end } = entity.tokens;
        match kind {
            Kind::TypeSwap => {
                let own = file.label(entity);
                let others = labels.iter().filter(|(l, _)| l != own);
                let total: usize = others.clone().map(|(_, n)| n).sum();
                if total == 0 {
                    return None;
                }
                let mut at = rng.below(total);
                others
                    .clone()
                    .find(|(_, n)| {
                        let here = at < *n;
                        at = at.saturating_sub(*n);
                        here
                    })
                    .map(|(l, _)| Change::Relabel(l))
            }
            Kind::Dropped => Some(Change::Drop),
            Kind::Shortened if end - start >= 2 => Some(Change::Span(match rng.below(2) {
                0 => start + 1..end,
                _ => start..end - 1,
            })),
            Kind::Shortened => None,
            Kind::Extended => {
                let sentence = &file.sentences[entity.sentence];
                let outside = |t: usize| file.tag(t) == Tag::Outside;
                let left = start > sentence.start && outside(start - 1);
                let right = end < sentence.end && outside(end);
                let grow_left = match (left, right) {
                    (false, false) => return None,
                    (true, true) => rng.below(2) == 0,
                    (left, _) => left,
                };
                Some(Change::Span(match grow_left {
                    true => start - 1..end,
                    false => start..end + 1,
                }))
            }
        }
    }

    /// The entity's tokens after the change.
    fn span(&self, entity: &EntityAt) -> Range<usize> {
        match self {
            Change::Span(span) => span.clone(),
            Change::Drop => entity.tokens.start..entity.tokens.start,
            Change::Relabel(_) => entity.tokens.clone(),
        }
    }

    /// The new tags: the sentence is encoded in the file's scheme before and after the change,
    /// and only tokens whose encoding differs get a new tag, so the file's own quirks elsewhere
    /// stay as they are.
    fn retag(&self, file: &CorpusFile, index: usize) -> BTreeMap<usize, String> {
        let entity = &file.entities[index];
        let sentence = file.sentences[entity.sentence].clone();
        let same = |e: &EntityAt| e.sentence.cmp(&entity.sentence);
        let first = file.entities.partition_point(|e| same(e).is_lt());
        let last = file.entities.partition_point(|e| same(e).is_le());
        let local = |tokens: &Range<usize>, label| Entity {
            start: tokens.start - sentence.start,
            end: tokens.end - sentence.start,
            label,
        };
        let mut before = Vec::new();
        let mut after = Vec::new();
        for (i, e) in file.entities[first..last].iter().enumerate() {
            let label = file.label(e);
            before.push(local(&e.tokens, label));
            match self {
                _ if first + i != index => after.push(local(&e.tokens, label)),
                Change::Relabel(new) => after.push(local(&e.tokens, new)),
                Change::Drop => {}
                Change::Span(span) => after.push(local(span, label)),
            }
        }
        let old = written(file, sentence.len(), &before);
        let new = written(file, sentence.len(), &after);
        sentence
            .zip(old.into_iter().zip(new))
            .filter(|(t, (o, n))| o != n && file.text(file.tokens[*t].tag) != n)
            .map(|(t, (_, n))| (t, n))
            .collect()
    }
}

/// The tags `file`'s scheme and spelling write for a sentence of `len` tokens.
fn written(file: &CorpusFile, len: usize, entities: &[Entity]) -> Vec<String> {
    let mut prefixes = Vec::new();
    scheme::encode(file.scheme, entities, len, &mut prefixes);
    let mut tags = vec!["O".to_string(); len];
    for e in entities {
        for t in e.start..e.end {
            if let Some(prefix) = prefixes[t] {
                tags[t] = file.spelling.write(prefix, e.label);
            }
        }
    }
    tags
}

/// Writes the corrupted copy of every file into `dir` (file `i` as `NN-name`), changing only
/// the rewritten tags' bytes, each file atomically.
pub fn write(corpus: &Corpus, corruption: &Corruption, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for (i, (file, retags)) in corpus.files.iter().zip(&corruption.retags).enumerate() {
        let edits: Vec<Edit> = retags
            .iter()
            .map(|(&t, tag)| Edit {
                file: i,
                span: file.tokens[t].tag,
                replacement: tag.clone(),
            })
            .collect();
        let text = rewrite::apply_tags(&file.source, &edits).map_err(io::Error::other)?;
        let name = file
            .path
            .file_name()
            .map_or("corpus".into(), |n| n.to_string_lossy());
        let path = dir.join(format!("{i:02}-{name}"));
        rewrite::write_atomic(&path, text.as_bytes())?;
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{Mix, testing};
    use crate::scheme::Scheme;

    const SENTENCES: &[&str] = &[
        "InterMezzo/B-Application is a distributed/B-Protocol file/I-Protocol system/I-Protocol .",
        "the Linux/B-OS kernel/I-OS runs InterMezzo/B-Application over NFS/B-Protocol",
        "Coda/B-Application and InterMezzo/B-Application need the Linux/B-OS kernel/I-OS .",
        "NFS/B-Protocol and SMB/B-Protocol are used by Samba/B-Application on Linux/B-OS",
        "a journaling/B-Application file/I-Application system/I-Application such as ext3/B-Application",
        "Windows/B-OS NT/I-OS speaks SMB/B-Protocol to Samba/B-Application servers",
    ];

    fn sample() -> (tempfile::TempDir, Corpus) {
        testing::corpus(&[("a.tsv", &SENTENCES[..3]), ("b.tsv", &SENTENCES[3..])])
    }

    fn corrupted(corpus: &Corpus, corruption: &Corruption) -> (tempfile::TempDir, Corpus) {
        let dir = tempfile::tempdir().unwrap();
        let paths = write(corpus, corruption, dir.path()).unwrap();
        let loaded = Corpus::load(&paths).unwrap();
        (dir, loaded)
    }

    #[test]
    fn the_same_seed_injects_the_same_errors() {
        let (_dir, corpus) = sample();
        let plan = [(Kind::TypeSwap, 2), (Kind::Dropped, 2), (Kind::Extended, 2)];
        let first = inject(&corpus, &plan, 7);
        assert_eq!(first.errors.len(), 6);
        let again = inject(&corpus, &plan, 7);
        assert_eq!(
            (&first.errors, &first.retags),
            (&again.errors, &again.retags)
        );
        let other = inject(&corpus, &plan, 8);
        assert_ne!(first.retags, other.retags);
    }

    #[test]
    fn each_kind_makes_the_change_it_names() {
        let (_dir, corpus) = sample();
        for kind in Kind::ALL {
            let corruption = inject(&corpus, &[(kind, 3)], 1);
            assert_eq!(corruption.errors.len(), 3, "{kind:?}");
            let (_out, after) = corrupted(&corpus, &corruption);
            let entities = |c: &Corpus| c.entity_count();
            for error in &corruption.errors {
                assert_eq!(error.kind, kind);
                let (f, region) = (error.file, &error.tokens);
                let old = corpus.files[f]
                    .entities
                    .iter()
                    .find(|e| {
                        region.contains(&e.tokens.start) || region.contains(&(e.tokens.end - 1))
                    })
                    .unwrap();
                let new = after.files[f].entities.iter().find(|e| {
                    region.contains(&e.tokens.start) || region.contains(&(e.tokens.end - 1))
                });
                match kind {
                    Kind::TypeSwap => {
                        let new = new.unwrap();
                        assert_eq!(new.tokens, old.tokens);
                        assert_ne!(after.files[f].label(new), corpus.files[f].label(old));
                    }
                    Kind::Dropped => {
                        assert!(new.is_none());
                        assert!(
                            region
                                .clone()
                                .all(|t| after.files[f].tag(t) == Tag::Outside)
                        );
                    }
                    Kind::Shortened => assert_eq!(new.unwrap().tokens.len() + 1, old.tokens.len()),
                    Kind::Extended => assert_eq!(new.unwrap().tokens.len(), old.tokens.len() + 1),
                }
            }
            let dropped = if kind == Kind::Dropped { 3 } else { 0 };
            assert_eq!(entities(&after) + dropped, entities(&corpus), "{kind:?}");
        }
    }

    #[test]
    fn only_tag_bytes_change() {
        let (_dir, corpus) = sample();
        let corruption = inject(&corpus, &Mix::All.plan(8), 3);
        let (_out, after) = corrupted(&corpus, &corruption);
        let mut changed = 0;
        for (before, after) in corpus.files.iter().zip(&after.files) {
            let (old, new) = (&before.source.text, &after.source.text);
            assert_eq!(old.lines().count(), new.lines().count());
            for (a, b) in old.lines().zip(new.lines()) {
                if a != b {
                    changed += 1;
                    assert_eq!(a.split('\t').next(), b.split('\t').next(), "{a} -> {b}");
                    assert_eq!(a.split('\t').count(), b.split('\t').count());
                }
            }
        }
        let retagged: usize = corruption.retags.iter().map(BTreeMap::len).sum();
        assert!(retagged >= 8);
        assert_eq!(changed, retagged);
    }

    #[test]
    fn errors_never_touch_each_other_and_stop_when_no_entity_allows_more() {
        let (_dir, corpus) = sample();
        let corruption = inject(&corpus, &[(Kind::Shortened, 100)], 2);
        let multi_token = corpus
            .files
            .iter()
            .flat_map(|f| &f.entities)
            .filter(|e| e.tokens.len() > 1)
            .count();
        assert!(!corruption.errors.is_empty());
        assert!(corruption.errors.len() <= multi_token);
        for pair in corruption.errors.windows(2) {
            assert!(pair[0].file < pair[1].file || pair[0].tokens.end < pair[1].tokens.start);
        }
    }

    #[test]
    fn errors_on_strings_annotated_twice_elsewhere_are_judgeable() {
        let (_dir, corpus) = sample();
        // `InterMezzo` is the one string annotated three times; the others once or twice.
        let corruption = inject(&corpus, &[(Kind::TypeSwap, 12)], 5);
        assert!(corruption.errors.len() >= 8);
        let mut seen = [false, false];
        for error in &corruption.errors {
            let file = &corpus.files[error.file];
            let string = file.string(&error.tokens).join(" ");
            assert_eq!(error.judgeable, string == "InterMezzo", "{string}");
            seen[usize::from(error.judgeable)] = true;
        }
        assert_eq!(seen, [true, true]);
    }

    #[test]
    fn type_swaps_pick_another_label_of_the_corpus() {
        let (_dir, corpus) = sample();
        let corruption = inject(&corpus, &[(Kind::TypeSwap, 6)], 4);
        let labels = ["Application", "Protocol", "OS"];
        for (f, retags) in corruption.retags.iter().enumerate() {
            for (t, tag) in retags {
                let old = corpus.files[f].tag(*t).label().unwrap();
                let new = Tag::parse(tag).label().unwrap();
                assert!(labels.contains(&new) && new != old, "{old} -> {new}");
            }
        }
    }

    #[test]
    fn type_swaps_in_iob1_keep_adjacent_entities_apart() {
        let (_dir, corpus) = testing::corpus(&[(
            "a.iob1",
            &[
                "Linux/I-OS kernel/I-OS NFS/I-Protocol",
                "Coda/I-App Samba/B-App on FreeBSD/I-OS",
            ],
        )]);
        assert_eq!(corpus.files[0].scheme, Scheme::Iob1);
        let spans = |c: &Corpus| {
            c.files[0]
                .entities
                .iter()
                .map(|e| e.tokens.clone())
                .collect::<Vec<_>>()
        };
        for seed in 0..10 {
            let corruption = inject(&corpus, &[(Kind::TypeSwap, 2)], seed);
            let (_out, after) = corrupted(&corpus, &corruption);
            assert_eq!(
                spans(&after),
                spans(&corpus),
                "seed {seed}: {:?}",
                corruption.retags
            );
        }
    }

    #[test]
    fn a_shortened_bioes_entity_keeps_valid_tags() {
        let (_dir, corpus) = testing::corpus(&[(
            "a.bioes",
            &["the Linux/B-OS kernel/E-OS and NFS/S-Protocol ."],
        )]);
        assert_eq!(corpus.files[0].scheme, Scheme::Bioes);
        let corruption = inject(&corpus, &[(Kind::Shortened, 1)], 1);
        let retags: Vec<&str> = corruption.retags[0].values().map(String::as_str).collect();
        assert!(
            retags == ["O", "S-OS"] || retags == ["S-OS", "O"],
            "{retags:?}"
        );
    }
}
