//! Grading challenges (issue 20): staff in a post, or a recognised union, challenge the grade
//! proposed for a revised job description, pointing at the areas of significant change in
//! the duty-level diff (`jd_diff`), saying which grade they believe is right and why. HR
//! records the outcome: re-evaluated under the employer's job evaluation scheme with the
//! resulting grade, or the grade confirmed with reasons. Pure rules; the store gathers the
//! facts and writes.

use super::{
    DomainError,
    access::{ProposalView, Viewer},
    jd_diff::{self, DutyChangeKind},
    job_description::JdContent,
    text,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a challenge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChallengeStatus {
    /// Raised; HR has not recorded an outcome.
    AwaitingOutcome,
    /// Re-evaluated under the job evaluation scheme; `resulting_grade` says with what result.
    ReEvaluated,
    /// The proposed grade confirmed, with HR's reasons.
    GradeConfirmed,
}

impl ChallengeStatus {
    pub const ALL: [ChallengeStatus; 3] = [
        Self::AwaitingOutcome,
        Self::ReEvaluated,
        Self::GradeConfirmed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingOutcome => "AWAITING_OUTCOME",
            Self::ReEvaluated => "RE_EVALUATED",
            Self::GradeConfirmed => "GRADE_CONFIRMED",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// Who raised a challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenger {
    /// A member of staff who holds the post, for themselves.
    Staff,
    /// A representative, for their union (the name as the proposal recognises it).
    Union(String),
}

/// The subject of a challenge, as the JD and the structure give it (the Barnet response's
/// columns: current job title and pay grade, revised job title and revised pay grade).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    pub current_title: String,
    pub current_grade: Option<String>,
    pub revised_title: String,
    pub revised_grade: Option<String>,
}

/// An area of significant change, anchored to one entry of the duty-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    /// CHANGED, NEW or REMOVED (never UNCHANGED: an unchanged duty is no change).
    pub kind: DutyChangeKind,
    pub current_number: Option<u32>,
    pub revised_number: Option<u32>,
    pub current_text: Option<String>,
    pub revised_text: Option<String>,
    /// What the challenger says about it.
    pub note: String,
}

/// An area as received: one duty number (of the revised version, or of the current one
/// for a duty removed) and what is said about it.
pub struct AreaInput<'a> {
    pub revised_duty_number: Option<i32>,
    pub current_duty_number: Option<i32>,
    pub note: &'a str,
}

/// HR's outcome of a challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Re-evaluated under `scheme` (NJC, GLPC, Hay, ...), resulting in `grade`.
    ReEvaluated {
        scheme: String,
        grade: String,
        reasons: Option<String>,
    },
    /// The proposed grade stands, for these reasons.
    GradeConfirmed { reasons: String },
}

impl Outcome {
    pub fn status(&self) -> ChallengeStatus {
        match self {
            Outcome::ReEvaluated { .. } => ChallengeStatus::ReEvaluated,
            Outcome::GradeConfirmed { .. } => ChallengeStatus::GradeConfirmed,
        }
    }
}

/// Which challenges a viewer may see, as a filter the store applies in SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// HR and the sponsor: every challenge of the proposal.
    All,
    /// A representative: their union's challenges, and their own.
    UnionOrOwn { union: String, user_id: Uuid },
    /// A member of staff: their own.
    Own(Uuid),
}

/// Which challenges `viewer`, seeing the proposal as `view`, may see.
pub fn scope(view: ProposalView, viewer: &Viewer) -> Scope {
    match view {
        ProposalView::Hr | ProposalView::Sponsor => Scope::All,
        ProposalView::UnionRep => match &viewer.union {
            Some(union) => Scope::UnionOrOwn {
                union: union.clone(),
                user_id: viewer.user_id,
            },
            None => Scope::Own(viewer.user_id),
        },
        ProposalView::Staff => Scope::Own(viewer.user_id),
    }
}

/// Whether one challenge is in `scope` (the same rule as the store's filter, for a challenge
/// read by id).
pub fn in_scope(scope: &Scope, challenger_id: Option<Uuid>, union: Option<&str>) -> bool {
    match scope {
        Scope::All => true,
        Scope::UnionOrOwn {
            union: own,
            user_id,
        } => challenger_id == Some(*user_id) || union.is_some_and(|u| u.eq_ignore_ascii_case(own)),
        Scope::Own(user_id) => challenger_id == Some(*user_id),
    }
}

