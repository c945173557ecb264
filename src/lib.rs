//! Casebook: encrypted case records for consular staff who meet possible
//! victims of human trafficking, and their exchange with the national
//! commission.
//!
//! The library holds everything that is not pixels: `domain` (the case
//! record, pure data), `vault` (the encrypted store) and `cli` (the headless
//! commands over them). None of it depends on a GUI toolkit.

pub mod cli;
pub mod domain;
pub mod vault;
