//! Every threshold of the consistency rules, in one place, so that `biolint.toml` and the
//! command line can set them. The defaults were tuned on WikiSER and WNUT17 for precision.

/// Thresholds of `type-conflict`, `missed-annotation` and `boundary-conflict`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsistencySettings {
    /// Findings below this confidence are dropped (`--min-confidence`).
    pub min_confidence: f64,
    /// A string must occur at least this often before its annotations are compared.
    pub min_occurrences: usize,
    /// The majority reading must be annotated at least this often.
    pub min_majority: usize,
    /// Share of the occurrences the majority reading must hold to call the rest errors;
    /// below it, `type-conflict` reports the string as ambiguous instead. At least 0.5.
    pub min_majority_share: f64,
    /// Compare strings case-insensitively (`Apple` and `apple` are the same string).
    pub ignore_case: bool,
    /// Count the singular and plural of a lowercase word as one string (`client`, `clients`).
    pub fold_plurals: bool,
    /// Longest entity, in tokens, that is looked for elsewhere in the corpus.
    pub max_tokens: usize,
    /// Findings reported per string (per token and place for `boundary-token` and
    /// `head-type`) and rule, the most confident first. A string read against
    /// its majority more often than this is a systematic split, not a slip: its first
    /// findings show it, and the rest would only bury the other strings.
    pub max_findings_per_string: usize,
    /// Fold findings that are alike (the same reading of the same string in the same sentence
    /// repeated, or the same entity text and label there for `boundary-token` and
    /// `head-type`) into the most confident of them, which points at the others: a sentence
    /// repeated across a corpus repeats its slip, and one finding shows it.
    pub fold_alike_findings: bool,
    /// `boundary-token` and `head-type` judge an entity by one token (at its edge, its last
    /// one): that token must have been seen at least this often in that place, and the
    /// usual choice there (taken in or left out, the type) must hold at least this share.
    pub min_token_votes: usize,
    pub min_token_share: f64,
    /// Strings that are known to be ambiguous; no finding is reported for them.
    pub accepted_ambiguities: Vec<String>,
    /// Lowercase words that are never looked for alone (too common to mean anything).
    pub stop_words: Vec<String>,
}

impl Default for ConsistencySettings {
    fn default() -> ConsistencySettings {
        ConsistencySettings {
            min_confidence: 0.0,
            min_occurrences: 2,
            min_majority: 2,
            min_majority_share: 0.5,
            ignore_case: false,
            fold_plurals: true,
            max_tokens: 8,
            max_findings_per_string: 50,
            fold_alike_findings: true,
            min_token_votes: 3,
            min_token_share: 0.7,
            accepted_ambiguities: Vec::new(),
            stop_words: STOP_WORDS.iter().map(|w| w.to_string()).collect(),
        }
    }
}

/// Frequent English function words: alone, they are entities only by accident.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by",
    "with", "as", "into", "onto", "over", "under", "about", "after", "before", "is", "are", "was",
    "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did", "it", "its",
    "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "me", "him", "her",
    "them", "us", "my", "your", "our", "their", "his", "not", "no", "so", "if", "then", "than",
    "there", "here", "what", "which", "who", "whom", "when", "where", "why", "how", "all", "any",
    "some", "one", "can", "will", "would", "should", "could", "may", "might", "must", "also",
    "just", "more", "most", "very", "up", "out", "new",
];
