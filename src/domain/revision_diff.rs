//! Lists what changed between two snapshots of a restructure proposal, field by field and,
//! for lists of records (risks, posts, alternatives), item by item, so that consultees can see
//! exactly what a new revision altered.
//!
//! A snapshot is a JSON object whose top-level keys are fields. Values are compared as follows:
//!
//! - A key that is absent, or null, on one side only is Added or Removed; absent and null are
//!   the same thing on both sides. This holds at every depth.
//! - Two objects are compared key by key, with dotted paths (`sponsor.name`).
//! - Two arrays of objects that each have a string `"id"`, unique within the array, are paired
//!   by id (`risks[<id>]`). An item on one side only is one Added or Removed carrying the whole
//!   item; an item on both sides is compared key by key (`posts[<id>].currentFte`). Changes
//!   under an item carry its id and a label for display.
//! - Two arrays of scalars are compared as sets: one Added per new value and one Removed per
//!   missing value; order and repeats do not matter.
//! - An empty array takes the shape of the other side. Arrays of any other shape, or of
//!   different shapes, are compared whole and give one Changed.
//! - Scalars are compared exactly (strings differing only in whitespace are different), except
//!   that numbers are compared by value, so `3` and `3.0` are the same.
//!
//! Order is stable: keys in the iteration order of `after`'s map, then keys found only in
//! `before`; list items in `after` order, then removed items in `before` order. serde_json's
//! map iterates keys alphabetically unless its `preserve_order` feature is on, in which case
//! it keeps document order; either way the result is deterministic for the same input.

use serde::Serialize;
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};

/// String fields of a list item that name it for a reader, most specific first.
const LABEL_FIELDS: [&str; 5] = ["title", "name", "option", "risk", "label"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One difference between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Where: "rationale", "recognisedUnions", "risks[<id>]", "posts[<id>].currentFte",
    /// "sponsor.name".
    pub path: String,
    /// The top-level field this change is under ("risks").
    pub field: String,
    /// For list items: the item's id; None otherwise.
    pub item_id: Option<String>,
    /// For list items: a human label, the item's first present string field among
    /// "title", "name", "option", "risk", "label" (else its id). None otherwise.
    pub item_label: Option<String>,
    pub kind: ChangeKind,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Every difference from `before` to `after`, in a stable order: top-level fields in the order
/// of keys of `after` then keys only in `before`; within a list, items in `after` order then
/// removed items in `before` order.
///
/// A `before` or `after` that is not an object (such as null for "no earlier revision") counts
/// as an empty snapshot.
pub fn diff_snapshots(before: &Value, after: &Value) -> Vec<Change> {
    let empty = Map::new();
    let before_fields = before.as_object().unwrap_or(&empty);
    let after_fields = after.as_object().unwrap_or(&empty);
    let mut changes = Vec::new();
    for (key, before_value, after_value) in paired_keys(before_fields, after_fields) {
        let place = Place {
            path: key.to_owned(),
            field: key,
            item: None,
        };
        diff_value(&place, before_value, after_value, &mut changes);
    }
    changes
}

/// The list item a change falls under.
#[derive(Debug, Clone, Copy)]
struct ItemTag<'a> {
    id: &'a str,
    label: &'a str,
}

/// Where in the snapshot a value sits.
struct Place<'a> {
    path: String,
    field: &'a str,
    item: Option<ItemTag<'a>>,
}

impl<'a> Place<'a> {
    fn key(&self, key: &str) -> Place<'a> {
        Place {
            path: format!("{}.{key}", self.path),
            field: self.field,
            item: self.item,
        }
    }

    fn item(&self, item: ItemTag<'a>) -> Place<'a> {
        Place {
            path: format!("{}[{}]", self.path, item.id),
            field: self.field,
            item: Some(item),
        }
    }

    fn change(&self, kind: ChangeKind, before: Option<&Value>, after: Option<&Value>) -> Change {
        Change {
            path: self.path.clone(),
            field: self.field.to_owned(),
            item_id: self.item.map(|item| item.id.to_owned()),
            item_label: self.item.map(|item| item.label.to_owned()),
            kind,
            before: before.cloned(),
            after: after.cloned(),
        }
    }
}

