//! What a long export or import shares with whoever started it: how far it
//! has come, and whether it was asked to stop.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Error;

/// How far a long operation has come, in units of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// A request to stop an export or an import, shared between the window (or
/// a test) that may make it and the thread that runs the job. The job looks
/// at it between records and stops at the next one; what it wrote until
/// then is undone: an export leaves no file and marks nothing as sent, an
/// import merges nothing of the file it was reading. Once the job has
/// reached the point where it makes its work permanent (the export's file
/// renamed into place, the import's transaction committing), it finishes.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Asks the job to stop; it does at its next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `Err(Error::Cancelled)` once cancelled.
    pub(super) fn check(&self) -> Result<(), Error> {
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}
