use sea_orm::entity::prelude::*;

/// What HR gives for one employee's redundancy pay beside their facts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_pay")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub employee_id: Uuid,
    pub proposal_id: Uuid,
    /// The relevant date to calculate with before notice is given.
    pub provisional_relevant_date: Option<Date>,
    /// The pension strain cost HR enters (the fund actuary's figure).
    pub pension_strain_pence: Option<i64>,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
