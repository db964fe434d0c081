use sea_orm::entity::prelude::*;

/// The last mapping of a file's columns used for one kind of import (migration 000029).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_mapping")]
pub struct Model {
    /// POSTS or EMPLOYEES.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// JSON: `[{"field": ..., "columns": [...]}]`.
    pub mapping: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
