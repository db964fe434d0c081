//! The email templates (`templates/`, one `.txt` and one `.html` per milestone, the text's
//! first line being `Subject: ...`), rendered with minijinja. HTML is escaped automatically;
//! every link is absolute, built from the public URL.

use crate::domain::meeting_wording as wording;
use crate::domain::notify::Milestone;
use chrono::{DateTime, NaiveDate, Utc};
use minijinja::Environment;
use serde_json::{Map, Value};
use std::sync::OnceLock;

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(
            (concat!($name, ".txt"), include_str!(concat!("templates/", $name, ".txt"))),
            (concat!($name, ".html"), include_str!(concat!("templates/", $name, ".html"))),
        )*]
    };
}

const TEMPLATES: &[(&str, &str)] = templates!(
    "invitation",
    "proposal_published",
    "consultation_opened",
    "consultation_closes_in_a_week",
    "consultation_closes_tomorrow",
    "consultation_closed",
    "hr1_due_in_a_week",
    "hr1_due_today",
    "minimum_period_ends",
    "disclosure_update_due",
    "meeting_invitation",
    "meeting_updated",
    "meeting_cancelled",
    "question_answered",
    "question_due_tomorrow",
    "question_overdue",
    "question_overdue_to_hr",
    "step_due",
    "step_overdue",
    "approval_requested",
    "decision_published",
    "implementation_step_due",
    "letter_issued",
    "individual_meeting_invitation",
    "notice_given",
    "appeal_deadline",
    "appeal_hearing",
    "offer_to_answer",
    "offer_answer_due",
    "trial_period_ending",
    "minutes_ready",
    "minutes_confirmed",
    "minutes_disputed",
    "response_reminder",
    "feedback_receipt",
    "question_unassigned",
    "proposal_withdrawn",
    "consultation_end_changed",
    "step_due_during_consultation",
    "information_request_received",
    "information_request_due_tomorrow",
    "information_request_overdue",
    "information_request_provided",
    "grading_challenge_received",
    "grading_challenge_decided",
    "question_challenged",
    "signature_requested",
    "digest",
);

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.add_template("base.html", include_str!("templates/base.html"))
            .expect("base.html parses");
        env.add_template("footer.txt", include_str!("templates/footer.txt"))
            .expect("footer.txt parses");
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .unwrap_or_else(|err| panic!("template {name} does not parse: {err}"));
        }
        env
    })
}

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Dates as people read them in a letter: "Monday 30 November 2026".
pub fn long_date(day: NaiveDate) -> String {
    wording::long_date(day)
}

/// A time as people read it, in the UK: "10:00 on Monday 30 November 2026 (UK time)"; in
/// the hour that happens twice when BST ends, "01:30 GMT on ...".
pub fn long_time(at: DateTime<Utc>) -> String {
    wording::long_time(at)
}

/// The template's variables: the message's data with dates written out and links made
/// absolute.
pub fn context(data: &Value, recipient_name: &str, public_url: &str) -> Value {
    let base = public_url.trim_end_matches('/');
    let mut context = Map::new();
    if let Value::Object(data) = data {
        for (key, value) in data {
            if let (Some(stem), Some(path)) = (key.strip_suffix("Path"), value.as_str()) {
                // A path becomes an absolute link: proposalPath gives proposalUrl.
                context.insert(format!("{stem}Url"), Value::String(format!("{base}{path}")));
            }
            let readable = match value.as_str() {
                Some(s) if key.ends_with("At") => DateTime::parse_from_rfc3339(s)
                    .map(|t| Value::String(long_time(t.with_timezone(&Utc))))
                    .unwrap_or_else(|_| value.clone()),
                Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map(|d| Value::String(long_date(d)))
                    .unwrap_or_else(|_| value.clone()),
                None => value.clone(),
            };
            context.insert(key.clone(), readable);
        }
    }
    context
        .entry("proposalUrl")
        .or_insert(Value::String(String::new()));
    context.insert(
        "recipientName".into(),
        Value::String(recipient_name.to_owned()),
    );
    context.insert("publicUrl".into(), Value::String(base.to_owned()));
    context.insert(
        "settingsUrl".into(),
        Value::String(format!("{base}/settings")),
    );
    context
        .entry("proposalTitle")
        .or_insert(Value::String(String::new()));
    Value::Object(context)
}

/// Renders one template pair with a prepared context. The text part ends with the footer
/// the HTML part's `base.html` has (why you receive this, the digest, the settings link).
pub fn render_named(name: &str, context: &Value) -> Result<Rendered, minijinja::Error> {
    let env = environment();
    let text = env.get_template(&format!("{name}.txt"))?.render(context)?;
    let html = env.get_template(&format!("{name}.html"))?.render(context)?;
    let footer = env.get_template("footer.txt")?.render(context)?;
    let (subject, body) = match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("Subject:") => (
            first.trim_start_matches("Subject:").trim().to_owned(),
            rest.trim_start().to_owned(),
        ),
        _ => (String::from("A message from Consult"), text.clone()),
    };
    Ok(Rendered {
        subject,
        text: format!("{}\n\n-- \n{}\n", body.trim_end(), footer.trim_end()),
        html,
    })
}

