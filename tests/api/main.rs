//! Integration tests: the real server over HTTP on a real database. Every database test
//! runs on SQLite and, with `CONSULT_TEST_POSTGRES_URL`, on PostgreSQL.

mod helpers;

mod accounts;
mod appeals;
mod approvals;
mod audit;
mod auth;
mod backdating;
mod bundle;
mod case_pages;
mod cases;
mod cli;
mod confidentiality;
mod email;
mod employer_policy;
mod equality;
mod feedback;
mod feedback_scale;
mod fuzz;
mod hardening;
mod health;
mod id_kinds;
mod import;
mod letters;
mod limits;
mod meeting_records;
mod meetings;
mod notice;
mod offers;
mod outcome;
mod proposals;
mod protective_award;
mod questions;
mod read_model;
mod retention;
mod ring_fences;
mod s188;
mod save_cost;
mod schema;
mod selection;
mod session;
mod sessions;
mod subject_access;
mod timetable;
mod trial_reviews;
