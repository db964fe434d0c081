//! Protected characteristics HR holds for affected employees, optionally, for monitoring the
//! individual stage's outcomes (Equality Act 2010 s4, s149). HR only; one value per
//! characteristic per employee record. Deleting the employee record deletes them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EmployeeCharacteristic {
    Table,
    EmployeeId,
    Characteristic,
    Value,
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
                    .table(EmployeeCharacteristic::Table)
                    .col(uuid(EmployeeCharacteristic::EmployeeId))
                    .col(string(EmployeeCharacteristic::Characteristic))
                    .col(string(EmployeeCharacteristic::Value))
                    .primary_key(
                        Index::create()
                            .col(EmployeeCharacteristic::EmployeeId)
                            .col(EmployeeCharacteristic::Characteristic),
                    )
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("employee_characteristic_employee")
                            .from(
                                EmployeeCharacteristic::Table,
                                EmployeeCharacteristic::EmployeeId,
                            )
                            .to(Employee::Table, Employee::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(EmployeeCharacteristic::Table)
                    .to_owned(),
            )
            .await
    }
}
