//! Selection in a competitive pool: where a ring fence has fewer posts than people, HR scores
//! the candidates against weighted criteria and the highest scores fill the posts.
//!
//! What the rules rest on (this module holds no figure of law, only the shape of a fair
//! process as the cases read it; where that shape is the employer's choice it says so):
//! - Williams v Compair Maxam [1982] ICR 156 (EAT): criteria that, so far as possible, can be
//!   objectively checked, applied fairly, with the selection looked at by more than one
//!   person. Hence two assessors, scores within a published scale, and moderation by HR.
//! - British Aerospace v Green [1995] ICR 1006 (CA) and Mitchells of Lancaster v Tattersall
//!   UKEAT/0605/11: a tribunal does not re-mark the scores but does ask whether the scheme was
//!   applied honestly and consistently; so every score change is kept with its before and
//!   after (the audit log), and where assessors differ the moderated score carries a note.
//! - Pinewood Repro v Page UKEAT/0028/10: an employee should be able to see and challenge
//!   their own scores; so each candidate sees their own scores and rank once HR publishes the
//!   outcome (others' scores are personal data they never see).
//!
//! Weights are whole percentages summing to 100 (our choice, not the law's): a reader (a
//! candidate, a union rep, a tribunal) understands "Performance 40%" without arithmetic, a
//! sum that is not 100 catches a typing slip, and totals stay exact integers (score × weight),
//! so no rounding can create or hide a tie.
//!
//! A tie at the boundary (equal totals straddling the last post) is never broken silently:
//! HR records who takes the remaining places and why, before the outcome can be published.

use super::super::{DomainError, access::Viewer, account::Role, text};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The sum the weights of a pool's criteria must make: they are percentages.
pub const WEIGHT_TOTAL: u32 = 100;
/// Scores run from 0 to the scale's maximum; this is the default maximum (0–4, a common
/// five-point scale in council selection matrices: employer policy, not law).
pub const DEFAULT_SCALE_MAX: u32 = 4;
/// The largest maximum a scale may have (0–10).
pub const SCALE_MAX_LIMIT: u32 = 10;
/// How many assessors score each pool.
pub const ASSESSORS: usize = 2;
/// The longest criterion name, descriptor or note.
const LINE_MAX: usize = 200;
const NOTE_MAX: usize = 2000;

/// One criterion as HR sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionInput {
    pub name: String,
    pub description: Option<String>,
    pub weight: i32,
}

/// One criterion as checked: name, optional description, weight in percent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub weight: u32,
}

/// What a score on the scale means, e.g. 4 = "Exceeds the requirement".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Descriptor {
    pub score: u32,
    pub text: String,
}

/// The scoring scale: 0 to `max`, with optional descriptors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub max: u32,
    pub descriptors: Vec<Descriptor>,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            max: DEFAULT_SCALE_MAX,
            descriptors: Vec::new(),
        }
    }
}

/// Checks a pool's criteria: at least one, each named once, weights whole percentages above
/// zero that sum to 100.
pub fn check_criteria(criteria: &[CriterionInput]) -> Result<Vec<CriterionInput>, DomainError> {
    if criteria.is_empty() {
        return Err(DomainError::bad_input(
            "input.criteria",
            "Name at least one criterion to score the candidates on.",
        ));
    }
    text::bounded_list(criteria, "input.criteria", "criteria")?;
    let mut names = HashSet::new();
    let mut checked = Vec::with_capacity(criteria.len());
    for (i, c) in criteria.iter().enumerate() {
        let field = |f: &str| format!("input.criteria[{i}].{f}");
        let name = text::required_line(&c.name, &field("name"), "the criterion's name", LINE_MAX)?;
        if !names.insert(name.to_lowercase()) {
            return Err(DomainError::bad_input(
                field("name"),
                format!("\"{name}\" is named twice; name each criterion once."),
            ));
        }
        let description = text::optional_line(
            c.description.as_deref(),
            &field("description"),
            "the description",
            NOTE_MAX,
        )?;
        if c.weight < 1 || c.weight > WEIGHT_TOTAL as i32 {
            return Err(DomainError::bad_input(
                field("weight"),
                format!(
                    "A weight is a whole percentage from 1 to 100; \"{name}\" has {}.",
                    c.weight
                ),
            ));
        }
        checked.push(CriterionInput {
            name,
            description,
            weight: c.weight,
        });
    }
    let sum: i32 = checked.iter().map(|c| c.weight).sum();
    if sum != WEIGHT_TOTAL as i32 {
        return Err(DomainError::bad_input(
            "input.criteria",
            format!("The weights are percentages and must add up to 100; these add up to {sum}."),
        ));
    }
    Ok(checked)
}

