//! The corpus index of the consistency rules: every place where the material of an annotated
//! entity occurs, and how it is annotated there.
//!
//! Built along the two parallel passes the run makes anyway over the chunks of all files. The
//! survey pass collects the surface forms of entities (`Surfaces`: hashed token sequences,
//! with their proper prefixes) and records the chunks' sentences (`recording`);
//! `CorpusIndex::prepare` numbers the surface forms. The lint pass then scans the recorded
//! sentences (`Scan`): it hashes, from each token, n-grams only as long as they are prefixes
//! of some surface form, and records the hits (`Occurrence`); `finish` merges the chunks'
//! scans. So the index grows with the annotated material, not with the corpus, and the scan
//! costs about one hash lookup a token and no second parse.
//! Per-chunk results are merged in file order, so the index never depends on scheduling.

use crate::consistency::settings::ConsistencySettings;
use crate::context::{FileCx, LabelVariants};
use crate::edges::{EdgeCounts, EdgeScan, EdgeVerdicts};
use crate::heads::{HeadCounts, HeadScan, HeadVerdicts};
use crate::read::Token;
use crate::recording::Word;
use crate::scheme::Entity;
use crate::source::{FileId, Span};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

/// How strings are turned into keys, and which strings and entity edges are worth looking
/// for.
pub struct Keys {
    ignore_case: bool,
    fold_plurals: bool,
    max_tokens: usize,
    stop_words: FxHashSet<String>,
    /// `min-token-votes` and `min-token-share`.
    token_votes: (usize, f64),
}

/// Relative token positions are kept in a byte.
const MAX_TOKENS: usize = 64;

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

impl Keys {
    pub fn new(settings: &ConsistencySettings) -> Keys {
        Keys {
            ignore_case: settings.ignore_case,
            fold_plurals: settings.fold_plurals,
            max_tokens: settings.max_tokens.clamp(1, MAX_TOKENS),
            stop_words: settings
                .stop_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            token_votes: (settings.min_token_votes, settings.min_token_share),
        }
    }

    /// The hash of one token's text, after case folding if asked for and with the plural `s`
    /// of a lowercase word dropped.
    pub fn token(&self, text: &str) -> u64 {
        let mut hasher = FxHasher::default();
        let folded;
        let text = match self.ignore_case {
            true => {
                folded = text.to_lowercase();
                folded.as_str()
            }
            false => text,
        };
        let text = match self.fold_plurals {
            true => singular(text),
            false => text,
        };
        hasher.write(text.as_bytes());
        mix(hasher.finish())
    }

    /// The keys of the tokens of a sentence that the survey pass looks at: those of its
    /// entities and of their neighbours, 0 for the rest (most of the corpus, which only the
    /// scan hashes).
    pub fn near_entities(&self, tokens: &[Token], entities: &[Entity], hashes: &mut Vec<u64>) {
        hashes.clear();
        hashes.resize(tokens.len(), 0);
        let mut done = 0;
        for e in entities {
            let end = (e.end + 1).min(tokens.len());
            for i in e.start.saturating_sub(1).max(done)..end {
                hashes[i] = self.token(&tokens[i].text);
            }
            done = end;
        }
    }

    /// The normalised text of a string, as `accepted_ambiguities` are compared.
    pub fn normalize(&self, text: &str) -> String {
        match self.ignore_case {
            true => text.to_lowercase(),
            false => text.to_string(),
        }
    }

    /// A token that rarely starts a name: lowercase, punctuation, or a stop word (`The`).
    fn weak(&self, text: &str) -> bool {
        let capital = text.chars().next().is_some_and(char::is_uppercase);
        !capital || self.stop_word(text)
    }

    /// A word that is no function word: `file` in `file system`, not `of` in `of packets`.
    fn content_word(&self, text: &str) -> bool {
        text.chars().any(char::is_alphanumeric) && !self.stop_word(text)
    }

    /// Whether `text`, lowercased, is a stop word; a short ASCII word (nearly every one) is
    /// lowercased on the stack, since this is asked of entity after entity.
    fn stop_word(&self, text: &str) -> bool {
        let mut buffer = [0u8; 16];
        match buffer.get_mut(..text.len()).filter(|_| text.is_ascii()) {
            Some(lower) => {
                lower.copy_from_slice(text.as_bytes());
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower).is_ok_and(|w| self.stop_words.contains(w))
            }
            None => self.stop_words.contains(&text.to_lowercase()),
        }
    }

    /// Whether an entity's tokens are worth looking for elsewhere: not too long, not only
    /// punctuation, not a lone function word.
    fn eligible(&self, tokens: &[Token]) -> bool {
        let has_word = tokens
            .iter()
            .any(|t| t.text.chars().any(char::is_alphanumeric));
        let stop_word = tokens.len() == 1 && self.stop_words.contains(&*tokens[0].text);
        tokens.len() <= self.max_tokens && has_word && !stop_word
    }
}

