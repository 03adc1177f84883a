//! The run: load every input once, survey it (pass 1), decide layouts and schemes, lint every
//! sentence (pass 2), then run the file and corpus rules. Chunks of all files are processed in
//! parallel; results are merged in file order so output never depends on scheduling. Pass 1
//! lints with a guessed context and records each chunk for the corpus index, so pass 2 parses
//! a chunk again only where the guess was wrong.

use crate::context::{CorpusCx, FileCx, LabelUse, LabelVariants, SchemeSource, SentenceCx};
use crate::diagnostic::Diagnostic;
use crate::discover::Input;
use crate::heap;
use crate::index::{CorpusIndex, Keys, LabelIds, Scan, Scanner, Surfaces};
use crate::load::{self, Unreadable};
use crate::read::{self, Event, Layout};
use crate::recording::{Recording, Word};
use crate::registry::{self, Rule};
use crate::rules::{malformed_line, unreadable_file};
use crate::scheme::{self, Evidence, Scheme};
use crate::settings::{self, Settings};
use crate::source::{FileId, SourceFile, Span};
use crate::survey::{Seen, Survey};
use crate::tag::{Spelling, Tag};
use rayon::prelude::*;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// What a run found, with the files kept for rendering.
pub struct Outcome {
    pub files: Vec<SourceFile>,
    pub summaries: Vec<FileSummary>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be linted at all (exit code 2).
    pub unreadable: usize,
    /// Findings hidden because the baseline holds them.
    pub baselined: usize,
    /// Files found by walking a directory that hold no NER data, left out of the run.
    pub skipped: Vec<String>,
    pub elapsed: Duration,
}

#[derive(Clone, Debug)]
pub struct FileSummary {
    pub path: String,
    /// `None` for an unreadable file.
    pub layout: Option<Layout>,
    pub scheme: Option<(Scheme, SchemeSource)>,
    pub spelling: Spelling,
    pub sentences: u64,
    pub tokens: u64,
    /// Tokens tagged `-` (not annotated).
    pub missing: u64,
}

pub fn check(inputs: &[Input], settings: &Settings) -> Outcome {
    let started = Instant::now();
    let loaded: Vec<(SourceFile, Option<Unreadable>)> = inputs.par_iter().map(load::load).collect();
    // A text file the user did not name and that has no NER layout is not input to lint.
    let (mut kept, mut skipped) = (Vec::with_capacity(loaded.len()), Vec::new());
    for (input, (file, problem)) in inputs.iter().zip(loaded) {
        let no_layout = || read::sniff(&file, &settings.for_path(&file.path).input).is_err();
        match input {
            Input::Walked(_) if problem.is_none() && no_layout() => skipped.push(file.path),
            _ => kept.push((file, problem)),
        }
    }
    let mut outcome = lint(kept, settings, started);
    outcome.skipped = skipped;
    outcome
}