/// Checks a scale: a maximum from 1 to 10, descriptors (if any) for scores on it, once each.
pub fn check_scale(max: i32, descriptors: &[Descriptor]) -> Result<Scale, DomainError> {
    if max < 1 || max > SCALE_MAX_LIMIT as i32 {
        return Err(DomainError::bad_input(
            "input.scale.max",
            format!(
                "Scores run from 0 to a maximum from 1 to {SCALE_MAX_LIMIT}; {max} is not one."
            ),
        ));
    }
    let max = max as u32;
    let mut seen = HashSet::new();
    let mut checked = Vec::with_capacity(descriptors.len());
    for (i, d) in descriptors.iter().enumerate() {
        let field = format!("input.scale.descriptors[{i}]");
        if d.score > max {
            return Err(DomainError::bad_input(
                format!("{field}.score"),
                format!("The scale runs from 0 to {max}: {} is not on it.", d.score),
            ));
        }
        if !seen.insert(d.score) {
            return Err(DomainError::bad_input(
                format!("{field}.score"),
                format!("Score {} is described twice; describe each once.", d.score),
            ));
        }
        let text = text::required_line(
            &d.text,
            &format!("{field}.text"),
            "the descriptor",
            LINE_MAX,
        )?;
        checked.push(Descriptor {
            score: d.score,
            text,
        });
    }
    checked.sort_by_key(|d| d.score);
    Ok(Scale {
        max,
        descriptors: checked,
    })
}

/// Checks one score is on the scale.
pub fn check_score(scale: &Scale, score: i32, field: &str) -> Result<u32, DomainError> {
    if score < 0 || score > scale.max as i32 {
        return Err(DomainError::bad_input(
            field,
            format!(
                "Scores run from 0 to {}: {score} is outside the scale.",
                scale.max
            ),
        ));
    }
    Ok(score as u32)
}

/// A selection runs only in a ring fence with fewer posts than people: otherwise everyone in
/// it can be placed and scoring them would be a selection for nothing.
pub fn check_selection_needed(posts_to_fill: u32, candidates: usize) -> Result<(), DomainError> {
    if posts_to_fill as usize >= candidates {
        return Err(DomainError::PreconditionFailed {
            message: format!(
                "The pool fills {posts_to_fill} post(s) for {candidates} member(s): everyone can be placed, so there is no selection to run."
            ),
            missing: vec![],
        });
    }
    Ok(())
}

/// What the rules need of a person named as an assessor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessorCandidate {
    pub user_id: Uuid,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    /// Their email is the work email of a member of the pool.
    pub is_candidate: bool,
}

/// Two distinct assessors, each an HR administrator or a manager with an active account, and
/// neither a candidate (nobody marks their own selection). `found` holds the users the store
/// found for `ids`.
pub fn check_assessors(
    ids: &[Uuid],
    found: &HashMap<Uuid, AssessorCandidate>,
) -> Result<(), DomainError> {
    if ids.len() != ASSESSORS {
        return Err(DomainError::bad_input(
            "input.assessorIds",
            format!(
                "Name two assessors: each candidate is scored by two people (Williams v Compair Maxam); {} named.",
                ids.len()
            ),
        ));
    }
    for (i, id) in ids.iter().enumerate() {
        let field = format!("input.assessorIds[{i}]");
        let Some(user) = found.get(id) else {
            return Err(DomainError::unknown_id(field, "a user"));
        };
        if ids[..i].contains(id) {
            return Err(DomainError::bad_input(
                field,
                format!(
                    "{} is named twice: the two assessors are two different people.",
                    user.name
                ),
            ));
        }
        if !matches!(user.role, Role::HrAdmin | Role::Manager) {
            return Err(DomainError::bad_input(
                field,
                format!(
                    "{} is not an HR administrator or a manager: only they assess.",
                    user.name
                ),
            ));
        }
        if user.disabled {
            return Err(DomainError::bad_input(
                field,
                format!("{}'s account is disabled.", user.name),
            ));
        }
        if user.is_candidate {
            return Err(DomainError::bad_input(
                field,
                format!(
                    "{} is a candidate in this pool and cannot assess it.",
                    user.name
                ),
            ));
        }
    }
    Ok(())
}

/// Criteria, scale and assessors are fixed once scoring has begun (changing what is marked
/// after marks exist is what a tribunal reads as a scheme bent to a result), and everything
/// is fixed once the outcome is published.
pub fn check_setup_changeable(scores_exist: bool, published: bool) -> Result<(), DomainError> {
    check_not_published(published)?;
    if scores_exist {
        return Err(DomainError::PreconditionFailed {
            message: "Scoring has begun: the criteria, scale and assessors are fixed so that every candidate is marked on the same scheme.".into(),
            missing: vec![],
        });
    }
    Ok(())
}

/// Nothing changes after the outcome is published.
pub fn check_not_published(published: bool) -> Result<(), DomainError> {
    if published {
        return Err(DomainError::PreconditionFailed {
            message: "The outcome of this selection is published: its scores can no longer change. A candidate who disputes theirs appeals.".into(),
            missing: vec![],
        });
    }
    Ok(())
}

/// One assessor's score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub employee_id: Uuid,
    pub criterion_id: Uuid,
    pub assessor_id: Uuid,
    pub score: u32,
}

/// HR's moderated score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moderation {
    pub employee_id: Uuid,
    pub criterion_id: Uuid,
    pub score: u32,
}

