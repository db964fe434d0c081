//! The headers of Consult's emails. Every email is `Auto-Submitted: auto-generated` (RFC
//! 3834), so out-of-office replies do not come back; its Message-ID names the public host.
//!
//! One-click unsubscribe (RFC 8058) from optional notices: which emails offer it, and the
//! link's token, which names the recipient and cannot be guessed or forged.
//!
//! The only opt-out optional notices have is the daily digest (statutory notices always go
//! at once), so unsubscribing switches the recipient to it. The token is the user's id and
//! an HMAC-SHA256 of it under a key derived from the server's signing secret: anyone may
//! present it (mail providers POST it without a session), but only the server can make one.

use super::notify::Milestone;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// `Auto-Submitted` on every email (RFC 3834 §5): sent by software, not a person, so
/// auto-responders do not answer it.
pub const AUTO_SUBMITTED: &str = "auto-generated";

/// The right-hand side of Message-IDs: the host of the public URL
/// (`https://consult.bury.gov.uk:8443/x` gives `consult.bury.gov.uk`), or `consult` when it
/// has none.
pub fn message_id_domain(public_url: &str) -> String {
    let rest = public_url
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        // An IPv6 literal keeps its brackets (a domain literal, RFC 5322 §3.4.1).
        host_port.split_inclusive(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let fits = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    if fits { host } else { "consult".to_owned() }
}

/// The value of `List-Unsubscribe`: the one-click link, in angle brackets (RFC 2369).
pub fn list_unsubscribe(url: &str) -> String {
    format!("<{url}>")
}

/// What a mail provider POSTs to the link (RFC 8058 §3.1).
pub const ONE_CLICK_BODY: &str = "List-Unsubscribe=One-Click";

/// The value of `List-Unsubscribe-Post` (RFC 8058 §3.1).
pub const LIST_UNSUBSCRIBE_POST: &str = "List-Unsubscribe=One-Click";

/// Where the link points, below the public URL.
pub const PATH_PREFIX: &str = "/notifications/unsubscribe/";

/// Whether an email offers one-click unsubscribe: a digest, or a notice the digest choice
/// covers (`Milestone::may_wait_for_digest`), planned for a proposal, to an account. Statutory
/// notices (RFC 8058 is for mail the recipient may refuse), account invitations (a sign-in
/// link, not a notice) and case messages (sent because HR acted on one person's case, never
/// digested) do not; nor does mail to an address without an account, which has no
/// preference to change.
pub fn offered(milestone: Milestone, digest: bool, to_account: bool) -> bool {
    to_account
        && (digest
            || (milestone.may_wait_for_digest()
                && milestone.planned()
                && milestone != Milestone::Invitation))
}

/// The key that signs unsubscribe tokens, derived from the server's signing secret so the
/// secret itself signs nothing but sign-in tokens.
#[derive(Clone)]
pub struct UnsubscribeKey([u8; 32]);

impl std::fmt::Debug for UnsubscribeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UnsubscribeKey(***)")
    }
}

impl UnsubscribeKey {
    pub fn derive(secret: &[u8]) -> Self {
        let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes a key of any length");
        mac.update(b"consult one-click unsubscribe v1");
        Self(mac.finalize().into_bytes().into())
    }