/// Lints files already in memory (`--fix` re-lints its edited text this way).
pub fn lint(
    loaded: Vec<(SourceFile, Option<Unreadable>)>,
    settings: &Settings,
    started: Instant,
) -> Outcome {
    let (files, problems): (Vec<SourceFile>, Vec<Option<Unreadable>>) = loaded.into_iter().unzip();
    let per_file: Vec<_> = files.iter().map(|f| settings.for_path(&f.path)).collect();

    let mut diagnostics = Vec::new();
    let mut layouts: Vec<Option<Layout>> = Vec::with_capacity(files.len());
    for (id, (file, problem)) in files.iter().zip(problems).enumerate() {
        let sniffed = match problem {
            Some(problem) => Err(problem),
            None => read::sniff(file, &per_file[id].input),
        };
        match sniffed {
            Ok(layout) => layouts.push(Some(layout)),
            Err(problem) => {
                diagnostics.push(unreadable_file::diagnostic(id, &problem));
                layouts.push(None);
            }
        }
    }
    let unreadable = diagnostics.len();

    let work: Vec<(FileId, Span)> = layouts
        .iter()
        .enumerate()
        .filter_map(|(id, layout)| Some((id, layout.as_ref()?)))
        .flat_map(|(id, layout)| {
            let file = &files[id];
            read::chunks(&file.text, file.body_start(), layout.format)
                .into_iter()
                .map(move |chunk| (id, chunk))
        })
        .collect();

    let delimiter = settings.tag_delimiter.unwrap_or('-');
    let spellings: Vec<Spelling> = files
        .par_iter()
        .zip(&layouts)
        .map(|(file, layout)| match layout {
            Some(layout) => spelling(file, layout, delimiter),
            None => Spelling::default(),
        })
        .collect();

    let rules: Vec<&dyn Rule> = registry::all()
        .iter()
        .copied()
        .filter(|r| settings.enabled_anywhere(r.meta()))
        .collect();
    let keys = rules
        .iter()
        .any(|r| r.uses_index())
        .then(|| Keys::new(&settings.consistency));

    // The sentence rules run in pass 1 already, assuming the scheme of the file's first chunk
    // and no label variants; pass 2 lints again the chunks where that made a difference.
    let guessed: Vec<Option<FileCx>> = files
        .par_iter()
        .zip(&layouts)
        .enumerate()
        .map(|(id, (file, layout))| {
            let layout = layout.clone()?;
            Some(guessed_cx(id, file, layout, &per_file[id], spellings[id]))
        })
        .collect();
    let no_labels = LabelVariants::default();

    // Pass 1: survey, the entity strings of the corpus index, and the guessed findings.
    // `fold` adds a run of neighbouring chunks to one set of strings, and `reduce` merges
    // neighbours only, so surveys and strings stay in file order.
    let (chunk_passes, surfaces) = work
        .par_iter()
        .fold(
            || (Vec::new(), Surfaces::default()),
            |(mut passes, mut surfaces), &(id, chunk)| {
                let cx = guessed[id].as_ref().unwrap();
                let keys = keys.as_ref().map(|keys| (keys, &mut surfaces));
                let (survey, guess, recording) =
                    survey_and_lint(cx, chunk, &rules, &no_labels, keys);
                passes.push((survey, guess, recording));
                (passes, surfaces)
            },
        )
        .reduce(
            || (Vec::new(), Surfaces::default()),
            |(mut passes, mut surfaces), (later, more)| {
                passes.extend(later);
                surfaces.absorb(more);
                (passes, surfaces)
            },
        );
    let mut surveys: Vec<Option<Survey>> = layouts
        .iter()
        .map(|l| l.as_ref().map(|_| Survey::default()))
        .collect();
    let mut guesses = Vec::with_capacity(work.len());
    let mut recordings = Vec::with_capacity(work.len());
    for (&(id, _), (survey, guess, recording)) in work.iter().zip(chunk_passes) {
        guesses.push(guess);
        recordings.push(recording);
        if let Some(merged) = surveys[id].as_mut() {
            merged.absorb(survey);
        }
    }
    let labels = label_variants(&surveys);
    let cxs: Vec<Option<FileCx>> = surveys
        .into_iter()
        .zip(guessed)
        .map(|(survey, guessed)| Some(surveyed_cx(guessed?, survey?)))
        .collect();

    // Pass 2: the scan for the corpus index, and the sentence rules again where the guess of
    // pass 1 was wrong; then file and corpus rules.
    let scanner =
        keys.map(|keys| CorpusIndex::prepare(keys, surfaces, LabelIds::new(&labels), &work));
    let linted: Vec<(Vec<Diagnostic>, Option<Scan>)> = work
        .par_iter()
        .zip(guesses)
        .zip(recordings)
        .map(|((&(id, chunk), guess), recording)| {
            let cx = cxs[id].as_ref().unwrap();
            let held = guess.holds(cx, &labels);
            if held && cfg!(debug_assertions) {
                check_guess(cx, chunk, &rules, &labels, &guess.found);
            }
            let relint = |scanner| lint_chunk(cx, chunk, &rules, &labels, scanner);
            match (scanner.as_ref(), recording) {
                (None, _) if held => (guess.found, None),
                (None, _) => relint(None),
                (Some(scanner), Some(recording)) => {
                    let found = if held { guess.found } else { relint(None).0 };
                    (found, Some(scan_recording(cx, chunk, scanner, &recording)))
                }
                // A chunk too irregular to record is parsed again for the scan.
                (Some(scanner), None) if held => {
                    let (_, scan) = lint_chunk(cx, chunk, &[], &labels, Some(scanner));
                    (guess.found, scan)
                }
                (Some(scanner), None) => relint(Some(scanner)),
            }
        })
        .collect();
    if scanner.is_some() {
        heap::release_free_memory(); // the recordings, dropped as their chunks were scanned
    }
    let mut scans = Vec::with_capacity(linted.len());
    for (found, scan) in linted {
        diagnostics.extend(found);
        scans.extend(scan);
    }
    let index = scanner.map(|scanner| CorpusIndex::finish(scanner, scans, &cxs));
    let readable: Vec<&FileCx> = cxs.iter().flatten().collect();
    let corpus = CorpusCx {
        files: &readable,
        index: index.as_ref(),
        consistency: &settings.consistency,
    };
    // Rules in parallel (the corpus-wide ones take time), their findings in rule order.
    let found: Vec<Vec<Diagnostic>> = rules
        .par_iter()
        .map(|rule| {
            let mut out = Vec::new();
            for cx in &readable {
                rule.check_file(cx, &mut out);
            }
            rule.check_corpus(&corpus, &mut out);
            out
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
    drop(index);
    settings::apply(&per_file, &mut diagnostics);
    diagnostics.sort_by(ranking);

    let summaries = files
        .iter()
        .zip(&cxs)
        .map(|(file, cx)| FileSummary {
            path: file.path.clone(),
            layout: cx.as_ref().map(|c| c.layout.clone()),
            scheme: cx.as_ref().map(|c| (c.scheme, c.scheme_source)),
            spelling: cx.as_ref().map_or(Spelling::default(), |c| c.spelling),
            sentences: cx.as_ref().map_or(0, |c| c.sentences),
            tokens: cx.as_ref().map_or(0, |c| c.tokens),
            missing: cx.as_ref().map_or(0, |c| c.missing),
        })
        .collect();
    drop(cxs);
    Outcome {
        files,
        summaries,
        diagnostics,
        unreadable,
        baselined: 0,
        skipped: Vec::new(),
        elapsed: started.elapsed(),
    }
}

/// Findings in file order; those of the corpus-wide rules after the others, the most likely
/// errors first.
fn ranking(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    let confidence = |d: &Diagnostic| d.confidence.unwrap_or(0.0);
    a.confidence
        .is_some()
        .cmp(&b.confidence.is_some())
        .then(confidence(b).total_cmp(&confidence(a)))
        .then((a.file, a.span.start, a.rule.code).cmp(&(b.file, b.span.start, b.rule.code)))
}

/// The findings of pass 1 on a chunk, and what they assumed that only the whole corpus
/// settles: the scheme of the file, and that no label is a variant (`label-variant`) and no
/// label is known for the did-you-mean of a malformed tag (`malformed-tag`).
struct Guess<'a> {
    found: Vec<Diagnostic>,
    scheme: Scheme,
    /// The labels of the chunk.
    labels: Vec<&'a str>,
    /// Whether the chunk has malformed tags.
    malformed: bool,
}

impl Guess<'_> {
    /// Whether linting the chunk with the file's final context finds the same.
    fn holds(&self, cx: &FileCx, labels: &LabelVariants) -> bool {
        self.scheme == cx.scheme
            && !self.malformed
            && !self
                .labels
                .iter()
                .any(|l| labels.canonical.contains_key(*l))
    }
}