/// `clients` -> `client`: a lowercase word of four letters or more ending in one `s` (not
/// `-ss`, `-us`, `-is`: `process`, `status`, `analysis`), unless it is a common word that is
/// no plural (`news` is not `new`). Names are left alone (`Windows`).
fn singular(word: &str) -> &str {
    let b = word.as_bytes();
    // The cheap tests first: most tokens do not end in `s`.
    let plural = b.len() >= 4
        && b[b.len() - 1] == b's'
        && !matches!(b[b.len() - 2], b's' | b'u' | b'i')
        && b.iter().all(u8::is_ascii_lowercase)
        && !NOT_PLURALS.contains(&word);
    match plural {
        true => &word[..word.len() - 1],
        false => word,
    }
}

/// Lowercase words ending in `s` whose form without it is another word.
const NOT_PLURALS: [&str; 8] = [
    "news", "means", "lens", "always", "perhaps", "does", "series", "species",
];

/// Extends the key of a token sequence by one more token. The key is turned first, so that a
/// token repeated (`Xiao Xiao`: its hash as key, extended by itself) does not cancel out.
fn extend(key: u64, token: u64) -> u64 {
    mix(key.rotate_left(29) ^ token)
}

/// The key of the token sequence whose token hashes are `hashes`: a surface form's lookup key.
/// A single token's key is its hash, which saves a mix a token in the scan.
fn key_of(hashes: &[u64]) -> u64 {
    hashes.iter().copied().reduce(extend).unwrap_or(SEED)
}

/// A fingerprint of a sentence whose token hashes are `hashes`, in its top 16 bits: the same
/// sentence repeated has the same one. A rotating fold, not `key_of`: it is taken of nearly
/// every sentence, and two sentences that differ share it only by chance.
pub fn sentence_fingerprint(hashes: &[u64]) -> u64 {
    hashes.iter().fold(SEED, |k, t| k.rotate_left(7) ^ t)
}

/// The texts of `tokens`, joined by spaces (`Red Hat`).
pub fn words(tokens: &[impl AsRef<str>]) -> String {
    let texts: Vec<&str> = tokens.iter().map(AsRef::as_ref).collect();
    texts.join(" ")
}

/// A key for a pair of keys (a token and what is asked about it).
pub fn combine(key: u64, other: u64) -> u64 {
    extend(key, other)
}

/// The splitmix64 finaliser: spreads the bits so that sequence keys collide only by chance.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A short fingerprint of a neighbouring token, 0 at a sentence edge.
fn fingerprint(token: Option<u64>) -> u16 {
    token.map_or(0, |t| (t >> 48) as u16 | 1)
}

/// A label's index in `LabelIds::names`; a corpus with more labels than fit shares the last
/// id among the rest (`?`).
pub type LabelId = u16;

/// Label ids shared by all chunks; spelling variants (`protocol`) map to the common spelling.
pub struct LabelIds {
    pub names: Vec<String>,
    ids: FxHashMap<String, LabelId>,
}

impl LabelIds {
    pub fn new(variants: &LabelVariants) -> LabelIds {
        let mut names: Vec<String> = variants
            .uses
            .keys()
            .filter(|l| !variants.canonical.contains_key(*l))
            .cloned()
            .collect();
        names.sort();
        let mut ids: FxHashMap<String, LabelId> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), LabelId::try_from(i).unwrap_or(LabelId::MAX)))
            .collect();
        for (variant, canonical) in &variants.canonical {
            if let Some(&id) = ids.get(canonical) {
                ids.insert(variant.clone(), id);
            }
        }
        LabelIds { names, ids }
    }

    fn id(&self, label: &str) -> LabelId {
        self.ids.get(label).copied().unwrap_or(LabelId::MAX)
    }

    /// Every spelling of every label, variants too.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        self.ids.keys().map(String::as_str)
    }

    pub fn name(&self, id: LabelId) -> &str {
        self.names.get(id as usize).map_or("?", String::as_str)
    }
}

/// A surface form's index in the corpus index; occurrences carry it instead of the key.
pub type SurfaceId = u32;

/// What one surface form is known for after the survey pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct Surface {
    /// How many entities have exactly this text.
    pub entities: u32,
    places: Places,
    /// Where its tokens, as first seen, are in `Surfaces::words`.
    words: (u32, u32),
}

/// Where the entities of one text stand: the neighbours of the first, and whether another
/// stands between other neighbours. A name annotated so in different sentences is the
/// corpus's way to write it; one sentence copied from article to article is not.
#[derive(Clone, Copy, Debug, Default)]
struct Places {
    first: Option<u32>,
    varied: bool,
}

impl Places {
    fn add(&mut self, neighbours: u32) {
        match self.first {
            None => self.first = Some(neighbours),
            Some(first) => self.varied |= first != neighbours,
        }
    }

