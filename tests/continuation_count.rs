//! `invalid-continuation` counts what a naive, independent reading of the scheme counts, on
//! random tag sequences in every layout and scheme biolint detects.

/// A small deterministic generator (xorshift), so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const PREFIXES: [&str; 4] = ["B", "I", "E", "S"];
const LABELS: [&str; 3] = ["PER", "LOC", "creative-work"];

fn random_tag(rng: &mut Rng, prefixes: usize) -> String {
    match rng.below(3) {
        0 => "O".to_string(),
        _ => format!(
            "{}-{}",
            PREFIXES[rng.below(prefixes)],
            LABELS[rng.below(LABELS.len())]
        ),
    }
}

/// The naive count: a continuation prefix whose previous tag is not `B-`/`I-` of the same type.
fn independent_count(sentences: &[Vec<String>], continuations: &[&str]) -> usize {
    let mut n = 0;
    for tags in sentences {
        let mut previous: Option<(&str, &str)> = None;
        for tag in tags {
            let parsed = tag.split_once('-');
            if let Some((prefix, label)) = parsed
                && continuations.contains(&prefix)
                && !previous.is_some_and(|(p, l)| l == label && (p == "B" || p == "I"))
            {
                n += 1;
            }
            previous = parsed;
        }
    }
    n
}

fn biolint_count(text: &str, extension: &str, scheme: &str) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("random.{extension}"));
    std::fs::write(&path, text).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_biolint"))
        .args(["check", "--format", "json", "--scheme", scheme])
        .args(["--select", "invalid-continuation"])
        .arg(&path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["diagnostics"].as_array().unwrap().len()
}

/// Writes sentences as CoNLL columns (`sep` between fields) or as `<s>` blocks.
fn render(sentences: &[Vec<String>], layout: &str) -> String {
    let mut text = String::new();
    for (s, tags) in sentences.iter().enumerate() {
        if layout == "blocks" {
            text.push_str("<s>\n");
        }
        for (i, tag) in tags.iter().enumerate() {
            let token = format!("w{s}x{i}");
            match layout {
                "blocks" => text.push_str(&format!("{token} x\t{tag}\n")),
                "conll" => text.push_str(&format!("{token} NN I-NP {tag}\n")),
                _ => text.push_str(&format!("{token}\t{tag}\r\n")),
            }
        }
        text.push_str(if layout == "blocks" { "</s>\n" } else { "\n" });
    }
    text
}

#[test]
fn counts_match_an_independent_count_in_every_layout_and_scheme() {
    let mut rng = Rng(0x5eed_cafe_f00d);
    for round in 0..24 {
        let (scheme, prefixes, continuations): (&str, usize, &[&str]) = match round % 3 {
            0 => ("iob2", 2, &["I"]),
            1 => ("bioes", 4, &["I", "E"]),
            _ => ("iob1", 2, &[]),
        };
        let sentences: Vec<Vec<String>> = (0..40)
            .map(|_| {
                let len = 1 + rng.below(12);
                (0..len).map(|_| random_tag(&mut rng, prefixes)).collect()
            })
            .collect();
        let expected = independent_count(&sentences, continuations);
        for (layout, extension) in [("tsv", "tsv"), ("conll", "conll"), ("blocks", "txt")] {
            let found = biolint_count(&render(&sentences, layout), extension, scheme);
            assert_eq!(found, expected, "round {round}, {scheme} in {layout}");
        }
        if scheme != "iob1" {
            assert!(expected > 0, "round {round} generated no error to find");
        }
    }
}
