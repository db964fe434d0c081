use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "timetable")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub proposal_id: Uuid,
    pub consultation_start: Option<Date>,
    pub consultation_end: Option<Date>,
    pub consultation_type: String,
    pub planned_first_dismissal: Option<Date>,
    pub planned_first_notice: Option<Date>,
    pub reengagement_dismissals: i32,
    pub question_response_days: i32,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