    fn absorb(&mut self, later: Places) {
        if let Some(neighbours) = later.first {
            self.add(neighbours);
        }
        self.varied |= later.varied;
    }
}

/// Entity surface forms of a chunk (then of the corpus): the keys the scan looks for.
#[derive(Default)]
pub struct Surfaces<'a> {
    keys: KeyMap<Surface>,
    /// The tokens of the surface forms, borrowed from the file, one after the other: one
    /// list instead of one per surface form, which every chunk lists anew.
    words: Vec<Cow<'a, str>>,
    /// The keys of proper prefixes, each with the `Followers` of its last token.
    prefixes: KeyMap<Followers>,
    edges: EdgeCounts,
    heads: HeadCounts,
}

impl<'a> Surfaces<'a> {
    /// Adds the entities of a sentence of `tokens`, whose keys are `hashes`
    /// (`Keys::near_entities`).
    pub fn add_sentence(
        &mut self,
        keys: &Keys,
        (tokens, hashes): (&[Token<'a>], &[u64]),
        entities: &[Entity],
    ) {
        self.edges.add_sentence(tokens, hashes, entities);
        self.heads.add_sentence(tokens, hashes, entities);
        let hash = |i: Option<usize>| i.and_then(|i| hashes.get(i)).copied().unwrap_or(0);
        for entity in entities {
            let (material, keyed) = (
                &tokens[entity.start..entity.end],
                &hashes[entity.start..entity.end],
            );
            if !keys.eligible(material) {
                continue;
            }
            let neighbours = combine(hash(entity.start.checked_sub(1)), hash(Some(entity.end)));
            let surface = self.add(material, keyed);
            surface.entities += 1;
            surface.places.add(neighbours as u32);
            // The two-word head of `distributed file system` after lowercase modifiers:
            // `file system` is looked for too, to see how that material is annotated elsewhere.
            // A head is no head if it starts with a function word (`of packets`).
            if let Some(modifiers) = material.len().checked_sub(2).filter(|n| *n > 0)
                && material[..modifiers].iter().all(|t| keys.weak(&t.text))
                && keys.content_word(&material[modifiers].text)
            {
                self.add(&material[modifiers..], &keyed[modifiers..]);
            }
        }
    }

    /// The surface of `tokens`, whose keys are `hashes`, registered with its prefixes.
    fn add(&mut self, tokens: &[Token<'a>], hashes: &[u64]) -> &mut Surface {
        let mut key = hashes[0];
        for hash in &hashes[1..] {
            self.prefixes.entry(key).or_default().add(*hash);
            key = extend(key, *hash);
        }
        let words = &mut self.words;
        self.keys.entry(key).or_insert_with(|| {
            let from = words.len() as u32;
            words.extend(tokens.iter().map(|t| t.text.clone()));
            Surface {
                entities: 0,
                places: Places::default(),
                words: (from, words.len() as u32),
            }
        })
    }

    /// The tokens of a surface form, as first seen.
    fn words(&self, surface: &Surface) -> &[Cow<'a, str>] {
        &self.words[surface.words.0 as usize..surface.words.1 as usize]
    }

    /// Adds the surfaces of a later chunk.
    pub fn absorb(&mut self, later: Surfaces<'a>) {
        for (key, surface) in &later.keys {
            match self.keys.entry(*key) {
                Entry::Occupied(mut mine) => {
                    let mine = mine.get_mut();
                    mine.entities += surface.entities;
                    mine.places.absorb(surface.places);
                }
                Entry::Vacant(room) => {
                    let from = self.words.len() as u32;
                    self.words.extend_from_slice(later.words(surface));
                    let words = (from, self.words.len() as u32);
                    room.insert(Surface { words, ..*surface });
                }
            }
        }
        for (key, followers) in later.prefixes {
            self.prefixes.entry(key).or_default().absorb(followers);
        }
        self.edges.absorb(later.edges);
        self.heads.absorb(later.heads);
    }
}

/// How the material of a surface form is annotated at one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reading {
    /// One entity covering exactly the material.
    Exact { label: LabelId },
    /// Every token `O`.
    Plain,
    /// One or more entities inside the material, none of them the whole: a shorter or
    /// split annotation. `tokens` is the token range of the inner entities and `mark` their
    /// byte range, both relative to the start of the material.
    Split {
        label: LabelId,
        tokens: (u8, u8),
        mark: (u16, u16),
    },
    /// Inside a longer entity whose text is annotated nowhere else; `spread` is how many bytes
    /// it reaches before and after the material.
    Within { label: LabelId, spread: (u16, u16) },
}

/// One place where the material of a surface form occurs.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub key: SurfaceId,
    /// The first byte, below `SENTENCE_SHIFT`; above it, a fingerprint of the sentence's
    /// tokens (the same sentence repeated has the same one).
    at: u64,
    len: u16,
    file: u32,
    /// Fingerprints of the tokens before and after (0 at a sentence edge).
    pub left: u16,
    pub right: u16,
    pub reading: Reading,
}

// The index holds one occurrence per annotated entity: keep them small.
const _: () = assert!(std::mem::size_of::<Occurrence>() <= 32);

/// Files of up to 256 TiB: the 16 bits above are the sentence's fingerprint.
const SENTENCE_SHIFT: u32 = 48;

impl Occurrence {
    pub fn file(&self) -> FileId {
        self.file as FileId
    }

