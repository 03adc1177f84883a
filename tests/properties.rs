//! Properties of `convert` and `--fix` on generated files and on real excerpts: conversion
//! round trips give back the same bytes, change nothing but tags and keep the entities;
//! fixing twice changes nothing the second time.

use biolint::convert;
use biolint::engine::{self, Outcome};
use biolint::fix::Applicability;
use biolint::fix::apply::fix_loaded;
use biolint::rewrite;
use biolint::scheme::{self, Entity, Scheme};
use biolint::settings::Settings;
use biolint::source::SourceFile;
use biolint::tag::{Spelling, Tag};
use proptest::prelude::*;
use std::time::Instant;

fn lint(text: &str, settings: &Settings) -> Outcome {
    let file = SourceFile::new("t.tsv".into(), text.into());
    engine::lint(vec![(file, None)], settings, Instant::now())
}

/// `biolint convert --to to [--from from]` on one in-memory file.
fn convert_text(text: &str, to: Scheme, from: Option<Scheme>) -> Result<String, String> {
    let mut settings = Settings::default();
    settings.scheme = from;
    settings.select(&[]);
    let outcome = lint(text, &settings);
    let conversion = convert::convert(0, &outcome.files[0], &outcome.summaries[0], to)?;
    rewrite::apply_tags(&outcome.files[0], &conversion.edits)
}

/// `biolint check --fix [--scheme scheme]` on one in-memory file.
fn fix_text(text: &str, scheme: Option<Scheme>) -> String {
    let mut settings = Settings::default();
    settings.scheme = scheme;
    let file = SourceFile::new("t.tsv".into(), text.into());
    let fixed = fix_loaded(
        vec![(file, None)],
        &settings,
        Applicability::Safe,
        Instant::now(),
    );
    fixed.outcome.files[0].text.clone()
}

/// Lines with their terminators, and each line without its tag (the text after the last
/// TAB), read independently of biolint's readers.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn without_tag(line: &str) -> &str {
    line.rfind('\t').map_or(line, |i| &line[..i])
}

/// The entities of a `token<TAB>tag` text in the usual spelling, sentence by sentence.
fn entities(text: &str) -> Vec<Vec<(usize, usize, String)>> {
    entities_in(text, Spelling::default())
}

fn entities_in(text: &str, spelling: Spelling) -> Vec<Vec<(usize, usize, String)>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sentences: Vec<Vec<&str>> = vec![Vec::new()];
    for line in body.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        match line.rsplit_once('\t') {
            Some((_, tag)) => sentences.last_mut().unwrap().push(tag),
            None => sentences.push(Vec::new()),
        }
    }
    let mut decoded: Vec<Entity> = Vec::new();
    sentences
        .iter()
        .filter(|tags| !tags.is_empty())
        .map(|tags| {
            let tags: Vec<Tag> = tags.iter().map(|t| spelling.parse(t)).collect();
            scheme::decode(&tags, &mut decoded);
            decoded
                .iter()
                .map(|e| (e.start, e.end, e.label.to_string()))
                .collect()
        })
        .collect()
}

/// A sentence as segments: `None` is a run of `O`, `Some(label)` an entity; lengths beside.
fn sentence() -> impl Strategy<Value = Vec<(Option<&'static str>, usize)>> {
    let label = prop::sample::select(vec!["PER", "LOC", "creative-work"]);
    let segment = (prop::option::weighted(0.6, label), 1..4usize);
    prop::collection::vec(segment, 1..8)
}

/// How a generated file is laid out around its tags.
#[derive(Clone, Debug)]
struct Shape {
    crlf: bool,
    bom: bool,
    final_newline: bool,
    suffix: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(crlf, bom, final_newline, suffix)| Shape {
            crlf,
            bom,
            final_newline,
            suffix,
        },
    )
}

