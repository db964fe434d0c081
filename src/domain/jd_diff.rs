//! Compares two versions of a job description duty by duty, so that a reader (often a union
//! rep asking "is this a new area of work?") sees which duties stayed, which were reworded,
//! which are new and which were dropped, and exactly which words changed.
//!
//! Pairing rules, applied in this order:
//!
//! 1. **Same text.** Texts are normalised (lower case, runs of whitespace collapsed to one
//!    space, trailing ASCII punctuation and whitespace stripped). Each `to` item, in order,
//!    pairs with the first unpaired `from` item whose normalised text is equal. Such a pair is
//!    [`DutyChangeKind::Unchanged`] whatever the duty numbers are: renumbering is not a change
//!    of duty, and both duties are kept so the numbers remain visible.
//! 2. **Similar text.** The remaining items pair by the Dice coefficient of their sets of
//!    content words (lower-cased, surrounding punctuation trimmed, common function words such
//!    as "the", "of", "and" ignored, a trailing plural "s" folded). Candidate pairs scoring at
//!    least [`MIN_SIMILARITY`] are taken greedily, highest score first; equal scores go to the
//!    earlier `to` item, then the earlier `from` item. Such a pair is
//!    [`DutyChangeKind::Changed`], with a word-level diff.
//! 3. Whatever is left is [`DutyChangeKind::Removed`] (from `from`) or
//!    [`DutyChangeKind::New`] (from `to`).
//!
//! Output order follows `to`. A removed item is placed straight after the output entry of the
//! nearest earlier `from` item that was paired (or first, if none was), so it appears where it
//! used to be, before anything new that took its place, as in a conventional diff.
//!
//! Cost: pairing is O(n·m) in the number of items; the word diff is O(n·m) in words and is
//! bounded by [`MAX_LCS_WORDS`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Lowest similarity at which two differently worded items count as the same duty reworded.
///
/// 0.5 means at least half of the two items' combined content words are shared. A duty that
/// is reworded and extended keeps that much (the SEN caseworker example in the tests scores
/// 0.53), while distinct duties of the same JD that merely share domain vocabulary ("attend
/// annual reviews of EHC plans" against "write high quality EHC plans" scores 0.4) stay
/// apart. Below the threshold the safer failure is taken: showing Removed + New keeps both
/// texts in front of the reader, whereas a wrong pairing would present a new area of work as
/// a mere rewording.
pub const MIN_SIMILARITY: f64 = 0.5;

/// Longest run of differing words (after the common start and end are set aside) that gets a
/// word-by-word diff; longer runs are shown as one removed and one added segment so that the
/// LCS table stays small (at most about 8 MB).
pub const MAX_LCS_WORDS: usize = 2_000;

// The LCS table stores lengths as u16.
const _: () = assert!(MAX_LCS_WORDS <= u16::MAX as usize);

/// Words that carry no meaning about what the duty is; counting them would let any two long
/// duties look alike.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "into", "is", "of", "on", "or",
    "the", "to", "with",
];

/// One duty as written in a version of a JD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duty {
    pub number: u32,
    pub text: String,
}

/// What happened to a duty (or criterion) between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DutyChangeKind {
    Unchanged,
    Changed,
    New,
    Removed,
}

/// Whether a run of words is in both texts, only in the new one or only in the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WordChangeKind {
    Same,
    Added,
    Removed,
}

/// A run of consecutive words with the same kind (joined with single spaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordSegment {
    pub kind: WordChangeKind,
    pub text: String,
}

/// What happened to one duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DutyChange {
    pub kind: DutyChangeKind,
    /// None for New.
    pub from: Option<Duty>,
    /// None for Removed.
    pub to: Option<Duty>,
    /// Word-level difference from `from` to `to`; for Changed only (empty otherwise).
    pub words: Vec<WordSegment>,
}

/// What happened to one plain text item, such as a person specification criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    pub kind: DutyChangeKind,
    /// None for New.
    pub from: Option<String>,
    /// None for Removed.
    pub to: Option<String>,
    /// Word-level difference from `from` to `to`; for Changed only (empty otherwise).
    pub words: Vec<WordSegment>,
}