    /// A fingerprint of the sentence's tokens: the same sentence repeated has the same one.
    pub fn sentence(&self) -> u16 {
        (self.at >> SENTENCE_SHIFT) as u16
    }

    /// From the first byte of the first token to the last byte of the last token.
    pub fn span(&self) -> Span {
        let start = (self.at & ((1 << SENTENCE_SHIFT) - 1)) as usize;
        Span::new(start, start + self.len as usize)
    }

    /// What a finding about this occurrence underlines: the inner entities of a split
    /// reading, the enclosing entity of a `Within` one, the whole material otherwise.
    pub fn mark(&self) -> Span {
        let span = self.span();
        match self.reading {
            Reading::Split { mark, .. } => {
                let start = (span.start + mark.0 as usize).min(span.end);
                Span::new(start, (start + mark.1 as usize).min(span.end))
            }
            Reading::Within { spread, .. } => Span::new(
                span.start.saturating_sub(spread.0 as usize),
                span.end + spread.1 as usize,
            ),
            _ => span,
        }
    }
}

/// Occurrences of one chunk.
#[derive(Default)]
pub struct Scan {
    occurrences: Vec<Occurrence>,
    /// Plain occurrences kept, and counted but not kept, per key.
    plain: FxHashMap<SurfaceId, (u32, u32)>,
    /// Once the chunk ends: plain occurrences counted but not kept, per key.
    unkept: Vec<(SurfaceId, u32)>,
    /// The chunk's share of the corpus bytes.
    share: f64,
    edges: EdgeScan,
    heads: HeadScan,
}

impl Scan {
    /// A scan of a chunk of `bytes` bytes.
    pub fn new(scanner: &Scanner, bytes: usize) -> Scan {
        Scan {
            share: bytes as f64 / scanner.corpus.max(1) as f64,
            ..Scan::default()
        }
    }

    /// Ends the chunk: the per-chunk counts of kept occurrences are no longer needed.
    pub fn end(mut self) -> Scan {
        let plain = std::mem::take(&mut self.plain).into_iter();
        self.unkept = plain
            .filter(|(_, (_, n))| *n > 0)
            .map(|(id, (_, n))| (id, n))
            .collect();
        self.occurrences.shrink_to_fit();
        self
    }

    /// Plain occurrences kept per surface in this chunk: twice the chunk's share of its
    /// entities, and a few. A surface unannotated more often than annotated cannot have a
    /// missed annotation, so the rest is only counted: the index stays proportional to the
    /// annotated material even for strings that are also common words.
    fn keep_plain(&self, surface: Known) -> u32 {
        (2.0 * surface.entities as f64 * self.share) as u32 + 4
    }

    /// Whether to keep an occurrence; plain ones past `keep_plain` are only counted.
    fn keep(&mut self, index: &Scanner, id: SurfaceId, reading: Reading) -> bool {
        if reading != Reading::Plain {
            return true;
        }
        let cap = self.keep_plain(index.known[id as usize]);
        let (kept, unkept) = self.plain.entry(id).or_default();
        if *kept >= cap {
            *unkept += 1;
            return false;
        }
        *kept += 1;
        true
    }