/// A `token<TAB>tag` file whose entities are written in `scheme`.
fn render(sentences: &[Vec<(Option<&str>, usize)>], scheme: Scheme, shape: &Shape) -> String {
    let spelling = Spelling {
        delimiter: '-',
        suffix: shape.suffix,
    };
    let eol = if shape.crlf { "\r\n" } else { "\n" };
    let mut blocks = Vec::new();
    for segments in sentences {
        let mut labels: Vec<Option<&str>> = Vec::new();
        let mut spans: Vec<Entity> = Vec::new();
        for (label, len) in segments {
            if let Some(label) = label {
                spans.push(Entity {
                    start: labels.len(),
                    end: labels.len() + len,
                    label,
                });
            }
            labels.extend(std::iter::repeat_n(*label, *len));
        }
        let mut prefixes = Vec::new();
        scheme::encode(scheme, &spans, labels.len(), &mut prefixes);
        let lines: Vec<String> = labels
            .iter()
            .zip(&prefixes)
            .enumerate()
            .map(|(i, (label, prefix))| match (label, prefix) {
                (Some(label), Some(prefix)) => format!("w{i}\t{}", spelling.write(*prefix, label)),
                _ => format!("w{i}\tO"),
            })
            .collect();
        blocks.push(lines.join(eol));
    }
    let mut text = blocks.join(&format!("{eol}{eol}"));
    if shape.final_newline {
        text.push_str(eol);
    }
    if shape.bom {
        text.insert(0, '\u{feff}');
    }
    text
}

fn adjacent_same_type(text: &str, shape: &Shape) -> bool {
    let spelling = Spelling {
        delimiter: '-',
        suffix: shape.suffix,
    };
    entities_in(text, spelling).iter().any(|sentence| {
        sentence
            .windows(2)
            .any(|w| w[0].1 == w[1].0 && w[0].2 == w[1].2)
    })
}

fn any_scheme() -> impl Strategy<Value = Scheme> {
    prop::sample::select(Scheme::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A -> B -> A gives back the same bytes, for files valid in A.
    #[test]
    fn converting_there_and_back_gives_the_same_bytes(
        sentences in prop::collection::vec(sentence(), 1..5),
        a in any_scheme(),
        b in any_scheme(),
        shape in shape(),
    ) {
        let original = render(&sentences, a, &shape);
        let there = convert_text(&original, b, Some(a));
        if b == Scheme::Io && adjacent_same_type(&original, &shape) {
            prop_assert!(there.is_err(), "IO cannot keep adjacent entities apart");
            return Ok(());
        }
        let there = there.unwrap();
        let back = convert_text(&there, a, Some(b)).unwrap();
        prop_assert_eq!(back, original);
    }

    /// decode(convert(x)) == decode(x), and no byte but the tags changes.
    #[test]
    fn converting_keeps_the_entities_and_every_other_byte(
        sentences in prop::collection::vec(sentence(), 1..5),
        a in any_scheme(),
        b in any_scheme(),
        shape in shape(),
    ) {
        let original = render(&sentences, a, &shape);
        prop_assume!(b != Scheme::Io || !adjacent_same_type(&original, &shape));
        // Detected, not given: detection must find a scheme that reads the file right.
        let converted = convert_text(&original, b, None).unwrap();
        let spelling = Spelling { delimiter: '-', suffix: shape.suffix };
        prop_assert_eq!(entities_in(&converted, spelling), entities_in(&original, spelling));
        let (old, new) = (lines(&original), lines(&converted));
        prop_assert_eq!(old.len(), new.len());
        for (old, new) in old.iter().zip(&new) {
            prop_assert_eq!(without_tag(old), without_tag(new));
            prop_assert_eq!(old.ends_with("\r\n"), new.ends_with("\r\n"));
        }
    }

    /// `--fix` twice changes nothing the second time, on any tag sequence, and touches only tags.
    #[test]
    fn fixing_twice_changes_nothing_the_second_time(
        tags in prop::collection::vec(
            prop::sample::select(vec![
                "O", "O", "B-PER", "I-PER", "E-PER", "S-PER", "L-PER", "U-PER", "B-LOC",
                "I-LOC", "E-LOC", "b-per", "B_PER", "-", "per", "I-loc", "0",
            ]),
            1..30,
        ),
        breaks in prop::collection::vec(any::<bool>(), 30),
        scheme in prop::option::of(any_scheme()),
    ) {
        let mut text = String::new();
        for (i, tag) in tags.iter().enumerate() {
            text.push_str(&format!("w{i}\t{tag}\n"));
            if breaks[i] && i % 3 == 0 {
                text.push('\n');
            }
        }
        let once = fix_text(&text, scheme);
        let twice = fix_text(&once, scheme);
        prop_assert_eq!(&twice, &once);
        let mut settings = Settings::default();
        settings.scheme = scheme;
        let left = lint(&once, &settings);
        let safe = |d: &&biolint::diagnostic::Diagnostic| {
            d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)
        };
        let fixable: Vec<_> = left.diagnostics.iter().filter(safe).map(|d| &d.message).collect();
        prop_assert!(fixable.is_empty(), "still fixable after --fix: {:?}", fixable);
        let (old, new) = (lines(&text), lines(&once));
        prop_assert_eq!(old.len(), new.len());
        for (old, new) in old.iter().zip(&new) {
            prop_assert_eq!(without_tag(old), without_tag(new));
        }
    }
}

