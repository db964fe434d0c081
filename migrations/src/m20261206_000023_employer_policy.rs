//! The employer's policy for the individual stage (issue 16): one row per installation, held
//! under a fixed id so that a second row cannot exist. Until HR saves one, Consult applies the
//! defaults in `domain::individual::policy` (statutory pay only).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EmployerPolicy {
    Table,
    Id,
    AppealWindowWorkingDays,
    SlotInThresholdPercent,
    TrialReminderWorkingDays,
    SchemeKind,
    UseActualWeeklyPay,
    MultiplierHundredths,
    MaxWeeks,
    Version,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EmployerPolicy::Table)
                    .col(pk_uuid(EmployerPolicy::Id))
                    .col(integer(EmployerPolicy::AppealWindowWorkingDays))
                    .col(integer(EmployerPolicy::SlotInThresholdPercent))
                    .col(integer(EmployerPolicy::TrialReminderWorkingDays))
                    // STATUTORY_ONLY or ENHANCED.
                    .col(string(EmployerPolicy::SchemeKind))
                    .col(boolean(EmployerPolicy::UseActualWeeklyPay))
                    .col(integer(EmployerPolicy::MultiplierHundredths))
                    .col(integer(EmployerPolicy::MaxWeeks))
                    .col(integer(EmployerPolicy::Version))
                    .col(uuid_null(EmployerPolicy::UpdatedBy))
                    .col(timestamp_with_time_zone(EmployerPolicy::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("employer_policy_updated_by")
                            .from(EmployerPolicy::Table, EmployerPolicy::UpdatedBy)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EmployerPolicy::Table).to_owned())
            .await
    }
}
