//! Parsing one tag string (`B-Protocol`, `O`, `I-creative-work`) into prefix and label.

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

/// A parsed tag. `label` borrows from the tag text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag<'a> {
    Outside,
    Entity {
        prefix: Prefix,
        label: &'a str,
    },
    /// Empty tag field: reported by `malformed-line`, not as a malformed tag.
    Empty,
    Malformed,
}

impl<'a> Tag<'a> {
    pub fn parse(text: &'a str) -> Tag<'a> {
        let bytes = text.as_bytes();
        match bytes {
            [] => Tag::Empty,
            [b'O'] => Tag::Outside,
            [p, b'-', rest @ ..] if !rest.is_empty() => match Prefix::from_byte(*p) {
                Some(prefix) if is_label(&text[2..]) => Tag::Entity {
                    prefix,
                    label: &text[2..],
                },
                _ => Tag::Malformed,
            },
            _ => Tag::Malformed,
        }
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

/// Labels may hold letters, digits and inner punctuation such as `creative-work`, but no
/// whitespace and none of the characters that join several tags into one field.
fn is_label(label: &str) -> bool {
    !label
        .bytes()
        .any(|b| b.is_ascii_whitespace() || matches!(b, b',' | b';' | b'|' | b'+'))
}

/// What is wrong with a malformed tag, and the well-formed tag it most likely meant.
pub struct Diagnosis {
    pub problem: &'static str,
    pub suggestion: Option<String>,
}

/// Explains why `text` did not parse (call only for `Tag::Malformed`).
pub fn diagnose(text: &str) -> Diagnosis {
    let diagnosis = |problem, suggestion: Option<String>| Diagnosis {
        problem,
        suggestion,
    };
    if let Some((first, _)) = text.split_once([',', ';', '|', '+']) {
        return diagnosis(
            "several tags are joined in one field",
            Some(first.to_string()),
        );
    }
    if text.bytes().any(|b| b.is_ascii_whitespace()) {
        let compact: String = text.split_whitespace().collect();
        let fixed = (Tag::parse(&compact) != Tag::Malformed).then_some(compact);
        return diagnosis("the tag contains whitespace", fixed);
    }
    if matches!(text, "o" | "0") {
        return diagnosis("the outside tag is spelled `O`", Some("O".into()));
    }
    let mut chars = text.chars();
    let first = chars.next().unwrap_or(' ');
    let rest = chars.as_str();
    let known_prefix = matches!(
        first.to_ascii_uppercase(),
        'B' | 'I' | 'E' | 'S' | 'L' | 'U'
    );
    if !known_prefix {
        return diagnosis(
            "the tag does not start with a scheme prefix (B, I, E, S, L, U) or equal `O`",
            None,
        );
    }
    let upper = first.to_ascii_uppercase();
    match rest.strip_prefix(['-', '_', '.', ':']) {
        Some("") => diagnosis("the entity type after the prefix is missing", None),
        Some(label) if first.is_ascii_lowercase() => {
            diagnosis("the prefix is lowercase", Some(format!("{upper}-{label}")))
        }
        Some(label) => diagnosis(
            "the prefix must be separated from the entity type by `-`",
            Some(format!("{upper}-{label}")),
        ),
        None if rest.is_empty() => diagnosis("the entity type is missing", None),
        None => diagnosis(
            "the prefix is not separated from the entity type",
            Some(format!("{upper}-{rest}")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            assert_eq!(Tag::parse(tag), Tag::Malformed, "{tag}");
        }
    }

    #[test]
    fn diagnoses_suggest_the_repair() {
        let s = |t: &str| diagnose(t).suggestion;
        assert_eq!(s("B_PER").as_deref(), Some("B-PER"));
        assert_eq!(s("b-per").as_deref(), Some("B-per"));
        assert_eq!(s("BPER").as_deref(), Some("B-PER"));
        assert_eq!(
            s("B-creative-work,B-person").as_deref(),
            Some("B-creative-work")
        );
        assert_eq!(s("0").as_deref(), Some("O"));
        assert_eq!(s("B-"), None);
        assert_eq!(
            diagnose("B-").problem,
            "the entity type after the prefix is missing"
        );
    }
}