    /// Records where the surface forms occur in one sentence of `tokens`, whose keys are
    /// `hashes` (`owner` is a buffer reused from sentence to sentence).
    pub fn sentence(
        &mut self,
        index: &Scanner,
        file: FileId,
        (tokens, hashes): (&[Word], &[u64]),
        entities: &[Entity],
        owner: &mut Vec<u32>,
    ) {
        // The sentence's fingerprint, taken once something is found in it.
        let mut sentence_key = None;
        let convention = |here: &[u64], other: &[u64]| index.convention(here, other);
        self.edges
            .sentence(&index.edges, (file, tokens, entities, hashes), convention);
        self.heads
            .sentence(&index.heads, file, (tokens, hashes), entities);
        owner.clear();
        owner.resize(tokens.len(), u32::MAX);
        for (i, e) in entities.iter().enumerate() {
            owner[e.start..e.end].fill(i as u32);
        }
        for start in 0..tokens.len() {
            let mut key = hashes[start];
            for end in start + 1..=(start + index.keys.max_tokens).min(tokens.len()) {
                let Some(&hit) = index.lookup.get(&key) else {
                    break;
                };
                let found = (hit.id != NOT_A_SURFACE).then(|| {
                    let material = &owner[start..end];
                    let reading = read_at(index, (tokens, hashes), entities, material, start)?;
                    Some((hit.id, reading))
                });
                if let Some(Some((id, reading))) = found
                    && self.keep(index, id, reading)
                {
                    let (from, to) = (tokens[start].span.start, tokens[end - 1].span.end);
                    let sentence =
                        *sentence_key.get_or_insert_with(|| sentence_fingerprint(hashes));
                    self.occurrences.push(Occurrence {
                        key: id,
                        file: file as u32,
                        at: from as u64 | (sentence >> SENTENCE_SHIFT) << SENTENCE_SHIFT,
                        len: u16::try_from(to - from).unwrap_or(u16::MAX),
                        left: fingerprint(start.checked_sub(1).map(|i| hashes[i])),
                        right: fingerprint(hashes.get(end).copied()),
                        reading,
                    });
                }
                match hashes.get(end) {
                    Some(&next) if hit.followers.may_have(next) => key = extend(key, next),
                    _ => break,
                }
            }
        }
    }
}

/// How the tokens `start..start + owner.len()` are annotated; `owner` holds, per token, the
/// index of its entity or `u32::MAX`, and `hashes` the token hashes of the sentence. `None`
/// when the material is inside a longer entity that is itself annotated elsewhere, or crosses
/// an entity boundary: the longer entity's own surface form is compared instead.
fn read_at(
    index: &Scanner,
    (tokens, hashes): (&[Word], &[u64]),
    entities: &[Entity],
    owner: &[u32],
    start: usize,
) -> Option<Reading> {
    let end = start + owner.len();
    let mut inside = owner.iter().filter(|o| **o != u32::MAX).copied().peekable();
    let Some(&first) = inside.peek() else {
        return Some(Reading::Plain);
    };
    let last = *owner.iter().rfind(|o| **o != u32::MAX).unwrap_or(&first);
    let (first, last) = (&entities[first as usize], &entities[last as usize]);
    if first.start < start || last.end > end {
        return within(index, (tokens, hashes), first, start..end);
    }
    if first.start == start && first.end == end {
        return Some(Reading::Exact {
            label: index.labels.id(first.label),
        });
    }
    let from = tokens[first.start].span.start;
    let to = tokens[last.end - 1].span.end;
    let base = tokens[start].span.start;
    let relative = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    Some(Reading::Split {
        label: index.labels.id(first.label),
        tokens: ((first.start - start) as u8, (last.end - start) as u8),
        mark: (relative(from - base), relative(to - from)),
    })
}

/// The reading of material inside `outer`, a longer entity, kept only when that entity's
/// text is annotated nowhere else: then it may extend the usual annotation of the material.
fn within(
    index: &Scanner,
    (tokens, hashes): (&[Word], &[u64]),
    outer: &Entity,
    material: std::ops::Range<usize>,
) -> Option<Reading> {
    if outer.start > material.start || outer.end < material.end {
        return None;
    }
    let extra = tokens[outer.start..material.start]
        .iter()
        .chain(&tokens[material.end..outer.end]);
    if !extra.clone().all(|t| index.keys.weak(t.text)) {
        // `Novell DOS`: a name around a known entity is more likely another entity.
        return None;
    }
    if index.written(&hashes[outer.start..outer.end])?.entities > 1 {
        return None;
    }
    let relative = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    let before = tokens[material.start].span.start - tokens[outer.start].span.start;
    let after = tokens[outer.end - 1].span.end - tokens[material.end - 1].span.end;
    Some(Reading::Within {
        label: index.labels.id(outer.label),
        spread: (relative(before), relative(after)),
    })
}

impl Scanner {
    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// What the lookup knows of the text of the tokens `hashes`: nothing (`None`) when that
    /// text is neither a surface form nor the start of one, no entities when only the start.
    fn written(&self, hashes: &[u64]) -> Option<Known> {
        let hit = self.lookup.get(&key_of(hashes))?;
        Some(match hit.id {
            NOT_A_SURFACE => Known::default(),
            id => self.known[id as usize],
        })
    }

