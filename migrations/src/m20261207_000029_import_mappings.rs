//! The last mapping of a spreadsheet's columns to Consult's fields, per kind of import
//! (issue 18), offered the next time HR imports the same kind of file. One installation
//! serves one employer, so one mapping per kind is the organisation's. It holds headings
//! only, no personal data.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ImportMapping {
    Table,
    /// POSTS or EMPLOYEES.
    Kind,
    /// JSON: `[{"field": "name", "columns": ["Forename", "Surname"]}, ...]`.
    Mapping,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportMapping::Table)
                    .col(string(ImportMapping::Kind).primary_key())
                    .col(text(ImportMapping::Mapping))
                    .col(timestamp_with_time_zone(ImportMapping::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportMapping::Table).to_owned())
            .await
    }
}
