//! The demo's team response (issue 20): two SEN staff respond as the SEN Casework Team,
//! both sign, and UNISON endorses it.

use crate::domain::{access::Viewer, joint_response::TeamResponseDraft};
use crate::error::AppError;
use crate::store::{self, Store};
use chrono::NaiveDate;
use uuid::Uuid;

pub(super) async fn load(
    store: &Store,
    proposal_id: Uuid,
    today: NaiveDate,
    drafter: &Viewer,
    colleague: &Viewer,
    unison: &Viewer,
) -> anyhow::Result<()> {
    let draft = TeamResponseDraft::parse(
        "SEN Casework Team",
        "Response of the SEN Casework Team",
        "We are the caseworkers and practitioners of the SEN team. We have been writing EHC plans since the plan writer post was left empty, and the proposed job description makes that permanent.\n\n\
We ask that the caseworker post is job evaluated before the ring fence, that caseloads are capped and agreed with the unions, and that training in writing outcomes is dated and budgeted before go-live.",
    )
    .map_err(|e| anyhow::anyhow!("the demo data is invalid: {}", e.message()))?;
    let saved = store::team_responses::save(
        store,
        drafter,
        proposal_id,
        None,
        None,
        draft,
        vec![colleague.email.to_lowercase()],
        today,
    )
    .await
    .map_err(AppError::into_anyhow)?;
    let signed =
        store::team_responses::sign(store, colleague, saved.id, saved.version, false, today)
            .await
            .map_err(AppError::into_anyhow)?;
    let submitted =
        store::team_responses::sign(store, drafter, signed.id, signed.version, true, today)
            .await
            .map_err(AppError::into_anyhow)?;
    store::team_responses::endorse(
        store,
        unison,
        "UNISON",
        submitted.id,
        "UNISON supports the attached response of the SEN Casework Team.".into(),
    )
    .await
    .map_err(AppError::into_anyhow)?;
    Ok(())
}
