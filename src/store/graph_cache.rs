//! The per-proposal read model kept in memory between requests: a proposal's graph
//! (`structure::load_graphs`), and apart from it its people (`structure::load_people`) and
//! the tally of their impacts (`structure::impact_tally`), each under the graph version it was
//! loaded at (one cache of each, `GraphCache<T>`).
//!
//! A request asks for a proposal's graph with the version it read from the database (one
//! cheap statement, or none when the request already read the proposal); the cached graph is
//! used only when the versions are equal. Database triggers move the version with every change
//! to the proposal's contents, from any server and any write path, so a server never answers
//! from a graph another server has changed. The version is read *before* the graph is loaded,
//! so a graph is never filed under a version newer than what it holds.
//!
//! Memory is bounded by rows: graphs are dropped least recently used first, and a graph larger
//! than a quarter of the budget is not kept at all (a proposal that large is read per request;
//! its people only by the fields that show people, `api::loaders::Loaders::people`).

use super::structure::{ProposalGraph, ProposalPeople};
use crate::domain::structure::ImpactTally;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// Rows held in all cached graphs (or people) at most, per cache (about 1 KB each: ~100 MB
/// at the default).
pub const DEFAULT_MAX_ROWS: usize = 100_000;

/// What a cached value costs to keep: the rows it holds.
pub trait Rows {
    fn rows(&self) -> usize;
}

impl Rows for ProposalGraph {
    fn rows(&self) -> usize {
        ProposalGraph::rows(self)
    }
}

impl Rows for ProposalPeople {
    fn rows(&self) -> usize {
        ProposalPeople::rows(self)
    }
}

/// A handful of (impact, count) pairs: one row.
impl Rows for ImpactTally {
    fn rows(&self) -> usize {
        1
    }
}

struct Entry<T> {
    version: i64,
    graph: Arc<T>,
    rows: usize,
    last_used: u64,
}

struct Entries<T> {
    by_proposal: HashMap<Uuid, Entry<T>>,
    rows: usize,
    clock: u64,
}

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Self {
            by_proposal: HashMap::new(),
            rows: 0,
            clock: 0,
        }
    }
}

/// Graphs (or people, or tallies) of recently read proposals, shared by every request of this
/// server.
pub struct GraphCache<T: Rows = ProposalGraph> {
    entries: Mutex<Entries<T>>,
    max_rows: usize,
}

impl<T: Rows> GraphCache<T> {
    pub fn new(max_rows: usize) -> Self {
        Self {
            entries: Mutex::new(Entries::default()),
            max_rows,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries<T>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The graph of `proposal_id` if one is held at exactly `version`.
    pub fn get(&self, proposal_id: Uuid, version: i64) -> Option<Arc<T>> {
        let mut entries = self.lock();
        entries.clock += 1;
        let now = entries.clock;
        let entry = entries.by_proposal.get_mut(&proposal_id)?;
        if entry.version != version {
            return None;
        }
        entry.last_used = now;
        Some(entry.graph.clone())
    }

    /// Keeps `graph` as the graph of `proposal_id` at `version` (replacing an older one).
    pub fn put(&self, proposal_id: Uuid, version: i64, graph: Arc<T>) {
        let rows = graph.rows();
        let mut entries = self.lock();
        if let Some(old) = entries.by_proposal.remove(&proposal_id) {
            entries.rows -= old.rows;
            // Two requests may load different versions at once: keep the newer.
            if old.version > version {
                entries.rows += old.rows;
                entries.by_proposal.insert(proposal_id, old);
                return;
            }
        }
        if rows > self.max_rows / 4 {
            return;
        }
        while entries.rows + rows > self.max_rows {
            let Some(oldest) = entries
                .by_proposal
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(id, _)| *id)
            else {
                break;
            };
            if let Some(evicted) = entries.by_proposal.remove(&oldest) {
                entries.rows -= evicted.rows;
            }
        }
        entries.clock += 1;
        let last_used = entries.clock;
        entries.rows += rows;
        entries.by_proposal.insert(
            proposal_id,
            Entry {
                version,
                graph,
                rows,
                last_used,
            },
        );
    }

    /// Rows held now (for tests and the benchmark).
    pub fn rows(&self) -> usize {
        self.lock().rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::structure::Fte;
    use crate::store::structure::{HoldingRecord, ProposalPeople};

    fn people_of(rows: usize) -> Arc<ProposalPeople> {
        Arc::new(ProposalPeople {
            holdings: (0..rows)
                .map(|_| HoldingRecord {
                    id: Uuid::now_v7(),
                    employee_id: Uuid::now_v7(),
                    post_id: Uuid::now_v7(),
                    fte: Fte::ONE,
                })
                .collect(),
            ..Default::default()
        })
    }

    #[test]
    fn a_graph_is_used_only_at_the_version_it_was_loaded_at() {
        let cache = GraphCache::new(1000);
        let id = Uuid::now_v7();
        cache.put(id, 3, people_of(10));
        assert!(cache.get(id, 3).is_some());
        assert!(
            cache.get(id, 4).is_none(),
            "a newer version is not answered from 3"
        );
        cache.put(id, 4, people_of(12));
        assert_eq!(cache.get(id, 4).unwrap().rows(), 12);
        // A slower request that loaded version 3 does not replace 4.
        cache.put(id, 3, people_of(10));
        assert!(cache.get(id, 4).is_some());
        assert_eq!(cache.rows(), 12);
    }

    #[test]
    fn memory_is_bounded_least_recently_used_first() {
        let cache = GraphCache::new(1000);
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        cache.put(a, 1, people_of(200));
        cache.put(b, 1, people_of(200));
        cache.get(a, 1);
        cache.put(c, 1, people_of(200));
        cache.put(Uuid::now_v7(), 1, people_of(200));
        cache.put(Uuid::now_v7(), 1, people_of(200));
        cache.put(Uuid::now_v7(), 1, people_of(200));
        assert_eq!(cache.rows(), 1000);
        assert!(cache.get(a, 1).is_some(), "used recently, kept");
        assert!(cache.get(b, 1).is_none(), "least recently used, dropped");
        // Larger than a quarter of the budget: read per request, never kept.
        let huge = Uuid::now_v7();
        cache.put(huge, 1, people_of(251));
        assert!(cache.get(huge, 1).is_none());
    }
}
