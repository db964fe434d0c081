use sea_orm::entity::prelude::*;

/// A protected characteristic HR holds for an employee record (HR only).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employee_characteristic")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub employee_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub characteristic: String,
    pub value: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
