//! Proposals with their revisions and recognised unions, pay scales, the structure (post
//! lines with a current and a proposed side), employees and their post holdings, ring
//! fences, and versioned job descriptions with comments on duties.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

// Column names mirror the table's, so some start with the table's name.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden)]
enum Proposal {
    Table,
    Id,
    Title,
    Service,
    Establishment,
    EstablishmentJurisdiction,
    SponsorId,
    Background,
    Rationale,
    ProposalText,
    Benefits,
    Alternatives,
    Risks,
    EqualityAnalysis,
    EqualityAnalysisComplete,
    AgencyWorkers,
    SelectionMethod,
    DismissalMethod,
    RedundancyPayMethod,
    VisibleToWholeService,
    Status,
    SharedWithUnionsAt,
    ConsultationOpenedAt,
    WithdrawnReason,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ProposalUnion {
    Table,
    ProposalId,
    UnionName,
}

#[derive(DeriveIden)]
enum ProposalRevision {
    Table,
    Id,
    ProposalId,
    Number,
    Snapshot,
    ChangeSummary,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PayScale {
    Table,
    Id,
    Grade,
    AnnualCostPence,
    Description,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum JobDescription {
    Table,
    Id,
    ProposalId,
    Title,
    CreatedAt,
}

#[derive(DeriveIden)]
enum JdVersion {
    Table,
    Id,
    JobDescriptionId,
    Number,
    Label,
    Purpose,
    Duties,
    StaffResponsibilities,
    EssentialCriteria,
    DesirableCriteria,
    ProposedGrade,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum JdComment {
    Table,
    Id,
    JdVersionId,
    DutyNumber,
    AuthorId,
    Category,
    Text,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Post {
    Table,
    Id,
    ProposalId,
    Position,
    Title,
    InScope,
    CurrentGrade,
    CurrentFteHundredths,
    CurrentHeadcount,
    CurrentReportsTo,
    CurrentJdVersionId,
    ProposedGrade,
    ProposedFteHundredths,
    ProposedHeadcount,
    ProposedReportsTo,
    ProposedJdVersionId,
    Note,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden)]
enum Employee {
    Table,
    Id,
    ProposalId,
    EmployeeNumber,
    Name,
    WorkEmail,
    Impact,
    ImpactNote,
    SlotInPostId,
    SlotInMatchPercent,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PostHolding {
    Table,
    Id,
    EmployeeId,
    PostId,
    FteHundredths,
}

#[derive(DeriveIden)]
enum RingFence {
    Table,
    Id,
    ProposalId,
    Name,
    Rule,
    FromPostIds,
    ToPostIds,
    MemberIds,
    Version,
    CreatedAt,
    UpdatedAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Proposal::Table)
                    .col(pk_uuid(Proposal::Id))
                    .col(string(Proposal::Title))
                    .col(string(Proposal::Service))
                    .col(string(Proposal::Establishment))
                    .col(string(Proposal::EstablishmentJurisdiction))
                    .col(uuid_null(Proposal::SponsorId))
                    .col(text(Proposal::Background))
                    .col(text(Proposal::Rationale))
                    .col(text(Proposal::ProposalText))
                    .col(text(Proposal::Benefits))
                    .col(json_binary(Proposal::Alternatives))
                    .col(json_binary(Proposal::Risks))
                    .col(text(Proposal::EqualityAnalysis))
                    .col(boolean(Proposal::EqualityAnalysisComplete))
                    .col(text(Proposal::AgencyWorkers))
                    .col(text(Proposal::SelectionMethod))
                    .col(text(Proposal::DismissalMethod))
                    .col(text(Proposal::RedundancyPayMethod))
                    .col(boolean(Proposal::VisibleToWholeService))
                    .col(string(Proposal::Status))
                    .col(timestamp_with_time_zone_null(Proposal::SharedWithUnionsAt))
                    .col(timestamp_with_time_zone_null(
                        Proposal::ConsultationOpenedAt,
                    ))
                    .col(text_null(Proposal::WithdrawnReason))
                    .col(uuid_null(Proposal::CreatedBy))
                    .col(timestamp_with_time_zone(Proposal::CreatedAt))
                    .col(timestamp_with_time_zone(Proposal::UpdatedAt))
                    .col(integer(Proposal::Version))
                    .foreign_key(&mut fk(
                        "proposal_sponsor",
                        (Proposal::Table, Proposal::SponsorId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .foreign_key(&mut fk(
                        "proposal_created_by",
                        (Proposal::Table, Proposal::CreatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "proposal_status",
                Proposal::Table,
                vec![Proposal::Status.into_iden(), Proposal::Id.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "proposal_sponsor",
                Proposal::Table,
                vec![Proposal::SponsorId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProposalUnion::Table)
                    .col(uuid(ProposalUnion::ProposalId))
                    .col(string(ProposalUnion::UnionName))
                    .primary_key(
                        Index::create()
                            .col(ProposalUnion::ProposalId)
                            .col(ProposalUnion::UnionName),
                    )
                    .foreign_key(&mut fk(
                        "proposal_union_proposal",
                        (ProposalUnion::Table, ProposalUnion::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "proposal_union_name",
                ProposalUnion::Table,
                vec![ProposalUnion::UnionName.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProposalRevision::Table)
                    .col(pk_uuid(ProposalRevision::Id))
                    .col(uuid(ProposalRevision::ProposalId))
                    .col(integer(ProposalRevision::Number))
                    .col(json_binary(ProposalRevision::Snapshot))
                    .col(text(ProposalRevision::ChangeSummary))
                    .col(uuid_null(ProposalRevision::CreatedBy))
                    .col(timestamp_with_time_zone(ProposalRevision::CreatedAt))
                    .foreign_key(&mut fk(
                        "proposal_revision_proposal",
                        (ProposalRevision::Table, ProposalRevision::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .foreign_key(&mut fk(
                        "proposal_revision_created_by",
                        (ProposalRevision::Table, ProposalRevision::CreatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "proposal_revision_number",
                    ProposalRevision::Table,
                    vec![
                        ProposalRevision::ProposalId.into_iden(),
                        ProposalRevision::Number.into_iden(),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PayScale::Table)
                    .col(pk_uuid(PayScale::Id))
                    .col(string_uniq(PayScale::Grade))
                    .col(big_integer(PayScale::AnnualCostPence))
                    .col(text_null(PayScale::Description))
                    .col(integer(PayScale::Version))
                    .col(timestamp_with_time_zone(PayScale::CreatedAt))
                    .col(timestamp_with_time_zone(PayScale::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(JobDescription::Table)
                    .col(pk_uuid(JobDescription::Id))
                    .col(uuid(JobDescription::ProposalId))
                    .col(string(JobDescription::Title))
                    .col(timestamp_with_time_zone(JobDescription::CreatedAt))
                    .foreign_key(&mut fk(
                        "job_description_proposal",
                        (JobDescription::Table, JobDescription::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "job_description_proposal",
                JobDescription::Table,
                vec![JobDescription::ProposalId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(JdVersion::Table)
                    .col(pk_uuid(JdVersion::Id))
                    .col(uuid(JdVersion::JobDescriptionId))
                    .col(integer(JdVersion::Number))
                    .col(string(JdVersion::Label))
                    .col(text(JdVersion::Purpose))
                    .col(json_binary(JdVersion::Duties))
                    .col(text(JdVersion::StaffResponsibilities))
                    .col(json_binary(JdVersion::EssentialCriteria))
                    .col(json_binary(JdVersion::DesirableCriteria))
                    .col(string_null(JdVersion::ProposedGrade))
                    .col(uuid_null(JdVersion::CreatedBy))
                    .col(timestamp_with_time_zone(JdVersion::CreatedAt))
                    .foreign_key(&mut fk(
                        "jd_version_job_description",
                        (JdVersion::Table, JdVersion::JobDescriptionId),
                        (JobDescription::Table, JobDescription::Id),
                    ))
                    .foreign_key(&mut fk(
                        "jd_version_created_by",
                        (JdVersion::Table, JdVersion::CreatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "jd_version_number",
                    JdVersion::Table,
                    vec![
                        JdVersion::JobDescriptionId.into_iden(),
                        JdVersion::Number.into_iden(),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(JdComment::Table)
                    .col(pk_uuid(JdComment::Id))
                    .col(uuid(JdComment::JdVersionId))
                    .col(integer(JdComment::DutyNumber))
                    .col(uuid(JdComment::AuthorId))
                    .col(string(JdComment::Category))
                    .col(text(JdComment::Text))
                    .col(timestamp_with_time_zone(JdComment::CreatedAt))
                    .foreign_key(&mut fk(
                        "jd_comment_version",
                        (JdComment::Table, JdComment::JdVersionId),
                        (JdVersion::Table, JdVersion::Id),
                    ))
                    .foreign_key(&mut fk(
                        "jd_comment_author",
                        (JdComment::Table, JdComment::AuthorId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "jd_comment_version",
                JdComment::Table,
                vec![
                    JdComment::JdVersionId.into_iden(),
                    JdComment::Id.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Post::Table)
                    .col(pk_uuid(Post::Id))
                    .col(uuid(Post::ProposalId))
                    .col(integer(Post::Position))
                    .col(string(Post::Title))
                    .col(boolean(Post::InScope))
                    .col(string_null(Post::CurrentGrade))
                    .col(integer_null(Post::CurrentFteHundredths))
                    .col(integer_null(Post::CurrentHeadcount))
                    .col(uuid_null(Post::CurrentReportsTo))
                    .col(uuid_null(Post::CurrentJdVersionId))
                    .col(string_null(Post::ProposedGrade))
                    .col(integer_null(Post::ProposedFteHundredths))
                    .col(integer_null(Post::ProposedHeadcount))
                    .col(uuid_null(Post::ProposedReportsTo))
                    .col(uuid_null(Post::ProposedJdVersionId))
                    .col(text_null(Post::Note))
                    .col(integer(Post::Version))
                    .col(timestamp_with_time_zone(Post::CreatedAt))
                    .col(timestamp_with_time_zone(Post::UpdatedAt))
                    .foreign_key(&mut fk(
                        "post_proposal",
                        (Post::Table, Post::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .foreign_key(&mut fk(
                        "post_current_jd",
                        (Post::Table, Post::CurrentJdVersionId),
                        (JdVersion::Table, JdVersion::Id),
                    ))
                    .foreign_key(&mut fk(
                        "post_proposed_jd",
                        (Post::Table, Post::ProposedJdVersionId),
                        (JdVersion::Table, JdVersion::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "post_proposal",
                Post::Table,
                vec![Post::ProposalId.into_iden(), Post::Id.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Employee::Table)
                    .col(pk_uuid(Employee::Id))
                    .col(uuid(Employee::ProposalId))
                    .col(string(Employee::EmployeeNumber))
                    .col(string(Employee::Name))
                    .col(string(Employee::WorkEmail))
                    .col(string(Employee::Impact))
                    .col(text_null(Employee::ImpactNote))
                    .col(uuid_null(Employee::SlotInPostId))
                    .col(integer_null(Employee::SlotInMatchPercent))
                    .col(integer(Employee::Version))
                    .col(timestamp_with_time_zone(Employee::CreatedAt))
                    .col(timestamp_with_time_zone(Employee::UpdatedAt))
                    .foreign_key(&mut fk(
                        "employee_proposal",
                        (Employee::Table, Employee::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .foreign_key(&mut fk(
                        "employee_slot_in_post",
                        (Employee::Table, Employee::SlotInPostId),
                        (Post::Table, Post::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "employee_number",
                    Employee::Table,
                    vec![
                        Employee::ProposalId.into_iden(),
                        Employee::EmployeeNumber.into_iden(),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "employee_work_email",
                Employee::Table,
                vec![Employee::WorkEmail.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PostHolding::Table)
                    .col(pk_uuid(PostHolding::Id))
                    .col(uuid(PostHolding::EmployeeId))
                    .col(uuid(PostHolding::PostId))
                    .col(integer(PostHolding::FteHundredths))
                    .foreign_key(&mut fk(
                        "post_holding_employee",
                        (PostHolding::Table, PostHolding::EmployeeId),
                        (Employee::Table, Employee::Id),
                    ))
                    .foreign_key(&mut fk(
                        "post_holding_post",
                        (PostHolding::Table, PostHolding::PostId),
                        (Post::Table, Post::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "post_holding_employee",
                PostHolding::Table,
                vec![PostHolding::EmployeeId.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "post_holding_post",
                PostHolding::Table,
                vec![PostHolding::PostId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RingFence::Table)
                    .col(pk_uuid(RingFence::Id))
                    .col(uuid(RingFence::ProposalId))
                    .col(string(RingFence::Name))
                    .col(text(RingFence::Rule))
                    .col(json_binary(RingFence::FromPostIds))
                    .col(json_binary(RingFence::ToPostIds))
                    .col(json_binary(RingFence::MemberIds))
                    .col(integer(RingFence::Version))
                    .col(timestamp_with_time_zone(RingFence::CreatedAt))
                    .col(timestamp_with_time_zone(RingFence::UpdatedAt))
                    .foreign_key(&mut fk(
                        "ring_fence_proposal",
                        (RingFence::Table, RingFence::ProposalId),
                        (Proposal::Table, Proposal::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ring_fence_proposal",
                RingFence::Table,
                vec![RingFence::ProposalId.into_iden()],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RingFence::Table.into_iden(),
            PostHolding::Table.into_iden(),
            Employee::Table.into_iden(),
            Post::Table.into_iden(),
            JdComment::Table.into_iden(),
            JdVersion::Table.into_iden(),
            JobDescription::Table.into_iden(),
            PayScale::Table.into_iden(),
            ProposalRevision::Table.into_iden(),
            ProposalUnion::Table.into_iden(),
            Proposal::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
