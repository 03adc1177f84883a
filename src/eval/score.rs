//! Matching findings to injected errors, and precision and recall from the matches.
//!
//! A finding hits an error when it is in the same file and its primary span touches a token of
//! the error's region. Recall is the share of injected errors hit by at least one finding.
//! Precision is the share of findings that hit an error, among the findings that the injection
//! brought: a finding the unmodified corpus already gave (same file, tokens and rule) that hits
//! no error is about the corpus's own annotation, not about the injected errors, so it is left
//! out of the count (and counted in `already`). `precision_all` counts them as wrong: a lower
//! bound, since some of them are the corpus's own real errors.

use super::findings::Finding;
use super::inject::Injected;
use std::collections::HashSet;
use std::ops::{Add, Range};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub injected: usize,
    /// Injected errors hit by at least one finding.
    pub detected: usize,
    pub findings: usize,
    /// Findings that hit an injected error.
    pub hits: usize,
    /// Findings that the unmodified corpus gave as well, hitting no injected error.
    pub already: usize,
    /// Injected errors on strings annotated at least twice elsewhere, and how many of those
    /// were detected: the errors a majority can judge.
    pub judgeable: usize,
    pub judgeable_detected: usize,
    /// Detected errors hit only by findings the unmodified corpus gave too (same file,
    /// tokens and rule): found because the place was flagged anyway.
    pub flagged_anyway: usize,
}

impl Score {
    /// `errors` as `inject` returns them (sorted, not overlapping); `clean` are the findings of
    /// the same method on the unmodified corpus.
    pub fn of(errors: &[Injected], findings: &[Finding], clean: &[Finding]) -> Score {
        let key = |f: &Finding| (f.file, f.tokens.start, f.tokens.end, f.rule);
        let clean: HashSet<_> = clean.iter().map(key).collect();
        // Per error: hit at all, and hit by a finding the unmodified corpus did not give.
        let mut detected = vec![false; errors.len()];
        let mut newly = vec![false; errors.len()];
        let mut score = Score {
            injected: errors.len(),
            findings: findings.len(),
            ..Score::default()
        };
        for finding in findings {
            let hit = hits(errors, finding);
            let before = clean.contains(&key(finding));
            if hit.is_empty() {
                score.already += usize::from(before);
            } else {
                score.hits += 1;
                detected[hit.clone()].fill(true);
                if !before {
                    newly[hit].fill(true);
                }
            }
        }
        score.detected = detected.iter().filter(|d| **d).count();
        let judgeable = || errors.iter().zip(&detected).filter(|(e, _)| e.judgeable);
        score.judgeable = judgeable().count();
        score.judgeable_detected = judgeable().filter(|(_, d)| **d).count();
        score.flagged_anyway = score.detected - newly.iter().filter(|n| **n).count();
        score
    }

    pub fn precision(&self) -> Option<f64> {
        ratio(self.hits, self.findings - self.already)
    }

    /// Precision counting every finding, those the unmodified corpus gave too.
    pub fn precision_all(&self) -> Option<f64> {
        ratio(self.hits, self.findings)
    }

    pub fn recall(&self) -> Option<f64> {
        ratio(self.detected, self.injected)
    }

    /// Recall on the errors a majority can judge.
    pub fn judgeable_recall(&self) -> Option<f64> {
        ratio(self.judgeable_detected, self.judgeable)
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The errors (indices into `errors`) that `finding` touches.
fn hits(errors: &[Injected], finding: &Finding) -> Range<usize> {
    let t = &finding.tokens;
    if t.is_empty() {
        return 0..0;
    }
    let from = errors.partition_point(|e| (e.file, e.tokens.end) <= (finding.file, t.start));
    let to = errors.partition_point(|e| (e.file, e.tokens.start) < (finding.file, t.end));
    from..to.max(from)
}

impl Add for Score {
    type Output = Score;

    fn add(self, other: Score) -> Score {
        Score {
            injected: self.injected + other.injected,
            detected: self.detected + other.detected,
            findings: self.findings + other.findings,
            hits: self.hits + other.hits,
            already: self.already + other.already,
            judgeable: self.judgeable + other.judgeable,
            judgeable_detected: self.judgeable_detected + other.judgeable_detected,
            flagged_anyway: self.flagged_anyway + other.flagged_anyway,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::inject::Kind;

    fn error(file: usize, tokens: Range<usize>) -> Injected {
        Injected {
            file,
            kind: Kind::Dropped,
            // The error at 10..12 is on a string annotated nowhere else.
            judgeable: tokens.start != 10,
            tokens,
        }
    }

    fn finding(file: usize, tokens: Range<usize>, rule: &'static str) -> Finding {
        Finding {
            file,
            tokens,
            rule,
            confidence: None,
        }
    }

    #[test]
    fn a_finding_hits_the_errors_it_touches_in_its_file() {
        let errors = [
            error(0, 3..5),
            error(0, 10..12),
            error(1, 3..5),
            error(1, 8..9),
        ];
        let findings = [
            finding(0, 4..5, "r"),
            finding(0, 5..6, "r"),
            finding(1, 0..4, "r"),
            finding(0, 0..20, "r"),
            finding(2, 3..5, "r"),
            finding(0, 4..4, "r"),
        ];
        let score = Score::of(&errors, &findings, &[]);
        assert_eq!(
            score,
            Score {
                injected: 4,
                detected: 3,
                findings: 6,
                hits: 3,
                already: 0,
                judgeable: 3,
                judgeable_detected: 2,
                flagged_anyway: 0,
            }
        );
        assert_eq!(score.precision(), Some(0.5));
        assert_eq!(score.recall(), Some(0.75));
        assert_eq!(score.judgeable_recall(), Some(2.0 / 3.0));
    }

    #[test]
    fn findings_the_clean_corpus_gave_too_do_not_count_against_precision() {
        let errors = [error(0, 3..5)];
        let clean = [finding(0, 6..7, "r"), finding(0, 3..5, "r")];
        let findings = [
            finding(0, 6..7, "r"),
            finding(0, 6..7, "other"),
            finding(0, 3..5, "r"),
        ];
        let score = Score::of(&errors, &findings, &clean);
        assert_eq!((score.hits, score.already, score.detected), (1, 1, 1));
        // The one detected error was hit only by a finding the clean corpus gave too.
        assert_eq!(score.flagged_anyway, 1);
        assert_eq!(score.precision(), Some(0.5));
        assert_eq!(score.precision_all(), Some(1.0 / 3.0));
    }

    #[test]
    fn nothing_to_find_and_nothing_found_have_no_ratio() {
        let score = Score::of(&[], &[], &[]);
        assert_eq!((score.precision(), score.recall()), (None, None));
        let sum = score + Score::of(&[error(0, 1..2)], &[], &[]);
        assert_eq!(sum.recall(), Some(0.0));
    }
}
