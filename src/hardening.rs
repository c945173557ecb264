//! Process hardening: a crash must not write the decrypted cases, the
//! passphrase or the keys to disk in a core file, and other programs of the
//! same user should not read this process's memory.
//!
//! [`apply`] runs first thing in `main`, before any passphrase is read:
//!
//! - Unix: the core file size limit is set to 0 (soft and hard), so a crash
//!   writes no core file, and no child process can raise it again.
//! - Linux: the process is also marked non-dumpable (`PR_SET_DUMPABLE` 0),
//!   which stops core dumps even through a `core_pattern` pipe such as
//!   systemd-coredump, and closes `/proc/<pid>/mem` and `ptrace` to other
//!   processes of the same user.
//! - Windows and macOS: nothing beyond the core limit on macOS; Windows keeps
//!   its defaults (Windows Error Reporting writes no local dump unless an
//!   administrator configured `LocalDumps`). docs/threat-model.md says so.
//!
//! One exception: on Linux the native file dialogs go through the desktop
//! portal, which must read `/proc/<pid>/root` of the caller to identify it
//! and refuses the request of a non-dumpable process. [`DialogOpen`] makes
//! the process dumpable while a dialog is on screen, and not again after.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// What [`apply`] managed to do; each is `false` where the platform has no
/// such control or refused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hardening {
    pub core_dumps_off: bool,
    pub non_dumpable: bool,
}

/// Turns core dumps off and makes the process non-dumpable where the
/// platform allows. Never fails: a refused setting is reported, and the
/// application still runs.
pub fn apply() -> Hardening {
    Hardening {
        core_dumps_off: core_dumps_off(),
        non_dumpable: set_dumpable(false),
    }
}

#[cfg(unix)]
fn core_dumps_off() -> bool {
    use rustix::process::{Resource, Rlimit, setrlimit};
    setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    )
    .is_ok()
}

#[cfg(not(unix))]
fn core_dumps_off() -> bool {
    false
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn set_dumpable(dumpable: bool) -> bool {
    use rustix::process::{DumpableBehavior, set_dumpable_behavior};
    let behavior = if dumpable {
        DumpableBehavior::Dumpable
    } else {
        DumpableBehavior::NotDumpable
    };
    set_dumpable_behavior(behavior).is_ok()
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn set_dumpable(_dumpable: bool) -> bool {
    false
}

/// Whether the process is dumpable now; `None` where the platform has no
/// such setting.
pub fn is_dumpable() -> Option<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::process::{DumpableBehavior, dumpable_behavior};
        dumpable_behavior()
            .ok()
            .map(|b| b != DumpableBehavior::NotDumpable)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        None
    }
}

/// Dialogs on screen at the moment; the process is dumpable while it is
/// above zero.
static DIALOGS_OPEN: AtomicUsize = AtomicUsize::new(0);
/// Whether the process was non-dumpable when the first of them opened.
static HARDENED_BEFORE: AtomicBool = AtomicBool::new(false);

/// Held while a native file dialog is on screen: on Linux the desktop portal
/// must be able to identify the process (see the module comment). Core dumps
/// stay off through the size limit meanwhile.
#[must_use = "the process is dumpable only while this is held"]
pub struct DialogOpen(());

impl DialogOpen {
    pub fn new() -> DialogOpen {
        if DIALOGS_OPEN.fetch_add(1, Ordering::SeqCst) == 0 {
            let hardened = is_dumpable() == Some(false);
            HARDENED_BEFORE.store(hardened, Ordering::SeqCst);
            if hardened {
                set_dumpable(true);
            }
        }
        DialogOpen(())
    }
}

impl Default for DialogOpen {
    fn default() -> Self {
        DialogOpen::new()
    }
}

impl Drop for DialogOpen {
    fn drop(&mut self) {
        if DIALOGS_OPEN.fetch_sub(1, Ordering::SeqCst) == 1
            && HARDENED_BEFORE.load(Ordering::SeqCst)
        {
            set_dumpable(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn apply_turns_core_dumps_off_and_a_dialog_opens_a_window_in_it() {
        let applied = apply();
        assert_eq!(
            applied,
            Hardening {
                core_dumps_off: true,
                non_dumpable: true
            }
        );
        assert_eq!(is_dumpable(), Some(false));
        let core = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!((core.current, core.maximum), (Some(0), Some(0)));
        {
            let first = DialogOpen::new();
            assert_eq!(is_dumpable(), Some(true));
            let second = DialogOpen::new();
            assert_eq!(is_dumpable(), Some(true));
            drop(first);
            assert_eq!(is_dumpable(), Some(true), "one dialog is still open");
            drop(second);
        }
        assert_eq!(is_dumpable(), Some(false));
    }
}