#[test]
fn fixing_repairs_what_each_scheme_calls_broken() {
    let cases = [
        (
            Scheme::Iob2,
            "a\tO\nb\tI-PER\nc\tI-PER\n",
            "a\tO\nb\tB-PER\nc\tI-PER\n",
        ),
        (
            Scheme::Bioes,
            "a\tB-PER\nb\tO\nc\tI-PER\n",
            "a\tS-PER\nb\tO\nc\tS-PER\n",
        ),
        (
            Scheme::Bilou,
            "a\tB-PER\nb\tI-PER\nc\tO\n",
            "a\tB-PER\nb\tL-PER\nc\tO\n",
        ),
        (Scheme::Ioe2, "a\tI-PER\nb\tO\n", "a\tE-PER\nb\tO\n"),
        // Nothing is broken in IOB1 or IO; a lowercase prefix is, in any scheme.
        (Scheme::Iob1, "a\tO\nb\tI-PER\n", "a\tO\nb\tI-PER\n"),
        (Scheme::Io, "a\tO\nb\ti-PER\n", "a\tO\nb\tI-PER\n"),
    ];
    for (scheme, text, fixed) in cases {
        assert_eq!(fix_text(text, Some(scheme)), fixed, "{}", scheme.name());
    }
}

/// Real files: the NCBI disease excerpt in IOB2 and in BIOES (`fixtures/schemes/`).
fn excerpt(name: &str) -> String {
    let path = format!("{}/fixtures/schemes/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn ncbi_iob2_and_bioes_convert_into_each_other_exactly() {
    let (iob2, bioes) = (excerpt("ncbi-iob2.tsv"), excerpt("ncbi-bioes.tsv"));
    assert_eq!(entities(&iob2), entities(&bioes));
    // The published IOB2 file ends with a blank line, the BIOES file does not; convert keeps
    // that byte as it is, so the outputs differ from the other file only there.
    assert_eq!(
        convert_text(&iob2, Scheme::Bioes, None).unwrap(),
        format!("{bioes}\n")
    );
    let iob2_less_final_newline = iob2.strip_suffix('\n').unwrap();
    assert_eq!(
        convert_text(&bioes, Scheme::Iob2, None).unwrap(),
        iob2_less_final_newline
    );
}

#[test]
fn real_excerpts_survive_every_round_trip() {
    for (name, from) in [
        ("ncbi-iob2.tsv", Scheme::Iob2),
        ("ncbi-bioes.tsv", Scheme::Bioes),
    ] {
        let original = excerpt(name);
        for to in Scheme::ALL.into_iter().filter(|s| *s != Scheme::Io) {
            let there = convert_text(&original, to, None).unwrap();
            assert_eq!(
                entities(&there),
                entities(&original),
                "{name} -> {}",
                to.name()
            );
            let back = convert_text(&there, from, None).unwrap();
            assert_eq!(back, original, "{name} -> {} -> {}", to.name(), from.name());
        }
        // The excerpt has two adjacent diseases (`myopathies`, `Emery Dreifuss ...`).
        assert!(convert_text(&original, Scheme::Io, None).is_err());
    }
}

#[test]
fn fixing_a_real_excerpt_changes_nothing() {
    for name in ["ncbi-iob2.tsv", "ncbi-bioes.tsv"] {
        let original = excerpt(name);
        assert_eq!(fix_text(&original, None), original, "{name}");
    }
}
