//! Who may read `GET /metrics` on the main listener: whoever presents the configured token
//! (`CONSULT_METRICS_TOKEN`) as `Authorization: Bearer`. The private listener
//! (`CONSULT_METRICS_LISTEN`) asks for nothing; keeping it private is the network's job.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The metrics token, kept only as its SHA-256 digest.
#[derive(Clone)]
pub struct MetricsToken([u8; 32]);

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(***)")
    }
}

impl MetricsToken {
    /// Shorter tokens are refused at start-up: a scraper's token is typed once, so it can be long.
    pub const MIN_LEN: usize = 16;

    /// The configured token, or why it cannot be used.
    pub fn parse(value: &str) -> Result<Self, String> {
        if value.len() < Self::MIN_LEN || value.trim() != value {
            return Err(format!(
                "CONSULT_METRICS_TOKEN must be at least {} characters long, without spaces around it",
                Self::MIN_LEN
            ));
        }
        Ok(Self(Sha256::digest(value.as_bytes()).into()))
    }

    /// Whether an `Authorization` header's value presents this token. The digests are
    /// compared in constant time, so neither the token's content nor its length shows in how
    /// long a refusal takes.
    pub fn admits(&self, authorization: Option<&str>) -> bool {
        let Some(presented) = authorization.and_then(bearer_token) else {
            return false;
        };
        let presented: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        self.0.ct_eq(&presented).into()
    }
}

/// The token of `Bearer <token>` (the scheme in any case, RFC 7235).
fn bearer_token(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "a-long-scrape-token-0123";

    #[test]
    fn only_the_configured_bearer_token_is_admitted() {
        let token = MetricsToken::parse(TOKEN).unwrap();
        assert!(token.admits(Some(&format!("Bearer {TOKEN}"))));
        assert!(token.admits(Some(&format!("bearer  {TOKEN} "))));
        assert!(!token.admits(None));
        assert!(!token.admits(Some(TOKEN)));
        assert!(!token.admits(Some("Bearer ")));
        assert!(!token.admits(Some(&format!("Basic {TOKEN}"))));
        assert!(!token.admits(Some(&format!("Bearer {TOKEN}x"))));
        assert!(!token.admits(Some("Bearer a-long-scrape-token-0124")));
    }

    #[test]
    fn a_short_token_is_refused() {
        assert!(MetricsToken::parse("short").is_err());
        assert!(MetricsToken::parse(&format!(" {TOKEN}")).is_err());
        assert!(format!("{:?}", MetricsToken::parse(TOKEN).unwrap()).contains("***"));
    }
}