fn diff_value(
    place: &Place<'_>,
    before: Option<&Value>,
    after: Option<&Value>,
    out: &mut Vec<Change>,
) {
    match (present(before), present(after)) {
        (None, None) => {}
        (None, Some(after)) => out.push(place.change(ChangeKind::Added, None, Some(after))),
        (Some(before), None) => out.push(place.change(ChangeKind::Removed, Some(before), None)),
        (Some(Value::Object(before)), Some(Value::Object(after))) => {
            for (key, before_value, after_value) in paired_keys(before, after) {
                diff_value(&place.key(key), before_value, after_value, out);
            }
        }
        (Some(before @ Value::Array(before_items)), Some(after @ Value::Array(after_items))) => {
            match (ListShape::of(before_items), ListShape::of(after_items)) {
                (ListShape::Empty, ListShape::Empty) => {}
                (ListShape::Scalars | ListShape::Empty, ListShape::Scalars | ListShape::Empty) => {
                    diff_scalar_sets(place, before_items, after_items, out)
                }
                (ListShape::Keyed | ListShape::Empty, ListShape::Keyed | ListShape::Empty) => {
                    diff_keyed_items(place, before_items, after_items, out)
                }
                _ => {
                    if !same_value(before, after) {
                        out.push(place.change(ChangeKind::Changed, Some(before), Some(after)));
                    }
                }
            }
        }
        (Some(before), Some(after)) => {
            if !same_value(before, after) {
                out.push(place.change(ChangeKind::Changed, Some(before), Some(after)));
            }
        }
    }
}

fn diff_scalar_sets(place: &Place<'_>, before: &[Value], after: &[Value], out: &mut Vec<Change>) {
    let contains = |values: &[Value], value: &Value| values.iter().any(|v| same_value(v, value));
    for (index, value) in after.iter().enumerate() {
        // Repeats within `after` are one value of the set: report only the first.
        if !contains(before, value) && !contains(&after[..index], value) {
            out.push(place.change(ChangeKind::Added, None, Some(value)));
        }
    }
    for (index, value) in before.iter().enumerate() {
        if !contains(after, value) && !contains(&before[..index], value) {
            out.push(place.change(ChangeKind::Removed, Some(value), None));
        }
    }
}

fn diff_keyed_items(place: &Place<'_>, before: &[Value], after: &[Value], out: &mut Vec<Change>) {
    let before_items = KeyedItem::all(before);
    let after_items = KeyedItem::all(after);
    let before_by_id: HashMap<&str, &KeyedItem<'_>> =
        before_items.iter().map(|item| (item.id, item)).collect();
    let after_ids: HashSet<&str> = after_items.iter().map(|item| item.id).collect();

    for after_item in &after_items {
        let item_place = place.item(after_item.tag());
        match before_by_id.get(after_item.id) {
            Some(before_item) => {
                for (key, before_value, after_value) in
                    paired_keys(before_item.fields, after_item.fields)
                {
                    diff_value(&item_place.key(key), before_value, after_value, out);
                }
            }
            None => out.push(item_place.change(ChangeKind::Added, None, Some(after_item.whole))),
        }
    }
    for before_item in &before_items {
        if !after_ids.contains(before_item.id) {
            let item_place = place.item(before_item.tag());
            out.push(item_place.change(ChangeKind::Removed, Some(before_item.whole), None));
        }
    }
}

/// An item of a list paired by id.
struct KeyedItem<'a> {
    id: &'a str,
    whole: &'a Value,
    fields: &'a Map<String, Value>,
}

impl<'a> KeyedItem<'a> {
    /// The items of a list of [`ListShape::Keyed`] (others have no id and are skipped).
    fn all(items: &'a [Value]) -> Vec<KeyedItem<'a>> {
        items
            .iter()
            .filter_map(|whole| {
                Some(KeyedItem {
                    id: item_id(whole)?,
                    whole,
                    fields: whole.as_object()?,
                })
            })
            .collect()
    }

    fn tag(&self) -> ItemTag<'a> {
        ItemTag {
            id: self.id,
            label: item_label(self.fields).unwrap_or(self.id),
        }
    }
}

/// How an array is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListShape {
    Empty,
    /// Strings, numbers, bools and nulls: compared as a set.
    Scalars,
    /// Objects with unique string ids: paired by id.
    Keyed,
    /// Anything else: compared whole.
    Other,
}

