//! The clock of the idle lock: how long the officer has been away, counting
//! the time the laptop was asleep.
//!
//! `Instant` stands still while Linux and macOS are suspended, so a laptop
//! taken with its lid closed would wake up with its idle time where it was
//! when the lid closed, and unlocked. A [`Moment`] therefore reads three
//! clocks, and the time between two moments is the longest any of them
//! measured: the monotonic clock (`Instant`, never goes back), the wall
//! clock (counts suspend everywhere, but can be set), and on Linux the boot
//! clock (`CLOCK_BOOTTIME`: monotonic and counts suspend). Setting the wall
//! clock back cannot shorten the idle time below what the monotonic clocks
//! saw; setting it forward only locks sooner.
//!
//! The [`Calendar`] gives the day, for what is due and overdue.

use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDate;

/// One reading of the clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    monotonic: Instant,
    wall: SystemTime,
    /// Time since boot, suspend included, where the system gives it.
    since_boot: Option<Duration>,
}

impl Moment {
    /// The clocks now.
    pub fn now() -> Moment {
        Moment {
            monotonic: Instant::now(),
            wall: SystemTime::now(),
            since_boot: since_boot(),
        }
    }

    /// The monotonic part, for what only needs to measure waiting on screen
    /// (the delay after wrong passphrases).
    pub fn instant(&self) -> Instant {
        self.monotonic
    }

    /// How much time passed from `earlier` to this moment, asleep or awake:
    /// the longest that any of the clocks measured (never negative).
    pub fn since(&self, earlier: &Moment) -> Duration {
        let monotonic = self.monotonic.saturating_duration_since(earlier.monotonic);
        let wall = self.wall.duration_since(earlier.wall).unwrap_or_default();
        let boot = match (self.since_boot, earlier.since_boot) {
            (Some(now), Some(then)) => now.saturating_sub(then),
            _ => Duration::ZERO,
        };
        monotonic.max(wall).max(boot)
    }

    /// The later of two moments, clock by clock.
    pub fn latest(self, other: Moment) -> Moment {
        Moment {
            monotonic: self.monotonic.max(other.monotonic),
            wall: self.wall.max(other.wall),
            since_boot: self.since_boot.max(other.since_boot),
        }
    }

    /// This moment after `awake` more time with the machine running: every
    /// clock moves (tests of the idle lock).
    pub fn after_awake(self, awake: Duration) -> Moment {
        Moment {
            monotonic: self.monotonic + awake,
            wall: self.wall + awake,
            since_boot: self.since_boot.map(|b| b + awake),
        }
    }

    /// This moment after `asleep` with the machine suspended: `Instant`
    /// stands still, as it does on Linux and macOS; the wall and boot clocks
    /// move (tests of the idle lock).
    pub fn after_asleep(self, asleep: Duration) -> Moment {
        Moment {
            monotonic: self.monotonic,
            wall: self.wall + asleep,
            since_boot: self.since_boot.map(|b| b + asleep),
        }
    }
}

/// The idle lock: the officer's last input, and whether they have been
/// away long enough, by the clocks above, for the vault to lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Idle {
    last_activity: Moment,
}

impl Idle {
    /// Active at `now`.
    pub fn since(now: Moment) -> Idle {
        Idle { last_activity: now }
    }

    /// A key or a click at `now`.
    pub fn touch(&mut self, now: Moment) {
        self.last_activity = now;
    }

    /// Whether `minutes` have passed since the last input, asleep or awake.
    pub fn is_over(&self, now: Moment, minutes: u32) -> bool {
        now.since(&self.last_activity) >= Duration::from_secs(u64::from(minutes) * 60)
    }
}

/// The calendar the screens date things by: today as the officer's own
/// computer says (the local date, not UTC: a follow-up due "today" in
/// Canberra is due before London wakes up), or a day fixed by a test.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Calendar {
    fixed: Option<NaiveDate>,
}

impl Calendar {
    /// Today as the computer's clock and time zone say.
    pub fn system() -> Calendar {
        Calendar { fixed: None }
    }

    /// Always `day` (tests of what is overdue).
    pub fn fixed(day: NaiveDate) -> Calendar {
        Calendar { fixed: Some(day) }
    }

    pub fn today(&self) -> NaiveDate {
        self.fixed.unwrap_or_else(crate::domain::today)
    }
}

/// `CLOCK_BOOTTIME`: monotonic, and counts suspend.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn since_boot() -> Option<Duration> {
    let time = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
    let seconds = u64::try_from(time.tv_sec).ok()?;
    let nanos = u32::try_from(time.tv_nsec).ok()?;
    Some(Duration::new(seconds, nanos))
}

/// Elsewhere the wall clock covers suspend (and on Windows `Instant`
/// counts it already).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn since_boot() -> Option<Duration> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_asleep_counts_although_instant_stood_still() {
        let start = Moment::now();
        let woke = start.after_asleep(Duration::from_secs(600));
        assert_eq!(woke.instant(), start.instant());
        assert_eq!(woke.since(&start), Duration::from_secs(600));
        let later = woke.after_awake(Duration::from_secs(2));
        assert_eq!(later.since(&start), Duration::from_secs(602));
    }

    #[test]
    fn a_wall_clock_set_back_does_not_shorten_the_time_awake() {
        let start = Moment::now();
        let mut later = start.after_awake(Duration::from_secs(300));
        later.wall = start.wall - Duration::from_secs(3600);
        assert_eq!(later.since(&start), Duration::from_secs(300));
        assert_eq!(start.since(&later), Duration::from_secs(3600));
    }

    #[test]
    fn the_real_clocks_count_at_least_what_instant_counts() {
        let start = Moment::now();
        let now = Moment::now();
        assert!(now.since(&start) >= now.instant() - start.instant());
        #[cfg(target_os = "linux")]
        assert!(now.since_boot.is_some(), "CLOCK_BOOTTIME is read on Linux");
    }
}
