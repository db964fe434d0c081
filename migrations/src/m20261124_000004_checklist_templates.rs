//! Checklist templates HR can write, besides the default (the Bury pack's checklist).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ChecklistTemplate {
    Table,
    Id,
    Name,
    Steps,
    Approvals,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChecklistTemplate::Table)
                    .col(pk_uuid(ChecklistTemplate::Id))
                    .col(string_uniq(ChecklistTemplate::Name))
                    .col(json_binary(ChecklistTemplate::Steps))
                    .col(json_binary(ChecklistTemplate::Approvals))
                    .col(uuid_null(ChecklistTemplate::CreatedBy))
                    .col(timestamp_with_time_zone(ChecklistTemplate::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("checklist_template_created_by")
                            .from(ChecklistTemplate::Table, ChecklistTemplate::CreatedBy)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChecklistTemplate::Table).to_owned())
            .await
    }
}