/// A moderation: needs both assessors' scores, and a note where the moderated score is not
/// what both assessors gave (the reason the scores were reconciled as they were).
pub fn check_moderation(
    assessor_scores: &[u32],
    score: u32,
    note: Option<&str>,
) -> Result<(), DomainError> {
    if assessor_scores.len() < ASSESSORS {
        return Err(DomainError::PreconditionFailed {
            message: "Both assessors score before HR moderates: this candidate still has a score to come on this criterion.".into(),
            missing: vec![],
        });
    }
    let agreed = assessor_scores.iter().all(|s| *s == score);
    if !agreed && note.is_none() {
        return Err(DomainError::bad_input(
            "input.note",
            "The assessors' scores differ from the moderated score: note why it is moderated to this.",
        ));
    }
    Ok(())
}

/// Where one candidate stands on one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    /// An assessor has yet to score.
    AwaitingScores,
    /// The assessors gave the same score and nobody moderated: it stands.
    Agreed,
    /// The assessors differ and HR has not moderated.
    ModerationOutstanding,
    /// HR recorded the moderated score.
    Moderated,
}

/// One candidate on one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub criterion_id: Uuid,
    /// Each assessor's score, in the order of the pool's assessors.
    pub scores: Vec<(Uuid, Option<u32>)>,
    pub moderated: Option<u32>,
    /// The score that counts: moderated, or agreed.
    pub final_score: Option<u32>,
    pub state: CellState,
}

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub employee_id: Uuid,
    pub cells: Vec<Cell>,
    /// Σ final score × weight; absent until every criterion has a final score.
    pub total: Option<u32>,
    /// Equal totals share a rank (1, 1, 3); absent until every candidate has a total.
    pub rank: Option<u32>,
    /// Shares its total with another candidate.
    pub tie: bool,
    /// The tie straddles the last post: a tie-break decides.
    pub tie_at_boundary: bool,
    /// Within the posts to fill; absent while the ranking or a boundary tie-break is open.
    pub selected: Option<bool>,
}

/// Everything the matrix is worked from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub criteria: Vec<Criterion>,
    pub assessors: Vec<Uuid>,
    /// The pool's members, in the order shown.
    pub candidates: Vec<Uuid>,
    pub scores: Vec<Score>,
    pub moderations: Vec<Moderation>,
    /// Those HR chose to take the places left at a boundary tie.
    pub tie_break: Vec<Uuid>,
    pub posts_to_fill: u32,
}

/// A boundary tie: the tied candidates and how many of them can be selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundaryTie {
    pub employee_ids: Vec<Uuid>,
    pub places: u32,
    /// HR's tie-break names exactly `places` of them.
    pub resolved: bool,
}

/// The matrix and what stands between it and a published outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub rows: Vec<Row>,
    pub boundary_tie: Option<BoundaryTie>,
    /// Cells where an assessor has yet to score.
    pub scores_outstanding: u32,
    /// Cells where the assessors differ and HR has not moderated.
    pub moderation_outstanding: u32,
}

/// Works out the matrix: each cell's final score, totals, ranks, ties and who is selected.
pub fn evaluate(facts: &Facts) -> Matrix {
    let scores: HashMap<(Uuid, Uuid, Uuid), u32> = facts
        .scores
        .iter()
        .map(|s| ((s.employee_id, s.criterion_id, s.assessor_id), s.score))
        .collect();
    let moderations: HashMap<(Uuid, Uuid), u32> = facts
        .moderations
        .iter()
        .map(|m| ((m.employee_id, m.criterion_id), m.score))
        .collect();
    let (mut scores_outstanding, mut moderation_outstanding) = (0, 0);
    let mut rows: Vec<Row> = facts
        .candidates
        .iter()
        .map(|&employee_id| {
            let cells: Vec<Cell> = facts
                .criteria
                .iter()
                .map(|c| {
                    let given: Vec<(Uuid, Option<u32>)> = facts
                        .assessors
                        .iter()
                        .map(|&a| (a, scores.get(&(employee_id, c.id, a)).copied()))
                        .collect();
                    let moderated = moderations.get(&(employee_id, c.id)).copied();
                    let all: Vec<u32> = given.iter().filter_map(|(_, s)| *s).collect();
                    let complete = facts.assessors.len() == ASSESSORS && all.len() == ASSESSORS;
                    let (state, final_score) = match moderated {
                        Some(m) if complete => (CellState::Moderated, Some(m)),
                        _ if !complete => (CellState::AwaitingScores, None),
                        _ if all.iter().all(|s| *s == all[0]) => (CellState::Agreed, Some(all[0])),
                        _ => (CellState::ModerationOutstanding, None),
                    };
                    match state {
                        CellState::AwaitingScores => scores_outstanding += 1,
                        CellState::ModerationOutstanding => moderation_outstanding += 1,
                        _ => {}
                    }
                    Cell {
                        criterion_id: c.id,
                        scores: given,
                        moderated,
                        final_score,
                        state,
                    }
                })
                .collect();
            let total = (!facts.criteria.is_empty())
                .then(|| {
                    cells
                        .iter()
                        .zip(&facts.criteria)
                        .map(|(cell, c)| cell.final_score.map(|s| s * c.weight))
                        .sum::<Option<u32>>()
                })
                .flatten();
            Row {
                employee_id,
                cells,
                total,
                rank: None,
                tie: false,
                tie_at_boundary: false,
                selected: None,
            }
        })
        .collect();

    let mut boundary_tie = None;
    let all_totals: Option<Vec<u32>> = rows.iter().map(|r| r.total).collect();
    if let Some(totals) = all_totals.filter(|t| !t.is_empty()) {
        let n = facts.posts_to_fill;
        for row in rows.iter_mut() {
            let total = row.total.unwrap_or_default();
            let higher = totals.iter().filter(|t| **t > total).count() as u32;
            let equal = totals.iter().filter(|t| **t == total).count() as u32;
            let rank = higher + 1;
            row.rank = Some(rank);
            row.tie = equal > 1;
            // The tie group holds ranks rank..rank+equal-1; it straddles the last post when
            // it begins within the posts and ends beyond them.
            row.tie_at_boundary = row.tie && rank <= n && rank + equal - 1 > n;
        }
        let tied: Vec<&Row> = rows.iter().filter(|r| r.tie_at_boundary).collect();
        if let Some(first) = tied.first() {
            let places = n + 1 - first.rank.unwrap_or_default();
            let ids: Vec<Uuid> = tied.iter().map(|r| r.employee_id).collect();
            let chosen: HashSet<Uuid> = facts.tie_break.iter().copied().collect();
            let resolved =
                chosen.len() == places as usize && chosen.iter().all(|c| ids.contains(c));
            boundary_tie = Some(BoundaryTie {
                employee_ids: ids,
                places,
                resolved,
            });
        }
        let tie = boundary_tie.clone();
        for row in rows.iter_mut() {
            let rank = row.rank.unwrap_or_default();
            row.selected = match &tie {
                Some(t) if row.tie_at_boundary => t
                    .resolved
                    .then(|| facts.tie_break.contains(&row.employee_id)),
                _ => Some(rank <= n),
            };
        }
    }
    Matrix {
        rows,
        boundary_tie,
        scores_outstanding,
        moderation_outstanding,
    }
}

