use sea_orm::entity::prelude::*;

/// An individual consultation meeting with one employee.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "individual_meeting")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    pub scheduled_for: DateTimeUtc,
    pub held_on: Option<Date>,
    pub location: String,
    pub notes: Option<String>,
    /// NONE, UNION_REP or COLLEAGUE.
    pub companion_kind: String,
    pub companion_name: Option<String>,
    /// A union representative's account, when the companion was one.
    pub companion_user_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