/// Pairs the duties of two versions and says what happened to each.
pub fn diff_duties(from: &[Duty], to: &[Duty]) -> Vec<DutyChange> {
    let from_texts: Vec<&str> = from.iter().map(|duty| duty.text.as_str()).collect();
    let to_texts: Vec<&str> = to.iter().map(|duty| duty.text.as_str()).collect();
    pair_texts(&from_texts, &to_texts)
        .into_iter()
        .map(|entry| {
            let (kind, from_index, to_index) = entry.parts();
            let from_duty = from_index.map(|i| &from[i]);
            let to_duty = to_index.map(|j| &to[j]);
            DutyChange {
                kind,
                words: words_if_changed(
                    kind,
                    from_duty.map(|d| &*d.text),
                    to_duty.map(|d| &*d.text),
                ),
                from: from_duty.cloned(),
                to: to_duty.cloned(),
            }
        })
        .collect()
}

/// The same pairing for plain text items (person specification criteria lists): items have
/// no numbers.
pub fn diff_items(from: &[String], to: &[String]) -> Vec<ItemChange> {
    let from_texts: Vec<&str> = from.iter().map(String::as_str).collect();
    let to_texts: Vec<&str> = to.iter().map(String::as_str).collect();
    pair_texts(&from_texts, &to_texts)
        .into_iter()
        .map(|entry| {
            let (kind, from_index, to_index) = entry.parts();
            let from_text = from_index.map(|i| from_texts[i]);
            let to_text = to_index.map(|j| to_texts[j]);
            ItemChange {
                kind,
                words: words_if_changed(kind, from_text, to_text),
                from: from_text.map(str::to_owned),
                to: to_text.map(str::to_owned),
            }
        })
        .collect()
}

