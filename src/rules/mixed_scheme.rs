use crate::context::{CorpusCx, FileCx, SchemeSource};
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{Rule, RuleMeta};
use crate::render::plural;
use crate::scheme::{Scheme, Seen};
use crate::tag::Prefix;

pub static RULE: RuleMeta = RuleMeta {
    code: "T005",
    name: "mixed-scheme",
    level: Severity::Warning,
    doc: super::rule_doc!("mixed-scheme"),
};

/// A file whose tags follow more than one scheme (`E-`/`S-` tags in an IOB2 file, `B-` starts
/// in an IOB1 file), a file no scheme fits cleanly, or a run whose files use different schemes.
pub struct MixedScheme;

impl Rule for MixedScheme {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_file(&self, cx: &FileCx, out: &mut Vec<Diagnostic>) {
        let scheme = cx.scheme;
        let evidence = &cx.evidence;
        let foreign: Vec<(Prefix, &Seen)> = Prefix::ALL
            .iter()
            .filter(|p| !scheme.uses(**p))
            .map(|p| (*p, &evidence.prefixes[p.index()]))
            .filter(|(_, seen)| seen.count > 0)
            .collect();
        if !foreign.is_empty() {
            let count: u64 = foreign.iter().map(|(_, s)| s.count).sum();
            let prefixes: Vec<String> = foreign.iter().map(|(p, _)| format!("`{}-`", p.letter())).collect();
            let mut places: Vec<_> = foreign.iter().flat_map(|(_, s)| s.first.iter().copied()).collect();
            places.sort();
            let seen = Seen { count, first: places };
            let what = format!("{} with {} in a file read as {}", plural(count, "tag"), prefixes.join(", "), scheme.name());
            out.push(report(cx, &seen, what, "tags of another scheme"));
        }
        // Entities written the way another scheme writes them with this scheme's own prefixes
        // (`B-` starts in IOB1, open ends in BIOES). Those that start with a continuation are
        // left to `invalid-continuation`.
        let roles = scheme.roles();
        let mut broken = 0;
        for other in Scheme::ALL {
            let seen = evidence.written_as(scheme, other);
            let own = Prefix::ALL.iter().all(|p| !other.uses(*p) || scheme.uses(*p));
            if roles.is_continuation(other.prefix_at(0, 1, false, false)) {
                broken += seen.count;
            } else if seen.count > 0 && own {
                let what = format!("{} written as in {}, in a file read as {}", plural(seen.count, "entity"), other.name(), scheme.name());
                out.push(report(cx, seen, what, "written in another scheme"));
            }
        }
        // Entities that are merely broken (an `I-` start in IOB2) do not make a file mixed.
        let clean = match evidence.entities {
            0 => 1.0,
            n => (evidence.fits(scheme) + broken) as f64 / n as f64,
        };
        if let SchemeSource::Detected { confidence } = cx.scheme_source
            && clean < CLEAN_FIT
        {
            out.push(fits_none(cx, confidence));
        }
    }

    fn check_corpus(&self, cx: &CorpusCx, out: &mut Vec<Diagnostic>) {
        // A scheme set for some paths (`[[overrides]]`) is a choice, not a slip: only detected
        // schemes are compared.
        let detected = |f: &&FileCx| matches!(f.scheme_source, SchemeSource::Detected { .. });
        let tagged: Vec<&FileCx> = cx.files.iter().copied().filter(detected).filter(|f| f.evidence.prefixes.iter().any(|s| s.count > 0)).collect();
        let mut schemes: Vec<(Scheme, usize)> = Vec::new();
        for file in &tagged {
            match schemes.iter_mut().find(|(s, _)| *s == file.scheme) {
                Some((_, n)) => *n += 1,
                None => schemes.push((file.scheme, 1)),
            }
        }
        let Some(&(majority, files)) = schemes.iter().max_by_key(|(_, n)| *n) else { return };
        if schemes.len() < 2 {
            return;
        }
        let example = tagged.iter().find(|f| f.scheme == majority).unwrap();
        for file in tagged.iter().filter(|f| f.scheme != majority) {
            let others = if files == 1 { "1 other file uses".to_string() } else { format!("{files} other files use") };
            out.push(
                Diagnostic::new(
                    &RULE,
                    file.id,
                    first_tag(file),
                    format!("this file uses {} but {others} {}", file.scheme.name(), majority.name()),
                )
                .label(format!("{} from here on", file.scheme.name()))
                .secondary(example.id, first_tag(example), format!("{} file", majority.name()))
                .help("convert the files of one corpus to one scheme"),
            );
        }
    }
}

fn report(cx: &FileCx, seen: &Seen, what: String, label: &str) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(&RULE, cx.id, seen.first[0], format!("mixed schemes: {what}"))
        .label(label)
        .help(format!("write every entity of the file in {}", cx.scheme.name()));
    for later in &seen.first[1..] {
        diagnostic = diagnostic.secondary(cx.id, *later, "also here");
    }
    diagnostic
}

/// The share of a file's entities its best scheme must fit, broken ones aside, for the file to
/// read cleanly.
const CLEAN_FIT: f64 = 0.9;

/// A file that no scheme explains well: every scheme would rewrite many of its entities.
fn fits_none(cx: &FileCx, confidence: f64) -> Diagnostic {
    let ranking = cx.evidence.ranking();
    let percent = |f: f64| format!("{:.0}%", f * 100.0);
    let runners_up: Vec<String> = ranking[1..3].iter().map(|(s, f)| format!("{} {}", s.name(), percent(*f))).collect();
    let at = Scheme::ALL
        .iter()
        .filter_map(|other| cx.evidence.written_as(cx.scheme, *other).first.first())
        .min()
        .copied()
        .unwrap_or_default();
    Diagnostic::new(
        &RULE,
        cx.id,
        at,
        format!(
            "tags fit no scheme cleanly: {}, the best fit, writes {} of the {} as the file does",
            cx.scheme.name(),
            percent(confidence),
            plural(cx.evidence.entities, "entity")
        ),
    )
    .label(format!("not written as in {}", cx.scheme.name()))
    .note(format!("next best: {}", runners_up.join(", ")))
    .help("choose the scheme with `--scheme`, then fix or convert the entities that do not fit")
}

fn first_tag(file: &FileCx) -> crate::source::Span {
    file.evidence
        .prefixes
        .iter()
        .filter_map(|s| s.first.first())
        .min()
        .copied()
        .unwrap_or_default()
}