/// Who may raise a challenge on a JD: staff who hold a post the JD describes (for
/// themselves), and representatives of a union recognised on the proposal (for their union).
/// HR and the sponsor set the grade: they answer challenges, they do not raise them.
pub fn challenger(
    view: ProposalView,
    viewer: &Viewer,
    holds_the_post: bool,
    recognised_unions: &[String],
) -> Result<Challenger, DomainError> {
    match view {
        ProposalView::Staff if holds_the_post => Ok(Challenger::Staff),
        ProposalView::Staff => Err(DomainError::Forbidden(
            "Only staff who hold the post this job description is for can challenge its grade; your union can challenge it for you.".into(),
        )),
        ProposalView::UnionRep => {
            let union = viewer.union.as_deref().unwrap_or_default();
            recognised_unions
                .iter()
                .find(|u| u.eq_ignore_ascii_case(union))
                .map(|u| Challenger::Union(u.clone()))
                .ok_or_else(|| {
                    DomainError::Forbidden(
                        "Only a union recognised on this proposal can challenge a grade.".into(),
                    )
                })
        }
        ProposalView::Hr | ProposalView::Sponsor => Err(DomainError::Forbidden(
            "HR and the sponsor propose the grade: they record the outcome of a challenge, they do not raise one.".into(),
        )),
    }
}

/// A JD can be challenged only when its revision changes the grade or the duties; otherwise
/// there is nothing new to grade.
pub fn check_changed(current: &JdContent, revised: &JdContent) -> Result<(), DomainError> {
    let grade_changed = current.proposed_grade != revised.proposed_grade;
    let duties_changed = jd_diff::diff_duties(&current.duties, &revised.duties)
        .iter()
        .any(|c| c.kind != DutyChangeKind::Unchanged);
    if grade_changed || duties_changed {
        Ok(())
    } else {
        Err(DomainError::PreconditionFailed {
            message: "This job description's revision changes neither its grade nor its duties, so there is no new grade to challenge.".into(),
            missing: vec!["a revised version that changes the grade or the duties".into()],
        })
    }
}

/// Only HR records the outcome of a challenge.
pub fn may_record_outcome(view: ProposalView) -> Result<(), DomainError> {
    if view == ProposalView::Hr {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "Only HR records the outcome of a grading challenge.".into(),
        ))
    }
}

/// An outcome can be recorded once: a decided challenge is not decided again.
pub fn check_awaiting(status: ChallengeStatus) -> Result<(), DomainError> {
    if status == ChallengeStatus::AwaitingOutcome {
        Ok(())
    } else {
        Err(DomainError::Conflict(
            "The outcome of this challenge has already been recorded.".into(),
        ))
    }
}

/// The areas of significant change, each checked against the diff of the two versions.
pub fn areas(
    current: &JdContent,
    revised: &JdContent,
    inputs: &[AreaInput<'_>],
) -> Result<Vec<Area>, DomainError> {
    text::bounded_list(inputs, "input.areas", "areas")?;
    if inputs.is_empty() {
        return Err(DomainError::bad_input(
            "input.areas",
            "Name at least one area of significant change: a duty that is new, changed or removed.",
        ));
    }
    let diff = jd_diff::diff_duties(&current.duties, &revised.duties);
    let mut out: Vec<Area> = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let at = format!("input.areas[{i}]");
        let entry = match (input.revised_duty_number, input.current_duty_number) {
            (Some(n), None) => diff
                .iter()
                .find(|c| c.to.as_ref().is_some_and(|d| i64::from(d.number) == i64::from(n)))
                .ok_or_else(|| {
                    DomainError::bad_input(
                        format!("{at}.revisedDutyNumber"),
                        format!("The revised job description has no duty {n}."),
                    )
                })?,
            (None, Some(n)) => diff
                .iter()
                .find(|c| {
                    c.to.is_none() && c.from.as_ref().is_some_and(|d| i64::from(d.number) == i64::from(n))
                })
                .ok_or_else(|| {
                    DomainError::bad_input(
                        format!("{at}.currentDutyNumber"),
                        format!("Duty {n} of the current job description was not removed; name a removed duty, or the revised duty it became."),
                    )
                })?,
            _ => {
                return Err(DomainError::bad_input(
                    at,
                    "Give either the revised duty's number or, for a duty removed, the current duty's number.",
                ));
            }
        };
        if entry.kind == DutyChangeKind::Unchanged {
            return Err(DomainError::bad_input(
                format!("{at}.revisedDutyNumber"),
                "That duty is unchanged: name a duty that is new, changed or removed.",
            ));
        }
        let note = text::long_text(input.note, &format!("{at}.note"), "what changed")?;
        if note.is_empty() {
            return Err(DomainError::bad_input(
                format!("{at}.note"),
                "Say what changed in this duty and why it matters to the grade.",
            ));
        }
        let area = Area {
            kind: entry.kind,
            current_number: entry.from.as_ref().map(|d| d.number),
            revised_number: entry.to.as_ref().map(|d| d.number),
            current_text: entry.from.as_ref().map(|d| d.text.clone()),
            revised_text: entry.to.as_ref().map(|d| d.text.clone()),
            note,
        };
        if out.iter().any(|a| {
            a.current_number == area.current_number && a.revised_number == area.revised_number
        }) {
            return Err(DomainError::bad_input(
                at,
                "Each duty may be named once; say everything about it in one note.",
            ));
        }
        out.push(area);
    }
    Ok(out)
}

