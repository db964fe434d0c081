//! Per-request loading (so nothing cached crosses users): a nested object on every item
//! of a page costs one statement for the whole page, not one per item.
//!
//! Batching by delay alone is not enough: async-graphql resolves a list of more than 32
//! items in slices, and a batch can fire between them. So lists *prime* what their items
//! will need in one statement, and per-item loads are answered from the request's cache.
//! Everything inside a proposal comes from its `ProposalGraph`, loaded once per request
//! in a fixed number of statements, whatever the proposal's size.

use crate::domain::access::ProposalView;
use crate::store::{
    self, Store,
    graph_cache::GraphCache,
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
    /// Graphs kept between requests, by graph version (`store::graph_cache`).
    cache: Arc<GraphCache>,
    /// Graph versions this request has already read (with the proposal itself).
    versions: Mutex<HashMap<Uuid, i64>>,
    users: DataLoader<UserLoader, HashMapCache>,
    graphs: Mutex<HashMap<Uuid, Cell<ProposalGraph>>>,
    views: Mutex<HashMap<Uuid, Arc<OnceCell<ProposalView>>>>,
    pay_scales: OnceCell<Arc<Vec<PayScaleRecord>>>,
}

impl Loaders {
    pub fn new(store: &Store, cache: Arc<GraphCache>) -> Self {
        Self {
            store: store.clone(),
            cache,
            versions: Mutex::new(HashMap::new()),
            users: DataLoader::with_cache(
                UserLoader(store.clone()),
                tokio::spawn,
                HashMapCache::default(),
            ),
            graphs: Mutex::new(HashMap::new()),
            views: Mutex::new(HashMap::new()),
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

    /// Notes the graph version of a proposal this request has read, so its graph needs no
    /// further statement when the cached one is current.
    pub fn note_graph_version(&self, proposal_id: Uuid, version: i64) {
        self.versions
            .lock()
            .expect("the version map lock is never poisoned")
            .insert(proposal_id, version);
    }

    /// The graph versions of these proposals: those noted, the rest in one statement.
    async fn graph_versions(&self, ids: &[Uuid]) -> async_graphql::Result<HashMap<Uuid, i64>> {
        let mut found = HashMap::new();
        let mut unknown = Vec::new();
        {
            let noted = self
                .versions
                .lock()
                .expect("the version map lock is never poisoned");
            for id in ids {
                match noted.get(id) {
                    Some(version) => {
                        found.insert(*id, *version);
                    }
                    None => unknown.push(*id),
                }
            }
        }
        if !unknown.is_empty() {
            found.extend(store::proposals::graph_versions(self.store.conn(), &unknown).await?);
        }
        Ok(found)
    }

    /// The graph of one proposal: the server's cached one when still current, else loaded.
    pub async fn graph(&self, id: Uuid) -> async_graphql::Result<Arc<ProposalGraph>> {
        let cell = self.graph_cell(id);
        let graph = cell
            .get_or_try_init(|| async {
                let version = self.graph_versions(&[id]).await?.get(&id).copied();
                if let Some(graph) = version.and_then(|v| self.cache.get(id, v)) {
                    return Ok::<_, async_graphql::Error>(graph);
                }
                let mut graphs = store::structure::load_graphs(self.store.conn(), &[id]).await?;
                let graph = Arc::new(graphs.remove(&id).unwrap_or_default());
                if let Some(version) = version {
                    self.cache.put(id, version, graph.clone());
                }
                Ok(graph)
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
        let versions = self.graph_versions(&missing).await?;
        let mut to_load = Vec::new();
        for id in missing {
            match versions.get(&id).and_then(|v| self.cache.get(id, *v)) {
                Some(graph) => {
                    let _ = self.graph_cell(id).set(graph);
                }
                None => to_load.push(id),
            }
        }
        if to_load.is_empty() {
            return Ok(());
        }
        let mut graphs = store::structure::load_graphs(self.store.conn(), &to_load).await?;
        for id in to_load {
            let graph = Arc::new(graphs.remove(&id).unwrap_or_default());
            if let Some(version) = versions.get(&id) {
                self.cache.put(id, *version, graph.clone());
            }
            let _ = self.graph_cell(id).set(graph);
        }
        Ok(())
    }

    fn view_cell(&self, id: Uuid) -> Arc<OnceCell<ProposalView>> {
        self.views
            .lock()
            .expect("the view cache lock is never poisoned")
            .entry(id)
            .or_default()
            .clone()
    }

    /// Records how the request's viewer sees a proposal, for objects inside it that are
    /// reached without it (a theme's counts depend on it).
    pub fn remember_view(&self, id: Uuid, view: ProposalView) {
        let _ = self.view_cell(id).set(view);
    }

    /// How the request's viewer sees a proposal: remembered, or checked once per request
    /// (`NOT_FOUND` when they may not see it).
    pub async fn view(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<ProposalView> {
        let cell = self.view_cell(id);
        let view = cell
            .get_or_try_init(|| async {
                Ok::<_, async_graphql::Error>(super::proposal::load_visible(ctx, id).await?.view)
            })
            .await?;
        Ok(*view)
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
