//! DataLoaders, built per request (so nothing cached crosses users): a nested object on
//! every item of a page costs one statement for the whole page, not one per item.

use crate::store::{self, Store, users::User as StoredUser};
use async_graphql::{
    Context,
    dataloader::{DataLoader, Loader},
};
use std::collections::HashMap;
use uuid::Uuid;

/// Accounts by id.
pub struct UserLoader(Store);

impl Loader<Uuid> for UserLoader {
    type Value = StoredUser;
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, StoredUser>, Self::Error> {
        let users = store::users::find_by_ids(&self.0, ids).await?;
        Ok(users.into_iter().map(|user| (user.id, user)).collect())
    }
}

/// The loaders of one request.
pub struct Loaders {
    users: DataLoader<UserLoader>,
}

impl Loaders {
    pub fn new(store: &Store) -> Self {
        Self {
            users: DataLoader::new(UserLoader(store.clone()), tokio::spawn),
        }
    }

    pub fn of<'a>(ctx: &Context<'a>) -> &'a Loaders {
        ctx.data_opt::<Loaders>()
            .expect("the HTTP layer adds Loaders to every request")
    }

    /// The account `id`, if it exists, as the API's `User`.
    pub async fn user(&self, id: Uuid) -> async_graphql::Result<Option<super::account::User>> {
        Ok(self.users.load_one(id).await?.map(super::account::User))
    }
}
