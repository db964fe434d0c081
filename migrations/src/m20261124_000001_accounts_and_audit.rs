//! Accounts, failed sign-ins (for throttling) and the append-only audit log.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    Email,
    Name,
    Role,
    UnionName,
    PasswordHash,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum LoginFailure {
    Table,
    Id,
    Email,
    FailedAt,
}

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    Id,
    OccurredAt,
    ActorId,
    ActorLabel,
    Action,
    EntityType,
    EntityId,
    Before,
    After,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .col(pk_uuid(AppUser::Id))
                    .col(string_uniq(AppUser::Email))
                    .col(string(AppUser::Name))
                    .col(string(AppUser::Role))
                    .col(string_null(AppUser::UnionName))
                    .col(string_null(AppUser::PasswordHash))
                    .col(timestamp_with_time_zone(AppUser::CreatedAt))
                    .col(timestamp_with_time_zone(AppUser::UpdatedAt))
                    .col(integer(AppUser::Version))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginFailure::Table)
                    .col(pk_uuid(LoginFailure::Id))
                    .col(string(LoginFailure::Email))
                    .col(timestamp_with_time_zone(LoginFailure::FailedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("login_failure_email_failed_at")
                    .table(LoginFailure::Table)
                    .col(LoginFailure::Email)
                    .col(LoginFailure::FailedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvent::Table)
                    .col(pk_uuid(AuditEvent::Id))
                    .col(timestamp_with_time_zone(AuditEvent::OccurredAt))
                    .col(uuid_null(AuditEvent::ActorId))
                    .col(string_null(AuditEvent::ActorLabel))
                    .col(string(AuditEvent::Action))
                    .col(string(AuditEvent::EntityType))
                    .col(uuid(AuditEvent::EntityId))
                    .col(json_binary_null(AuditEvent::Before))
                    .col(json_binary_null(AuditEvent::After))
                    .foreign_key(
                        ForeignKey::create()
                            .name("audit_event_actor")
                            .from(AuditEvent::Table, AuditEvent::ActorId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_event_entity")
                    .table(AuditEvent::Table)
                    .col(AuditEvent::EntityType)
                    .col(AuditEvent::EntityId)
                    .col(AuditEvent::Id)
                    .to_owned(),
            )
            .await?;

        // The audit log is evidence: the database itself refuses to change or delete it.
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$;
                     CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
                     FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();",
                )
                .await?;
            }
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
                     BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
                     CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
                     BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;",
                )
                .await?;
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_event_append_only() CASCADE")
                .await?;
        }
        for table in [
            AuditEvent::Table.into_iden(),
            LoginFailure::Table.into_iden(),
            AppUser::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
