//! The demo's grading challenge (issue 20): UNISON challenges the grade proposed for the
//! revised Senior SEN Practitioner JD (Grade 13 down to Grade 12), pointing at the duties the
//! revision adds or widens, as the Barnet response did post by post. It awaits HR's outcome.

use super::bury::demo_viewer;
use crate::domain::{access::ProposalView, grading_challenge::AreaInput};
use crate::error::AppError;
use crate::store::{self, Store, entities::job_description, grading_challenges::NewChallenge};
use anyhow::anyhow;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

pub(super) async fn load(store: &Store, proposal_id: Uuid) -> anyhow::Result<()> {
    let jd = job_description::Entity::find()
        .filter(job_description::Column::ProposalId.eq(proposal_id))
        .filter(job_description::Column::Title.eq("Senior SEN Practitioner"))
        .one(store.conn())
        .await?
        .ok_or_else(|| anyhow!("no Senior SEN Practitioner JD in the demo"))?;
    let rep = demo_viewer(store, "unison.rep@bury.example").await?;
    store::grading_challenges::raise(
        store,
        &rep,
        ProposalView::UnionRep,
        jd.id,
        NewChallenge {
            areas: vec![
                AreaInput {
                    revised_duty_number: Some(1),
                    current_duty_number: None,
                    note: "Day to day supervision becomes full line management of seven SEN Caseworkers (up from four), with annual appraisal: more staff and more responsibility for them.",
                },
                AreaInput {
                    revised_duty_number: Some(3),
                    current_duty_number: None,
                    note: "Quality assuring plans from an external provider becomes quality assuring every plan written in house, and writing the most complex plans: the external provider's work moves to this post.",
                },
                AreaInput {
                    revised_duty_number: Some(8),
                    current_duty_number: None,
                    note: "A new area of work: leading the induction, training and professional development of the caseworkers.",
                },
            ],
            believed_grade: "Grade 13".into(),
            evidence: "The revised job description adds line management, in-house plan writing and the caseworkers' training to the post, and takes nothing of substance away: the SEN Panel work remains, as presenting cases. Our members evaluated the revised JD with the NJC job evaluation scheme and scored it within the Grade 13 band. We ask that it is re-evaluated before the structure is confirmed, with the post holders' input on the duties.".into(),
        },
    )
    .await
    .map_err(AppError::into_anyhow)?;
    Ok(())
}