/// Renders a milestone's email.
pub fn render(
    milestone: Milestone,
    data: &Value,
    recipient_name: &str,
    public_url: &str,
) -> Result<Rendered, minijinja::Error> {
    render_named(
        milestone.as_str(),
        &context(data, recipient_name, public_url),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_milestone_renders_with_a_subject_and_absolute_links() {
        let data = json!({
            "proposalId": "0190",
            "proposalTitle": "Restructure of the SEN Service",
            "proposalPath": "/proposals/0190",
            "consultationStart": "2021-02-05",
            "consultationEnd": "2021-03-07",
            "hr1Due": "2021-02-05",
            "day": "2021-03-07",
            "meetingTitle": "Whole staff briefing",
            "startsAt": "2021-02-09T10:00:00Z",
            "questionText": "Will caseloads be capped?",
            "dueOn": "2021-02-12",
            "stepTitle": "Equality analysis",
            "approverTitle": "Head of HR",
            "signInPath": "/sign-in?token=abc",
            "expiresAt": "2021-02-12T17:00:00Z",
            "reason": "Funding was found.",
            "previousEnd": "2021-02-28",
        });
        for milestone in Milestone::ALL {
            let mail = render(
                milestone,
                &data,
                "Jo Brierley",
                "https://consult.bury.example/",
            )
            .unwrap();
            assert!(!mail.subject.is_empty(), "{milestone:?}");
            assert!(mail.text.contains("Jo Brierley"), "{milestone:?}");
            assert!(!mail.text.contains("{{"), "{milestone:?}");
            assert!(mail.html.contains("<html"), "{milestone:?}");
            if !matches!(milestone, Milestone::Invitation | Milestone::LetterIssued) {
                assert!(
                    mail.text
                        .contains("https://consult.bury.example/proposals/0190"),
                    "{milestone:?}: {}",
                    mail.text
                );
            }
        }
        let closing = render(
            Milestone::ConsultationClosesInAWeek,
            &data,
            "Jo",
            "https://c.example",
        )
        .unwrap();
        assert!(
            closing.text.contains("Sunday 7 March 2021"),
            "{}",
            closing.text
        );
        let meeting = render(
            Milestone::MeetingInvitation,
            &data,
            "Jo",
            "https://c.example",
        )
        .unwrap();
        assert!(
            meeting
                .text
                .contains("10:00 on Tuesday 9 February 2021 (UK time)"),
            "{}",
            meeting.text
        );
    }

    /// The words of an HTML fragment, tags dropped and spaces collapsed.
    fn words_of_html(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        // minijinja's HTML escapes, as a reader's client shows them.
        let out = out
            .replace("&#x2f;", "/")
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn a_single_sign_on_invitation_names_the_provider_and_sets_no_password() {
        let data = json!({
            "signInPath": "/sign-in",
            "singleSignOn": true,
            "providerName": "Microsoft Entra ID",
        });
        let mail = render(
            Milestone::Invitation,
            &data,
            "Jo",
            "https://consult.bury.example",
        )
        .unwrap();
        let html = mail.html.replace("&#x2f;", "/");
        for part in [&mail.text, &html] {
            assert!(part.contains("Microsoft Entra ID"), "{part}");
            assert!(
                part.contains("https://consult.bury.example/sign-in"),
                "{part}"
            );
            assert!(!part.contains("expires"), "{part}");
        }
        assert!(mail.text.contains("no password to set"));
    }

    #[test]
    fn every_text_part_carries_the_html_footer() {
        let data = json!({ "proposalTitle": "SEN", "proposalPath": "/proposals/0190" });
        let public = "https://consult.bury.example";
        let mut rendered: Vec<(String, Rendered)> = Milestone::ALL
            .into_iter()
            .map(|m| {
                (
                    m.as_str().to_owned(),
                    render(m, &data, "Jo", public).unwrap(),
                )
            })
            .collect();
        let digest = json!({ "recipientName": "Jo", "items": [], "settingsUrl": format!("{public}/settings") });
        rendered.push(("digest".into(), render_named("digest", &digest).unwrap()));
        for (name, mail) in rendered {
            let footer = mail
                .html
                .split("border-top:1px solid #d0d0d0")
                .nth(1)
                .unwrap_or_else(|| panic!("{name}: the HTML has no footer"));
            let footer = words_of_html(footer.split_once('>').unwrap().1);
            assert!(
                footer.starts_with("You receive this because")
                    && footer.ends_with("https://consult.bury.example/settings"),
                "{name}: {footer}"
            );
            let text = mail.text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(text.contains(&footer), "{name}: {text}\nlacks: {footer}");
        }
    }

    #[test]
    fn html_escapes_what_people_wrote() {
        let data = json!({ "proposalTitle": "<script>alert(1)</script>", "proposalPath": "/p" });
        let mail = render(
            Milestone::ProposalPublished,
            &data,
            "A & B",
            "https://c.example",
        )
        .unwrap();
        assert!(!mail.html.contains("<script>"));
        assert!(mail.html.contains("&lt;script&gt;"));
    }
}
