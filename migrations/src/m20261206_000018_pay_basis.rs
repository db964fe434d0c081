//! Pay for the protective award (TULRCA s189, s190(5)): a week's pay is gross pay without the
//! employer's on-costs, so a pay scale holds its salary and on-cost rate beside the total
//! annual cost, and an employee may have their actual gross weekly pay.
//!
//! `annual_cost_pence` stays, as the total the structure is costed at (salary plus on-costs,
//! written with the other two), so every cost figure reads as before. Existing rows keep their
//! total: their salary is set to it with no on-cost rate until HR gives the split.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PayScale {
    Table,
    AnnualCostPence,
    SalaryPence,
    OnCostBasisPoints,
}

#[derive(DeriveIden)]
enum Employee {
    Table,
    WeeklyPayPence,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(PayScale::Table)
                    .add_column(big_integer(PayScale::SalaryPence).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PayScale::Table)
                    .add_column(integer(PayScale::OnCostBasisPoints).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(PayScale::Table)
                    .value(PayScale::SalaryPence, Expr::col(PayScale::AnnualCostPence))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Employee::Table)
                    .add_column(big_integer_null(Employee::WeeklyPayPence))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Employee::Table)
                    .drop_column(Employee::WeeklyPayPence)
                    .to_owned(),
            )
            .await?;
        for column in [PayScale::OnCostBasisPoints, PayScale::SalaryPence] {
            manager
                .alter_table(
                    Table::alter()
                        .table(PayScale::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
