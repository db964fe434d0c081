//! Telling people: iCalendar invites now; the email outbox comes with the notifications issue.

pub mod ical;