/// Debug builds (the tests) lint a chunk whose guess holds again, with the final context, to
/// check that `Guess::holds` knows every fact the sentence rules depend on.
fn check_guess(
    cx: &FileCx,
    chunk: Span,
    rules: &[&dyn Rule],
    labels: &LabelVariants,
    guessed: &[Diagnostic],
) {
    let (found, _) = lint_chunk(cx, chunk, rules, labels, None);
    let (found, guessed) = (format!("{found:#?}"), format!("{guessed:#?}"));
    assert!(
        found == guessed,
        "{}: the findings of pass 1 differ from those of the final context",
        cx.source.path
    );
}

/// Pass 1 over a chunk: its survey, its entity strings added to the surface forms given with
/// `keys`, and the findings of the sentence rules with the guessed context `cx` and no corpus
/// labels.
fn survey_and_lint<'a>(
    cx: &FileCx<'a>,
    chunk: Span,
    rules: &[&dyn Rule],
    no_labels: &LabelVariants,
    keys: Option<(&Keys, &mut Surfaces<'a>)>,
) -> (Survey<'a>, Guess<'a>, Option<Recording<'a>>) {
    let (mut found, mut malformed) = (Vec::new(), false);
    let (survey, recording) = Survey::of_chunk_and(
        cx.source,
        &cx.layout,
        cx.spelling,
        chunk,
        keys,
        &mut |seen| {
            if let Seen::Sentence { tags, .. } = seen {
                malformed |= tags.contains(&Tag::Malformed);
            }
            check_seen(cx, seen, rules, no_labels, &mut found);
        },
    );
    let guess = Guess {
        found,
        scheme: cx.scheme,
        labels: survey.labels.labels().collect(),
        malformed,
    };
    (survey, guess, recording)
}