/// The grade the challenger believes is right.
pub fn believed_grade(raw: &str) -> Result<String, DomainError> {
    text::required_line(
        raw,
        "input.believedGrade",
        "the grade you believe is right",
        50,
    )
}

/// The evidence for the challenge.
pub fn evidence(raw: &str) -> Result<String, DomainError> {
    let evidence = text::long_text(raw, "input.evidence", "the evidence")?;
    if evidence.is_empty() {
        return Err(DomainError::bad_input(
            "input.evidence",
            "Give the evidence for the grade you believe is right.",
        ));
    }
    Ok(evidence)
}

/// HR's outcome, checked: a re-evaluation names its scheme and the resulting grade; a
/// confirmation gives its reasons.
pub fn outcome(
    re_evaluated: bool,
    scheme: Option<&str>,
    grade: Option<&str>,
    reasons: Option<&str>,
) -> Result<Outcome, DomainError> {
    let reasons_text = reasons
        .map(|r| text::long_text(r, "input.reasons", "the reasons"))
        .transpose()?
        .filter(|r| !r.is_empty());
    if re_evaluated {
        let scheme = text::optional_line(scheme, "input.scheme", "the job evaluation scheme", 100)?
            .ok_or_else(|| {
                DomainError::bad_input(
                    "input.scheme",
                    "Name the job evaluation scheme it was re-evaluated under (e.g. NJC, GLPC).",
                )
            })?;
        let grade = text::optional_line(grade, "input.resultingGrade", "the resulting grade", 50)?
            .ok_or_else(|| {
                DomainError::bad_input(
                    "input.resultingGrade",
                    "Give the grade the re-evaluation resulted in.",
                )
            })?;
        Ok(Outcome::ReEvaluated {
            scheme,
            grade,
            reasons: reasons_text,
        })
    } else {
        let reasons = reasons_text.ok_or_else(|| {
            DomainError::bad_input("input.reasons", "Give the reasons the grade is confirmed.")
        })?;
        Ok(Outcome::GradeConfirmed { reasons })
    }
}

/// The regrade an outcome makes: `Some((from, to))` when a re-evaluation results in a grade
/// other than the one proposed; it then flows into the proposed structure and its costs.
pub fn regrade<'a>(
    revised_grade: Option<&'a str>,
    outcome: &'a Outcome,
) -> Option<(&'a str, &'a str)> {
    match outcome {
        Outcome::ReEvaluated { grade, .. } if revised_grade != Some(grade.as_str()) => {
            Some((revised_grade.unwrap_or("no grade"), grade.as_str()))
        }
        _ => None,
    }
}