    /// Whether the text of `here` is how the corpus writes a name: annotated at least twice,
    /// between different neighbours, and `other` (the same name with a token more or less)
    /// never.
    fn convention(&self, here: &[u64], other: &[u64]) -> bool {
        let established = self
            .written(here)
            .is_some_and(|h| h.entities >= 2 && h.varied);
        established && self.written(other).is_none_or(|h| h.entities == 0)
    }
}

/// What the scan finds under the key of an n-gram: the surface form it is (if any) and
/// the tokens that may come next in longer ones. One small table instead of the surface forms
/// and their prefixes: one lookup a token where most n-grams are neither. Eight bytes, so
/// that the table of a large corpus stays in a core's cache.
#[derive(Clone, Copy)]
struct Hit {
    /// The surface's id, `NOT_A_SURFACE` for a prefix only.
    id: SurfaceId,
    /// When longer surface forms start with it, the tokens that come next in them.
    followers: Followers,
}

/// What the survey found of a surface form, which the scan needs only where it occurs.
#[derive(Clone, Copy, Debug, Default)]
struct Known {
    /// How many entities have exactly this text.
    entities: u32,
    /// Whether they stand between different neighbours.
    varied: bool,
}

const NOT_A_SURFACE: SurfaceId = SurfaceId::MAX;

/// A 32-bit Bloom filter of the tokens (by key) that follow a prefix in some surface form.
/// The scan extends an n-gram only when its next token may be one of them: a frequent word
/// that starts a few names (`the`, `a`) costs one lookup, not two.
#[derive(Clone, Copy, Debug, Default)]
pub struct Followers(u32);

impl Followers {
    fn bit(token: u64) -> u32 {
        1 << (token >> 59)
    }

    fn add(&mut self, token: u64) {
        self.0 |= Followers::bit(token);
    }

    fn absorb(&mut self, other: Followers) {
        self.0 |= other.0;
    }

    /// Whether `token` may follow; never false for a token that does.
    fn may_have(self, token: u64) -> bool {
        self.0 & Followers::bit(token) != 0
    }
}

type Lookup = KeyMap<Hit>;

/// A map whose keys are hashes already, used as they are.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// A `Hasher` for keys that are hashes already (`Keys::token`, `extend`): it keeps them.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = extend(self.0, u64::from(*byte));
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Every surface form with its id, ready to be looked for in the chunks.
pub struct Scanner {
    keys: Keys,
    lookup: Lookup,
    /// By surface id.
    known: Vec<Known>,
    labels: LabelIds,
    /// The tokens of each surface form, by id.
    texts: Vec<Vec<String>>,
    /// Bytes of all chunks.
    corpus: usize,
    edges: EdgeVerdicts,
    heads: HeadVerdicts,
}

/// Whether two readings are the same for the rules: same label, or same inner span.
fn same_kind(a: &Reading, b: &Reading) -> bool {
    match (a, b) {
        (
            Reading::Split {
                tokens: x,
                label: l,
                ..
            },
            Reading::Split {
                tokens: y,
                label: m,
                ..
            },
        ) => x == y && l == m,
        _ => a == b,
    }
}

/// Per surface form, a reading it was found with, and whether it was found with readings of
/// another kind too.
struct Kinds(Vec<Option<(Reading, bool)>>);

impl Kinds {
    fn new(surfaces: usize) -> Kinds {
        Kinds(vec![None; surfaces])
    }

    fn add(&mut self, id: SurfaceId, reading: Reading, varied: bool) {
        let (kind, varies) = self.0[id as usize].get_or_insert((reading, false));
        *varies |= varied || !same_kind(kind, &reading);
    }

    /// The kinds of both (`same_kind` is an equivalence, so order does not matter).
    fn absorb(mut self, other: Kinds) -> Kinds {
        for (id, theirs) in other.0.into_iter().enumerate() {
            if let Some((reading, varied)) = theirs {
                self.add(id as SurfaceId, reading, varied);
            }
        }
        self
    }

