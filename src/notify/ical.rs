//! iCalendar (RFC 5545) rendering for consultation meetings.
//!
//! Pure string building: no I/O, so callers decide whether the result goes
//! into an email attachment (`METHOD:REQUEST`/`CANCEL`) or a feed (`PUBLISH`).

use chrono::offset::LocalResult;
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use chrono_tz::Tz;

const PRODID: &str = "-//Consult//Consultation meetings//EN";
const TZID: &str = "Europe/London";
/// RFC 5545 §3.1: lines SHOULD NOT exceed 75 octets, excluding the CRLF.
const MAX_LINE_OCTETS: usize = 75;

pub struct Person {
    pub name: String,
    pub email: String,
}

/// The iTIP (RFC 5546) method: what the receiving calendar should do.
pub enum Method {
    /// A read-only feed.
    Publish,
    /// An invite (or an update to one, told apart by `SEQUENCE`).
    Request,
    /// A cancellation.
    Cancel,
}

impl Method {
    /// The iCalendar name, also the `method` parameter of a calendar attachment.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Publish => "PUBLISH",
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

pub struct Event {
    /// Stable across moves, e.g. `"<meeting uuid>@consult"`.
    pub uid: String,
    /// Raised each time the meeting is moved or changed.
    pub sequence: u32,
    pub start: DateTime<Tz>,
    pub end: DateTime<Tz>,
    pub summary: String,
    pub description: String,
    /// A room or a video link.
    pub location: Option<String>,
    pub url: Option<String>,
    pub organizer: Option<Person>,
    pub attendees: Vec<Person>,
    pub cancelled: bool,
    pub last_modified: DateTime<Utc>,
}

/// A VCALENDAR with PRODID "-//Consult//Consultation meetings//EN", VERSION 2.0, CALSCALE GREGORIAN,
/// METHOD, an X-WR-CALNAME of `name`, one VTIMEZONE for Europe/London, and one VEVENT per event.
pub fn calendar(name: &str, method: Method, events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(1024 + events.len() * 1024);
    let mut line = |l: &str| push_folded(&mut out, l);

    line("BEGIN:VCALENDAR");
    line(&format!("PRODID:{PRODID}"));
    line("VERSION:2.0");
    line("CALSCALE:GREGORIAN");
    line(&format!("METHOD:{}", method.as_str()));
    line(&format!("X-WR-CALNAME:{}", escape_text(name)));
    for l in VTIMEZONE_LONDON {
        line(l);
    }

    let force_cancel = matches!(method, Method::Cancel);
    for ev in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape_text(&ev.uid)));
        line(&format!("DTSTAMP:{}", utc_stamp(now)));
        line(&format!("LAST-MODIFIED:{}", utc_stamp(ev.last_modified)));
        line(&format!("SEQUENCE:{}", ev.sequence));
        let status = if ev.cancelled || force_cancel {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        line(&format!("STATUS:{status}"));
        line(&format!("DTSTART{}", date_time_value(&ev.start)));
        line(&format!("DTEND{}", date_time_value(&ev.end)));
        line(&format!("SUMMARY:{}", escape_text(&ev.summary)));
        line(&format!("DESCRIPTION:{}", escape_text(&ev.description)));
        if let Some(loc) = &ev.location {
            line(&format!("LOCATION:{}", escape_text(loc)));
        }
        if let Some(url) = &ev.url {
            // URI values are not TEXT-escaped, but must stay on one logical line.
            line(&format!("URL:{}", strip_controls(url)));
        }
        if let Some(org) = &ev.organizer {
            // Always quoted: valid for any value, and matches what mail clients send.
            line(&format!(
                "ORGANIZER;CN=\"{}\":mailto:{}",
                param_safe(&org.name),
                strip_controls(&org.email)
            ));
        }
        for a in &ev.attendees {
            line(&format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{}",
                param_value(&a.name),
                strip_controls(&a.email)
            ));
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// UK rules since 1996 (EU harmonised): BST from 01:00 GMT on the last Sunday
/// of March, GMT from 02:00 BST on the last Sunday of October. Each DTSTART is
/// local time in the offset in force *before* the change (TZOFFSETFROM).
const VTIMEZONE_LONDON: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The part of a DTSTART/DTEND line after the property name.
fn date_time_value(t: &DateTime<Tz>) -> String {
    // Only one VTIMEZONE is emitted, so any other zone is shown in London time.
    let local = t.with_timezone(&London);
    let naive = local.naive_local();
    // In the repeated hour at the end of BST a local time names two instants and
    // readers take the earlier (RFC 5545 §3.3.5); give the later one in UTC.
    if let LocalResult::Ambiguous(earlier, _) = London.from_local_datetime(&naive)
        && earlier != local
    {
        return format!(":{}", utc_stamp(local.with_timezone(&Utc)));
    }
    format!(";TZID={TZID}:{}", naive.format("%Y%m%dT%H%M%S"))
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                // CRLF and a lone CR are both one line break.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            // TEXT allows HTAB but no other controls; they would confuse parsers.
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Drops control characters so a value cannot break out of its content line.
fn strip_controls(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// A parameter value has no escape mechanism (RFC 5545 §3.2): DQUOTE cannot
/// appear even inside quotes, so it is removed.
fn param_safe(s: &str) -> String {
    s.chars().filter(|c| *c != '"' && !c.is_control()).collect()
}

/// A parameter value, quoted when it holds a character that would otherwise
/// end the parameter or the property name.
fn param_value(s: &str) -> String {
    let v = param_safe(s);
    if v.contains([':', ';', ',']) {
        format!("\"{v}\"")
    } else {
        v
    }
}

/// Appends one content line, folded at 75 octets with CRLF + space, never
/// splitting a UTF-8 sequence (RFC 5545 §3.1).
fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    // The first physical line has 75 octets of content; later ones lose one to the leading space.
    let mut limit = MAX_LINE_OCTETS;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// One meeting as an event, naming nobody: a feed or a download leaves the organizer and
/// attendees out, an email's invite adds them (`with_people`).
pub fn meeting_event(m: &crate::store::timetable::MeetingRecord, proposal_title: &str) -> Event {
    Event {
        uid: format!("{}@consult", m.id),
        sequence: m.sequence.max(0) as u32,
        start: m.starts_at.with_timezone(&London),
        end: m.ends_at.with_timezone(&London),
        summary: m.title.clone(),
        description: format!(
            "{} — {}",
            proposal_title,
            m.kind.as_str().replace('_', " ").to_lowercase()
        ),
        location: m.place.clone().or_else(|| m.link.clone()),
        url: m.link.clone(),
        organizer: None,
        attendees: vec![],
        cancelled: m.cancelled,
        last_modified: m.updated_at,
    }
}

impl Event {
    /// The event as an iTIP message to one person (RFC 5546 §3.2.2, §3.2.5): REQUEST and
    /// CANCEL need an ORGANIZER and at least one ATTENDEE, and a mail client offers to
    /// accept or decline only when it finds its user among the attendees. Each invitee gets
    /// their own invite naming only them: who else is invited to a consultation meeting
    /// (who is at risk) is not theirs to see.
    pub fn with_people(mut self, organizer: Person, attendee: Person) -> Self {
        self.organizer = Some(organizer);
        self.attendees = vec![attendee];
        self
    }
}

/// Renders the invite of meetings for a calendar.
pub fn meetings_calendar(
    name: &str,
    meetings: &[crate::store::timetable::MeetingRecord],
    proposal_titles: &dyn Fn(uuid::Uuid) -> String,
    method: Method,
) -> String {
    let events: Vec<Event> = meetings
        .iter()
        .map(|m| meeting_event(m, &proposal_titles(m.proposal_id)))
        .collect();
    calendar(name, method, &events, chrono::Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const DESCRIPTION: &str = "Dear colleague,\nThis is the first 1:1 in the consultation; \
        please bring questions, notes \\ anything else.\r\nPay protection: £1,250 for 12 months \
        — see Brierley’s proposal. Emoji test 🎉🎉🎉 and accents: café, naïve, Zürich, \
        Ελληνικά, 日本語のテキスト, repeated to pass the fold: \
        £££££££££££££££££££££££££££££££££££££££££££££££££££££££££££££££££££££.";

    fn london(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Tz> {
        London
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap()
    }

    fn sample_event() -> Event {
        Event {
            uid: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@consult".into(),
            sequence: 3,
            start: london(2021, 6, 10, 10, 0),
            end: london(2021, 6, 10, 11, 0),
            summary: "1:1 consultation meeting, Finance team".into(),
            description: DESCRIPTION.into(),
            location: Some("Room 4; Brierley House, Leeds".into()),
            url: Some("https://meet.example.com/abc-defg-hij?pwd=xyz".into()),
            organizer: Some(Person {
                name: "Jo \"HR\" Bloggs".into(),
                email: "jo.bloggs@example.co.uk".into(),
            }),
            attendees: vec![
                Person {
                    name: "Sam Smith".into(),
                    email: "sam@example.co.uk".into(),
                },
                Person {
                    name: "Patel, Anita".into(),
                    email: "anita@example.co.uk".into(),
                },
            ],
            cancelled: false,
            last_modified: Utc.with_ymd_and_hms(2021, 6, 1, 9, 30, 0).unwrap(),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2021, 6, 2, 8, 15, 42).unwrap()
    }

    /// Reverses folding: RFC 5545 §3.1 unfolding removes CRLF + one space.
    fn unfold(s: &str) -> Vec<String> {
        s.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn unescape_text(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(o) => out.push(o),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn prop<'a>(lines: &'a [String], prefix: &str) -> &'a str {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no line starting {prefix:?}"))
    }

    #[test]
    fn escape_text_escapes_backslash_semicolon_comma_newline() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(
            escape_text("one\ntwo\r\nthree\rfour"),
            r"one\ntwo\nthree\nfour"
        );
        assert_eq!(escape_text("£5 at Brierley’s: ok"), "£5 at Brierley’s: ok");
        assert_eq!(escape_text("tab\tbell\u{7}"), "tab\tbell");
    }

    #[test]
    fn param_values_are_quoted_when_needed_and_lose_dquotes() {
        assert_eq!(param_value("Sam Smith"), "Sam Smith");
        assert_eq!(param_value("Patel, Anita"), "\"Patel, Anita\"");
        assert_eq!(param_value("A;B"), "\"A;B\"");
        assert_eq!(param_value("Dr: Who"), "\"Dr: Who\"");
        assert_eq!(param_value("Jo \"HR\" Bloggs"), "Jo HR Bloggs");
    }

    #[test]
    fn folding_respects_75_octets_and_utf8_boundaries() {
        // Multi-byte characters at every alignment relative to the fold points.
        for pad in 0..4 {
            let line = format!("DESCRIPTION:{}{}", "x".repeat(pad), "£🎉’é".repeat(40));
            let mut out = String::new();
            push_folded(&mut out, &line);
            assert!(out.ends_with("\r\n"));
            for (i, phys) in out.trim_end_matches("\r\n").split("\r\n").enumerate() {
                assert!(phys.len() <= 75, "line {i} is {} octets", phys.len());
                assert_eq!(i > 0, phys.starts_with(' '));
            }
            assert_eq!(unfold(&out), vec![line]);
        }
    }

    #[test]
    fn short_line_is_not_folded() {
        let mut out = String::new();
        push_folded(&mut out, &"a".repeat(75));
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)));
    }

    #[test]
    fn whole_calendar_folds_and_round_trips_long_description() {
        let ics = calendar(
            "Finance restructure",
            Method::Request,
            &[sample_event()],
            now(),
        );
        assert!(ics.ends_with("\r\n"));
        assert!(
            !ics.replace("\r\n", "").contains(['\r', '\n']),
            "bare CR or LF"
        );
        for phys in ics.split("\r\n") {
            assert!(phys.len() <= 75, "{phys:?} is {} octets", phys.len());
        }
        let lines = unfold(&ics);
        let desc = prop(&lines, "DESCRIPTION:");
        assert!(desc.len() > 300, "description should need several folds");
        assert_eq!(unescape_text(desc), DESCRIPTION.replace("\r\n", "\n"));
    }

    #[test]
    fn calendar_header_and_vtimezone() {
        let ics = calendar("Finance; Leeds", Method::Publish, &[], now());
        let lines = unfold(&ics);
        assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
        assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
        for want in [
            "PRODID:-//Consult//Consultation meetings//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Finance\\; Leeds",
            "TZID:Europe/London",
        ] {
            assert!(lines.iter().any(|l| l == want), "missing {want}");
        }
        let tz = ics.split("BEGIN:VTIMEZONE").nth(1).unwrap();
        let daylight = tz.split("BEGIN:DAYLIGHT").nth(1).unwrap();
        let daylight = daylight.split("END:DAYLIGHT").next().unwrap();
        for want in [
            "TZOFFSETFROM:+0000",
            "TZOFFSETTO:+0100",
            "TZNAME:BST",
            "DTSTART:19700329T010000",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        ] {
            assert!(daylight.contains(want), "DAYLIGHT lacks {want}");
        }
        let standard = tz.split("BEGIN:STANDARD").nth(1).unwrap();
        let standard = standard.split("END:STANDARD").next().unwrap();
        for want in [
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0000",
            "TZNAME:GMT",
            "DTSTART:19701025T020000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        ] {
            assert!(standard.contains(want), "STANDARD lacks {want}");
        }
        assert!(!ics.contains("BEGIN:VEVENT"));
    }

    #[test]
    fn bst_date_renders_local_time_with_tzid() {
        let ics = calendar("c", Method::Request, &[sample_event()], now());
        let lines = unfold(&ics);
        assert!(lines.contains(&"DTSTART;TZID=Europe/London:20210610T100000".into()));
        assert!(lines.contains(&"DTEND;TZID=Europe/London:20210610T110000".into()));
    }

    #[test]
    fn gmt_date_renders_local_time_with_tzid() {
        let mut ev = sample_event();
        ev.start = london(2021, 12, 9, 14, 30);
        ev.end = london(2021, 12, 9, 15, 0);
        let lines = unfold(&calendar("c", Method::Request, &[ev], now()));
        assert!(lines.contains(&"DTSTART;TZID=Europe/London:20211209T143000".into()));
        assert!(lines.contains(&"DTEND;TZID=Europe/London:20211209T150000".into()));
    }

    #[test]
    fn other_zones_are_shown_in_london_time() {
        let mut ev = sample_event();
        // 11:00 in Paris (CEST) is 10:00 in London (BST).
        ev.start = chrono_tz::Europe::Paris
            .with_ymd_and_hms(2021, 6, 10, 11, 0, 0)
            .unwrap();
        let lines = unfold(&calendar("c", Method::Request, &[ev], now()));
        assert!(lines.contains(&"DTSTART;TZID=Europe/London:20210610T100000".into()));
    }

    #[test]
    fn second_occurrence_of_repeated_hour_is_given_in_utc() {
        let mut ev = sample_event();
        // 2021-10-31 01:30 happens twice in London; 01:30 GMT is 01:30Z.
        ev.start = Utc
            .with_ymd_and_hms(2021, 10, 31, 1, 30, 0)
            .unwrap()
            .with_timezone(&London);
        // 00:30Z is the first 01:30 (BST), which a reader picks anyway.
        ev.end = Utc
            .with_ymd_and_hms(2021, 10, 31, 0, 30, 0)
            .unwrap()
            .with_timezone(&London);
        let lines = unfold(&calendar("c", Method::Request, &[ev], now()));
        assert!(lines.contains(&"DTSTART:20211031T013000Z".into()));
        assert!(lines.contains(&"DTEND;TZID=Europe/London:20211031T013000".into()));
    }

    #[test]
    fn stamps_sequence_uid_and_people() {
        let lines = unfold(&calendar("c", Method::Request, &[sample_event()], now()));
        assert_eq!(prop(&lines, "SEQUENCE:"), "3");
        assert_eq!(
            prop(&lines, "UID:"),
            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@consult"
        );
        assert_eq!(prop(&lines, "DTSTAMP:"), "20210602T081542Z");
        assert_eq!(prop(&lines, "LAST-MODIFIED:"), "20210601T093000Z");
        assert_eq!(prop(&lines, "STATUS:"), "CONFIRMED");
        assert_eq!(
            prop(&lines, "LOCATION:"),
            "Room 4\\; Brierley House\\, Leeds"
        );
        assert_eq!(
            prop(&lines, "ORGANIZER"),
            ";CN=\"Jo HR Bloggs\":mailto:jo.bloggs@example.co.uk"
        );
        let attendees: Vec<_> = lines.iter().filter(|l| l.starts_with("ATTENDEE")).collect();
        assert_eq!(
            attendees,
            [
                "ATTENDEE;CN=Sam Smith;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:sam@example.co.uk",
                "ATTENDEE;CN=\"Patel, Anita\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:anita@example.co.uk",
            ]
        );
    }

    #[test]
    fn cancelled_event_has_status_cancelled() {
        let mut ev = sample_event();
        ev.cancelled = true;
        let lines = unfold(&calendar("c", Method::Publish, &[ev], now()));
        assert_eq!(prop(&lines, "STATUS:"), "CANCELLED");
    }

    #[test]
    fn cancel_method_cancels_every_event() {
        let mut second = sample_event();
        second.uid = "second@consult".into();
        let ics = calendar("c", Method::Cancel, &[sample_event(), second], now());
        let lines = unfold(&ics);
        assert!(lines.contains(&"METHOD:CANCEL".into()));
        let statuses: Vec<_> = lines.iter().filter(|l| l.starts_with("STATUS:")).collect();
        assert_eq!(statuses, ["STATUS:CANCELLED", "STATUS:CANCELLED"]);
    }

    /// Writes a sample for an external parser check (`check_sample.py`):
    /// to `$CONSULT_ICAL_SAMPLE` if set, else to the system temp dir.
    #[test]
    fn writes_sample_for_external_parser() {
        let mut gmt = sample_event();
        gmt.uid = "gmt-cancelled@consult".into();
        gmt.sequence = 7;
        gmt.cancelled = true;
        gmt.start = london(2021, 12, 9, 14, 30);
        gmt.end = london(2021, 12, 9, 15, 0);
        let ics = calendar(
            "Finance restructure",
            Method::Request,
            &[sample_event(), gmt],
            now(),
        );
        let path = std::env::var_os("CONSULT_ICAL_SAMPLE")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("consult-ical-sample.ics"));
        std::fs::write(&path, ics).unwrap();
    }
}