impl ListShape {
    fn of(items: &[Value]) -> ListShape {
        if items.is_empty() {
            return ListShape::Empty;
        }
        if items
            .iter()
            .all(|item| !item.is_array() && !item.is_object())
        {
            return ListShape::Scalars;
        }
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            match item_id(item) {
                Some(id) if !ids.contains(&id) => ids.push(id),
                // Without an id, or with a repeated one, items cannot be told apart.
                _ => return ListShape::Other,
            }
        }
        ListShape::Keyed
    }
}

fn item_id(item: &Value) -> Option<&str> {
    item.as_object()?.get("id")?.as_str()
}

/// The first non-blank label field; a blank title would tell the reader nothing.
fn item_label(item: &Map<String, Value>) -> Option<&str> {
    LABEL_FIELDS
        .iter()
        .filter_map(|field| item.get(*field)?.as_str())
        .find(|label| !label.trim().is_empty())
}

/// Null means the same as absent.
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|value| !value.is_null())
}

/// Keys of `after` in its order, then keys only in `before`, each with both sides' values.
fn paired_keys<'a>(
    before: &'a Map<String, Value>,
    after: &'a Map<String, Value>,
) -> impl Iterator<Item = (&'a str, Option<&'a Value>, Option<&'a Value>)> {
    let in_after = after
        .iter()
        .map(|(key, value)| (key.as_str(), before.get(key), Some(value)));
    let only_in_before = before
        .iter()
        .filter(|(key, _)| !after.contains_key(*key))
        .map(|(key, value)| (key.as_str(), Some(value), None));
    in_after.chain(only_in_before)
}

/// Equality as the diff sees it: numbers by value, null the same as absent in objects.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => same_number(a, b),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_value(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            paired_keys(a, b).all(|(_, a, b)| match (present(a), present(b)) {
                (None, None) => true,
                (Some(a), Some(b)) => same_value(a, b),
                _ => false,
            })
        }
        _ => a == b,
    }
}

