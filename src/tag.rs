//! Parsing one tag string (`B-Protocol`, `O`, `I-creative-work`, `PER-B`, `-`) into prefix and
//! label, in the spelling a file uses.

/// The position markers of the schemes biolint knows. `L`/`U` are BILOU's spellings of `E`/`S`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Prefix {
    B,
    I,
    E,
    S,
    L,
    U,
}

impl Prefix {
    pub const ALL: [Prefix; 6] = [
        Prefix::B,
        Prefix::I,
        Prefix::E,
        Prefix::S,
        Prefix::L,
        Prefix::U,
    ];

    fn from_byte(b: u8) -> Option<Prefix> {
        Some(match b {
            b'B' => Prefix::B,
            b'I' => Prefix::I,
            b'E' => Prefix::E,
            b'S' => Prefix::S,
            b'L' => Prefix::L,
            b'U' => Prefix::U,
            _ => return None,
        })
    }

    pub fn letter(self) -> char {
        match self {
            Prefix::B => 'B',
            Prefix::I => 'I',
            Prefix::E => 'E',
            Prefix::S => 'S',
            Prefix::L => 'L',
            Prefix::U => 'U',
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A parsed tag. `label` borrows from the tag text; it is empty for untyped tags (bare `B`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag<'a> {
    Outside,
    Entity {
        prefix: Prefix,
        label: &'a str,
    },
    /// `-`: the token was not annotated (spaCy's missing value). Neither `O` nor an entity.
    Missing,
    /// Empty tag field: reported by `malformed-line`, not as a malformed tag.
    Empty,
    Malformed,
}

impl<'a> Tag<'a> {
    /// Parses a tag in the usual spelling (`B-PER`); see `Spelling::parse` for the others.
    pub fn parse(text: &'a str) -> Tag<'a> {
        Spelling::default().parse(text)
    }

    pub fn label(self) -> Option<&'a str> {
        match self {
            Tag::Entity { label, .. } => Some(label),
            _ => None,
        }
    }

    pub fn prefix(self) -> Option<Prefix> {
        match self {
            Tag::Entity { prefix, .. } => Some(prefix),
            _ => None,
        }
    }
}

/// How a file writes its tags: the marker before (`B-PER`) or after (`PER-B`) the type, and
/// the character between them. Untyped tags (`B`, `I`) and `O` read the same in every spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spelling {
    pub delimiter: char,
    pub suffix: bool,
}

impl Default for Spelling {
    fn default() -> Spelling {
        Spelling {
            delimiter: '-',
            suffix: false,
        }
    }
}

/// Tags looked at to decide whether a file writes its markers as suffixes.
pub const SPELLING_SAMPLE: usize = 4096;

impl Spelling {
    pub fn parse(self, text: &str) -> Tag<'_> {
        match text.as_bytes() {
            [] => return Tag::Empty,
            [b'O'] => return Tag::Outside,
            [b'-'] => return Tag::Missing,
            [p] => {
                return Prefix::from_byte(*p)
                    .map_or(Tag::Malformed, |prefix| Tag::Entity { prefix, label: "" });
            }
            _ => {}
        }
        let split = match self.suffix {
            false => text
                .strip_prefix(|c: char| c.is_ascii_uppercase())
                .and_then(|rest| rest.strip_prefix(self.delimiter))
                .map(|label| (text.as_bytes()[0], label)),
            true => text
                .strip_suffix(|c: char| c.is_ascii_uppercase())
                .and_then(|rest| rest.strip_suffix(self.delimiter))
                .map(|label| (text.as_bytes()[text.len() - 1], label)),
        };
        match split {
            Some((p, label)) if !label.is_empty() && is_label(label) => {
                Prefix::from_byte(p).map_or(Tag::Malformed, |prefix| Tag::Entity { prefix, label })
            }
            _ => Tag::Malformed,
        }
    }

    /// The tag text for `prefix` and `label` in this spelling.
    pub fn write(self, prefix: Prefix, label: &str) -> String {
        let (p, d) = (prefix.letter(), self.delimiter);
        match (label.is_empty(), self.suffix) {
            (true, _) => p.to_string(),
            (false, false) => format!("{p}{d}{label}"),
            (false, true) => format!("{label}{d}{p}"),
        }
    }

    /// The spelling of a file with `delimiter`: suffix style when more of the sample's tags
    /// read as `PER-B` than as `B-PER`.
    pub fn detect<'t>(delimiter: char, sample: impl Iterator<Item = &'t str>) -> Spelling {
        let prefix = Spelling {
            delimiter,
            suffix: false,
        };
        let suffix = Spelling {
            delimiter,
            suffix: true,
        };
        let (mut as_prefix, mut as_suffix) = (0usize, 0usize);
        for tag in sample.take(SPELLING_SAMPLE) {
            as_prefix += usize::from(
                matches!(prefix.parse(tag), Tag::Entity { label, .. } if !label.is_empty()),
            );
            as_suffix += usize::from(
                matches!(suffix.parse(tag), Tag::Entity { label, .. } if !label.is_empty()),
            );
        }
        if as_suffix > as_prefix {
            suffix
        } else {
            prefix
        }
    }