    fn vary(&self, id: SurfaceId) -> bool {
        self.0[id as usize].is_some_and(|(_, varies)| varies)
    }
}

/// Where the occurrences of each key are, as one flat list: per key (in key order) a range of
/// `places`, each a (chunk, position) in file order.
struct Groups {
    keys: Vec<(SurfaceId, usize, usize)>,
    places: Vec<(u32, u32)>,
}

impl Groups {
    fn of(chunks: &[Vec<Occurrence>], surfaces: usize) -> Groups {
        let mut next = vec![0usize; surfaces + 1];
        for o in chunks.iter().flatten() {
            next[o.key as usize + 1] += 1;
        }
        for id in 1..next.len() {
            next[id] += next[id - 1];
        }
        let keys = (0..surfaces)
            .filter(|&id| next[id + 1] > next[id])
            .map(|id| (id as SurfaceId, next[id], next[id + 1]))
            .collect();
        let mut places = vec![(0, 0); next[surfaces]];
        for (c, chunk) in chunks.iter().enumerate() {
            for (i, o) in chunk.iter().enumerate() {
                let at = &mut next[o.key as usize];
                places[*at] = (c as u32, i as u32);
                *at += 1;
            }
        }
        Groups { keys, places }
    }
}

/// The finished index.
pub struct CorpusIndex {
    pub keys: Keys,
    /// The tokens of each surface form, by id.
    texts: Vec<Vec<String>>,
    /// The occurrences found in each chunk, in chunk order. They are never copied into one
    /// vector: that would double the peak memory of the index.
    chunks: Vec<Vec<Occurrence>>,
    groups: Groups,
    /// Plain occurrences that were counted but not kept, per key.
    unkept: Vec<u32>,
    pub labels: LabelIds,
    /// Per file id: where its `-DOCSTART-` documents start.
    documents: Vec<Vec<usize>>,
    /// Entity edges that go against what the corpus does at that token.
    pub edges: EdgeScan,
    /// Entities typed otherwise than the others with the same last token.
    pub heads: HeadScan,
}

impl CorpusIndex {
    /// Scans every chunk for the material of `surfaces` and builds the index.
    /// Gives every surface form its dense id (in key order, so ids do not depend on the
    /// schedule) and returns what scanning a chunk needs.
    pub fn prepare(
        keys: Keys,
        mut surfaces: Surfaces<'_>,
        labels: LabelIds,
        work: &[(FileId, Span)],
    ) -> Scanner {
        let edges = std::mem::take(&mut surfaces.edges).lopsided(keys.token_votes);
        let heads = std::mem::take(&mut surfaces.heads).lopsided(keys.token_votes, &labels);
        let mut order: Vec<u64> = surfaces.keys.keys().copied().collect();
        order.sort_unstable();
        let mut texts = Vec::with_capacity(order.len());
        let mut lookup = Lookup::default();
        let mut known = Vec::with_capacity(order.len());
        for (id, key) in order.iter().enumerate() {
            let surface = surfaces.keys[key];
            let followers = Followers::default();
            lookup.insert(
                *key,
                Hit {
                    id: id as SurfaceId,
                    followers,
                },
            );
            known.push(Known {
                entities: surface.entities,
                varied: surface.places.varied,
            });
            texts.push(
                surfaces
                    .words(&surface)
                    .iter()
                    .map(|w| w.to_string())
                    .collect(),
            );
        }
        for (prefix, followers) in surfaces.prefixes {
            let hit = Hit {
                id: NOT_A_SURFACE,
                followers,
            };
            lookup.entry(prefix).or_insert(hit).followers = followers;
        }
        Scanner {
            keys,
            lookup,
            known,
            labels,
            texts,
            corpus: work.iter().map(|(_, c)| c.end - c.start).sum(),
            edges,
            heads,
        }
    }

    /// The index from the scans of every chunk, in chunk order.
    pub fn finish(scanner: Scanner, scans: Vec<Scan>, cxs: &[Option<FileCx>]) -> CorpusIndex {
        use rayon::prelude::*;
        let Scanner {
            keys,
            labels,
            texts,
            ..
        } = scanner;
        let mut unkept = vec![0u32; texts.len()];
        let mut chunks = Vec::with_capacity(scans.len());
        let (mut edges, mut heads) = (EdgeScan::default(), HeadScan::default());
        for scan in scans {
            for (id, n) in scan.unkept {
                unkept[id as usize] += n;
            }
            chunks.push(scan.occurrences);
            edges.absorb(scan.edges);
            heads.absorb(scan.heads);
        }
        edges.settle();
        heads.settle();
        // A string read the same way everywhere gives no finding: drop its occurrences
        // (most of the index, since most entities are annotated consistently). Whether it
        // is does not depend on order, so the chunks are looked at in parallel parts.
        let part = chunks
            .len()
            .div_ceil(rayon::current_num_threads() * 2)
            .max(1);
        let kinds = chunks
            .par_chunks(part)
            .map(|part| {
                let mut kinds = Kinds::new(texts.len());
                for o in part.iter().flatten() {
                    kinds.add(o.key, o.reading, false);
                }
                kinds
            })
            .reduce(|| Kinds::new(texts.len()), Kinds::absorb);
        let varies = |o: &Occurrence| kinds.vary(o.key) || unkept[o.key as usize] > 0;
        chunks.par_iter_mut().for_each(|chunk| {
            chunk.retain(varies);
            // By string (stable: each in text order), so that the rules read each string's
            // occurrences in runs, not from all over the index.
            chunk.sort_by_key(|o| o.key);
            chunk.shrink_to_fit();
        });
        let groups = Groups::of(&chunks, texts.len());
        let documents = cxs
            .iter()
            .map(|cx| {
                cx.as_ref().map_or(Vec::new(), |cx| {
                    cx.documents.iter().map(|d| d.start).collect()
                })
            })
            .collect();
        CorpusIndex {
            keys,
            texts,
            chunks,
            groups,
            unkept,
            labels,
            documents,
            edges,
            heads,
        }
    }

    /// Occurrences of the same material, one list per surface form, in file order.
    pub fn groups(&self) -> impl Iterator<Item = (SurfaceId, Vec<&Occurrence>)> {
        self.groups.keys.iter().map(|&(key, from, to)| {
            let occurrences = self.groups.places[from..to]
                .iter()
                .map(|&(c, i)| &self.chunks[c as usize][i as usize])
                .collect();
            (key, occurrences)
        })
    }

