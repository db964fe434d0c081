//! Slows down password guessing: after too many failed sign-ins for one email address
//! within a window, further attempts are refused until the window has moved past them.

use super::DomainError;
use chrono::{DateTime, Duration, Utc};

/// The throttling rule: `max_failures` failed sign-ins within `window` lock the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottle {
    pub max_failures: usize,
    pub window: Duration,
}

impl Default for LoginThrottle {
    /// 10 failures in 15 minutes.
    fn default() -> Self {
        Self {
            max_failures: 10,
            window: Duration::minutes(15),
        }
    }
}

impl LoginThrottle {
    /// Decides whether a sign-in may be attempted now, given the times of recent failures
    /// for the address (any order, older ones are ignored).
    pub fn check(&self, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Result<(), DomainError> {
        let mut recent: Vec<_> = failures
            .iter()
            .copied()
            .filter(|at| *at > now - self.window)
            .collect();
        if recent.len() < self.max_failures {
            return Ok(());
        }
        // The lock lifts when enough failures have left the window to go below the limit.
        recent.sort_unstable_by(|a, b| b.cmp(a));
        let unlocks_at = recent[self.max_failures - 1] + self.window;
        let retry_after_seconds = (unlocks_at - now).num_seconds().max(1) as u64;
        let minutes = retry_after_seconds.div_ceil(60);
        Err(DomainError::RateLimited {
            message: format!(
                "Too many failed sign-in attempts for this email address. Try again in {minutes} minute{}, or ask HR to reset your password.",
                if minutes == 1 { "" } else { "s" }
            ),
            retry_after_seconds,
        })
    }

    /// Failures older than this no longer count and can be forgotten.
    pub fn forget_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.window
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes_ago: i64, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::minutes(minutes_ago)
    }

    #[test]
    fn nine_failures_still_allow_an_attempt() {
        let now = Utc::now();
        let failures: Vec<_> = (0..9).map(|i| at(i, now)).collect();
        assert!(LoginThrottle::default().check(&failures, now).is_ok());
    }

    #[test]
    fn ten_failures_in_fifteen_minutes_lock_until_the_oldest_leaves_the_window() {
        let now = Utc::now();
        let failures: Vec<_> = (0..10).map(|i| at(i, now)).collect();
        let err = LoginThrottle::default().check(&failures, now).unwrap_err();
        match err {
            DomainError::RateLimited {
                retry_after_seconds,
                message,
            } => {
                // The oldest of the ten was 9 minutes ago: 6 minutes to wait.
                assert_eq!(retry_after_seconds, 6 * 60);
                assert!(message.contains("6 minutes"), "{message}");
            }
            other => panic!("expected RATE_LIMITED, got {other:?}"),
        }
        let later = now + Duration::minutes(6) + Duration::seconds(1);
        assert!(LoginThrottle::default().check(&failures, later).is_ok());
    }

    #[test]
    fn failures_outside_the_window_do_not_count() {
        let now = Utc::now();
        let failures: Vec<_> = (0..10).map(|i| at(16 + i, now)).collect();
        assert!(LoginThrottle::default().check(&failures, now).is_ok());
    }
}
