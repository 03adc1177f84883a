//! Entity labels of a run: how many entities each has, and the colour it is drawn in.

use crate::engine::Outcome;
use crate::read::{self, Event};
use crate::scheme;
use crate::source::Span;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Entities per label over every readable file, decoded as the rules see them.
pub fn entity_counts(outcome: &Outcome) -> BTreeMap<String, u64> {
    let work: Vec<(usize, Span)> = outcome
        .summaries
        .iter()
        .enumerate()
        .filter_map(|(id, summary)| Some((id, summary.layout.as_ref()?)))
        .flat_map(|(id, layout)| {
            let file = &outcome.files[id];
            read::chunks(&file.text, file.body_start(), layout.format)
                .into_iter()
                .map(move |chunk| (id, chunk))
        })
        .collect();
    work.par_iter()
        .map(|&(id, chunk)| {
            let file = &outcome.files[id];
            let summary = &outcome.summaries[id];
            let layout = summary.layout.as_ref().expect("only readable files");
            let mut counts = BTreeMap::<&str, u64>::new();
            let (mut tags, mut entities) = (Vec::new(), Vec::new());
            read::read(file, layout, chunk, &mut |event| {
                if let Event::Sentence(sentence) = event {
                    read::parse_tags(sentence, summary.spelling, &mut tags);
                    scheme::decode(&tags, &mut entities);
                    for entity in &entities {
                        *counts.entry(entity.label).or_default() += 1;
                    }
                }
            });
            counts
                .into_iter()
                .map(|(label, n)| (label.to_string(), n))
                .collect::<BTreeMap<String, u64>>()
        })
        .reduce(BTreeMap::new, |mut all, part| {
            for (label, n) in part {
                *all.entry(label).or_default() += n;
            }
            all
        })
}

/// Hues (degrees) that are this close look alike as pale backgrounds.
const MIN_HUE_DISTANCE: u32 = 24;

/// A hue for every label, derived from its name so that a label keeps its colour from one
/// report to the next. Names whose hues would look alike are moved apart, in name order.
pub fn hues<'a>(labels: impl IntoIterator<Item = &'a str>) -> BTreeMap<&'a str, u32> {
    let mut taken: Vec<u32> = Vec::new();
    let mut hues = BTreeMap::new();
    let mut names: Vec<&str> = labels.into_iter().collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let mut hue = fnv1a(name) % 360;
        // 137° steps visit the whole circle; give up on separation when it is crowded.
        for _ in 0..360 / MIN_HUE_DISTANCE {
            if taken
                .iter()
                .all(|t| circular_distance(*t, hue) >= MIN_HUE_DISTANCE)
            {
                break;
            }
            hue = (hue + 137) % 360;
        }
        taken.push(hue);
        hues.insert(name, hue);
    }
    hues
}

fn circular_distance(a: u32, b: u32) -> u32 {
    let d = a.abs_diff(b);
    d.min(360 - d)
}

/// FNV-1a: a fixed, portable hash (the standard hasher may change between Rust releases).
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hues_depend_on_the_name_only_and_stay_apart() {
        let few = hues(["Protocol", "Library"]);
        let many = hues([
            "Protocol",
            "Library",
            "OS",
            "Language",
            "Device",
            "Algorithm",
        ]);
        assert_eq!(few["Protocol"], fnv1a("Protocol") % 360);
        let all: Vec<u32> = many.values().copied().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(circular_distance(*a, *b) >= MIN_HUE_DISTANCE, "{all:?}");
            }
        }
        assert_eq!(
            hues(["Library", "Protocol"]),
            few,
            "order of input does not matter"
        );
    }
}
