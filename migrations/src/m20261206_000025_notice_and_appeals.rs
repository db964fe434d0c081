//! Notice of dismissal, redundancy pay inputs and appeals (issue 16, wave 2).
//!
//! - `case_notice`: each notice of dismissal given (ERA 1996 s86), with the period worked out
//!   when it was given; the latest of an employee's is in force. Indexed by proposal and day
//!   so that the s188 engine reads a proposal's first notice in one statement.
//! - `case_pay`: what HR gives for the redundancy pay calculation beside the employee's facts:
//!   a provisional relevant date before notice, and the pension strain cost.
//! - `case_appeal`: an appeal against a decision (the case event appealed, unique: one appeal
//!   per decision), its hearing and its outcome.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseNotice {
    Table,
    Id,
    EmployeeId,
    ProposalId,
    GivenOn,
    LastDay,
    NoticeWeeks,
    StatutoryWeeks,
    ContractualWeeks,
    Basis,
    TimeOffToLookForWork,
    GivenBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CasePay {
    Table,
    EmployeeId,
    ProposalId,
    ProvisionalRelevantDate,
    PensionStrainPence,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CaseAppeal {
    Table,
    Id,
    EmployeeId,
    ProposalId,
    DecisionEventId,
    DecisionStep,
    DecidedOn,
    Deadline,
    LodgedOn,
    Grounds,
    LodgedBy,
    HearingStartsAt,
    HearingEndsAt,
    HearingPlace,
    HearingSequence,
    Outcome,
    OutcomeReasons,
    OutcomeOn,
    ReopenedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Employee {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaseNotice::Table)
                    .col(pk_uuid(CaseNotice::Id))
                    .col(uuid(CaseNotice::EmployeeId))
                    .col(uuid(CaseNotice::ProposalId))
                    .col(date(CaseNotice::GivenOn))
                    .col(date(CaseNotice::LastDay))
                    .col(integer(CaseNotice::NoticeWeeks))
                    .col(integer(CaseNotice::StatutoryWeeks))
                    .col(integer_null(CaseNotice::ContractualWeeks))
                    // STATUTORY or CONTRACTUAL.
                    .col(string(CaseNotice::Basis))
                    .col(boolean(CaseNotice::TimeOffToLookForWork))
                    .col(uuid_null(CaseNotice::GivenBy))
                    .col(timestamp_with_time_zone(CaseNotice::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("case_notice_employee")
                            .from(CaseNotice::Table, CaseNotice::EmployeeId)
                            .to(Employee::Table, Employee::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("case_notice_proposal_given_on")
                    .table(CaseNotice::Table)
                    .col(CaseNotice::ProposalId)
                    .col(CaseNotice::GivenOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("case_notice_employee")
                    .table(CaseNotice::Table)
                    .col(CaseNotice::EmployeeId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CasePay::Table)
                    .col(pk_uuid(CasePay::EmployeeId))
                    .col(uuid(CasePay::ProposalId))
                    .col(date_null(CasePay::ProvisionalRelevantDate))
                    .col(big_integer_null(CasePay::PensionStrainPence))
                    .col(integer(CasePay::Version))
                    .col(timestamp_with_time_zone(CasePay::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("case_pay_employee")
                            .from(CasePay::Table, CasePay::EmployeeId)
                            .to(Employee::Table, Employee::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("case_pay_proposal")
                    .table(CasePay::Table)
                    .col(CasePay::ProposalId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseAppeal::Table)
                    .col(pk_uuid(CaseAppeal::Id))
                    .col(uuid(CaseAppeal::EmployeeId))
                    .col(uuid(CaseAppeal::ProposalId))
                    .col(uuid_uniq(CaseAppeal::DecisionEventId))
                    .col(string(CaseAppeal::DecisionStep))
                    .col(date(CaseAppeal::DecidedOn))
                    .col(date(CaseAppeal::Deadline))
                    .col(date(CaseAppeal::LodgedOn))
                    .col(text(CaseAppeal::Grounds))
                    .col(uuid_null(CaseAppeal::LodgedBy))
                    .col(timestamp_with_time_zone_null(CaseAppeal::HearingStartsAt))
                    .col(timestamp_with_time_zone_null(CaseAppeal::HearingEndsAt))
                    .col(string_null(CaseAppeal::HearingPlace))
                    .col(integer(CaseAppeal::HearingSequence))
                    // UPHELD or NOT_UPHELD.
                    .col(string_null(CaseAppeal::Outcome))
                    .col(text_null(CaseAppeal::OutcomeReasons))
                    .col(date_null(CaseAppeal::OutcomeOn))
                    // The CaseState the case reopened at, when upheld.
                    .col(string_null(CaseAppeal::ReopenedAt))
                    .col(integer(CaseAppeal::Version))
                    .col(timestamp_with_time_zone(CaseAppeal::CreatedAt))
                    .col(timestamp_with_time_zone(CaseAppeal::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("case_appeal_employee")
                            .from(CaseAppeal::Table, CaseAppeal::EmployeeId)
                            .to(Employee::Table, Employee::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("case_appeal_employee")
                    .table(CaseAppeal::Table)
                    .col(CaseAppeal::EmployeeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CaseAppeal::Table.into_iden(),
            CasePay::Table.into_iden(),
            CaseNotice::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
