//! Passwords: the policy for choosing one, and argon2id hashing. CPU only, no I/O.

use super::DomainError;
use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use std::sync::LazyLock;

/// A password that meets the policy. Never logged, never stored: only its hash is.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    /// Length over composition rules, as the NCSC advises.
    pub const MIN_CHARS: usize = 12;
    /// Bounds the hashing work one request can cause.
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str, field: &str) -> Result<Self, DomainError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(DomainError::bad_input(
                field,
                format!(
                    "Choose a password of at least {} characters; three random words work well.",
                    Self::MIN_CHARS
                ),
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(DomainError::bad_input(
                field,
                format!(
                    "A password can be at most {} characters long.",
                    Self::MAX_CHARS
                ),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// A strong random password (24 characters of URL-safe base64, 144 bits), for accounts
    /// whose password is shown once to whoever creates them.
    pub fn generate() -> (Self, String) {
        use argon2::password_hash::rand_core::RngCore;
        use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
        let mut bytes = [0u8; 18];
        OsRng.fill_bytes(&mut bytes);
        let text = URL_SAFE_NO_PAD.encode(bytes);
        (Self(text.clone()), text)
    }

    /// The argon2id hash in PHC string form, with a fresh random salt.
    pub fn hash(&self) -> String {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(self.0.as_bytes(), &salt)
            .expect("argon2 with default parameters accepts any password of bounded length")
            .to_string()
    }
}

/// Whether `candidate` matches `stored_hash`. With no stored hash (an unknown email, or an
/// account that has no password yet) the same work is done against a dummy hash, so the
/// answer takes as long as for a real account and does not reveal which emails exist.
pub fn verify(candidate: &str, stored_hash: Option<&str>) -> bool {
    static DUMMY_HASH: LazyLock<String> =
        LazyLock::new(|| Password("not-a-password-of-anyone".to_owned()).hash());
    if candidate.chars().count() > Password::MAX_CHARS {
        return false;
    }
    let (hash, real) = match stored_hash {
        Some(hash) => (hash, true),
        None => (DUMMY_HASH.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    Argon2::default()
        .verify_password(candidate.as_bytes(), &parsed)
        .is_ok()
        && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_same_password() {
        let hash = Password::parse("correct horse battery", "p")
            .unwrap()
            .hash();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", Some(&hash)));
        assert!(!verify("correct horse batterY", Some(&hash)));
    }

    #[test]
    fn generated_passwords_meet_the_policy_and_differ() {
        let (first, text) = Password::generate();
        assert!(Password::parse(&text, "p").is_ok());
        assert!(verify(&text, Some(&first.hash())));
        assert_ne!(text, Password::generate().1);
    }

    #[test]
    fn no_stored_hash_never_verifies() {
        assert!(!verify("not-a-password-of-anyone", None));
    }

    #[test]
    fn short_and_overlong_passwords_are_refused() {
        assert!(Password::parse("short", "p").is_err());
        assert!(Password::parse(&"x".repeat(129), "p").is_err());
        assert!(Password::parse(&"x".repeat(12), "p").is_ok());
    }
}
