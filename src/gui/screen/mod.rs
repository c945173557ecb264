//! One file per screen; each owns its state and returns an `Action` for
//! what only the application can do (open the vault, query, save).

pub mod cases;
pub mod editor;
pub mod exchange;
pub mod first_run;
pub mod missions;
pub mod settings;
pub mod statistics;
pub mod unlock;
