//! The trial periods running, for those who review them (ERA 1996 s138): which proposals'
//! trials a viewer reviews is `domain::individual::offer::trial_reviews_of`'s decision; this
//! reads them, with the employee's name and the proposal's title, in one statement whatever
//! their number, and the policy's reminder lead in a second.

use super::{
    corrupt, employer_policy,
    entities::{employee, offer, proposal},
    offers::{self, OfferRecord, TrialRecord},
};
use crate::domain::individual::offer::{OfferStatus, TrialReviewScope};
use crate::error::AppResult;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect,
};

/// A trial period to review, as stored.
#[derive(Debug, Clone)]
pub struct TrialToReview {
    pub offer: OfferRecord,
    pub trial: TrialRecord,
    pub employee_name: String,
    pub proposal_title: String,
}

#[derive(FromQueryResult)]
struct Row {
    #[sea_orm(nested)]
    offer: offer::Model,
    employee_name: String,
    proposal_title: String,
}

/// The trial periods running in `scope`, soonest end first, and the policy's reminder lead
/// in working days: two statements.
pub async fn running(
    conn: &impl ConnectionTrait,
    scope: TrialReviewScope,
) -> AppResult<(Vec<TrialToReview>, u32)> {
    let mut query = offer::Entity::find()
        .column_as(employee::Column::Name, "employee_name")
        .column_as(proposal::Column::Title, "proposal_title")
        .join(
            JoinType::InnerJoin,
            offer::Entity::belongs_to(employee::Entity)
                .from(offer::Column::EmployeeId)
                .to(employee::Column::Id)
                .into(),
        )
        .join(
            JoinType::InnerJoin,
            offer::Entity::belongs_to(proposal::Entity)
                .from(offer::Column::ProposalId)
                .to(proposal::Column::Id)
                .into(),
        )
        .filter(offer::Column::Status.eq(OfferStatus::InTrial.as_str()));
    if let TrialReviewScope::SponsoredBy(user_id) = scope {
        query = query.filter(proposal::Column::SponsorId.eq(user_id));
    }
    let rows = query
        .order_by_asc(offer::Column::TrialEnd)
        .order_by_asc(offer::Column::Id)
        .into_model::<Row>()
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let record = offers::from_row(row.offer)?;
        let trial = record
            .trial
            .clone()
            .ok_or_else(|| corrupt("offer", record.id))?;
        out.push(TrialToReview {
            offer: record,
            trial,
            employee_name: row.employee_name,
            proposal_title: row.proposal_title,
        });
    }
    let lead = employer_policy::get(conn)
        .await?
        .policy
        .trial_reminder_working_days;
    Ok((out, lead))
}
