//! sea-orm entities: one module per table, mirroring `migrations/`. Hand-written model code
//! (queries, conversions to domain types) lives beside them in `store`, not here.

pub mod app_user;
pub mod approval;
pub mod audit_event;
pub mod calendar_feed;
pub mod checklist_step;
pub mod checklist_template;
pub mod employee;
pub mod feedback_form;
pub mod feedback_form_template;
pub mod feedback_response;
pub mod feedback_response_version;
pub mod hr1_notification;
pub mod implementation_step;
pub mod jd_comment;
pub mod jd_version;
pub mod job_description;
pub mod late_response;
pub mod login_failure;
pub mod meeting;
pub mod outcome_report;
pub mod pay_scale;
pub mod post;
pub mod post_holding;
pub mod proposal;
pub mod proposal_revision;
pub mod proposal_union;
pub mod question;
pub mod ring_fence;
pub mod s188_disclosure;
pub mod theme;
pub mod theme_tag;
pub mod timetable;
pub mod union_response;
pub mod union_response_attachment;
