//! Per-request loading (so nothing cached crosses users): a nested object on every item
//! of a page costs one statement for the whole page, not one per item. The fields of a list
//! of cases are read by its `CasePage`.
//!
//! Batching by delay alone is not enough: async-graphql resolves a list of more than 32
//! items in slices, and a batch can fire between them. So lists *prime* what their items
//! will need in one statement, and per-item loads are answered from the request's cache.
//! Everything inside a proposal comes from its `ProposalGraph`, loaded once per request
//! in a fixed number of statements, whatever the proposal's size; its people (employees and
//! holdings) from its `ProposalPeople`, loaded the same way but only by fields that show
//! people.

use crate::domain::{
    access::ProposalView,
    individual::{policy::EmployerPolicy, separation::PayFacts},
    structure::ImpactTally,
};
use crate::error::AppResult;
use crate::store::{
    self, Store,
    cases::{CaseEventRecord, CaseWithEmployee, MeetingRecord},
    graph_cache::{GraphCache, Rows},
    offers::OfferRecord,
    separation::{AppealRecord, NoticeRecord, PayInputs},
    structure::{HoldingRecord, PayScaleRecord, ProposalGraph, ProposalPeople},
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

/// Letters by the employee they are addressed to, newest first.
pub struct LetterLoader(Store);

impl Loader<Uuid> for LetterLoader {
    type Value = Arc<Vec<store::letters::LetterRecord>>;
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let mut found = store::letters::of_employees(self.0.conn(), ids).await?;
        Ok(ids
            .iter()
            .map(|id| (*id, Arc::new(found.remove(id).unwrap_or_default())))
            .collect())
    }
}

/// The threads of questions (answers, challenges, acceptances, closures), by question.
pub struct ThreadLoader(Store);

impl Loader<Uuid> for ThreadLoader {
    type Value = Arc<Vec<store::questions::ReplyRecord>>;
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let found = store::questions::threads(self.0.conn(), ids).await?;
        Ok(found.into_iter().map(|(id, t)| (id, Arc::new(t))).collect())
    }
}

/// What the cases of one list show besides themselves (history, meetings, offers, notice,
/// appeals, redundancy pay), each read for the whole list by the first of its cases to ask:
/// one statement per field (a few for pay) whatever the list's length, keyed by employee.
/// A page of `Proposal.cases` and `myCases` share one among their cases; a case read alone
/// has its own. It is held by the list, not the request, so a case shown again after a
/// mutation of the same request is read afresh; and, unlike a `DataLoader`, which batches by
/// delay, it is not split when a long list is resolved in slices.
pub struct CasePage {
    cases: Vec<CaseWithEmployee>,
    ids: Vec<Uuid>,
    history: OnceCell<HashMap<Uuid, Vec<CaseEventRecord>>>,
    meetings: OnceCell<HashMap<Uuid, Vec<MeetingRecord>>>,
    offers: OnceCell<HashMap<Uuid, Vec<OfferRecord>>>,
    notices: OnceCell<HashMap<Uuid, NoticeRecord>>,
    appeals: OnceCell<HashMap<Uuid, Vec<AppealRecord>>>,
    policy: OnceCell<EmployerPolicy>,
    pay: OnceCell<HashMap<Uuid, (PayFacts, PayInputs)>>,
}

/// Reads `cell` once, by `read`, for every case that asks.
async fn read_once<T, Fut>(
    cell: &OnceCell<T>,
    read: impl FnOnce() -> Fut,
) -> async_graphql::Result<&T>
where
    Fut: Future<Output = AppResult<T>>,
{
    cell.get_or_try_init(|| async { read().await.map_err(async_graphql::Error::from) })
        .await
}

fn own<T>(all: &HashMap<Uuid, Vec<T>>, employee_id: Uuid) -> &[T] {
    all.get(&employee_id).map(Vec::as_slice).unwrap_or_default()
}

impl CasePage {
    /// The list `cases` is shown in, in its order.
    pub fn new(cases: &[CaseWithEmployee]) -> Arc<Self> {
        Arc::new(Self {
            cases: cases.to_vec(),
            ids: cases.iter().map(|c| c.case.employee_id).collect(),
            history: OnceCell::new(),
            meetings: OnceCell::new(),
            offers: OnceCell::new(),
            notices: OnceCell::new(),
            appeals: OnceCell::new(),
            policy: OnceCell::new(),
            pay: OnceCell::new(),
        })
    }

    /// One case's history, oldest first.
    pub async fn history(
        &self,
        store: &Store,
        employee_id: Uuid,
    ) -> async_graphql::Result<&[CaseEventRecord]> {
        let all = read_once(&self.history, || {
            store::cases::histories(store.conn(), &self.ids)
        })
        .await?;
        Ok(own(all, employee_id))
    }

