//! Telling people: the email outbox's worker (`worker`), its transport (`mailer`: SMTP, or
//! `.eml` files when none is configured), the templates, and iCalendar invites.

pub mod ical;
pub mod mailer;
pub mod templates;
pub mod worker;
