//! Per-request loading (so nothing cached crosses users): a nested object on every item
//! of a page costs one statement for the whole page, not one per item.
//!
//! Batching by delay alone is not enough: async-graphql resolves a list of more than 32
//! items in slices, and a batch can fire between them. So lists *prime* what their items
//! will need in one statement, and per-item loads are answered from the request's cache.
//! Everything inside a proposal comes from its `ProposalGraph`, loaded once per request
//! in a fixed number of statements, whatever the proposal's size.

use crate::store::{
    self, Store,
    structure::{PayScaleRecord, ProposalGraph},
    users::User as StoredUser,
};
use async_graphql::{
    Context,
    dataloader::{DataLoader, HashMapCache, Loader},
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;
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

type Cell<T> = Arc<OnceCell<Arc<T>>>;

/// The loaders of one request.
pub struct Loaders {
    store: Store,
    users: DataLoader<UserLoader, HashMapCache>,
    graphs: Mutex<HashMap<Uuid, Cell<ProposalGraph>>>,
    pay_scales: OnceCell<Arc<Vec<PayScaleRecord>>>,
}

impl Loaders {
    pub fn new(store: &Store) -> Self {
        Self {
            store: store.clone(),
            users: DataLoader::with_cache(
                UserLoader(store.clone()),
                tokio::spawn,
                HashMapCache::default(),
            ),
            graphs: Mutex::new(HashMap::new()),
            pay_scales: OnceCell::new(),
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

    fn graph_cell(&self, id: Uuid) -> Cell<ProposalGraph> {
        self.graphs
            .lock()
            .expect("the graph cache lock is never poisoned")
            .entry(id)
            .or_default()
            .clone()
    }

    /// The graph of one proposal.
    pub async fn graph(&self, id: Uuid) -> async_graphql::Result<Arc<ProposalGraph>> {
        let cell = self.graph_cell(id);
        let graph = cell
            .get_or_try_init(|| async {
                let mut graphs = store::structure::load_graphs(self.store.conn(), &[id]).await?;
                Ok::<_, async_graphql::Error>(Arc::new(graphs.remove(&id).unwrap_or_default()))
            })
            .await?;
        Ok(graph.clone())
    }

    /// Loads the graphs of a page of proposals at once.
    pub async fn prime_graphs(&self, ids: &[Uuid]) -> async_graphql::Result<()> {
        let missing: Vec<Uuid> = ids
            .iter()
            .copied()
            .filter(|id| !self.graph_cell(*id).initialized())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut graphs = store::structure::load_graphs(self.store.conn(), &missing).await?;
        for id in missing {
            let _ = self
                .graph_cell(id)
                .set(Arc::new(graphs.remove(&id).unwrap_or_default()));
        }
        Ok(())
    }

    /// Every pay scale, once per request.
    pub async fn pay_scales(&self) -> async_graphql::Result<Arc<Vec<PayScaleRecord>>> {
        let scales = self
            .pay_scales
            .get_or_try_init(|| async {
                Ok::<_, async_graphql::Error>(Arc::new(
                    store::structure::pay_scales(self.store.conn()).await?,
                ))
            })
            .await?;
        Ok(scales.clone())
    }
}
