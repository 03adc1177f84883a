//! The baseline to beat: plain majority vote. Every token string annotated as an entity
//! somewhere is looked up at all its occurrences; each occurrence gets the label it carries
//! there (the entity type when the string is exactly one entity, `O` when it is all outside,
//! otherwise the shape of the tags over it), and every occurrence that disagrees with the most
//! frequent label is flagged. A tie for the most frequent label flags nothing.

use super::corpus::{Corpus, CorpusFile};
use super::findings::Finding;
use std::collections::{BTreeSet, HashMap};

struct Occurrence {
    file: usize,
    start: usize,
    len: usize,
    label: usize,
}

pub fn majority_vote(corpus: &Corpus) -> Vec<Finding> {
    let texts: Vec<Vec<&str>> = corpus
        .files
        .iter()
        .map(|f| f.string(&(0..f.tokens.len())))
        .collect();
    // Annotated strings, and the lengths of those that start with a given token.
    let mut strings: HashMap<&[&str], usize> = HashMap::new();
    let mut lengths: HashMap<&str, Vec<usize>> = HashMap::new();
    for (file, texts) in corpus.files.iter().zip(&texts) {
        for entity in &file.entities {
            let string = &texts[entity.tokens.clone()];
            let next = strings.len();
            strings.entry(string).or_insert(next);
            let lens = lengths.entry(string[0]).or_default();
            if !lens.contains(&string.len()) {
                lens.push(string.len());
            }
        }
    }
    let mut labels: HashMap<String, usize> = HashMap::new();
    let mut occurrences: Vec<Vec<Occurrence>> = (0..strings.len()).map(|_| Vec::new()).collect();
    for (f, (file, texts)) in corpus.files.iter().zip(&texts).enumerate() {
        let entity_of = entity_of(file);
        for sentence in &file.sentences {
            for start in sentence.clone() {
                let Some(lens) = lengths.get(texts[start]) else {
                    continue;
                };
                for &len in lens.iter().filter(|l| start + *l <= sentence.end) {
                    let Some(&id) = strings.get(&texts[start..start + len]) else {
                        continue;
                    };
                    let next = labels.len();
                    let label = *labels
                        .entry(label_over(file, &entity_of, start, len))
                        .or_insert(next);
                    occurrences[id].push(Occurrence {
                        file: f,
                        start,
                        len,
                        label,
                    });
                }
            }
        }
    }
    let mut flagged = BTreeSet::new();
    for found in &occurrences {
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for o in found {
            *votes.entry(o.label).or_default() += 1;
        }
        let most = votes.values().copied().max().unwrap_or(0);
        let mut winners = votes.iter().filter(|(_, n)| **n == most);
        let (Some((&winner, _)), None) = (winners.next(), winners.next()) else {
            continue;
        };
        for o in found.iter().filter(|o| o.label != winner) {
            flagged.insert((o.file, o.start, o.start + o.len));
        }
    }
    flagged
        .into_iter()
        .map(|(file, start, end)| Finding {
            file,
            tokens: start..end,
            rule: "majority-vote",
            confidence: None,
        })
        .collect()
}

/// The entity each token belongs to, if any.
fn entity_of(file: &CorpusFile) -> Vec<Option<usize>> {
    let mut of = vec![None; file.tokens.len()];
    for (e, entity) in file.entities.iter().enumerate() {
        of[entity.tokens.clone()].fill(Some(e));
    }
    of
}

/// The label an occurrence carries: `Type` for exactly one entity, `O` for no entity tokens,
/// else the tags over it with `>` where an entity runs on past its end.
fn label_over(file: &CorpusFile, entity_of: &[Option<usize>], start: usize, len: usize) -> String {
    let end = start + len;
    let entities = &entity_of[start..end];
    if let Some(e) = entities[0].filter(|e| file.entities[*e].tokens == (start..end)) {
        return file.label(&file.entities[e]).to_string();
    }
    if entities.iter().all(Option::is_none) {
        return "O".into();
    }
    let mut shape = String::new();
    for (t, entity) in (start..end).zip(entities) {
        match entity.map(|e| &file.entities[e]) {
            None => shape.push_str("O "),
            Some(entity) => {
                shape.push(if entity.tokens.start == t { 'B' } else { 'I' });
                shape.push('-');
                shape.push_str(file.label(entity));
                if t + 1 == end && entity.tokens.end > end {
                    shape.push('>');
                }
                shape.push(' ');
            }
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::testing;

    fn flagged(sentences: &[&str]) -> Vec<(usize, std::ops::Range<usize>)> {
        let (_dir, corpus) = testing::corpus(&[("a.tsv", sentences)]);
        majority_vote(&corpus)
            .into_iter()
            .map(|f| (f.file, f.tokens))
            .collect()
    }

    #[test]
    fn flags_the_occurrences_that_disagree_with_the_majority() {
        let sentences = [
            "Apple/B-ORG sells phones",
            "Apple/B-ORG sells phones",
            "Apple/B-ORG makes Macs/B-PROD",
            "Apple sells phones",
            "Apple/B-PROD sells phones",
        ];
        // Three tokens a sentence: the fourth starts at token 9, the fifth at 12.
        assert_eq!(flagged(&sentences), [(0, 9..10), (0, 12..13)]);
    }

    #[test]
    fn a_tie_flags_nothing() {
        assert_eq!(flagged(&["Java/B-Language is", "Java/B-Island is"]), []);
    }

    #[test]
    fn occurrences_inside_longer_entities_vote_with_their_shape() {
        let sentences = [
            "a journaling/B-App file/I-App system/I-App",
            "a journaling/B-App file/I-App system/I-App",
            "a file/B-Protocol system/I-Protocol",
        ];
        // `file system` is `I-App I-App` twice and `Protocol` once.
        assert_eq!(flagged(&sentences), [(0, 9..11)]);
    }
}