/// Runs the sentence rules over a sentence, or reports a defective record.
fn check_seen(
    cx: &FileCx,
    seen: Seen,
    rules: &[&dyn Rule],
    labels: &LabelVariants,
    out: &mut Vec<Diagnostic>,
) {
    match seen {
        Seen::Defect(defect) => out.push(malformed_line::defect(cx.id, defect)),
        Seen::Sentence {
            sentence,
            tags,
            entities,
        } => {
            let scx = SentenceCx {
                file: cx,
                sentence,
                tags,
                entities,
                labels,
            };
            for rule in rules {
                rule.check_sentence(&scx, out);
            }
        }
    }
}

/// Runs the sentence rules over a chunk and, with a `scanner`, scans it for the corpus index.
fn lint_chunk(
    cx: &FileCx,
    chunk: Span,
    rules: &[&dyn Rule],
    labels: &LabelVariants,
    scanner: Option<&Scanner>,
) -> (Vec<Diagnostic>, Option<Scan>) {
    let mut out = Vec::new();
    let mut scan = scanner.map(|s| Scan::new(s, chunk.end - chunk.start));
    let (mut tags, mut entities, mut hashes, mut owner) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    read::read(cx.source, &cx.layout, chunk, &mut |event| match event {
        Event::Defect(defect) => check_seen(cx, Seen::Defect(&defect), rules, labels, &mut out),
        Event::Document(_) => {}
        Event::Sentence(sentence) => {
            read::parse_tags(sentence, cx.spelling, &mut tags);
            scheme::decode(&tags, &mut entities);
            let seen = Seen::Sentence {
                sentence,
                tags: &tags,
                entities: &entities,
            };
            check_seen(cx, seen, rules, labels, &mut out);
            if let (Some(scan), Some(scanner)) = (scan.as_mut(), scanner) {
                let tokens = &sentence.tokens;
                hashes.clear();
                hashes.extend(tokens.iter().map(|t| scanner.keys().token(&t.text)));
                let words: Vec<Word> = tokens.iter().map(Word::of).collect();
                scan.sentence(scanner, cx.id, (&words, &hashes), &entities, &mut owner);
            }
        }
    });
    (out, scan.map(Scan::end))
}

/// Scans a chunk recorded in pass 1 for the corpus index.
fn scan_recording(cx: &FileCx, chunk: Span, scanner: &Scanner, recording: &Recording) -> Scan {
    let mut scan = Scan::new(scanner, chunk.end - chunk.start);
    let mut owner = Vec::new();
    recording.replay(&cx.source.text, scanner.keys(), |words, entities| {
        scan.sentence(scanner, cx.id, words, entities, &mut owner);
    });
    scan.end()
}