    /// One case's individual meetings, earliest first.
    pub async fn meetings(
        &self,
        store: &Store,
        employee_id: Uuid,
    ) -> async_graphql::Result<&[MeetingRecord]> {
        let all = read_once(&self.meetings, || {
            store::cases::meetings_of(store.conn(), &self.ids)
        })
        .await?;
        Ok(own(all, employee_id))
    }

    /// The offers made to one case's employee, oldest first.
    pub async fn offers(
        &self,
        store: &Store,
        employee_id: Uuid,
    ) -> async_graphql::Result<&[OfferRecord]> {
        let all = read_once(&self.offers, || {
            store::offers::of_employees(store.conn(), &self.ids)
        })
        .await?;
        Ok(own(all, employee_id))
    }

    async fn notices(&self, store: &Store) -> async_graphql::Result<&HashMap<Uuid, NoticeRecord>> {
        read_once(&self.notices, || {
            store::separation::latest_notices(store.conn(), &self.ids)
        })
        .await
    }

    /// The latest notice given to one case's employee.
    pub async fn notice(
        &self,
        store: &Store,
        employee_id: Uuid,
    ) -> async_graphql::Result<Option<&NoticeRecord>> {
        Ok(self.notices(store).await?.get(&employee_id))
    }

    /// The appeals one case's employee lodged, oldest first.
    pub async fn appeals(
        &self,
        store: &Store,
        employee_id: Uuid,
    ) -> async_graphql::Result<&[AppealRecord]> {
        let all = read_once(&self.appeals, || {
            store::separation::appeals_of_employees(store.conn(), &self.ids)
        })
        .await?;
        Ok(own(all, employee_id))
    }

    /// The employer's policy the list's cases are judged under (pay, appeal window).
    pub async fn policy(&self, store: &Store) -> async_graphql::Result<&EmployerPolicy> {
        read_once(&self.policy, || async {
            Ok(store::employer_policy::get(store.conn()).await?.policy)
        })
        .await
    }

    /// The facts of one case's redundancy pay, HR's inputs to it, and the employer's policy
    /// (its notice read with the list's notices).
    pub async fn pay(
        &self,
        store: &Store,
        employee_id: Uuid,
    ) -> async_graphql::Result<(&PayFacts, &PayInputs, &EmployerPolicy)> {
        let notices = self.notices(store).await?;
        let policy = self.policy(store).await?;
        let pay = read_once(&self.pay, || {
            store::separation::pay_facts_of(store.conn(), &self.cases, notices)
        })
        .await?;
        let (facts, inputs) = pay
            .get(&employee_id)
            .ok_or_else(|| async_graphql::Error::new("This case is not in its list."))?;
        Ok((facts, inputs, policy))
    }
}

type Cell<T> = Arc<OnceCell<Arc<T>>>;

/// Values read per proposal and kept between requests by graph version (graphs, people, tallies):
/// the server's cache and this request's cells.
struct Kept<T: Rows> {
    cache: Arc<GraphCache<T>>,
    cells: Mutex<HashMap<Uuid, Cell<T>>>,
}

impl<T: Rows> Kept<T> {
    fn new(cache: Arc<GraphCache<T>>) -> Self {
        Self {
            cache,
            cells: Mutex::new(HashMap::new()),
        }
    }

    fn cell(&self, id: Uuid) -> Cell<T> {
        self.cells
            .lock()
            .expect("the request's cell map lock is never poisoned")
            .entry(id)
            .or_default()
            .clone()
    }
}

/// The loaders of one request.
pub struct Loaders {
    store: Store,
    /// Graph versions this request has already read (with the proposal itself).
    versions: Mutex<HashMap<Uuid, i64>>,
    users: DataLoader<UserLoader, HashMapCache>,
    letters: DataLoader<LetterLoader, HashMapCache>,
    /// Not cached: a mutation of the same request may have added to a thread.
    threads: DataLoader<ThreadLoader>,
    /// Graphs kept between requests, by graph version (`store::graph_cache`).
    graphs: Kept<ProposalGraph>,
    /// People kept between requests, by the same graph version; loaded only by the fields
    /// that show people.
    people: Kept<ProposalPeople>,
    /// How many employees have each impact, by the same graph version (`Proposal.counts`).
    impacts: Kept<ImpactTally>,
    /// The holdings of employees shown without their proposal's people (a page of
    /// employees, your own records), by employee.
    holdings: Mutex<HashMap<Uuid, Arc<Vec<HoldingRecord>>>>,
    views: Mutex<HashMap<Uuid, Arc<OnceCell<ProposalView>>>>,
    pay_scales: OnceCell<Arc<Vec<PayScaleRecord>>>,
    /// The selections of a proposal's pools, by proposal, loaded together.
    selections: Mutex<HashMap<Uuid, Cell<Vec<store::selection::PoolSelection>>>>,
}

