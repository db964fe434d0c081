use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ring_fence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub name: String,
    pub rule: String,
    pub from_post_ids: Json,
    pub to_post_ids: Json,
    pub member_ids: Json,
    /// RING_FENCE or RESOURCE_POOL.
    pub kind: String,
    /// HR's reason for each member who holds none of the pool's current posts:
    /// `[{"employeeId", "reason"}]`.
    pub member_reasons: Json,
    pub version: i32,
    /// The selection's scores run from 0 to this.
    pub selection_scale_max: i32,
    /// `[{"score", "text"}]`: what each score means.
    pub selection_scale_descriptors: Json,
    /// When HR published the selection's outcome to the candidates.
    pub selection_published_at: Option<DateTimeUtc>,
    pub selection_published_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