/// The change summary of the proposal revision a regrade makes.
pub fn regrade_summary(title: &str, scheme: &str, from: &str, to: &str) -> String {
    format!(
        "Grading challenge on {title}: re-evaluated under {scheme}; proposed grade changed from {from} to {to}."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{account::Role, jd_diff::Duty};

    fn jd(grade: &str, duties: &[&str]) -> JdContent {
        JdContent {
            label: "v".into(),
            purpose: String::new(),
            duties: duties
                .iter()
                .enumerate()
                .map(|(i, t)| Duty {
                    number: i as u32 + 1,
                    text: (*t).to_owned(),
                })
                .collect(),
            staff_responsibilities: String::new(),
            essential_criteria: vec![],
            desirable_criteria: vec![],
            proposed_grade: Some(grade.to_owned()),
        }
    }

    fn viewer(role: Role, union: Option<&str>) -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            role,
            email: "x@bury.example".into(),
            union: union.map(str::to_owned),
        }
    }

    #[test]
    fn a_jd_with_no_grade_or_duty_change_cannot_be_challenged() {
        let a = jd("Grade 9", &["Manage a caseload of EHC needs assessments"]);
        let err = check_changed(&a, &a.clone()).unwrap_err();
        assert_eq!(err.code(), "PRECONDITION_FAILED");
        assert!(
            check_changed(
                &a,
                &jd("Grade 10", &["Manage a caseload of EHC needs assessments"])
            )
            .is_ok()
        );
        assert!(check_changed(&a, &jd("Grade 9", &["Chair the SEN panel"])).is_ok());
    }

    #[test]
    fn staff_in_the_post_and_recognised_unions_challenge_others_are_refused() {
        let unions = ["UNISON".to_owned()];
        let staff = viewer(Role::Staff, None);
        assert_eq!(
            challenger(ProposalView::Staff, &staff, true, &unions),
            Ok(Challenger::Staff)
        );
        assert_eq!(
            challenger(ProposalView::Staff, &staff, false, &unions)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
        let rep = viewer(Role::UnionRep, Some("unison"));
        assert_eq!(
            challenger(ProposalView::UnionRep, &rep, false, &unions),
            Ok(Challenger::Union("UNISON".into()))
        );
        for view in [ProposalView::Hr, ProposalView::Sponsor] {
            assert_eq!(
                challenger(view, &viewer(Role::HrAdmin, None), true, &unions)
                    .unwrap_err()
                    .code(),
                "FORBIDDEN"
            );
        }
    }

    #[test]
    fn who_sees_a_challenge() {
        let rep = viewer(Role::UnionRep, Some("UNISON"));
        let s = scope(ProposalView::UnionRep, &rep);
        assert!(in_scope(&s, None, Some("unison")));
        assert!(!in_scope(&s, Some(Uuid::now_v7()), Some("GMB")));
        assert!(
            !in_scope(&s, Some(Uuid::now_v7()), None),
            "a staff challenge is not the union's"
        );
        let staff = viewer(Role::Staff, None);
        let own = scope(ProposalView::Staff, &staff);
        assert!(in_scope(&own, Some(staff.user_id), None));
        assert!(!in_scope(&own, Some(Uuid::now_v7()), None));
        assert!(in_scope(
            &scope(ProposalView::Sponsor, &staff),
            None,
            Some("GMB")
        ));
        assert_eq!(
            may_record_outcome(ProposalView::Sponsor)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
        assert!(may_record_outcome(ProposalView::Hr).is_ok());
    }

    #[test]
    fn areas_point_at_changed_new_or_removed_duties_only() {
        let current = jd("Grade 13", &["Manage a caseload", "Supervise caseworkers"]);
        let revised = jd(
            "Grade 12",
            &[
                "Manage a caseload",
                "Chair the SEN panel and decide on placements",
            ],
        );
        let ok = areas(
            &current,
            &revised,
            &[
                AreaInput {
                    revised_duty_number: Some(2),
                    current_duty_number: None,
                    note: "New decision-making",
                },
                AreaInput {
                    revised_duty_number: None,
                    current_duty_number: Some(2),
                    note: "Supervision kept in practice",
                },
            ],
        )
        .unwrap();
        assert_eq!(ok[0].kind, DutyChangeKind::New);
        assert_eq!(ok[1].kind, DutyChangeKind::Removed);
        let unchanged = areas(
            &current,
            &revised,
            &[AreaInput {
                revised_duty_number: Some(1),
                current_duty_number: None,
                note: "x",
            }],
        )
        .unwrap_err();
        assert!(
            matches!(unchanged, DomainError::BadInput { ref field, .. } if field == "input.areas[0].revisedDutyNumber")
        );
        assert!(areas(&current, &revised, &[]).is_err());
        assert!(
            areas(
                &current,
                &revised,
                &[AreaInput {
                    revised_duty_number: Some(9),
                    current_duty_number: None,
                    note: "x"
                }]
            )
            .is_err()
        );
    }

    #[test]
    fn an_outcome_names_its_scheme_and_grade_or_gives_reasons_and_is_recorded_once() {
        assert!(outcome(true, None, Some("Grade 13"), None).is_err());
        assert!(outcome(true, Some("NJC"), None, None).is_err());
        assert!(outcome(false, None, None, Some("  ")).is_err());
        let re = outcome(true, Some("NJC"), Some("Grade 13"), None).unwrap();
        assert_eq!(
            regrade(Some("Grade 12"), &re),
            Some(("Grade 12", "Grade 13"))
        );
        assert_eq!(
            regrade(Some("Grade 13"), &re),
            None,
            "re-evaluated at the same grade"
        );
        let confirmed = outcome(false, None, None, Some("Evaluated at 480 points")).unwrap();
        assert_eq!(confirmed.status(), ChallengeStatus::GradeConfirmed);
        assert_eq!(regrade(Some("Grade 12"), &confirmed), None);
        assert_eq!(
            check_awaiting(ChallengeStatus::ReEvaluated)
                .unwrap_err()
                .code(),
            "CONFLICT"
        );
    }
}