    fn mac(&self, user: Uuid) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(user.as_bytes());
        mac
    }

    /// The token of a user's link: 16 bytes of id and 32 of HMAC, base64url (64 characters).
    pub fn token(&self, user: Uuid) -> String {
        let mut bytes = user.as_bytes().to_vec();
        bytes.extend_from_slice(&self.mac(user).finalize().into_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The user a token was made for, if this key made it (compared in constant time).
    pub fn owner(&self, token: &str) -> Option<Uuid> {
        let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
        if bytes.len() != 48 {
            return None;
        }
        let user = Uuid::from_slice(&bytes[..16]).ok()?;
        self.mac(user).verify_slice(&bytes[16..]).ok()?;
        Some(user)
    }

    /// The absolute link of a user's token.
    pub fn url(&self, public_url: &str, user: Uuid) -> String {
        format!(
            "{}{PATH_PREFIX}{}",
            public_url.trim_end_matches('/'),
            self.token(user)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn a_token_names_its_user_and_only_its_key_made_it() {
        let key = UnsubscribeKey::derive(b"a server secret of at least 32 characters");
        let token = key.token(user(7));
        assert_eq!(token.len(), 64);
        assert_eq!(key.owner(&token), Some(user(7)));
        assert_ne!(key.token(user(8)), token);
        // Another server's secret does not accept it.
        let other = UnsubscribeKey::derive(b"another secret of at least 32 characters");
        assert_eq!(other.owner(&token), None);
    }

    #[test]
    fn a_changed_or_made_up_token_is_refused() {
        let key = UnsubscribeKey::derive(b"a server secret of at least 32 characters");
        let token = key.token(user(7));
        // Another user's id with this user's MAC: forging needs the key.
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        bytes[..16].copy_from_slice(user(8).as_bytes());
        assert_eq!(key.owner(&URL_SAFE_NO_PAD.encode(&bytes)), None);
        // One bit of the MAC changed.
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        bytes[40] ^= 1;
        assert_eq!(key.owner(&URL_SAFE_NO_PAD.encode(&bytes)), None);
        // The id alone, truncated, empty, not base64.
        assert_eq!(key.owner(&URL_SAFE_NO_PAD.encode(user(7).as_bytes())), None);
        assert_eq!(key.owner(&token[..60]), None);
        assert_eq!(key.owner(""), None);
        assert_eq!(key.owner("not a token!"), None);
    }

    #[test]
    fn the_link_is_below_the_public_url() {
        let key = UnsubscribeKey::derive(b"a server secret of at least 32 characters");
        let url = key.url("https://consult.bury.example/", user(7));
        assert_eq!(
            url,
            format!(
                "https://consult.bury.example/notifications/unsubscribe/{}",
                key.token(user(7))
            )
        );
    }

    #[test]
    fn message_ids_name_the_public_host() {
        assert_eq!(
            message_id_domain("https://consult.bury.gov.uk"),
            "consult.bury.gov.uk"
        );
        assert_eq!(
            message_id_domain("https://Consult.Bury.gov.uk:8443/app/"),
            "consult.bury.gov.uk"
        );
        assert_eq!(message_id_domain("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(message_id_domain("http://[::1]:8080/"), "[::1]");
        assert_eq!(
            message_id_domain("https://user@host.example"),
            "host.example"
        );
        assert_eq!(message_id_domain("https://"), "consult");
        assert_eq!(message_id_domain("https://bad host>"), "consult");
        assert_eq!(
            list_unsubscribe("https://c.example/notifications/unsubscribe/abc"),
            "<https://c.example/notifications/unsubscribe/abc>"
        );
    }

    #[test]
    fn digests_and_optional_notices_to_accounts_offer_it_statutory_ones_do_not() {
        // A digest always offers it (it holds only optional notices).
        assert!(offered(Milestone::QuestionAnswered, true, true));
        assert!(offered(Milestone::ProposalPublished, false, true));
        // A meeting's notice always comes at once (it carries the calendar entry).
        assert!(!offered(Milestone::MeetingInvitation, false, true));
        assert!(offered(Milestone::StepDue, false, true));
        for statutory in Milestone::ALL.into_iter().filter(|m| m.statutory()) {
            assert!(!offered(statutory, false, true), "{statutory:?}");
        }
        // A sign-in invitation and a case message are not notices the digest covers.
        assert!(!offered(Milestone::Invitation, false, true));
        assert!(!offered(Milestone::FeedbackReceipt, false, true));
        assert!(!offered(
            Milestone::IndividualMeetingInvitation,
            false,
            true
        ));
        // An address without an account has no preference to change.
        assert!(!offered(Milestone::MeetingInvitation, false, false));
    }
}
