//! Lookups into a proposal's graph and people by id, and what the domain derives from its
//! structure (post lines, org charts), each worked out once per graph (or people) and kept
//! with it. Both are shared by every request while their version holds (`graph_cache`), so a
//! page of 100 posts, each asking for its manager and holders, costs 100 lookups, not 100
//! scans of a thousand posts; and the org chart of a thousand posts is built once, not per
//! request.

use super::structure::{EmployeeRecord, HoldingRecord, PostRecord, ProposalGraph, ProposalPeople};
use crate::domain::structure::{self as rules, ChartNode, PostLine, Side};
use std::collections::HashMap;
use std::sync::OnceLock;
use uuid::Uuid;

/// What is derived from a graph, filled in on first use.
#[derive(Debug, Clone, Default)]
pub struct GraphIndex {
    posts: OnceLock<HashMap<Uuid, usize>>,
    lines: OnceLock<Vec<PostLine>>,
    current_chart: OnceLock<Vec<ChartNode>>,
    proposed_chart: OnceLock<Vec<ChartNode>>,
}

/// Lookups into a proposal's people, filled in on first use.
#[derive(Debug, Clone, Default)]
pub struct PeopleIndex {
    employees: OnceLock<HashMap<Uuid, usize>>,
    holdings_by_post: OnceLock<HashMap<Uuid, Vec<usize>>>,
    holdings_by_employee: OnceLock<HashMap<Uuid, Vec<usize>>>,
}

fn positions<T>(rows: &[T], key: impl Fn(&T) -> Uuid) -> HashMap<Uuid, usize> {
    rows.iter().enumerate().map(|(i, r)| (key(r), i)).collect()
}

fn groups<T>(rows: &[T], key: impl Fn(&T) -> Uuid) -> HashMap<Uuid, Vec<usize>> {
    let mut out: HashMap<Uuid, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        out.entry(key(row)).or_default().push(i);
    }
    out
}

impl ProposalGraph {
    /// The post with this id.
    pub fn post(&self, id: Uuid) -> Option<&PostRecord> {
        self.post_position(id).map(|i| &self.posts[i])
    }

    /// Where the post with this id stands in the structure's order.
    pub fn post_position(&self, id: Uuid) -> Option<usize> {
        self.index
            .posts
            .get_or_init(|| positions(&self.posts, |p| p.line.id))
            .get(&id)
            .copied()
    }

    /// The post lines, in the structure's order, as the domain's rules take them.
    pub fn lines(&self) -> &[PostLine] {
        self.index
            .lines
            .get_or_init(|| self.posts.iter().map(|p| p.line.clone()).collect())
    }

    /// The org chart of one side.
    pub fn org_chart(&self, side: Side) -> &[ChartNode] {
        let cell = match side {
            Side::Current => &self.index.current_chart,
            Side::Proposed => &self.index.proposed_chart,
        };
        cell.get_or_init(|| rules::org_chart(self.lines(), side))
    }
}

impl ProposalPeople {
    /// The employee with this id.
    pub fn employee(&self, id: Uuid) -> Option<&EmployeeRecord> {
        let index = self
            .index
            .employees
            .get_or_init(|| positions(&self.employees, |e| e.id));
        index.get(&id).map(|&i| &self.employees[i])
    }

    /// The holdings of one post.
    pub fn holdings_of_post(&self, post_id: Uuid) -> impl Iterator<Item = &HoldingRecord> {
        let index = self
            .index
            .holdings_by_post
            .get_or_init(|| groups(&self.holdings, |h| h.post_id));
        index
            .get(&post_id)
            .into_iter()
            .flatten()
            .map(|&i| &self.holdings[i])
    }

    /// The holdings of one employee.
    pub fn holdings_of_employee(&self, employee_id: Uuid) -> impl Iterator<Item = &HoldingRecord> {
        let index = self
            .index
            .holdings_by_employee
            .get_or_init(|| groups(&self.holdings, |h| h.employee_id));
        index
            .get(&employee_id)
            .into_iter()
            .flatten()
            .map(|&i| &self.holdings[i])
    }

    /// FTE held in a post, in hundredths.
    pub fn held_hundredths(&self, post_id: Uuid) -> u32 {
        self.holdings_of_post(post_id)
            .map(|h| h.fte.hundredths())
            .sum()
    }
}