/// Word-level diff: longest common subsequence over words split on whitespace (punctuation
/// stays attached to words, and case matters). Consecutive words of the same kind are merged
/// into one segment; within a stretch of differences the removed words come before the added.
pub fn diff_words(from: &str, to: &str) -> Vec<WordSegment> {
    let from_words: Vec<&str> = from.split_whitespace().collect();
    let to_words: Vec<&str> = to.split_whitespace().collect();

    // Setting aside the common start and end keeps the LCS table to the part that differs.
    let prefix = from_words
        .iter()
        .zip(&to_words)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = from_words[prefix..]
        .iter()
        .rev()
        .zip(to_words[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_middle = &from_words[prefix..from_words.len() - suffix];
    let new_middle = &to_words[prefix..to_words.len() - suffix];

    let mut segments = SegmentBuilder::default();
    segments.push_all(WordChangeKind::Same, &from_words[..prefix]);
    if old_middle.len() > MAX_LCS_WORDS || new_middle.len() > MAX_LCS_WORDS {
        segments.push_all(WordChangeKind::Removed, old_middle);
        segments.push_all(WordChangeKind::Added, new_middle);
    } else {
        diff_word_slices(old_middle, new_middle, &mut segments);
    }
    segments.push_all(
        WordChangeKind::Same,
        &from_words[from_words.len() - suffix..],
    );
    segments.finish()
}

fn words_if_changed(
    kind: DutyChangeKind,
    from: Option<&str>,
    to: Option<&str>,
) -> Vec<WordSegment> {
    match (kind, from, to) {
        (DutyChangeKind::Changed, Some(from), Some(to)) => diff_words(from, to),
        _ => Vec::new(),
    }
}

/// One output entry of the pairing, by index into the `from` and `to` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pairing {
    Unchanged { from: usize, to: usize },
    Changed { from: usize, to: usize },
    New { to: usize },
    Removed { from: usize },
}

impl Pairing {
    fn parts(self) -> (DutyChangeKind, Option<usize>, Option<usize>) {
        match self {
            Pairing::Unchanged { from, to } => (DutyChangeKind::Unchanged, Some(from), Some(to)),
            Pairing::Changed { from, to } => (DutyChangeKind::Changed, Some(from), Some(to)),
            Pairing::New { to } => (DutyChangeKind::New, None, Some(to)),
            Pairing::Removed { from } => (DutyChangeKind::Removed, Some(from), None),
        }
    }
}

/// Applies the pairing rules of the module doc and returns the entries in output order.
fn pair_texts(from: &[&str], to: &[&str]) -> Vec<Pairing> {
    // For each `to` item: its `from` partner and whether the texts matched exactly.
    let mut to_partner: Vec<Option<(usize, bool)>> = vec![None; to.len()];
    let mut from_partner: Vec<Option<usize>> = vec![None; from.len()];

    let from_normalised: Vec<String> = from.iter().map(|text| normalise(text)).collect();
    for (j, text) in to.iter().enumerate() {
        let normalised = normalise(text);
        let same = (0..from.len())
            .find(|&i| from_partner[i].is_none() && from_normalised[i] == normalised);
        if let Some(i) = same {
            from_partner[i] = Some(j);
            to_partner[j] = Some((i, true));
        }
    }

    let from_words: Vec<BTreeSet<String>> = from.iter().map(|text| content_words(text)).collect();
    let to_words: Vec<BTreeSet<String>> = to.iter().map(|text| content_words(text)).collect();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (j, to_set) in to_words.iter().enumerate() {
        if to_partner[j].is_some() {
            continue;
        }
        for (i, from_set) in from_words.iter().enumerate() {
            if from_partner[i].is_some() {
                continue;
            }
            let score = dice(from_set, to_set);
            if score >= MIN_SIMILARITY {
                candidates.push((score, j, i));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, j, i) in candidates {
        if to_partner[j].is_none() && from_partner[i].is_none() {
            from_partner[i] = Some(j);
            to_partner[j] = Some((i, false));
        }
    }

    // removed_after[0]: removed before any `to` item; removed_after[j + 1]: after `to` item j.
    let mut removed_after: Vec<Vec<usize>> = vec![Vec::new(); to.len() + 1];
    let mut slot = 0;
    for (i, partner) in from_partner.iter().enumerate() {
        match partner {
            Some(j) => slot = j + 1,
            None => removed_after[slot].push(i),
        }
    }

    let mut entries: Vec<Pairing> = Vec::with_capacity(from.len() + to.len());
    let removed_at = |slot: usize| {
        removed_after[slot]
            .iter()
            .map(|&from| Pairing::Removed { from })
    };
    entries.extend(removed_at(0));
    for (j, partner) in to_partner.iter().enumerate() {
        entries.push(match *partner {
            Some((from, true)) => Pairing::Unchanged { from, to: j },
            Some((from, false)) => Pairing::Changed { from, to: j },
            None => Pairing::New { to: j },
        });
        entries.extend(removed_at(j + 1));
    }
    entries
}

/// The form in which two texts count as the same duty.
fn normalise(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .to_lowercase()
}

/// The words that say what a duty is about, for the similarity score.
fn content_words(text: &str) -> BTreeSet<String> {
    text.split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|word| !word.is_empty() && !STOP_WORDS.contains(&word.as_str()))
        .map(fold_plural)
        .collect()
}

/// "assessments" and "assessment" describe the same work; "process" is not a plural.
fn fold_plural(mut word: String) -> String {
    if word.chars().count() > 3 && word.ends_with('s') && !word.ends_with("ss") {
        word.pop();
    }
    word
}

/// Dice coefficient: twice the shared words over the total words; 0 when both are empty.
fn dice(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    (2 * shared) as f64 / total as f64
}

/// Diffs two word slices with an LCS table; callers keep both within [`MAX_LCS_WORDS`].
fn diff_word_slices(old: &[&str], new: &[&str], segments: &mut SegmentBuilder) {
    let width = new.len() + 1;
    // lcs[i * width + j]: length of the LCS of old[i..] and new[j..].
    let mut lcs = vec![0u16; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i * width + j] = if old[i] == new[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }

    // Differences between two common words are buffered so that each stretch reads as
    // "these words went, these came" rather than alternating word by word.
    let mut removed: Vec<&str> = Vec::new();
    let mut added: Vec<&str> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        if old[i] == new[j] {
            segments.flush_stretch(&mut removed, &mut added);
            segments.push(WordChangeKind::Same, old[i]);
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            removed.push(old[i]);
            i += 1;
        } else {
            added.push(new[j]);
            j += 1;
        }
    }
    removed.extend_from_slice(&old[i..]);
    added.extend_from_slice(&new[j..]);
    segments.flush_stretch(&mut removed, &mut added);
}

/// Collects words into segments, merging consecutive words of the same kind.
#[derive(Default)]
struct SegmentBuilder {
    segments: Vec<WordSegment>,
}

impl SegmentBuilder {
    fn push(&mut self, kind: WordChangeKind, word: &str) {
        match self.segments.last_mut() {
            Some(last) if last.kind == kind => {
                last.text.push(' ');
                last.text.push_str(word);
            }
            _ => self.segments.push(WordSegment {
                kind,
                text: word.to_owned(),
            }),
        }
    }

    fn push_all(&mut self, kind: WordChangeKind, words: &[&str]) {
        for word in words {
            self.push(kind, word);
        }
    }

    fn flush_stretch(&mut self, removed: &mut Vec<&str>, added: &mut Vec<&str>) {
        self.push_all(WordChangeKind::Removed, removed);
        self.push_all(WordChangeKind::Added, added);
        removed.clear();
        added.clear();
    }

    fn finish(self) -> Vec<WordSegment> {
        self.segments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duty(number: u32, text: &str) -> Duty {
        Duty {
            number,
            text: text.to_owned(),
        }
    }

    fn segment(kind: WordChangeKind, text: &str) -> WordSegment {
        WordSegment {
            kind,
            text: text.to_owned(),
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    /// (kind, from number, to number) of each entry, for compact assertions.
    fn outline(changes: &[DutyChange]) -> Vec<(DutyChangeKind, Option<u32>, Option<u32>)> {
        changes
            .iter()
            .map(|c| {
                (
                    c.kind,
                    c.from.as_ref().map(|d| d.number),
                    c.to.as_ref().map(|d| d.number),
                )
            })
            .collect()
    }

    use DutyChangeKind::{Changed, New, Removed, Unchanged};

    #[test]
    fn identical_lists_are_all_unchanged_without_word_diffs() {
        let duties = vec![
            duty(1, "Manage a caseload of EHC needs assessments."),
            duty(2, "Attend annual reviews."),
        ];
        let changes = diff_duties(&duties, &duties);
        assert_eq!(
            outline(&changes),
            vec![(Unchanged, Some(1), Some(1)), (Unchanged, Some(2), Some(2))]
        );
        assert!(changes.iter().all(|c| c.words.is_empty()));
    }

    #[test]
    fn renumbered_duty_is_unchanged_and_keeps_both_numbers() {
        let from = vec![
            duty(1, "Attend annual reviews."),
            duty(2, "Chair panel meetings."),
        ];
        let to = vec![
            duty(1, "Chair panel meetings."),
            duty(2, "Attend annual reviews."),
        ];
        assert_eq!(
            outline(&diff_duties(&from, &to)),
            vec![(Unchanged, Some(2), Some(1)), (Unchanged, Some(1), Some(2))]
        );
    }

    #[test]
    fn case_spacing_and_trailing_punctuation_do_not_count_as_changes() {
        let from = vec![duty(3, "Attend  annual reviews.")];
        let to = vec![duty(3, "attend annual Reviews")];
        assert_eq!(
            outline(&diff_duties(&from, &to)),
            vec![(Unchanged, Some(3), Some(3))]
        );
    }

    #[test]
    fn one_word_changed_is_changed_with_word_segments() {
        let from = vec![duty(1, "Attend annual review meetings with parents")];
        let to = vec![duty(1, "Attend annual review panels with parents")];
        let changes = diff_duties(&from, &to);
        assert_eq!(outline(&changes), vec![(Changed, Some(1), Some(1))]);
        assert_eq!(
            changes[0].words,
            vec![
                segment(WordChangeKind::Same, "Attend annual review"),
                segment(WordChangeKind::Removed, "meetings"),
                segment(WordChangeKind::Added, "panels"),
                segment(WordChangeKind::Same, "with parents"),
            ]
        );
    }

    #[test]
    fn brand_new_duty_is_new() {
        let from = vec![duty(1, "Attend annual reviews")];
        let to = vec![
            duty(1, "Attend annual reviews"),
            duty(2, "Line manage two assistant caseworkers"),
        ];
        let changes = diff_duties(&from, &to);
        assert_eq!(
            outline(&changes),
            vec![(Unchanged, Some(1), Some(1)), (New, None, Some(2))]
        );
        assert!(changes[1].words.is_empty());
    }

    #[test]
    fn dropped_duty_is_removed_where_it_used_to_be() {
        let from = vec![
            duty(1, "Attend annual reviews"),
            duty(2, "Maintain the filing system"),
            duty(3, "Chair panel meetings"),
        ];
        let to = vec![
            duty(1, "Attend annual reviews"),
            duty(2, "Chair panel meetings"),
        ];
        assert_eq!(
            outline(&diff_duties(&from, &to)),
            vec![
                (Unchanged, Some(1), Some(1)),
                (Removed, Some(2), None),
                (Unchanged, Some(3), Some(2)),
            ]
        );
    }

    #[test]
    fn removed_duty_with_no_paired_predecessor_comes_first_and_before_new_ones() {
        let from = vec![
            duty(1, "Maintain the filing system"),
            duty(2, "Attend annual reviews"),
        ];
        let to = vec![
            duty(1, "Line manage two assistant caseworkers"),
            duty(2, "Attend annual reviews"),
        ];
        assert_eq!(
            outline(&diff_duties(&from, &to)),
            vec![
                (Removed, Some(1), None),
                (New, None, Some(1)),
                (Unchanged, Some(2), Some(2))
            ]
        );
    }

    #[test]
    fn removed_duty_follows_its_predecessor_when_duties_are_reordered() {
        let from = vec![
            duty(1, "Attend annual reviews"),
            duty(2, "Maintain the filing system"),
            duty(3, "Chair panel meetings"),
        ];
        let to = vec![
            duty(1, "Chair panel meetings"),
            duty(2, "Attend annual reviews"),
        ];
        assert_eq!(
            outline(&diff_duties(&from, &to)),
            vec![
                (Unchanged, Some(3), Some(1)),
                (Unchanged, Some(1), Some(2)),
                (Removed, Some(2), None),
            ]
        );
    }

    #[test]
    fn exact_matches_win_over_similar_ones() {
        // "Attend annual reviews of EHC plans" is similar to both; its exact twin must get it.
        let from = vec![duty(1, "Attend annual reviews of EHC plans")];
        let to = vec![
            duty(1, "Attend annual reviews of all EHC plans"),
            duty(2, "Attend annual reviews of EHC plans"),
        ];
        assert_eq!(
            outline(&diff_duties(&from, &to)),
            vec![(New, None, Some(1)), (Unchanged, Some(1), Some(2))]
        );
    }

    #[test]
    fn best_similarity_pairs_first_and_ties_go_to_the_earlier_item() {
        let from = vec![duty(
            1,
            "Chair multi agency panel meetings for EHC decisions",
        )];
        let to = vec![
            duty(1, "Chair panel meetings"),
            duty(2, "Chair multi agency panel meetings on EHC decisions"),
        ];
        assert_eq!(
            outline(&diff_duties(&from, &to)),
            vec![(New, None, Some(1)), (Changed, Some(1), Some(2))]
        );

        let from = vec![duty(1, "Chair panel meetings weekly")];
        let to = vec![
            duty(1, "Chair panel meetings monthly"),
            duty(2, "Chair panel meetings daily"),
        ];
        assert_eq!(
            outline(&diff_duties(&from, &to)),
            vec![(Changed, Some(1), Some(1)), (New, None, Some(2))]
        );
    }

    #[test]
    fn similarity_scores_quoted_in_the_threshold_doc() {
        let score = |a: &str, b: &str| dice(&content_words(a), &content_words(b));
        let reworded = score(
            "Undertake statutory assessments of special educational needs within timescales.",
            "Coordinate statutory EHC needs assessments and write high quality EHC plans \
             within statutory timescales.",
        );
        assert!((reworded - 10.0 / 19.0).abs() < 1e-9 && reworded >= MIN_SIMILARITY);
        let distinct = score(
            "Attend annual reviews of EHC plans",
            "Write high quality EHC plans",
        );
        assert!((distinct - 0.4).abs() < 1e-9 && distinct < MIN_SIMILARITY);
    }

    #[test]
    fn duties_sharing_only_domain_words_are_not_paired() {
        let from = vec![duty(1, "Attend annual reviews of EHC plans")];
        let to = vec![duty(1, "Write high quality EHC plans")];
        assert_eq!(
            outline(&diff_duties(&from, &to)),
            vec![(Removed, Some(1), None), (New, None, Some(1))]
        );
    }

    #[test]
    fn sen_caseworker_jd_revision() {
        let current = vec![
            duty(
                1,
                "Undertake statutory assessments of special educational needs within timescales.",
            ),
            duty(2, "Liaise with schools, parents and health professionals."),
            duty(3, "Provide administrative support to the team."),
        ];
        let proposed = vec![
            duty(
                1,
                "Coordinate statutory EHC needs assessments and write high quality EHC plans \
                 within statutory timescales.",
            ),
            duty(
                2,
                "Manage a caseload of children and young people with EHC plans.",
            ),
            duty(3, "Liaise with schools, parents and health professionals."),
        ];
        let changes = diff_duties(&current, &proposed);
        assert_eq!(
            outline(&changes),
            vec![
                (Changed, Some(1), Some(1)),
                (New, None, Some(2)),
                (Unchanged, Some(2), Some(3)),
                (Removed, Some(3), None),
            ]
        );
        assert_eq!(
            changes[0].words,
            vec![
                segment(WordChangeKind::Removed, "Undertake"),
                segment(WordChangeKind::Added, "Coordinate"),
                segment(WordChangeKind::Same, "statutory"),
                segment(
                    WordChangeKind::Removed,
                    "assessments of special educational"
                ),
                segment(WordChangeKind::Added, "EHC"),
                segment(WordChangeKind::Same, "needs"),
                segment(
                    WordChangeKind::Added,
                    "assessments and write high quality EHC plans"
                ),
                segment(WordChangeKind::Same, "within"),
                segment(WordChangeKind::Added, "statutory"),
                segment(WordChangeKind::Same, "timescales."),
            ]
        );
        assert!(changes[1..].iter().all(|c| c.words.is_empty()));
    }

    #[test]
    fn diff_items_pairs_person_specification_criteria() {
        let from = strings(&[
            "Degree or equivalent experience",
            "Knowledge of the SEND Code of Practice",
            "Full driving licence",
        ]);
        let to = strings(&[
            "Knowledge of the SEND Code of Practice 2015",
            "Degree or equivalent experience.",
            "Experience of writing EHC plans",
        ]);
        let changes = diff_items(&from, &to);
        let kinds: Vec<_> = changes.iter().map(|c| c.kind).collect();
        // The dropped licence criterion follows the criterion that preceded it in `from`.
        assert_eq!(kinds, vec![Changed, Removed, Unchanged, New]);
        assert_eq!(
            changes[0].from.as_deref(),
            Some("Knowledge of the SEND Code of Practice")
        );
        assert_eq!(
            changes[0].words,
            vec![
                segment(
                    WordChangeKind::Same,
                    "Knowledge of the SEND Code of Practice"
                ),
                segment(WordChangeKind::Added, "2015"),
            ]
        );
        assert_eq!(changes[1].from.as_deref(), Some("Full driving licence"));
        assert_eq!(changes[1].to, None);
        assert_eq!(
            changes[2].to.as_deref(),
            Some("Degree or equivalent experience.")
        );
        assert_eq!(changes[3].from, None);
        assert!(changes[1..].iter().all(|c| c.words.is_empty()));
    }

    #[test]
    fn diff_items_of_empty_lists() {
        assert!(diff_items(&[], &[]).is_empty());
        let added = diff_items(&[], &strings(&["Full driving licence"]));
        assert_eq!(added.len(), 1);
        assert_eq!(added[0].kind, New);
    }

    #[test]
    fn diff_words_on_empty_strings() {
        assert!(diff_words("", "").is_empty());
        assert!(diff_words("  ", "\n").is_empty());
        assert_eq!(
            diff_words("", "Chair panels"),
            vec![segment(WordChangeKind::Added, "Chair panels")]
        );
        assert_eq!(
            diff_words("Chair panels", ""),
            vec![segment(WordChangeKind::Removed, "Chair panels")]
        );
    }

    #[test]
    fn diff_words_keeps_punctuation_and_case_and_joins_with_single_spaces() {
        assert_eq!(
            diff_words("Attend   reviews, meetings", "attend reviews meetings"),
            vec![
                segment(WordChangeKind::Removed, "Attend reviews,"),
                segment(WordChangeKind::Added, "attend reviews"),
                segment(WordChangeKind::Same, "meetings"),
            ]
        );
    }

    #[test]
    fn diff_words_over_the_bound_is_one_removed_and_one_added_between_common_ends() {
        let old_middle = vec!["old"; MAX_LCS_WORDS + 1].join(" ");
        let from = format!("Start {old_middle} end");
        let to = "Start new end";
        assert_eq!(
            diff_words(&from, to),
            vec![
                segment(WordChangeKind::Same, "Start"),
                segment(WordChangeKind::Removed, &old_middle),
                segment(WordChangeKind::Added, "new"),
                segment(WordChangeKind::Same, "end"),
            ]
        );
    }

    #[test]
    fn diff_words_at_the_bound_still_diffs_word_by_word() {
        let from_words: Vec<String> = (0..MAX_LCS_WORDS).map(|n| format!("w{n}")).collect();
        let mut to_words = from_words.clone();
        to_words[0] = "first".to_owned();
        to_words[MAX_LCS_WORDS - 1] = "last".to_owned();
        let segments = diff_words(&from_words.join(" "), &to_words.join(" "));
        let kinds: Vec<_> = segments.iter().map(|s| s.kind).collect();
        use WordChangeKind::{Added as A, Removed as R, Same as S};
        assert_eq!(kinds, vec![R, A, S, R, A]);
        assert_eq!(segments[2].text, from_words[1..MAX_LCS_WORDS - 1].join(" "));
    }
}