/// What to say beside a tied candidate.
pub fn tie_note(row: &Row) -> Option<&'static str> {
    match (row.tie, row.tie_at_boundary) {
        (true, true) => Some(
            "Tie at the last post: needs a tie-break decision (recordTieBreak) before the outcome can be published.",
        ),
        (true, false) => {
            Some("Tie: shares a total with another candidate, who is selected or not alike.")
        }
        _ => None,
    }
}

/// Checks a tie-break: there is a boundary tie, and HR names exactly as many of the tied as
/// there are places left.
pub fn check_tie_break(matrix: &Matrix, chosen: &[Uuid]) -> Result<(), DomainError> {
    if matrix.rows.iter().any(|r| r.rank.is_none()) {
        return Err(DomainError::PreconditionFailed {
            message: "The ranking is not complete: score and moderate every candidate before breaking a tie.".into(),
            missing: vec![],
        });
    }
    let Some(tie) = &matrix.boundary_tie else {
        return Err(DomainError::PreconditionFailed {
            message: "There is no tie at the last post: the ranking decides on its own.".into(),
            missing: vec![],
        });
    };
    let unique: HashSet<&Uuid> = chosen.iter().collect();
    if unique.len() != chosen.len() || chosen.len() != tie.places as usize {
        return Err(DomainError::bad_input(
            "input.employeeIds",
            format!(
                "{} of the tied candidates can be selected: name exactly {} (each once).",
                tie.places, tie.places
            ),
        ));
    }
    for (i, id) in chosen.iter().enumerate() {
        if !tie.employee_ids.contains(id) {
            return Err(DomainError::bad_input(
                format!("input.employeeIds[{i}]"),
                "Name only candidates in the tie at the last post.",
            ));
        }
    }
    Ok(())
}

/// The outcome is published only when every score is in and moderated and any tie at the
/// boundary is broken; `name` names a candidate and a criterion for the list of what is
/// missing.
pub fn check_publishable(
    facts: &Facts,
    matrix: &Matrix,
    name: impl Fn(Uuid) -> String,
    criterion: impl Fn(Uuid) -> String,
) -> Result<(), DomainError> {
    let mut missing = Vec::new();
    if facts.criteria.is_empty() {
        missing.push("Set the selection criteria.".to_owned());
    }
    if facts.assessors.len() != ASSESSORS {
        missing.push("Name the two assessors.".to_owned());
    }
    for row in &matrix.rows {
        for cell in &row.cells {
            match cell.state {
                CellState::AwaitingScores => missing.push(format!(
                    "{}: {}: scoring outstanding.",
                    name(row.employee_id),
                    criterion(cell.criterion_id)
                )),
                CellState::ModerationOutstanding => missing.push(format!(
                    "{}: {}: the assessors differ, moderation outstanding.",
                    name(row.employee_id),
                    criterion(cell.criterion_id)
                )),
                _ => {}
            }
        }
    }
    if let Some(tie) = matrix.boundary_tie.as_ref().filter(|t| !t.resolved) {
        let names: Vec<String> = tie.employee_ids.iter().map(|id| name(*id)).collect();
        missing.push(format!(
            "Tie at the last post between {}: record a tie-break naming the {} selected, with the reason.",
            names.join(", "),
            tie.places
        ));
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(DomainError::PreconditionFailed {
        message: "The outcome cannot be published yet: see what is missing.".into(),
        missing,
    })
}

/// How a viewer sees a pool's selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectionAccess {
    /// Everything, and the moderation, tie-break and publication.
    Hr,
    /// One of the pool's two assessors: the pool's matrix, and their own scoring.
    Assessor,
}