    /// How to show the shape of a tag in messages: `B-X` or `X-B`.
    pub fn example(self) -> String {
        self.write(Prefix::B, "PER")
    }
}

/// Labels may hold letters, digits and inner punctuation such as `creative-work`, but no
/// whitespace and none of the characters that join several tags into one field.
fn is_label(label: &str) -> bool {
    !label
        .bytes()
        .any(|b| b.is_ascii_whitespace() || matches!(b, b',' | b';' | b'|' | b'+'))
}

/// What is wrong with a malformed tag, and the well-formed tag it most likely meant.
pub struct Diagnosis {
    pub problem: String,
    pub suggestion: Option<String>,
    /// The suggestion is the only reading of the tag (a case or separator variant), so
    /// `--fix` may apply it; other suggestions are guesses.
    pub certain: bool,
}

/// Separators seen between marker and type in the wild.
const SEPARATORS: [char; 4] = ['-', '_', '.', ':'];

/// Explains why `text` did not parse in `spelling` (call only for `Tag::Malformed`).
/// `is_label` tells the entity types of the corpus, which tell a bare type (`LOC`) from a
/// prefix glued to a type (`BPER`) and give the spelling of a type (`b-loc` -> `B-LOC`).
pub fn diagnose(text: &str, spelling: Spelling, is_label: impl Fn(&str) -> bool) -> Diagnosis {
    let guess = |problem: &str, suggestion: Option<String>| Diagnosis {
        problem: problem.to_string(),
        suggestion,
        certain: false,
    };
    let sure = |problem: &str, suggestion: String| Diagnosis {
        problem: problem.to_string(),
        suggestion: Some(suggestion),
        certain: true,
    };
    let parses = |t: &str| spelling.parse(t) != Tag::Malformed;
    if let Some((first, _)) = text.split_once([',', ';', '|', '+']) {
        let first = parses(first).then(|| first.to_string());
        return guess("several tags are joined in one field", first);
    }
    if text.bytes().any(|b| b.is_ascii_whitespace()) {
        // `B-creative work` meant `B-creative-work` where the corpus has that type.
        let words: Vec<&str> = text.split_whitespace().collect();
        let fixed = ["", "-", "_"]
            .map(|joint| words.join(joint))
            .into_iter()
            .find(|t| spelling.parse(t).label().is_some_and(&is_label));
        return guess("the tag contains whitespace", fixed);
    }
    match text {
        "o" => return sure("the outside tag is spelled `O`", "O".into()),
        "0" => return guess("the outside tag is spelled `O`", Some("O".into())),
        _ => {}
    }
    if is_label(text) {
        let start = spelling.write(Prefix::B, text);
        return guess("the entity type has no scheme prefix", Some(start));
    }
    // `loc` where the corpus writes only `LOC`.
    let typed = |label: &str| match !is_label(label) && is_label(&label.to_uppercase()) {
        true => label.to_uppercase(),
        false => label.to_string(),
    };
    let flipped = Spelling {
        suffix: !spelling.suffix,
        ..spelling
    };
    if let Tag::Entity { prefix, label } = flipped.parse(text) {
        let problem = match spelling.suffix {
            true => "the file writes the marker after the entity type",
            false => "the file writes the marker before the entity type",
        };
        return sure(problem, spelling.write(prefix, label));
    }
    let (marker, rest) = match spelling.suffix {
        false => {
            let mut chars = text.chars();
            let first = chars.next().unwrap_or(' ');
            (first, chars.as_str())
        }
        true => {
            let mut chars = text.chars();
            let last = chars.next_back().unwrap_or(' ');
            (last, chars.as_str())
        }
    };
    let Some(prefix) = u8::try_from(marker.to_ascii_uppercase())
        .ok()
        .and_then(Prefix::from_byte)
    else {
        return guess(
            match spelling.suffix {
                false => {
                    "the tag does not start with a scheme prefix (B, I, E, S, L, U) or equal `O`"
                }
                true => "the tag does not end with a scheme marker (B, I, E, S, L, U) or equal `O`",
            },
            None,
        );
    };
    let label = match spelling.suffix {
        false => rest.strip_prefix(SEPARATORS),
        true => rest.strip_suffix(SEPARATORS),
    };
    let d = spelling.delimiter;
    match label {
        Some("") if spelling.suffix => guess("the entity type before the marker is missing", None),
        Some("") => guess("the entity type after the prefix is missing", None),
        None if rest.is_empty() => sure("the prefix is lowercase", spelling.write(prefix, "")),
        Some(label) if marker.is_ascii_lowercase() => sure(
            "the prefix is lowercase",
            spelling.write(prefix, &typed(label)),
        ),
        Some(label) => sure(
            &format!("the prefix must be separated from the entity type by `{d}`"),
            spelling.write(prefix, &typed(label)),
        ),
        // `BPER` is `B` glued to `PER` only if `PER` is a type; `BACTERIA` is no `B-ACTERIA`.
        None if is_label(rest) => guess(
            "the prefix is not separated from the entity type",
            Some(spelling.write(prefix, rest)),
        ),
        None => guess(
            &format!("the tag has no scheme prefix followed by `{d}`"),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUFFIX: Spelling = Spelling {
        delimiter: '-',
        suffix: true,
    };
    const UNDERSCORE: Spelling = Spelling {
        delimiter: '_',
        suffix: false,
    };

    #[test]
    fn parses_well_formed_tags() {
        assert_eq!(Tag::parse("O"), Tag::Outside);
        assert_eq!(
            Tag::parse("I-creative-work"),
            Tag::Entity {
                prefix: Prefix::I,
                label: "creative-work"
            }
        );
        assert_eq!(Tag::parse(""), Tag::Empty);
        assert_eq!(Tag::parse("-"), Tag::Missing);
        assert_eq!(
            Tag::parse("U"),
            Tag::Entity {
                prefix: Prefix::U,
                label: ""
            }
        );
    }

    #[test]
    fn parses_the_other_spellings() {
        let per = |prefix| Tag::Entity {
            prefix,
            label: "PER",
        };
        assert_eq!(SUFFIX.parse("PER-B"), per(Prefix::B));
        assert_eq!(
            SUFFIX.parse("creative-work-I").label(),
            Some("creative-work")
        );
        assert_eq!(SUFFIX.parse("B-PER"), Tag::Malformed);
        assert_eq!(UNDERSCORE.parse("B_PER"), per(Prefix::B));
        assert_eq!(UNDERSCORE.parse("B-PER"), Tag::Malformed);
        assert_eq!(SUFFIX.write(Prefix::L, "PER"), "PER-L");
        assert_eq!(UNDERSCORE.write(Prefix::B, ""), "B");
        for spelling in [Spelling::default(), SUFFIX, UNDERSCORE] {
            assert_eq!(spelling.parse("O"), Tag::Outside);
            assert_eq!(spelling.parse("-"), Tag::Missing);
            let tag = spelling.write(Prefix::E, "creative-work");
            assert_eq!(spelling.parse(&tag).label(), Some("creative-work"));
        }
    }

    #[test]
    fn detects_suffix_style_per_file() {
        let tags = ["O", "PER-B", "PER-I", "O", "LOC-B", "B-X"];
        assert_eq!(Spelling::detect('-', tags.into_iter()), SUFFIX);
        let tags = ["O", "B-PER", "I-PER", "B-creative-work"];
        assert_eq!(Spelling::detect('-', tags.into_iter()), Spelling::default());
    }

    #[test]
    fn rejects_the_malformed_tags_found_in_the_wild() {
        for tag in [
            "B_PER",
            "b-per",
            "B-",
            "BPER",
            "B-creative-work,B-person",
            "0",
            "o",
            "X-PER",
            "B-P ER",
            "b",
            "--",
        ] {
            assert_eq!(Tag::parse(tag), Tag::Malformed, "{tag}");
        }
    }

    fn known(label: &str) -> bool {
        matches!(label, "PER" | "LOC" | "creative-work")
    }

    #[test]
    fn diagnoses_suggest_the_repair() {
        let s = |t: &str| {
            let d = diagnose(t, Spelling::default(), known);
            (d.suggestion, d.certain)
        };
        let sure = |t: &str| (Some(t.to_string()), true);
        let guess = |t: &str| (Some(t.to_string()), false);
        assert_eq!(s("B_PER"), sure("B-PER"));
        assert_eq!(s("b-per"), sure("B-PER"));
        assert_eq!(s("b-misc"), sure("B-misc"));
        assert_eq!(s("B-creative work"), guess("B-creative-work"));
        assert_eq!(s("B-P ER"), guess("B-PER"));
        assert_eq!(s("b"), sure("B"));
        assert_eq!(s("PER-B"), sure("B-PER"));
        assert_eq!(s("BPER"), guess("B-PER"));
        assert_eq!(s("B-creative-work,B-person"), guess("B-creative-work"));
        assert_eq!(s("0"), guess("O"));
        assert_eq!(s("o"), sure("O"));
        assert_eq!(s("B-"), (None, false));
        assert_eq!(
            diagnose("B-", Spelling::default(), known).problem,
            "the entity type after the prefix is missing"
        );
        assert_eq!(
            diagnose("B-PER", UNDERSCORE, known).suggestion.as_deref(),
            Some("B_PER")
        );
        assert_eq!(
            diagnose("B-PER", SUFFIX, known).suggestion.as_deref(),
            Some("PER-B")
        );
        assert_eq!(
            diagnose("PER_b", SUFFIX, known).suggestion.as_deref(),
            Some("PER-B")
        );
    }

    #[test]
    fn bare_entity_types_are_not_read_as_glued_prefixes() {
        // `LOC` starts with BILOU's `L`, but it is the type `LOC` without a prefix.
        let d = diagnose("LOC", Spelling::default(), known);
        assert_eq!(d.problem, "the entity type has no scheme prefix");
        assert_eq!((d.suggestion.as_deref(), d.certain), (Some("B-LOC"), false));
        // `BACTERIA` is no `B-ACTERIA` when no entity has the type `ACTERIA`.
        let d = diagnose("BACTERIA", Spelling::default(), known);
        assert_eq!(d.problem, "the tag has no scheme prefix followed by `-`");
        assert_eq!(d.suggestion, None);
    }
}
