//! A proposal's employees in id order. A page of them (`employees(first, after)`) is read by
//! keyset, `proposal_id = ? AND id > ? ORDER BY id LIMIT n`, and counted by proposal; without
//! this index each page would read and sort every employee of the proposal.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("CREATE INDEX employee_proposal_page ON employee (proposal_id, id)")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS employee_proposal_page")
            .await?;
        Ok(())
    }
}