const SCORES_ARE_PRIVATE: &str = "Selection scores are seen by HR and the pool's two assessors only; each candidate sees their own once HR publishes the outcome.";

/// Who sees a pool's matrix: HR, and the pool's assessors (of this pool only). Managers who
/// are not its assessors, union reps and staff never do; a candidate sees their own scores
/// through `candidate_sees_own`, after publication.
pub fn selection_access(
    viewer: &Viewer,
    assessors: &[Uuid],
) -> Result<SelectionAccess, DomainError> {
    match viewer.role {
        Role::HrAdmin => Ok(SelectionAccess::Hr),
        Role::Manager if assessors.contains(&viewer.user_id) => Ok(SelectionAccess::Assessor),
        _ => Err(DomainError::Forbidden(SCORES_ARE_PRIVATE.into())),
    }
}

/// Who records an assessor's score: the pool's assessor themself (HR included, when HR is
/// one of the two), nobody else, and not after publication.
pub fn check_may_score(
    viewer: &Viewer,
    assessors: &[Uuid],
    published: bool,
) -> Result<(), DomainError> {
    let assessor =
        assessors.contains(&viewer.user_id) && matches!(viewer.role, Role::HrAdmin | Role::Manager);
    if !assessor {
        return Err(DomainError::Forbidden(
            "Only the pool's two assessors record scores in it, each their own.".into(),
        ));
    }
    check_not_published(published)
}

/// Moderation, tie-breaks, criteria, assessors and publication: HR only.
pub fn check_hr(viewer: &Viewer) -> Result<(), DomainError> {
    if viewer.role == Role::HrAdmin {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only HR sets up, moderates and publishes a selection.".into(),
        ))
    }
}