/// The first chunk of a file, where its spelling and guessed scheme come from.
fn first_chunk(file: &SourceFile, layout: &Layout) -> Option<Span> {
    read::chunks(&file.text, file.body_start(), layout.format)
        .first()
        .copied()
}

/// The context of a file in pass 1, before it is surveyed: the forced scheme or the one its
/// first chunk suggests, and no counts yet.
fn guessed_cx<'a>(
    id: FileId,
    file: &'a SourceFile,
    layout: Layout,
    settings: &'a Settings,
    spelling: Spelling,
) -> FileCx<'a> {
    let (scheme, scheme_source) = match (settings.scheme, first_chunk(file, &layout)) {
        (Some(forced), _) => (forced, SchemeSource::Forced),
        (None, Some(first)) => {
            let survey = Survey::of_chunk(file, &layout, spelling, first);
            detected(&survey.evidence)
        }
        (None, None) => detected(&Evidence::default()),
    };
    FileCx {
        id,
        source: file,
        settings,
        layout,
        spelling,
        scheme,
        scheme_source,
        evidence: Evidence::default(),
        sentences: 0,
        tokens: 0,
        missing: 0,
        documents: Vec::new(),
    }
}

/// The context of a file once all of it is surveyed.
fn surveyed_cx<'a>(guessed: FileCx<'a>, survey: Survey) -> FileCx<'a> {
    let (scheme, scheme_source) = match guessed.scheme_source {
        SchemeSource::Forced => (guessed.scheme, SchemeSource::Forced),
        SchemeSource::Detected { .. } => detected(&survey.evidence),
    };
    FileCx {
        scheme,
        scheme_source,
        evidence: survey.evidence,
        sentences: survey.sentences,
        tokens: survey.tokens,
        missing: survey.missing,
        documents: survey.documents,
        ..guessed
    }
}

fn detected(evidence: &Evidence) -> (Scheme, SchemeSource) {
    let (scheme, confidence) = evidence.detect();
    (scheme, SchemeSource::Detected { confidence })
}

/// The tag spelling of a file, decided from the tags of its first chunk.
fn spelling(file: &SourceFile, layout: &Layout, delimiter: char) -> Spelling {
    let Some(first) = first_chunk(file, layout) else {
        return Spelling {
            delimiter,
            suffix: false,
        };
    };
    let mut sample: Vec<&str> = Vec::new();
    read::read(file, layout, first, &mut |event| {
        if let Event::Sentence(sentence) = event
            && sample.len() < crate::tag::SPELLING_SAMPLE
        {
            sample.extend(sentence.tokens.iter().map(|t| t.tag));
        }
    });
    Spelling::detect(delimiter, sample.into_iter())
}

/// Groups label spellings that differ only in case and separators (`Operating_System`,
/// `operating-system`) and maps each rarer spelling to the most frequent one.
fn label_variants(surveys: &[Option<Survey>]) -> LabelVariants {
    let mut uses: HashMap<String, LabelUse> = HashMap::new();
    for (id, survey) in surveys.iter().enumerate() {
        let Some(survey) = survey else { continue };
        for (label, usage) in survey.labels.uses(id) {
            uses.entry(label.to_string())
                .and_modify(|u| u.count += usage.count)
                .or_insert(usage);
        }
    }
    let mut groups: HashMap<String, Vec<&String>> = HashMap::new();
    for label in uses.keys() {
        groups.entry(fold_label(label)).or_default().push(label);
    }
    let mut canonical = HashMap::new();
    for spellings in groups.values().filter(|g| g.len() > 1) {
        let most = spellings
            .iter()
            .max_by_key(|l| {
                let u = &uses[**l];
                (u.count, std::cmp::Reverse((u.file, u.first.start)))
            })
            .unwrap();
        for variant in spellings.iter().filter(|l| *l != most) {
            canonical.insert((*variant).clone(), (*most).clone());
        }
    }
    LabelVariants { canonical, uses }
}

/// The spelling-insensitive form of a label: lowercase, without separators.
pub fn fold_label(label: &str) -> String {
    label
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}
