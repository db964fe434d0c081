//! Database migrations for Consult, run by `consult migrate` and at `consult serve` start-up.
//! Every migration runs on SQLite and PostgreSQL; tables declare their foreign keys in
//! `CREATE TABLE` because SQLite cannot add them later.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_accounts_and_audit;
mod m20261124_000002_proposals;
mod m20261124_000003_timetable_and_signoff;
mod m20261124_000004_checklist_templates;
mod m20261124_000005_question_log;
mod m20261124_000006_feedback_responses;
mod m20261124_000007_union_responses;
mod m20261124_000008_consultation_outcome;
mod m20261124_000009_outbox;
mod m20261206_000010_sessions;
mod m20261206_000011_outbox_send_started;
mod m20261206_000012_proposal_graph_version;
mod m20261206_000013_employee_email_index;
mod m20261206_000014_employee_proposal_index;
mod m20261206_000015_s188_as_a_tribunal_reads_it;
mod m20261206_000016_ring_fences_and_invitees;
mod m20261206_000017_approvals_and_backdating;
mod m20261206_000018_pay_basis;
mod m20261206_000019_individual_cases;
mod m20261206_000020_selection;
mod m20261206_000021_letters;
mod m20261206_000022_equality_monitoring;
mod m20261206_000023_employer_policy;
mod m20261206_000024_offers_and_trials;
mod m20261206_000025_notice_and_appeals;
mod m20261206_000026_audit_hash_chain;
mod m20261207_000027_meeting_records;
mod m20261207_000028_retention;
mod m20261207_000029_import_mappings;
mod m20261207_000030_signposting;
mod m20261207_000031_single_sign_on_attempts;
mod m20261207_000032_joint_and_team_responses;
mod m20261207_000033_challenged_answers;
mod m20261207_000034_information_requests;
mod m20261207_000035_grading_challenges;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_accounts_and_audit::Migration),
            Box::new(m20261124_000002_proposals::Migration),
            Box::new(m20261124_000003_timetable_and_signoff::Migration),
            Box::new(m20261124_000004_checklist_templates::Migration),
            Box::new(m20261124_000005_question_log::Migration),
            Box::new(m20261124_000006_feedback_responses::Migration),
            Box::new(m20261124_000007_union_responses::Migration),
            Box::new(m20261124_000008_consultation_outcome::Migration),
            Box::new(m20261124_000009_outbox::Migration),
            Box::new(m20261206_000010_sessions::Migration),
            Box::new(m20261206_000011_outbox_send_started::Migration),
            Box::new(m20261206_000012_proposal_graph_version::Migration),
            Box::new(m20261206_000013_employee_email_index::Migration),
            Box::new(m20261206_000014_employee_proposal_index::Migration),
            Box::new(m20261206_000015_s188_as_a_tribunal_reads_it::Migration),
            Box::new(m20261206_000016_ring_fences_and_invitees::Migration),
            Box::new(m20261206_000017_approvals_and_backdating::Migration),
            Box::new(m20261206_000018_pay_basis::Migration),
            Box::new(m20261206_000019_individual_cases::Migration),
            Box::new(m20261206_000020_selection::Migration),
            Box::new(m20261206_000021_letters::Migration),
            Box::new(m20261206_000022_equality_monitoring::Migration),
            Box::new(m20261206_000023_employer_policy::Migration),
            Box::new(m20261206_000024_offers_and_trials::Migration),
            Box::new(m20261206_000025_notice_and_appeals::Migration),
            Box::new(m20261206_000026_audit_hash_chain::Migration),
            Box::new(m20261207_000027_meeting_records::Migration),
            Box::new(m20261207_000028_retention::Migration),
            Box::new(m20261207_000029_import_mappings::Migration),
            Box::new(m20261207_000030_signposting::Migration),
            Box::new(m20261207_000031_single_sign_on_attempts::Migration),
            Box::new(m20261207_000034_information_requests::Migration),
            Box::new(m20261207_000035_grading_challenges::Migration),
            Box::new(m20261207_000033_challenged_answers::Migration),
            Box::new(m20261207_000032_joint_and_team_responses::Migration),
        ]
    }
}
