//! The audit log's hash chain: each event's hash covers the hash before it, so changing or
//! removing an event (by someone who bypasses the database's refusal to UPDATE or DELETE)
//! breaks every later link, and `consult audit verify` names the first broken one.
//!
//! `hash = sha256(prev_hash || canonical(event))`, both hashes as lowercase hex text; the
//! first event's `prev_hash` is [`GENESIS`]. The canonical encoding is fixed: changing it
//! would break every chain already written (migrations 000026 and 000028 hold frozen copies
//! for their backfills, and a test checks that they agree).
//!
//! Version 2 (migration 000028) stores hashes of the data, not the data: the chain covers the
//! SHA-256 digest of each event's before/after JSON ([`payload_digest`]), kept beside it, so
//! that personal data in a payload can be erased when its retention period ends (UK GDPR
//! Art. 5(1)(e); `domain::retention`) and the chain still verifies. A redacted event keeps its
//! digests with its before/after gone; [`payloads_match`] checks each payload still present
//! against its digest.

use chrono::{DateTime, SubsecRound, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The time an event is stored with: microseconds, the finest both databases keep, so the
/// value read back hashes as the value written.
pub fn stored_time(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// One event as the chain covers it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainedEvent<'a> {
    pub seq: i64,
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_label: Option<&'a str>,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Uuid,
    /// [`payload_digest`] of the event's before/after, `None` when it had none.
    pub before_sha256: Option<&'a str>,
    pub after_sha256: Option<&'a str>,
}

/// The digest the chain covers for a before/after payload: hex SHA-256 of the JSON with its
/// object keys sorted.
pub fn payload_digest(value: &serde_json::Value) -> String {
    let mut encoded = String::new();
    canonical_json(value, &mut encoded);
    hex(&Sha256::digest(encoded.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Whether an event's stored payload agrees with the digest the chain covers: present and
/// matching, absent with no digest, or absent because it was redacted (the digest stays).
pub fn payload_matches(
    payload: Option<&serde_json::Value>,
    digest: Option<&str>,
    redacted: bool,
) -> bool {
    match (payload, digest) {
        (Some(value), Some(digest)) => payload_digest(value) == digest,
        (None, None) => true,
        (None, Some(_)) => redacted,
        (Some(_), None) => false,
    }
}

impl ChainedEvent<'_> {
    /// The stable bytes hashed: fixed-width numbers big-endian, texts length-prefixed,
    /// absent values tagged; the payloads by their digests.
    pub fn canonical(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(b"consult-audit-v2");
        out.extend_from_slice(&self.seq.to_be_bytes());
        out.extend_from_slice(self.id.as_bytes());
        out.extend_from_slice(&self.occurred_at.timestamp_micros().to_be_bytes());
        optional(
            &mut out,
            self.actor_id.map(|id| *id.as_bytes()),
            |out, id| out.extend_from_slice(&id),
        );
        optional(&mut out, self.actor_label, text);
        text(&mut out, self.action);
        text(&mut out, self.entity_type);
        out.extend_from_slice(self.entity_id.as_bytes());
        optional(&mut out, self.before_sha256, text);
        optional(&mut out, self.after_sha256, text);
        out
    }

    /// This event's hash, chained to `prev_hash`.
    pub fn hash(&self, prev_hash: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(prev_hash.as_bytes());
        hasher.update(self.canonical());
        hex(&hasher.finalize())
    }
}

fn text(out: &mut Vec<u8>, value: &str) {
    out.extend_from_slice(&(value.len() as u64).to_be_bytes());
    out.extend_from_slice(value.as_bytes());
}

fn optional<T>(out: &mut Vec<u8>, value: Option<T>, write: impl FnOnce(&mut Vec<u8>, T)) {
    match value {
        None => out.push(0),
        Some(value) => {
            out.push(1);
            write(out, value);
        }
    }
}

/// JSON text with object keys sorted by their bytes, whatever map order serde_json keeps
/// (PostgreSQL's jsonb keeps its own key order, so the order read back is not the order
/// written).
fn canonical_json(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                canonical_json(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_json(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// How a link of the chain is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// The event's content no longer gives its stored hash: the event itself was altered.
    Altered,
    /// The event does not follow on from the one before it: an earlier event was altered
    /// (its hash rewritten) or removed.
    EarlierAlteredOrMissing,
    /// Positions are missing before this event: events were removed.
    Gap { expected_seq: i64 },
}

/// Checks a chain read in `seq` order, one event at a time, holding only the last link.
#[derive(Debug, Clone)]
pub struct ChainCheck {
    next_seq: i64,
    prev_hash: String,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck {
            next_seq: 1,
            prev_hash: GENESIS.to_owned(),
        }
    }
}

impl ChainCheck {
    /// Checks the next event with its stored `prev_hash` and `hash`. The first break found
    /// is the one to report: later links may be fine or broken only because of it.
    pub fn check(
        &mut self,
        event: &ChainedEvent<'_>,
        prev_hash: &str,
        hash: &str,
    ) -> Result<(), Break> {
        if event.seq != self.next_seq {
            return Err(Break::Gap {
                expected_seq: self.next_seq,
            });
        }
        if prev_hash != self.prev_hash {
            return Err(Break::EarlierAlteredOrMissing);
        }
        if event.hash(prev_hash) != hash {
            return Err(Break::Altered);
        }
        self.next_seq += 1;
        self.prev_hash = hash.to_owned();
        Ok(())
    }

    /// How many events have been checked intact.
    pub fn intact(&self) -> i64 {
        self.next_seq - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn event<'a>(seq: i64, before: Option<&'a str>, after: Option<&'a str>) -> ChainedEvent<'a> {
        ChainedEvent {
            seq,
            id: Uuid::from_u128(seq as u128),
            occurred_at: Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap(),
            actor_id: Some(Uuid::from_u128(7)),
            actor_label: None,
            action: "PROPOSAL_UPDATED",
            entity_type: "proposal",
            entity_id: Uuid::from_u128(9),
            before_sha256: before,
            after_sha256: after,
        }
    }

    #[test]
    fn the_hash_is_stable_across_releases() {
        let after = payload_digest(&json!({"title": "Restructure", "version": 2}));
        // Pinned: a change here breaks every chain already written.
        assert_eq!(
            after,
            "a5afc7bb14d0303e5e280c118ade9ec4af742379f0a6211032c2291b74420b8a",
        );
        assert_eq!(
            event(1, None, Some(&after)).hash(GENESIS),
            "4014b0facd8030c114b6bcf6ac267d489a2933469fc0d5c04d9a9049f96f434a",
        );
    }

    #[test]
    fn json_key_order_does_not_change_the_hash() {
        let written: serde_json::Value =
            serde_json::from_str(r#"{"b": 1, "a": {"y": [1, {"q": 2, "p": 3}], "x": null}}"#)
                .unwrap();
        let read_back: serde_json::Value =
            serde_json::from_str(r#"{"a": {"x": null, "y": [1, {"p": 3, "q": 2}]}, "b": 1}"#)
                .unwrap();
        assert_eq!(payload_digest(&written), payload_digest(&read_back));
    }

    #[test]
    fn every_field_is_covered() {
        let value = payload_digest(&json!({"a": 1}));
        let base = event(1, Some(&value), Some(&value));
        let hash = base.hash(GENESIS);
        let other = payload_digest(&json!({"a": 2}));
        let variants = [
            ChainedEvent { seq: 2, ..base },
            ChainedEvent {
                id: Uuid::from_u128(99),
                ..base
            },
            ChainedEvent {
                occurred_at: base.occurred_at + chrono::Duration::microseconds(1),
                ..base
            },
            ChainedEvent {
                actor_id: None,
                ..base
            },
            ChainedEvent {
                actor_label: Some("command line"),
                ..base
            },
            ChainedEvent {
                action: "PROPOSAL_CREATED",
                ..base
            },
            ChainedEvent {
                entity_type: "post",
                ..base
            },
            ChainedEvent {
                entity_id: Uuid::from_u128(10),
                ..base
            },
            ChainedEvent {
                before_sha256: None,
                ..base
            },
            ChainedEvent {
                after_sha256: Some(&other),
                ..base
            },
        ];
        for variant in variants {
            assert_ne!(variant.hash(GENESIS), hash, "{variant:?}");
        }
        assert_ne!(base.hash(&hash), hash, "the previous hash is covered");
    }

    #[test]
    fn a_redacted_payload_still_matches_its_digest_but_an_altered_one_does_not() {
        let value = json!({"name": "Jane Doe"});
        let digest = payload_digest(&value);
        assert!(payload_matches(Some(&value), Some(&digest), false));
        assert!(payload_matches(None, None, false));
        // Redacted under the retention policy (UK GDPR Art. 5(1)(e)): the digest stays.
        assert!(payload_matches(None, Some(&digest), true));
        // Removed without being marked as a redaction, altered, or added afterwards.
        assert!(!payload_matches(None, Some(&digest), false));
        assert!(!payload_matches(
            Some(&json!({"name": "John Doe"})),
            Some(&digest),
            true
        ));
        assert!(!payload_matches(Some(&value), None, false));
    }

    #[test]
    fn absent_and_empty_texts_differ() {
        let base = event(1, None, None);
        assert_ne!(
            ChainedEvent {
                actor_label: Some(""),
                ..base
            }
            .canonical(),
            base.canonical()
        );
    }

    #[test]
    fn stored_time_keeps_microseconds() {
        let at = Utc.timestamp_opt(1_800_000_000, 123_456_789).unwrap();
        assert_eq!(stored_time(at).timestamp_subsec_nanos(), 123_456_000);
    }

    fn chain(n: i64) -> Vec<(ChainedEvent<'static>, String, String)> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let event = event(seq, None, None);
                let hash = event.hash(&prev);
                let link = (event, prev.clone(), hash.clone());
                prev = hash;
                link
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_checks() {
        let mut check = ChainCheck::default();
        for (event, prev, hash) in chain(3) {
            check.check(&event, &prev, &hash).unwrap();
        }
        assert_eq!(check.intact(), 3);
    }

    #[test]
    fn an_altered_event_is_named() {
        let mut links = chain(3);
        links[1].0.action = "POST_DELETED";
        let mut check = ChainCheck::default();
        check.check(&links[0].0, &links[0].1, &links[0].2).unwrap();
        assert_eq!(
            check.check(&links[1].0, &links[1].1, &links[1].2),
            Err(Break::Altered)
        );
    }

    #[test]
    fn an_event_rehashed_after_alteration_breaks_the_next_link() {
        let mut links = chain(3);
        links[1].0.action = "POST_DELETED";
        links[1].2 = links[1].0.hash(&links[1].1);
        let mut check = ChainCheck::default();
        check.check(&links[0].0, &links[0].1, &links[0].2).unwrap();
        check.check(&links[1].0, &links[1].1, &links[1].2).unwrap();
        assert_eq!(
            check.check(&links[2].0, &links[2].1, &links[2].2),
            Err(Break::EarlierAlteredOrMissing)
        );
    }

    #[test]
    fn a_removed_event_is_a_gap() {
        let links = chain(3);
        let mut check = ChainCheck::default();
        check.check(&links[0].0, &links[0].1, &links[0].2).unwrap();
        assert_eq!(
            check.check(&links[2].0, &links[2].1, &links[2].2),
            Err(Break::Gap { expected_seq: 2 })
        );
        let mut from_start = ChainCheck::default();
        assert_eq!(
            from_start.check(&links[1].0, &links[1].1, &links[1].2),
            Err(Break::Gap { expected_seq: 1 })
        );
    }
}
