//! Casebook: encrypted case records for consular staff who meet possible
//! victims of human trafficking, and their exchange with the national
//! commission.
//!
//! `domain` (the case record, pure data), `vault` (the encrypted store) and
//! `cli` (the headless commands over them) never import the GUI toolkit;
//! `gui` is a thin layer over them, `i18n` the translations it shows.

pub mod cli;
pub mod document;
pub mod domain;
pub mod exchange;
pub mod gui;
pub mod hardening;
pub mod i18n;
pub mod stats;
pub mod vault;