/// A candidate sees their own scores and rank once the outcome is published, never before
/// (provisional marks would invite lobbying, and could change at moderation).
pub fn candidate_sees_own(published: bool) -> bool {
    published
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criterion(name: &str, weight: i32) -> CriterionInput {
        CriterionInput {
            name: name.into(),
            description: None,
            weight,
        }
    }

    #[test]
    fn weights_are_whole_percentages_that_add_up_to_100() {
        assert!(check_criteria(&[criterion("Performance", 60), criterion("Skills", 40)]).is_ok());
        let short =
            check_criteria(&[criterion("Performance", 60), criterion("Skills", 30)]).unwrap_err();
        assert!(
            matches!(&short, DomainError::BadInput { field, message } if field == "input.criteria" && message.contains("90")),
            "{short:?}"
        );
        let over = check_criteria(&[criterion("A", 60), criterion("B", 41)]).unwrap_err();
        assert_eq!(over.code(), "BAD_USER_INPUT");
        let zero = check_criteria(&[criterion("A", 100), criterion("B", 0)]).unwrap_err();
        assert!(
            matches!(&zero, DomainError::BadInput { field, .. } if field == "input.criteria[1].weight")
        );
        assert!(check_criteria(&[criterion("A", 101), criterion("B", -1)]).is_err());
        assert!(check_criteria(&[]).is_err());
        let twice =
            check_criteria(&[criterion("Skills", 50), criterion("skills ", 50)]).unwrap_err();
        assert!(
            matches!(&twice, DomainError::BadInput { field, .. } if field == "input.criteria[1].name")
        );
        assert!(check_criteria(&[criterion("Everything", 100)]).is_ok());
    }

    #[test]
    fn scores_stay_within_the_scale_at_both_ends() {
        let scale = check_scale(4, &[]).unwrap();
        assert_eq!(check_score(&scale, 0, "f"), Ok(0));
        assert_eq!(check_score(&scale, 4, "f"), Ok(4));
        assert_eq!(
            check_score(&scale, 5, "f").unwrap_err().code(),
            "BAD_USER_INPUT"
        );
        assert!(check_score(&scale, -1, "f").is_err());
        assert!(check_scale(0, &[]).is_err());
        assert!(check_scale(10, &[]).is_ok());
        assert!(check_scale(11, &[]).is_err());
        let d = |score, text: &str| Descriptor {
            score,
            text: text.into(),
        };
        let scale = check_scale(4, &[d(4, "Exceeds"), d(0, "No evidence")]).unwrap();
        assert_eq!(scale.descriptors[0].score, 0, "sorted by score");
        let off = check_scale(4, &[d(5, "Beyond")]).unwrap_err();
        assert!(
            matches!(&off, DomainError::BadInput { field, .. } if field == "input.scale.descriptors[0].score")
        );
        assert!(check_scale(4, &[d(1, "a"), d(1, "b")]).is_err());
    }

    #[test]
    fn a_selection_runs_only_where_posts_are_fewer_than_people() {
        assert!(check_selection_needed(1, 3).is_ok());
        assert_eq!(
            check_selection_needed(3, 3).unwrap_err().code(),
            "PRECONDITION_FAILED"
        );
        assert!(check_selection_needed(4, 3).is_err());
    }

    fn user(role: Role) -> AssessorCandidate {
        AssessorCandidate {
            user_id: Uuid::now_v7(),
            name: format!("{role:?}"),
            role,
            disabled: false,
            is_candidate: false,
        }
    }

    #[test]
    fn two_distinct_assessors_hr_or_managers_and_not_candidates() {
        let (hr, manager) = (user(Role::HrAdmin), user(Role::Manager));
        let found = |users: &[&AssessorCandidate]| -> HashMap<Uuid, AssessorCandidate> {
            users.iter().map(|u| (u.user_id, (*u).clone())).collect()
        };
        let all = found(&[&hr, &manager]);
        assert!(check_assessors(&[hr.user_id, manager.user_id], &all).is_ok());
        assert!(check_assessors(&[hr.user_id], &all).is_err());
        let twice = check_assessors(&[hr.user_id, hr.user_id], &all).unwrap_err();
        assert!(
            matches!(&twice, DomainError::BadInput { field, .. } if field == "input.assessorIds[1]")
        );
        let rep = user(Role::UnionRep);
        let staff = user(Role::Staff);
        for other in [&rep, &staff] {
            let err =
                check_assessors(&[hr.user_id, other.user_id], &found(&[&hr, other])).unwrap_err();
            assert_eq!(err.code(), "BAD_USER_INPUT");
        }
        let mut candidate = user(Role::Manager);
        candidate.is_candidate = true;
        let err = check_assessors(&[hr.user_id, candidate.user_id], &found(&[&hr, &candidate]))
            .unwrap_err();
        assert!(err.message().contains("candidate"), "{err:?}");
        let mut disabled = user(Role::Manager);
        disabled.disabled = true;
        assert!(
            check_assessors(&[hr.user_id, disabled.user_id], &found(&[&hr, &disabled])).is_err()
        );
        let unknown = check_assessors(&[hr.user_id, Uuid::now_v7()], &all).unwrap_err();
        assert_eq!(unknown.code(), "NOT_FOUND");
    }

    #[test]
    fn moderation_needs_both_scores_and_a_note_where_they_differ() {
        assert_eq!(
            check_moderation(&[3], 3, None).unwrap_err().code(),
            "PRECONDITION_FAILED"
        );
        assert!(
            check_moderation(&[3, 3], 3, None).is_ok(),
            "agreed: no note needed"
        );
        let err = check_moderation(&[2, 4], 3, None).unwrap_err();
        assert!(matches!(&err, DomainError::BadInput { field, .. } if field == "input.note"));
        assert!(check_moderation(&[2, 4], 3, Some("Evidence in the appraisal")).is_ok());
        assert!(
            check_moderation(&[3, 3], 2, None).is_err(),
            "overriding agreement needs a note"
        );
    }

    struct Pool {
        facts: Facts,
        a: Uuid,
        b: Uuid,
    }

    /// A pool of `n` candidates, two criteria weighted 60/40, two assessors.
    fn pool(n: usize, posts: u32) -> Pool {
        let (a, b) = (Uuid::from_u128(1001), Uuid::from_u128(1002));
        Pool {
            facts: Facts {
                criteria: vec![
                    Criterion {
                        id: Uuid::from_u128(1),
                        name: "Performance".into(),
                        description: None,
                        weight: 60,
                    },
                    Criterion {
                        id: Uuid::from_u128(2),
                        name: "Skills".into(),
                        description: None,
                        weight: 40,
                    },
                ],
                assessors: vec![a, b],
                candidates: (0..n).map(|i| Uuid::from_u128(100 + i as u128)).collect(),
                scores: vec![],
                moderations: vec![],
                tie_break: vec![],
                posts_to_fill: posts,
            },
            a,
            b,
        }
    }

    impl Pool {
        fn candidate(&self, i: usize) -> Uuid {
            self.facts.candidates[i]
        }
        /// Both assessors give candidate `i` the same scores on the two criteria.
        fn agreed(&mut self, i: usize, perf: u32, skills: u32) {
            let id = self.candidate(i);
            for assessor in [self.a, self.b] {
                for (c, s) in [(1, perf), (2, skills)] {
                    self.facts.scores.push(Score {
                        employee_id: id,
                        criterion_id: Uuid::from_u128(c),
                        assessor_id: assessor,
                        score: s,
                    });
                }
            }
        }
    }

    #[test]
    fn the_weighted_total_comes_from_final_scores_and_waits_for_moderation() {
        let mut p = pool(2, 1);
        p.agreed(0, 4, 2); // 4×60 + 2×40 = 320
        let first = p.candidate(1);
        p.facts.scores.extend([
            Score {
                employee_id: first,
                criterion_id: Uuid::from_u128(1),
                assessor_id: p.a,
                score: 2,
            },
            Score {
                employee_id: first,
                criterion_id: Uuid::from_u128(1),
                assessor_id: p.b,
                score: 4,
            },
            Score {
                employee_id: first,
                criterion_id: Uuid::from_u128(2),
                assessor_id: p.a,
                score: 3,
            },
        ]);
        let m = evaluate(&p.facts);
        assert_eq!(m.rows[0].total, Some(320));
        assert_eq!(m.rows[1].cells[0].state, CellState::ModerationOutstanding);
        assert_eq!(
            m.rows[1].cells[0].scores,
            vec![(p.a, Some(2)), (p.b, Some(4))],
            "both shown"
        );
        assert_eq!(m.rows[1].cells[1].state, CellState::AwaitingScores);
        assert_eq!((m.scores_outstanding, m.moderation_outstanding), (1, 1));
        assert_eq!(m.rows[1].total, None);
        assert!(
            m.rows
                .iter()
                .all(|r| r.rank.is_none() && r.selected.is_none()),
            "no ranking yet"
        );

        p.facts.scores.push(Score {
            employee_id: first,
            criterion_id: Uuid::from_u128(2),
            assessor_id: p.b,
            score: 3,
        });
        p.facts.moderations.push(Moderation {
            employee_id: first,
            criterion_id: Uuid::from_u128(1),
            score: 3,
        });
        let m = evaluate(&p.facts);
        assert_eq!(m.rows[1].cells[0].state, CellState::Moderated);
        assert_eq!(m.rows[1].total, Some(3 * 60 + 3 * 40)); // 300
        assert_eq!((m.rows[0].rank, m.rows[1].rank), (Some(1), Some(2)));
        assert_eq!(
            (m.rows[0].selected, m.rows[1].selected),
            (Some(true), Some(false))
        );
        assert_eq!((m.scores_outstanding, m.moderation_outstanding), (0, 0));
    }

    #[test]
    fn a_tie_away_from_the_boundary_is_shown_and_does_not_block() {
        // 4 candidates, 1 post: totals 400, 200, 200, 100. The tie is for ranks 2-3.
        let mut p = pool(4, 1);
        p.agreed(0, 4, 4);
        p.agreed(1, 2, 2);
        p.agreed(2, 2, 2);
        p.agreed(3, 1, 1);
        let m = evaluate(&p.facts);
        let ranks: Vec<_> = m.rows.iter().map(|r| r.rank.unwrap()).collect();
        assert_eq!(ranks, vec![1, 2, 2, 4], "equal totals share a rank");
        assert!(m.rows[1].tie && m.rows[2].tie && !m.rows[0].tie);
        assert!(!m.rows[1].tie_at_boundary);
        assert!(tie_note(&m.rows[1]).unwrap().starts_with("Tie"));
        assert_eq!(m.boundary_tie, None);
        let selected: Vec<_> = m.rows.iter().map(|r| r.selected.unwrap()).collect();
        assert_eq!(selected, vec![true, false, false, false]);
        let names = |id: Uuid| id.to_string();
        assert!(check_publishable(&p.facts, &m, names, names).is_ok());
        assert_eq!(
            check_tie_break(&m, &[p.candidate(1)]).unwrap_err().code(),
            "PRECONDITION_FAILED"
        );
    }

    #[test]
    fn a_tie_at_the_boundary_blocks_until_hr_breaks_it() {
        // 3 candidates, 2 posts: 400, 200, 200. One place left for two tied candidates.
        let mut p = pool(3, 2);
        p.agreed(0, 4, 4);
        p.agreed(1, 2, 2);
        p.agreed(2, 2, 2);
        let m = evaluate(&p.facts);
        assert!(m.rows[1].tie_at_boundary && m.rows[2].tie_at_boundary);
        assert_eq!(
            m.boundary_tie,
            Some(BoundaryTie {
                employee_ids: vec![p.candidate(1), p.candidate(2)],
                places: 1,
                resolved: false
            })
        );
        assert_eq!(m.rows[0].selected, Some(true));
        assert_eq!((m.rows[1].selected, m.rows[2].selected), (None, None));
        assert!(
            tie_note(&m.rows[1])
                .unwrap()
                .contains("needs a tie-break decision")
        );
        let names = |id: Uuid| id.to_string();
        let err = check_publishable(&p.facts, &m, names, names).unwrap_err();
        assert!(
            matches!(&err, DomainError::PreconditionFailed { missing, .. } if missing.len() == 1 && missing[0].contains("Tie at the last post")),
            "{err:?}"
        );
        // The tie-break names exactly the places left, from the tied.
        assert!(check_tie_break(&m, &[p.candidate(1), p.candidate(2)]).is_err());
        assert!(check_tie_break(&m, &[p.candidate(0)]).is_err());
        assert!(check_tie_break(&m, &[]).is_err());
        assert!(check_tie_break(&m, &[p.candidate(2)]).is_ok());

        p.facts.tie_break = vec![p.candidate(2)];
        let m = evaluate(&p.facts);
        assert!(m.boundary_tie.as_ref().unwrap().resolved);
        let selected: Vec<_> = m.rows.iter().map(|r| r.selected.unwrap()).collect();
        assert_eq!(selected, vec![true, false, true]);
        assert!(check_publishable(&p.facts, &m, names, names).is_ok());
    }

    #[test]
    fn a_tie_for_the_first_place_of_one_post_is_at_the_boundary() {
        let mut p = pool(2, 1);
        p.agreed(0, 3, 3);
        p.agreed(1, 3, 3);
        let m = evaluate(&p.facts);
        assert_eq!(
            m.rows.iter().map(|r| r.rank).collect::<Vec<_>>(),
            vec![Some(1), Some(1)]
        );
        assert_eq!(m.boundary_tie.as_ref().unwrap().places, 1);
        // A stale tie-break (a candidate no longer in the tie) does not resolve it.
        p.facts.tie_break = vec![Uuid::from_u128(999)];
        assert!(!evaluate(&p.facts).boundary_tie.unwrap().resolved);
    }

    #[test]
    fn publication_lists_every_score_and_moderation_outstanding() {
        let mut p = pool(2, 1);
        p.agreed(0, 4, 4);
        let second = p.candidate(1);
        p.facts.scores.push(Score {
            employee_id: second,
            criterion_id: Uuid::from_u128(1),
            assessor_id: p.a,
            score: 1,
        });
        p.facts.scores.push(Score {
            employee_id: second,
            criterion_id: Uuid::from_u128(1),
            assessor_id: p.b,
            score: 2,
        });
        let m = evaluate(&p.facts);
        let name = |id: Uuid| {
            if id == second {
                "Sam".to_owned()
            } else {
                "Other".to_owned()
            }
        };
        let criterion = |id: Uuid| {
            if id == Uuid::from_u128(1) {
                "Performance".to_owned()
            } else {
                "Skills".to_owned()
            }
        };
        let DomainError::PreconditionFailed { missing, .. } =
            check_publishable(&p.facts, &m, name, criterion).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(
            missing,
            vec![
                "Sam: Performance: the assessors differ, moderation outstanding.".to_owned(),
                "Sam: Skills: scoring outstanding.".to_owned(),
            ]
        );
        let mut empty = pool(2, 1);
        empty.facts.criteria.clear();
        empty.facts.assessors.clear();
        let m = evaluate(&empty.facts);
        let DomainError::PreconditionFailed { missing, .. } =
            check_publishable(&empty.facts, &m, name, criterion).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(
            missing,
            vec![
                "Set the selection criteria.".to_owned(),
                "Name the two assessors.".to_owned()
            ]
        );
    }

    fn viewer(role: Role) -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: "x@bury.example".into(),
            union: (role == Role::UnionRep).then(|| "UNISON".into()),
        }
    }

    #[test]
    fn scores_are_seen_by_hr_and_this_pools_assessors_only() {
        let hr = viewer(Role::HrAdmin);
        let assessor = viewer(Role::Manager);
        let other_manager = viewer(Role::Manager);
        let rep = viewer(Role::UnionRep);
        let staff = viewer(Role::Staff);
        let this_pool = [assessor.user_id, hr.user_id];
        let another_pool = [other_manager.user_id, Uuid::now_v7()];
        assert_eq!(selection_access(&hr, &[]), Ok(SelectionAccess::Hr));
        assert_eq!(
            selection_access(&assessor, &this_pool),
            Ok(SelectionAccess::Assessor)
        );
        assert_eq!(
            selection_access(&assessor, &another_pool)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
        assert!(selection_access(&other_manager, &this_pool).is_err());
        assert!(
            selection_access(&rep, &[rep.user_id]).is_err(),
            "a rep never, even if named"
        );
        assert!(selection_access(&staff, &[staff.user_id]).is_err());
        assert!(!candidate_sees_own(false));
        assert!(candidate_sees_own(true));
    }

    #[test]
    fn only_the_pools_assessors_score_and_only_before_publication() {
        let assessor = viewer(Role::Manager);
        let hr = viewer(Role::HrAdmin);
        let pool = [assessor.user_id, Uuid::now_v7()];
        assert!(check_may_score(&assessor, &pool, false).is_ok());
        assert_eq!(
            check_may_score(&assessor, &pool, true).unwrap_err().code(),
            "PRECONDITION_FAILED"
        );
        assert_eq!(
            check_may_score(&hr, &pool, false).unwrap_err().code(),
            "FORBIDDEN",
            "HR moderates, it does not score"
        );
        assert!(check_may_score(&viewer(Role::Manager), &pool, false).is_err());
        assert!(check_hr(&hr).is_ok());
        for role in [Role::Manager, Role::UnionRep, Role::Staff] {
            assert_eq!(check_hr(&viewer(role)).unwrap_err().code(), "FORBIDDEN");
        }
    }

    #[test]
    fn setup_is_fixed_once_scoring_begins_and_all_after_publication() {
        assert!(check_setup_changeable(false, false).is_ok());
        assert!(check_setup_changeable(true, false).is_err());
        assert!(check_setup_changeable(false, true).is_err());
        assert!(
            check_not_published(true)
                .unwrap_err()
                .message()
                .contains("published")
        );
    }
}
