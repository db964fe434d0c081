use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "proposal")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub service: String,
    pub establishment: String,
    pub establishment_jurisdiction: String,
    pub sponsor_id: Option<Uuid>,
    pub background: String,
    pub rationale: String,
    pub proposal_text: String,
    pub benefits: String,
    pub alternatives: Json,
    pub risks: Json,
    pub equality_analysis: String,
    pub equality_analysis_complete: bool,
    pub agency_workers: String,
    pub selection_method: String,
    pub dismissal_method: String,
    pub redundancy_pay_method: String,
    pub visible_to_whole_service: bool,
    pub status: String,
    pub shared_with_unions_at: Option<DateTimeUtc>,
    pub consultation_opened_at: Option<DateTimeUtc>,
    pub withdrawn_reason: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub graph_version: i64,
    pub proposed_on: Option<Date>,
    pub establishment_workforce: Option<Json>,
    pub sections_version: i64,
    pub posts_version: i64,
    pub impacts_version: i64,
    pub disclosure_version: i64,
    pub consultation_opened_backdated: bool,
    /// The slot-in threshold (employer policy, not law): the least match, in percent.
    pub slot_in_threshold_percent: i32,
    /// When the decision was recorded (migration 000028): the retention period runs from it.
    pub decided_at: Option<DateTimeUtc>,
    /// When the retention run pseudonymised its personal data (`domain::retention`).
    pub pseudonymised_at: Option<DateTimeUtc>,
    /// The HR person staff are told to talk to (migration 000029).
    pub hr_contact_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