impl Loaders {
    pub fn new(
        store: &Store,
        graphs: Arc<GraphCache<ProposalGraph>>,
        people: Arc<GraphCache<ProposalPeople>>,
        impacts: Arc<GraphCache<ImpactTally>>,
    ) -> Self {
        Self {
            store: store.clone(),
            versions: Mutex::new(HashMap::new()),
            users: DataLoader::with_cache(
                UserLoader(store.clone()),
                tokio::spawn,
                HashMapCache::default(),
            ),
            letters: DataLoader::with_cache(
                LetterLoader(store.clone()),
                tokio::spawn,
                HashMapCache::default(),
            ),
            threads: DataLoader::new(ThreadLoader(store.clone()), tokio::spawn),
            graphs: Kept::new(graphs),
            people: Kept::new(people),
            impacts: Kept::new(impacts),
            holdings: Mutex::new(HashMap::new()),
            views: Mutex::new(HashMap::new()),
            pay_scales: OnceCell::new(),
            selections: Mutex::new(HashMap::new()),
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

    /// The letters issued to an employee, newest first (batched across a page of employees).
    pub async fn employee_letters(
        &self,
        employee_id: Uuid,
    ) -> async_graphql::Result<Arc<Vec<store::letters::LetterRecord>>> {
        Ok(self
            .letters
            .load_one(employee_id)
            .await?
            .unwrap_or_default())
    }

    /// A question's thread, in order (batched across a list of questions).
    pub async fn thread(
        &self,
        question_id: Uuid,
    ) -> async_graphql::Result<Arc<Vec<store::questions::ReplyRecord>>> {
        Ok(self
            .threads
            .load_one(question_id)
            .await?
            .unwrap_or_default())
    }

    /// Notes the graph version of a proposal this request has read, so its graph (and people)
    /// need no further statement when the cached ones are current.
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

    /// One proposal's value of `kept`: the server's cached one when still current, else
    /// loaded (`load` of the ids) and kept under the version read before loading it.
    async fn kept_one<T, F, Fut>(
        &self,
        kept: &Kept<T>,
        id: Uuid,
        load: F,
    ) -> async_graphql::Result<Arc<T>>
    where
        T: Rows + Default,
        F: FnOnce(Vec<Uuid>) -> Fut,
        Fut: Future<Output = AppResult<HashMap<Uuid, T>>>,
    {
        let cell = kept.cell(id);
        let value = cell
            .get_or_try_init(|| async {
                let version = self.graph_versions(&[id]).await?.get(&id).copied();
                if let Some(value) = version.and_then(|v| kept.cache.get(id, v)) {
                    return Ok::<_, async_graphql::Error>(value);
                }
                let value = Arc::new(load(vec![id]).await?.remove(&id).unwrap_or_default());
                if let Some(version) = version {
                    kept.cache.put(id, version, value.clone());
                }
                Ok(value)
            })
            .await?;
        Ok(value.clone())
    }

    /// The values of `kept` of a page of proposals, those not cached loaded at once.
    async fn kept_many<T, F, Fut>(
        &self,
        kept: &Kept<T>,
        ids: &[Uuid],
        load: F,
    ) -> async_graphql::Result<()>
    where
        T: Rows + Default,
        F: FnOnce(Vec<Uuid>) -> Fut,
        Fut: Future<Output = AppResult<HashMap<Uuid, T>>>,
    {
        let missing: Vec<Uuid> = ids
            .iter()
            .copied()
            .filter(|id| !kept.cell(*id).initialized())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let versions = self.graph_versions(&missing).await?;
        let mut to_load = Vec::new();
        for id in missing {
            match versions.get(&id).and_then(|v| kept.cache.get(id, *v)) {
                Some(value) => {
                    let _ = kept.cell(id).set(value);
                }
                None => to_load.push(id),
            }
        }
        if to_load.is_empty() {
            return Ok(());
        }
        let mut loaded = load(to_load.clone()).await?;
        for id in to_load {
            let value = Arc::new(loaded.remove(&id).unwrap_or_default());
            if let Some(version) = versions.get(&id) {
                kept.cache.put(id, *version, value.clone());
            }
            let _ = kept.cell(id).set(value);
        }
        Ok(())
    }

    /// The graph of one proposal: the server's cached one when still current, else loaded.
    pub async fn graph(&self, id: Uuid) -> async_graphql::Result<Arc<ProposalGraph>> {
        let conn = self.store.conn();
        self.kept_one(&self.graphs, id, |ids| async move {
            store::structure::load_graphs(conn, &ids).await
        })
        .await
    }

    /// Loads the graphs of a page of proposals at once.
    pub async fn prime_graphs(&self, ids: &[Uuid]) -> async_graphql::Result<()> {
        let conn = self.store.conn();
        self.kept_many(&self.graphs, ids, |ids| async move {
            store::structure::load_graphs(conn, &ids).await
        })
        .await
    }

    /// The people of one proposal (employees and their holdings): the server's cached ones
    /// when still current, else loaded. Only for fields that show people: counts and pages of
    /// employees are read in SQL.
    pub async fn people(&self, id: Uuid) -> async_graphql::Result<Arc<ProposalPeople>> {
        let conn = self.store.conn();
        self.kept_one(&self.people, id, |ids| async move {
            store::structure::load_people(conn, &ids).await
        })
        .await
    }

    /// Loads the people of a page of proposals at once, for a list whose items show people.
    pub async fn prime_people(&self, ids: &[Uuid]) -> async_graphql::Result<()> {
        let conn = self.store.conn();
        self.kept_many(&self.people, ids, |ids| async move {
            store::structure::load_people(conn, &ids).await
        })
        .await
    }

    /// How many of a proposal's employees have each impact, counted in SQL (one statement,
    /// none while the cached tally is current): what its counts need of its people.
    pub async fn impact_tally(&self, id: Uuid) -> async_graphql::Result<Arc<ImpactTally>> {
        let conn = self.store.conn();
        self.kept_one(&self.impacts, id, |ids| async move {
            let mut tallies = HashMap::new();
            for id in ids {
                tallies.insert(id, store::structure::impact_tally(conn, id).await?);
            }
            Ok(tallies)
        })
        .await
    }

    /// Tallies the impacts of a page of proposals at once.
    pub async fn prime_impact_tallies(&self, ids: &[Uuid]) -> async_graphql::Result<()> {
        let conn = self.store.conn();
        self.kept_many(&self.impacts, ids, |ids| async move {
            store::structure::impact_tallies(conn, &ids).await
        })
        .await
    }

    /// Reads the holdings of these employees (a page of them) in one statement, for their
    /// `holdings` to answer without loading the proposal's people.
    pub async fn prime_holdings(&self, employee_ids: &[Uuid]) -> async_graphql::Result<()> {
        let missing: Vec<Uuid> = {
            let known = self
                .holdings
                .lock()
                .expect("the holdings map lock is never poisoned");
            employee_ids
                .iter()
                .copied()
                .filter(|id| !known.contains_key(id))
                .collect()
        };
        if missing.is_empty() {
            return Ok(());
        }
        let mut by_employee: HashMap<Uuid, Vec<HoldingRecord>> =
            missing.iter().map(|id| (*id, Vec::new())).collect();
        for holding in store::structure::holdings_of_employees(self.store.conn(), &missing).await? {
            by_employee
                .entry(holding.employee_id)
                .or_default()
                .push(holding);
        }
        let mut known = self
            .holdings
            .lock()
            .expect("the holdings map lock is never poisoned");
        for (id, holdings) in by_employee {
            known.entry(id).or_insert_with(|| Arc::new(holdings));
        }
        Ok(())
    }

    /// The posts one employee of `proposal_id` holds: from the proposal's people when this
    /// request has them, else read for the employee (primed for a page by `prime_holdings`).
    pub async fn employee_holdings(
        &self,
        proposal_id: Uuid,
        employee_id: Uuid,
    ) -> async_graphql::Result<Vec<HoldingRecord>> {
        if let Some(people) = self.people.cell(proposal_id).get() {
            return Ok(people.holdings_of_employee(employee_id).copied().collect());
        }
        let known = |loaders: &Self| {
            loaders
                .holdings
                .lock()
                .expect("the holdings map lock is never poisoned")
                .get(&employee_id)
                .cloned()
        };
        if let Some(holdings) = known(self) {
            return Ok(holdings.to_vec());
        }
        self.prime_holdings(&[employee_id]).await?;
        Ok(known(self).map(|h| h.to_vec()).unwrap_or_default())
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

    /// The selections of every pool of a proposal, once per request in a fixed number of
    /// statements (so `ringFences { selection }` costs the same for one pool or many).
    pub async fn selections(
        &self,
        proposal_id: Uuid,
    ) -> async_graphql::Result<Arc<Vec<store::selection::PoolSelection>>> {
        let cell = self
            .selections
            .lock()
            .expect("the request's cell map lock is never poisoned")
            .entry(proposal_id)
            .or_default()
            .clone();
        let pools = cell
            .get_or_try_init(|| async {
                Ok::<_, async_graphql::Error>(Arc::new(
                    store::selection::load_for_proposal(self.store.conn(), proposal_id).await?,
                ))
            })
            .await?;
        Ok(pools.clone())
    }
}
