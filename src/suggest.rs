//! "Did you mean" for names users type: rule names, labels, configuration values.

/// The candidate closest to `word`, if it is close enough to be a likely typo. Case and
/// separators (`-`, `_`) count less than other differences.
pub fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let folded = fold(word);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&folded, &fold(c)), c))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let rules = ["invalid-continuation", "unclosed-entity", "label-variant"];
        assert_eq!(
            did_you_mean("invalid-continuaton", rules),
            Some("invalid-continuation")
        );
        assert_eq!(
            did_you_mean("Unclosed_Entity", rules),
            Some("unclosed-entity")
        );
        assert_eq!(did_you_mean("scheme", rules), None);
        let labels = ["Protocol", "Operating_System", "Application"];
        assert_eq!(did_you_mean("Protocl", labels), Some("Protocol"));
        assert_eq!(
            did_you_mean("OperatingSystem", labels),
            Some("Operating_System")
        );
        assert_eq!(did_you_mean("Person", labels), None);
    }
}