    /// All `O` occurrences of a surface form that were counted but not kept.
    pub fn unkept(&self, id: SurfaceId) -> usize {
        self.unkept.get(id as usize).copied().unwrap_or(0) as usize
    }

    /// The document an occurrence is in: its file, and the `-DOCSTART-` block within it.
    pub fn document(&self, o: &Occurrence) -> (FileId, usize) {
        let starts = &self.documents[o.file()];
        (o.file(), starts.partition_point(|s| *s <= o.span().start))
    }

    /// The tokens of a surface form, joined by spaces; `part` picks a token range.
    pub fn text(&self, id: SurfaceId, part: Option<(u8, u8)>) -> String {
        let tokens = self.texts.get(id as usize).map_or(&[][..], |t| &t[..]);
        let (from, to) = part.map_or((0, tokens.len()), |(a, b)| (a as usize, b as usize));
        tokens.get(from..to).unwrap_or(tokens).join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consistency::settings::ConsistencySettings;

    fn token(text: &str) -> Token<'_> {
        Token {
            text: Cow::Borrowed(text),
            tag: "O",
            line: Span::new(0, 0),
            text_span: Span::new(0, 0),
            tag_span: Span::new(0, 0),
            fields: 2,
        }
    }

    fn sentence(text: &str) -> Vec<Token<'_>> {
        text.split(' ').map(token).collect()
    }

    #[test]
    fn keys_of_repeated_and_swapped_tokens_differ() {
        let keys = Keys::new(&ConsistencySettings::default());
        let (a, b) = (keys.token("Xiao"), keys.token("Hu"));
        let all = [
            key_of(&[a]),
            key_of(&[b]),
            key_of(&[a, a]),
            key_of(&[b, b]),
            key_of(&[a, b]),
            key_of(&[b, a]),
            key_of(&[a, a, a]),
        ];
        let distinct: FxHashSet<u64> = all.into_iter().collect();
        assert_eq!(distinct.len(), all.len(), "{all:x?}");
        assert_eq!(key_of(&[a]), a, "a single token's key is its hash");
    }

    #[test]
    fn followers_never_miss_a_token_that_follows() {
        let keys = Keys::new(&ConsistencySettings::default());
        let mut followers = Followers::default();
        let texts = ["MIT", "Free", "GIMP", "PS3", "Dreamcast", "iPod"];
        for text in texts {
            followers.add(keys.token(text));
        }
        assert!(texts.iter().all(|t| followers.may_have(keys.token(t))));
        let strangers = (0..1000).filter(|n| followers.may_have(keys.token(&n.to_string())));
        assert!(
            strangers.count() < 300,
            "six followers set at most 6 of 32 bits"
        );
    }

    #[test]
    fn the_survey_hashes_entities_and_their_neighbours_only() {
        let keys = Keys::new(&ConsistencySettings::default());
        let tokens = sentence("we ran Red Hat Linux and Debian on it");
        let mut hashes = Vec::new();
        keys.near_entities(&tokens, &[Entity::x(2, 5), Entity::x(6, 7)], &mut hashes);
        let hashed: Vec<bool> = hashes.iter().map(|h| *h != 0).collect();
        assert_eq!(
            hashed,
            [false, true, true, true, true, true, true, true, false]
        );
        assert_eq!(hashes[3], keys.token("Hat"));
    }

    #[test]
    fn a_head_is_looked_for_unless_it_starts_with_a_function_word() {
        let keys = Keys::new(&ConsistencySettings::default());
        let mut surfaces = Surfaces::default();
        for text in ["distributed file system", "deficiency of aspartoacylase"] {
            let tokens = sentence(text);
            let hashes: Vec<u64> = tokens.iter().map(|t| keys.token(&t.text)).collect();
            surfaces.add_sentence(&keys, (&tokens, &hashes), &[Entity::x(0, 3)]);
        }
        let mut texts: Vec<String> = (surfaces.keys.values())
            .map(|s| words(surfaces.words(s)))
            .collect();
        texts.sort();
        assert_eq!(
            texts,
            [
                "deficiency of aspartoacylase",
                "distributed file system",
                "file system"
            ]
        );
    }

    #[test]
    fn stop_words_are_found_in_any_case() {
        let keys = Keys::new(&ConsistencySettings::default());
        for weak in ["The", "THE", "of", "linux", ",", "AN"] {
            assert!(keys.weak(weak), "{weak}");
        }
        for name in ["Linux", "Théâtre", "Extraordinarily-long-name"] {
            assert!(!keys.weak(name), "{name}");
        }
    }

    #[test]
    fn plurals_of_lowercase_words_fold_and_names_do_not() {
        assert_eq!(singular("clients"), "client");
        assert_eq!(singular("nodes"), "node");
        for kept in [
            "process", "status", "analysis", "Windows", "bus", "s", "GPUs", "client", "news",
            "means",
        ] {
            assert_eq!(singular(kept), kept);
        }
    }
}
