//! Single-use sign-in links, sent with an invitation: the link carries a random token; only
//! its SHA-256 is stored, so a copy of the database cannot be used to sign in.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

/// How an invitation asks someone to sign in the first time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstSignIn {
    /// A single-use link that signs them in (and lets them choose a password).
    Link,
    /// Password sign-in is off: the sign-in page, to sign in with the provider.
    SingleSignOn { provider_name: String },
}

/// The page a single sign-on invitation points at.
pub const SIGN_IN_PAGE: &str = "/sign-in";

/// How long an invitation's link works.
pub const VALID_DAYS: i64 = 7;

/// A new link's token (for the email) and its hash (for the database).
pub fn generate() -> (String, String) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_of(&token);
    (token, hash)
}

/// What the database keeps of a token.
pub fn hash_of(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// When a link made `now` stops working.
pub fn expires(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::days(VALID_DAYS)
}

/// The path the emailed link opens.
pub fn path(token: &str) -> String {
    format!("/sign-in?token={token}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_only_as_hashes() {
        let (a, hash_a) = generate();
        let (b, _) = generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "256 bits");
        assert_eq!(hash_of(&a), hash_a);
        assert_ne!(hash_a, a);
        assert_eq!(hash_a.len(), 64);
    }
}
