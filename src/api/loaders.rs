//! DataLoaders, built per request (so nothing cached crosses users): a nested object on
//! every item of a page costs one statement for the whole page, not one per item.
//!
//! Batching by delay alone is not enough: async-graphql resolves a list of more than 32
//! items in slices, and a batch can fire between them. So a connection resolver *primes*
//! the loader with every key its page needs (when the query asks for them) in one
//! statement, and the per-item loads are answered from the request's cache.

use crate::store::{self, Store, users::User as StoredUser};
use async_graphql::{
    Context,
    dataloader::{DataLoader, HashMapCache, Loader},
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
    users: DataLoader<UserLoader, HashMapCache>,
}

impl Loaders {
    pub fn new(store: &Store) -> Self {
        Self {
            users: DataLoader::with_cache(
                UserLoader(store.clone()),
                tokio::spawn,
                HashMapCache::default(),
            ),
        }
    }

    pub fn of<'a>(ctx: &Context<'a>) -> &'a Loaders {
        ctx.data_opt::<Loaders>()
            .expect("the HTTP layer adds Loaders to every request")
    }

    /// Loads these accounts into the request's cache in one statement.
    pub async fn prime_users(
        &self,
        ids: impl IntoIterator<Item = Uuid>,
    ) -> async_graphql::Result<()> {
        self.users.load_many(ids).await?;
        Ok(())
    }

    /// The account `id`, if it exists, as the API's `User`.
    pub async fn user(&self, id: Uuid) -> async_graphql::Result<Option<super::account::User>> {
        Ok(self.users.load_one(id).await?.map(super::account::User))
    }
}
