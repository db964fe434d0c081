//! Employees by the lower-case form of their work email. A person's own records are found by
//! comparing addresses without regard to case (rows written before addresses were normalised,
//! or by hand, may hold capitals); without this index each such lookup reads every employee
//! of the proposal, so saving one person's response would cost what the proposal holds.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // An expression index; SQLite and PostgreSQL write it the same way.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX employee_work_email_lower ON employee (lower(work_email), proposal_id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS employee_work_email_lower")
            .await?;
        Ok(())
    }
}