/// Integers exactly; anything involving a float by value, so an FTE of 3 equals 3.0.
fn same_number(a: &Number, b: &Number) -> bool {
    if let (Some(a), Some(b)) = (a.as_i64(), b.as_i64()) {
        return a == b;
    }
    if let (Some(a), Some(b)) = (a.as_u64(), b.as_u64()) {
        return a == b;
    }
    a.as_f64() == b.as_f64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(
        path: &str,
        field: &str,
        item: Option<(&str, &str)>,
        kind: ChangeKind,
        before: Option<Value>,
        after: Option<Value>,
    ) -> Change {
        Change {
            path: path.to_owned(),
            field: field.to_owned(),
            item_id: item.map(|(id, _)| id.to_owned()),
            item_label: item.map(|(_, label)| label.to_owned()),
            kind,
            before,
            after,
        }
    }

    fn proposal() -> Value {
        json!({
            "title": "SEN team restructure",
            "rationale": "Caseloads have doubled since 2019.",
            "recognisedUnions": ["UNISON", "GMB"],
            "sponsor": { "name": "A. Director", "role": "Director of Children's Services" },
            "risks": [
                { "id": "r1", "risk": "Loss of experienced staff", "mitigation": "Ring-fencing" },
                { "id": "r2", "risk": "Backlog of assessments", "mitigation": "Agency cover" }
            ],
            "posts": [
                { "id": "p1", "title": "SEN Caseworker", "currentGrade": "G6", "currentFte": 3.0 },
                { "id": "p2", "title": "SEN Officer", "currentGrade": "G8", "currentFte": 1.0 }
            ]
        })
    }

    #[test]
    fn identical_snapshots_have_no_changes() {
        assert!(diff_snapshots(&proposal(), &proposal()).is_empty());
        assert!(diff_snapshots(&json!({}), &json!({})).is_empty());
    }

    #[test]
    fn changed_scalar_field() {
        let mut after = proposal();
        after["rationale"] = json!("Caseloads have tripled since 2019.");
        assert_eq!(
            diff_snapshots(&proposal(), &after),
            vec![change(
                "rationale",
                "rationale",
                None,
                ChangeKind::Changed,
                Some(json!("Caseloads have doubled since 2019.")),
                Some(json!("Caseloads have tripled since 2019.")),
            )]
        );
    }

    #[test]
    fn trailing_whitespace_in_a_string_is_a_change() {
        let mut after = proposal();
        after["title"] = json!("SEN team restructure ");
        let changes = diff_snapshots(&proposal(), &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, "title");
        assert_eq!(changes[0].kind, ChangeKind::Changed);
    }

    #[test]
    fn top_level_fields_added_and_removed() {
        let before = json!({ "a": 1, "consultationDays": 45 });
        let after = json!({ "a": 1, "startDate": "2025-09-01" });
        assert_eq!(
            diff_snapshots(&before, &after),
            vec![
                change(
                    "startDate",
                    "startDate",
                    None,
                    ChangeKind::Added,
                    None,
                    Some(json!("2025-09-01"))
                ),
                change(
                    "consultationDays",
                    "consultationDays",
                    None,
                    ChangeKind::Removed,
                    Some(json!(45)),
                    None
                ),
            ]
        );
    }

    #[test]
    fn keys_only_in_before_come_after_the_keys_of_after() {
        // "a" sorts first, yet as a removed key it must follow "z", which is in `after`.
        let changes = diff_snapshots(&json!({ "a": 1 }), &json!({ "z": 1 }));
        let paths: Vec<_> = changes.iter().map(|c| (c.path.as_str(), c.kind)).collect();
        assert_eq!(
            paths,
            vec![("z", ChangeKind::Added), ("a", ChangeKind::Removed)]
        );
    }

    #[test]
    fn risk_added_removed_and_mitigation_changed() {
        let before = json!({ "risks": [
            { "id": "r1", "risk": "Loss of experienced staff", "mitigation": "Ring-fencing" },
            { "id": "r2", "risk": "Backlog of assessments", "mitigation": "Agency cover" },
            { "id": "r3", "risk": "Low morale", "mitigation": "Regular briefings" }
        ]});
        let after = json!({ "risks": [
            { "id": "r4", "risk": "Tribunal appeals rise", "mitigation": "Quality assurance" },
            { "id": "r1", "risk": "Loss of experienced staff", "mitigation": "Ring-fencing" },
            { "id": "r2", "risk": "Backlog of assessments", "mitigation": "Overtime" }
        ]});
        let r4 = after["risks"][0].clone();
        let r3 = before["risks"][2].clone();
        assert_eq!(
            diff_snapshots(&before, &after),
            vec![
                change(
                    "risks[r4]",
                    "risks",
                    Some(("r4", "Tribunal appeals rise")),
                    ChangeKind::Added,
                    None,
                    Some(r4)
                ),
                change(
                    "risks[r2].mitigation",
                    "risks",
                    Some(("r2", "Backlog of assessments")),
                    ChangeKind::Changed,
                    Some(json!("Agency cover")),
                    Some(json!("Overtime")),
                ),
                change(
                    "risks[r3]",
                    "risks",
                    Some(("r3", "Low morale")),
                    ChangeKind::Removed,
                    Some(r3),
                    None
                ),
            ]
        );
    }

    #[test]
    fn unions_compared_as_a_set() {
        let before = json!({ "recognisedUnions": ["UNISON", "GMB", "Unite"] });
        let after = json!({ "recognisedUnions": ["NEU", "GMB", "UNISON", "NEU"] });
        assert_eq!(
            diff_snapshots(&before, &after),
            vec![
                change(
                    "recognisedUnions",
                    "recognisedUnions",
                    None,
                    ChangeKind::Added,
                    None,
                    Some(json!("NEU"))
                ),
                change(
                    "recognisedUnions",
                    "recognisedUnions",
                    None,
                    ChangeKind::Removed,
                    Some(json!("Unite")),
                    None
                ),
            ]
        );
        let reordered = json!({ "recognisedUnions": ["Unite", "UNISON", "GMB"] });
        assert!(diff_snapshots(&before, &reordered).is_empty());
    }

    #[test]
    fn post_fte_changed_is_labelled_with_the_title() {
        let mut after = proposal();
        after["posts"][0]["currentFte"] = json!(1.0);
        assert_eq!(
            diff_snapshots(&proposal(), &after),
            vec![change(
                "posts[p1].currentFte",
                "posts",
                Some(("p1", "SEN Caseworker")),
                ChangeKind::Changed,
                Some(json!(3.0)),
                Some(json!(1.0)),
            )]
        );
    }

    #[test]
    fn integer_and_float_of_the_same_value_are_no_change() {
        let mut after = proposal();
        after["posts"][0]["currentFte"] = json!(3);
        assert!(diff_snapshots(&proposal(), &after).is_empty());
    }

    #[test]
    fn item_label_falls_back_through_label_fields_to_the_id() {
        let before = json!({ "alternatives": [
            { "id": "a1", "option": "Do nothing", "whyRejected": "Backlog grows" },
            { "id": "a2", "title": "  ", "whyRejected": "Too costly" }
        ]});
        let after = json!({ "alternatives": [
            { "id": "a1", "option": "Do nothing", "whyRejected": "Backlog keeps growing" },
            { "id": "a2", "title": "  ", "whyRejected": "Far too costly" }
        ]});
        let labels: Vec<_> = diff_snapshots(&before, &after)
            .into_iter()
            .map(|c| (c.path, c.item_label))
            .collect();
        assert_eq!(
            labels,
            vec![
                (
                    "alternatives[a1].whyRejected".to_owned(),
                    Some("Do nothing".to_owned())
                ),
                (
                    "alternatives[a2].whyRejected".to_owned(),
                    Some("a2".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn nested_object_change_has_a_dotted_path() {
        let mut after = proposal();
        after["sponsor"]["name"] = json!("B. Director");
        after["sponsor"]["office"] = json!({ "town": "Leeds" });
        let mut before = proposal();
        before["sponsor"]["office"] = json!({ "town": "York" });
        assert_eq!(
            diff_snapshots(&before, &after),
            vec![
                change(
                    "sponsor.name",
                    "sponsor",
                    None,
                    ChangeKind::Changed,
                    Some(json!("A. Director")),
                    Some(json!("B. Director")),
                ),
                change(
                    "sponsor.office.town",
                    "sponsor",
                    None,
                    ChangeKind::Changed,
                    Some(json!("York")),
                    Some(json!("Leeds")),
                ),
            ]
        );
    }

    #[test]
    fn null_and_absent_are_the_same() {
        let mut before = proposal();
        before["closingDate"] = Value::Null;
        before["sponsor"]["deputy"] = Value::Null;
        before["posts"][1]["proposedGrade"] = Value::Null;
        assert!(diff_snapshots(&before, &proposal()).is_empty());
        assert!(diff_snapshots(&proposal(), &before).is_empty());
    }

    #[test]
    fn field_appearing_on_a_paired_item_is_added_under_the_item() {
        let mut after = proposal();
        after["posts"][1]["proposedGrade"] = json!("G9");
        assert_eq!(
            diff_snapshots(&proposal(), &after),
            vec![change(
                "posts[p2].proposedGrade",
                "posts",
                Some(("p2", "SEN Officer")),
                ChangeKind::Added,
                None,
                Some(json!("G9")),
            )]
        );
    }

    #[test]
    fn list_emptied_removes_every_item_in_before_order() {
        let mut after = proposal();
        after["risks"] = json!([]);
        let changes = diff_snapshots(&proposal(), &after);
        let removed: Vec<_> = changes.iter().map(|c| (c.path.as_str(), c.kind)).collect();
        assert_eq!(
            removed,
            vec![
                ("risks[r1]", ChangeKind::Removed),
                ("risks[r2]", ChangeKind::Removed)
            ]
        );
        assert_eq!(changes[0].before, Some(proposal()["risks"][0].clone()));
    }

    #[test]
    fn lists_without_unique_ids_are_compared_whole() {
        let before = json!({ "milestones": [{ "when": "May" }, { "when": "June" }] });
        let after = json!({ "milestones": [{ "when": "May" }, { "when": "July" }] });
        assert_eq!(
            diff_snapshots(&before, &after),
            vec![change(
                "milestones",
                "milestones",
                None,
                ChangeKind::Changed,
                Some(before["milestones"].clone()),
                Some(after["milestones"].clone()),
            )]
        );
        assert!(diff_snapshots(&before, &before.clone()).is_empty());
    }

    #[test]
    fn no_earlier_revision_counts_as_empty() {
        let changes = diff_snapshots(&Value::Null, &json!({ "title": "SEN team restructure" }));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, ChangeKind::Added);
        assert_eq!(changes[0].path, "title");
    }

    #[test]
    fn serialises_with_camel_case_fields() {
        let value = serde_json::to_value(change(
            "posts[p1].currentFte",
            "posts",
            Some(("p1", "SEN Caseworker")),
            ChangeKind::Changed,
            Some(json!(3.0)),
            Some(json!(1.0)),
        ))
        .unwrap();
        assert_eq!(value["itemLabel"], json!("SEN Caseworker"));
        assert_eq!(value["kind"], json!("CHANGED"));
    }
}
