//! The individual stage's cases (issue 16): one case per employee row, keyed by the employee,
//! with an append-only history of its steps and the individual consultation meetings held
//! with the employee. The facts the later steps need are added to the employee (continuous
//! service start, date of birth, contractual notice) and the proposal (its slot-in threshold,
//! employer policy, 70% unless HR sets another).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IndividualCase {
    Table,
    EmployeeId,
    ProposalId,
    State,
    Version,
    NextActionDue,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CaseEvent {
    Table,
    Id,
    EmployeeId,
    FromState,
    ToState,
    Step,
    Detail,
    ActorId,
    At,
    OccurredOn,
}

#[derive(DeriveIden)]
enum IndividualMeeting {
    Table,
    Id,
    EmployeeId,
    ScheduledFor,
    HeldOn,
    Location,
    Notes,
    CompanionKind,
    CompanionName,
    CompanionUserId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Employee {
    Table,
    Id,
    ContinuousServiceStart,
    DateOfBirth,
    ContractualNoticeWeeks,
}

#[derive(DeriveIden)]
enum Proposal {
    Table,
    Id,
    SlotInThresholdPercent,
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
                    .table(IndividualCase::Table)
                    .col(pk_uuid(IndividualCase::EmployeeId))
                    .col(uuid(IndividualCase::ProposalId))
                    .col(string(IndividualCase::State))
                    .col(integer(IndividualCase::Version))
                    .col(date_null(IndividualCase::NextActionDue))
                    .col(timestamp_with_time_zone(IndividualCase::CreatedAt))
                    .col(timestamp_with_time_zone(IndividualCase::UpdatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("individual_case_employee")
                            .from(IndividualCase::Table, IndividualCase::EmployeeId)
                            .to(Employee::Table, Employee::Id)
                            .to_owned(),
                    )
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("individual_case_proposal")
                            .from(IndividualCase::Table, IndividualCase::ProposalId)
                            .to(Proposal::Table, Proposal::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        // The people board: a proposal's cases by state.
        manager
            .create_index(
                Index::create()
                    .name("individual_case_proposal_state")
                    .table(IndividualCase::Table)
                    .col(IndividualCase::ProposalId)
                    .col(IndividualCase::State)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseEvent::Table)
                    .col(pk_uuid(CaseEvent::Id))
                    .col(uuid(CaseEvent::EmployeeId))
                    .col(string_null(CaseEvent::FromState))
                    .col(string(CaseEvent::ToState))
                    .col(string(CaseEvent::Step))
                    .col(json_binary(CaseEvent::Detail))
                    .col(uuid_null(CaseEvent::ActorId))
                    .col(timestamp_with_time_zone(CaseEvent::At))
                    .col(date(CaseEvent::OccurredOn))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("case_event_case")
                            .from(CaseEvent::Table, CaseEvent::EmployeeId)
                            .to(IndividualCase::Table, IndividualCase::EmployeeId)
                            .to_owned(),
                    )
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("case_event_actor")
                            .from(CaseEvent::Table, CaseEvent::ActorId)
                            .to(AppUser::Table, AppUser::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("case_event_employee")
                    .table(CaseEvent::Table)
                    .col(CaseEvent::EmployeeId)
                    .col(CaseEvent::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IndividualMeeting::Table)
                    .col(pk_uuid(IndividualMeeting::Id))
                    .col(uuid(IndividualMeeting::EmployeeId))
                    .col(timestamp_with_time_zone(IndividualMeeting::ScheduledFor))
                    .col(date_null(IndividualMeeting::HeldOn))
                    .col(string(IndividualMeeting::Location))
                    .col(text_null(IndividualMeeting::Notes))
                    .col(string(IndividualMeeting::CompanionKind).default("NONE"))
                    .col(string_null(IndividualMeeting::CompanionName))
                    .col(uuid_null(IndividualMeeting::CompanionUserId))
                    .col(integer(IndividualMeeting::Version))
                    .col(timestamp_with_time_zone(IndividualMeeting::CreatedAt))
                    .col(timestamp_with_time_zone(IndividualMeeting::UpdatedAt))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("individual_meeting_employee")
                            .from(IndividualMeeting::Table, IndividualMeeting::EmployeeId)
                            .to(Employee::Table, Employee::Id)
                            .to_owned(),
                    )
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("individual_meeting_companion")
                            .from(IndividualMeeting::Table, IndividualMeeting::CompanionUserId)
                            .to(AppUser::Table, AppUser::Id)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("individual_meeting_employee_idx")
                    .table(IndividualMeeting::Table)
                    .col(IndividualMeeting::EmployeeId)
                    .to_owned(),
            )
            .await?;
        // Which cases name a representative as companion (their view of a case).
        manager
            .create_index(
                Index::create()
                    .name("individual_meeting_companion_idx")
                    .table(IndividualMeeting::Table)
                    .col(IndividualMeeting::CompanionUserId)
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Employee::Table)
                    .add_column(date_null(Employee::ContinuousServiceStart))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Employee::Table)
                    .add_column(date_null(Employee::DateOfBirth))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Employee::Table)
                    .add_column(integer_null(Employee::ContractualNoticeWeeks))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Proposal::Table)
                    .add_column(integer(Proposal::SlotInThresholdPercent).default(70))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Proposal::Table)
                    .drop_column(Proposal::SlotInThresholdPercent)
                    .to_owned(),
            )
            .await?;
        for column in [
            Employee::ContractualNoticeWeeks,
            Employee::DateOfBirth,
            Employee::ContinuousServiceStart,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Employee::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            IndividualMeeting::Table.into_iden(),
            CaseEvent::Table.into_iden(),
            IndividualCase::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
