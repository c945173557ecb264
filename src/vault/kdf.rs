//! How costly a passphrase is to try: the Argon2id costs a vault is
//! sealed with, calibrated on this machine, held to a floor when sealing
//! and a ceiling before any derivation allocates; and the costs with their
//! salt as a header stores them.

use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::keys::{HEADER_FILE, Key, check_hex, damaged_header};
use super::{Error, Result};

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// Memory cost used unless the machine is too slow for it (64 MiB).
    const DEFAULT_MEMORY_KIB: u32 = 64 * 1024;
    /// The floor, OWASP's two least costly Argon2id settings: at least
    /// 19 MiB with 2 passes, and 1 pass only from 46 MiB up. Calibration never
    /// goes below it, and a vault is never sealed below it.
    pub const FLOOR_MEMORY_KIB: u32 = 19 * 1024;
    /// From this much memory up, one pass meets the floor.
    pub const ONE_PASS_MEMORY_KIB: u32 = 46 * 1024;
    /// Never derive with more than 1 GiB (16 times what calibration picks),
    /// nor with more memory than the machine has available: a header that
    /// asks for more is refused before anything is allocated.
    pub const CEILING_MEMORY_KIB: u32 = 1024 * 1024;
    /// At most this many passes: calibration picks a few dozen at most on
    /// the fastest machines; more would keep an unlock busy for hours.
    pub const CEILING_PASSES: u32 = 256;
    /// At most this many lanes (calibration uses one).
    pub const CEILING_LANES: u32 = 16;
    /// At most this much work, memory times passes (in KiB): 8 GiB, that
    /// is 64 MiB over 128 passes or 1 GiB over 8, a few seconds; the two
    /// ceilings alone would allow 256 passes over 1 GiB (minutes).
    pub const CEILING_WORK_KIB: u64 = 8 * 1024 * 1024;
    /// Aim for the middle of the 0.5–1.0 s band.
    const TARGET_SECONDS: f64 = 0.75;

    /// Parameters so cheap that they protect nothing: for tests only, where
    /// hundreds of vaults are opened. Never used by the application itself;
    /// the only parameters below the floor that a vault may be sealed with.
    pub fn insecure_for_tests() -> KdfParams {
        KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }

    /// Whether these parameters meet the floor ([`Self::FLOOR_MEMORY_KIB`]).
    pub fn meets_floor(&self) -> bool {
        self.memory_kib >= Self::FLOOR_MEMORY_KIB
            && self.iterations >= self.passes_needed()
            && self.parallelism >= 1
    }

    /// The fewest passes that meet the floor at this memory cost.
    fn passes_needed(&self) -> u32 {
        if self.memory_kib >= Self::ONE_PASS_MEMORY_KIB {
            1
        } else {
            2
        }
    }

    /// These parameters, raised where needed to meet the floor.
    pub fn raised_to_floor(self) -> KdfParams {
        let mut raised = self;
        raised.memory_kib = raised.memory_kib.max(Self::FLOOR_MEMORY_KIB);
        raised.iterations = raised.iterations.max(raised.passes_needed());
        raised.parallelism = raised.parallelism.max(1);
        raised
    }

    /// Whether these are the test-only costs ([`Self::insecure_for_tests`])
    /// in a build that accepts them: tests, debug builds (the binary the
    /// integration tests run) and benchmarks built with `bench-baseline`;
    /// never a release build of the application, where such costs are
    /// refused when sealing and raised to the floor at unlock like any
    /// other costs below it.
    pub(crate) fn are_test_costs(&self) -> bool {
        self.are_test_costs_in(cfg!(any(
            test,
            debug_assertions,
            feature = "bench-baseline"
        )))
    }

    fn are_test_costs_in(&self, build_accepts_them: bool) -> bool {
        build_accepts_them && *self == KdfParams::insecure_for_tests()
    }

    /// Refuses parameters below the floor, for a vault being created or a
    /// passphrase being changed.
    pub(crate) fn check_floor(&self) -> Result<()> {
        if self.meets_floor() || self.are_test_costs() {
            return Ok(());
        }
        Err(Error::InvalidSetting(format!(
            "the key derivation is too cheap ({} MiB, {} pass(es)); Casebook needs at least 19 MiB with 2 passes, or 46 MiB with 1",
            self.memory_kib / 1024,
            self.iterations
        )))
    }

    /// Refuses parameters that would exhaust the machine, before anything
    /// is allocated: a header is not authenticated until the derivation it
    /// asks for has run, so its costs must be bounded first.
    pub(crate) fn check_ceiling(&self) -> Result<()> {
        self.check_ceiling_on(machine_memory_kib())
    }

    /// [`Self::check_ceiling`] on a machine with this much memory in all
    /// and available now, in KiB (where the system says). More than the
    /// machine has in all, or than the fixed ceiling, can only be an altered
    /// header; more than is available just now is a busy machine, and the
    /// officer can free memory and try again.
    fn check_ceiling_on(&self, memory: MachineMemory) -> Result<()> {
        let limit_kib = match memory.total_kib {
            Some(total) => total.min(u64::from(Self::CEILING_MEMORY_KIB)),
            None => u64::from(Self::CEILING_MEMORY_KIB),
        };
        let asked_kib = u64::from(self.memory_kib);
        if asked_kib > limit_kib {
            return Err(Error::KdfMemoryTooLarge {
                asked_mib: asked_kib / 1024,
                limit_mib: limit_kib / 1024,
            });
        }
        if let Some(available) = memory.available_kib
            && asked_kib > available
        {
            return Err(Error::KdfMemoryShort {
                asked_mib: asked_kib / 1024,
                available_mib: available / 1024,
            });
        }
        if self.iterations > Self::CEILING_PASSES
            || self.parallelism > Self::CEILING_LANES
            || asked_kib * u64::from(self.iterations) > Self::CEILING_WORK_KIB
        {
            return Err(Error::Damaged(format!(
                "the vault header {HEADER_FILE} asks for {} passes over {} lanes of key derivation, more than Casebook ever writes (at most {} and {})",
                self.iterations,
                self.parallelism,
                Self::CEILING_PASSES,
                Self::CEILING_LANES
            )));
        }
        Ok(())
    }

    /// Finds parameters that take about 0.75 s on this machine: 64 MiB of
    /// memory (less on a machine too slow for it) and as many passes as fit,
    /// never below the floor even where that takes longer.
    pub fn calibrate() -> Result<KdfParams> {
        Self::calibrate_with(KdfParams::time_one_derivation)
    }

    /// [`Self::calibrate`] with the clock of a derivation given, so that a
    /// slow machine can be tried on a fast one.
    fn calibrate_with(mut time: impl FnMut(&KdfParams) -> Result<f64>) -> Result<KdfParams> {
        let mut params = KdfParams {
            memory_kib: Self::DEFAULT_MEMORY_KIB,
            iterations: 1,
            parallelism: 1,
        };
        let mut one_pass = time(&params)?;
        while one_pass > Self::TARGET_SECONDS && params.memory_kib / 2 >= Self::FLOOR_MEMORY_KIB {
            params.memory_kib /= 2;
            one_pass = time(&params)?;
        }
        // Below 46 MiB one pass is under the floor: the slow machine pays
        // with time rather than the vault with strength.
        let fewest = f64::from(params.passes_needed());
        // Passes after the first cost less than the first (the memory is
        // already mapped), so estimate, then measure and correct. Each
        // candidate is timed twice and the faster time kept: other work on
        // the machine only ever makes a derivation slower, and parameters
        // fitted to a busy moment fall below the band once it is quiet. The
        // aim is the middle of the 0.5–1.0 s band, with room either side.
        let mut passes = (Self::TARGET_SECONDS / one_pass).round().max(fewest);
        for _ in 0..6 {
            // A float to integer cast saturates; the value is small and positive.
            let work_passes = Self::CEILING_WORK_KIB / u64::from(params.memory_kib);
            params.iterations = (passes as u32)
                .min(Self::CEILING_PASSES)
                .min(u32::try_from(work_passes).unwrap_or(u32::MAX));
            let took = time(&params)?.min(time(&params)?);
            if (0.65..=0.85).contains(&took)
                || (f64::from(params.iterations) <= fewest && took > 0.85)
            {
                break;
            }
            passes = (passes * Self::TARGET_SECONDS / took).round().max(fewest);
        }
        Ok(params.raised_to_floor())
    }

    fn time_one_derivation(&self) -> Result<f64> {
        let salt = [0u8; 16];
        let started = std::time::Instant::now();
        self.derive(b"calibration", &salt)?;
        Ok(started.elapsed().as_secs_f64())
    }

    pub(crate) fn derive(&self, passphrase: &[u8], salt: &[u8]) -> Result<Key> {
        self.check_ceiling()?;
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|e| {
                Error::Damaged(format!("the key derivation parameters are invalid ({e})"))
            })?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; 32]);
        argon2
            .hash_password_into(passphrase, salt, key.as_mut())
            .map_err(|e| Error::Damaged(format!("the key derivation failed ({e})")))?;
        Ok(key)
    }
}

/// The key derivation of one passphrase: the costs and the random salt.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KdfHeader {
    algorithm: String,
    #[serde(flatten)]
    pub(super) params: KdfParams,
    salt: String,
}

impl KdfHeader {
    /// These costs with a fresh random salt.
    pub(super) fn fresh(params: KdfParams) -> KdfHeader {
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        KdfHeader {
            algorithm: "argon2id".into(),
            params,
            salt: hex::encode(salt),
        }
    }

    /// The key `passphrase` derives under these costs and salt.
    pub(super) fn wrapping_key(&self, passphrase: &SecretString) -> Result<Key> {
        if self.algorithm != "argon2id" {
            return Err(damaged_header("algorithm names"));
        }
        let salt = hex::decode(&self.salt).map_err(|_| damaged_header("salt"))?;
        if salt.len() < 16 {
            return Err(damaged_header("nonce or salt length"));
        }
        self.params
            .derive(passphrase.expose_secret().as_bytes(), &salt)
    }

    /// The salt's size checked, and the costs' ceiling, when read.
    pub(super) fn check_shape(&self) -> Result<()> {
        check_hex(&self.salt, 16..=64, "salt")?;
        if self.algorithm.len() > 16 {
            return Err(damaged_header("algorithm names"));
        }
        Ok(())
    }

    /// The block as it is bound into associated data.
    pub(super) fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// The machine's memory, where the system says, in KiB.
#[derive(Debug, Clone, Copy, Default)]
struct MachineMemory {
    /// All of it (Linux: `MemTotal`).
    total_kib: Option<u64>,
    /// What it can still give without swapping (Linux: `MemAvailable`).
    available_kib: Option<u64>,
}

fn machine_memory_kib() -> MachineMemory {
    #[cfg(target_os = "linux")]
    {
        let Ok(text) = std::fs::read_to_string("/proc/meminfo") else {
            return MachineMemory::default();
        };
        let field = |name: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().strip_suffix("kB"))
                .and_then(|n| n.trim().parse().ok())
        };
        MachineMemory {
            total_kib: field("MemTotal:"),
            available_kib: field("MemAvailable:"),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        MachineMemory::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A machine where a pass over `memory_kib` takes `per_mib_pass`
    /// seconds per MiB, the first pass costing twice the others.
    fn machine(per_mib_pass: f64) -> impl FnMut(&KdfParams) -> Result<f64> {
        move |params: &KdfParams| {
            let mib = f64::from(params.memory_kib) / 1024.0;
            Ok(mib * per_mib_pass * (1.0 + f64::from(params.iterations)))
        }
    }

    #[test]
    fn calibration_on_a_slow_machine_never_goes_below_the_floor() {
        // 64 MiB takes 1.6 s, 32 MiB 0.8 s for one pass: the old calibration
        // stopped at 32 MiB with a single pass.
        for per_mib_pass in [0.0125, 0.02, 0.05, 0.5] {
            let params =
                KdfParams::calibrate_with(machine(per_mib_pass)).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                params.memory_kib >= KdfParams::FLOOR_MEMORY_KIB,
                "{per_mib_pass}: {params:?}"
            );
            assert!(params.meets_floor(), "{per_mib_pass}: {params:?}");
            if params.memory_kib < KdfParams::ONE_PASS_MEMORY_KIB {
                assert!(params.iterations >= 2, "{per_mib_pass}: {params:?}");
            }
        }
    }

    #[test]
    fn calibration_on_a_fast_machine_keeps_64_mib_and_aims_at_the_band() {
        let params = KdfParams::calibrate_with(machine(0.0005)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(params.memory_kib, 64 * 1024);
        let took = 64.0 * 0.0005 * (1.0 + f64::from(params.iterations));
        assert!((0.5..=1.0).contains(&took), "{params:?} takes {took} s");
    }

    #[test]
    fn the_floor_is_owasps_two_cheapest_settings() {
        let p = |memory_mib: u32, iterations: u32| KdfParams {
            memory_kib: memory_mib * 1024,
            iterations,
            parallelism: 1,
        };
        assert!(!p(32, 1).meets_floor());
        assert!(!p(18, 5).meets_floor());
        assert!(p(19, 2).meets_floor());
        assert!(p(46, 1).meets_floor());
        assert!(p(64, 1).meets_floor());
        assert_eq!(p(32, 1).raised_to_floor(), p(32, 2));
        assert_eq!(p(8, 1).raised_to_floor(), p(19, 2));
        assert!(p(32, 1).check_floor().is_err());
        assert!(KdfParams::insecure_for_tests().check_floor().is_ok());
    }

    /// A machine short of free memory for a moment is not a tampered
    /// header: the officer is told to close programs, not to restore.
    #[test]
    fn memory_short_only_for_now_is_told_apart_from_an_altered_header() {
        let asks = |mib: u32| KdfParams {
            memory_kib: mib * 1024,
            iterations: 1,
            parallelism: 1,
        };
        let busy = MachineMemory {
            total_kib: Some(8 * 1024 * 1024),
            available_kib: Some(40 * 1024),
        };
        let result = asks(64).check_ceiling_on(busy);
        assert!(
            matches!(
                result,
                Err(Error::KdfMemoryShort {
                    asked_mib: 64,
                    available_mib: 40
                })
            ),
            "{result:?}"
        );
        assert!(
            result.is_err_and(|e| e.to_string().contains("close other programs and try again"))
        );
        // More than the machine has in all, or than the ceiling: altered.
        let small = MachineMemory {
            total_kib: Some(512 * 1024),
            available_kib: Some(400 * 1024),
        };
        assert!(matches!(
            asks(600).check_ceiling_on(small),
            Err(Error::KdfMemoryTooLarge { limit_mib: 512, .. })
        ));
        assert!(matches!(
            asks(2048).check_ceiling_on(busy),
            Err(Error::KdfMemoryTooLarge {
                limit_mib: 1024,
                ..
            })
        ));
        assert!(asks(64).check_ceiling_on(small).is_ok());
        assert!(asks(64).check_ceiling_on(MachineMemory::default()).is_ok());
    }

    /// 256 passes over 1 GiB pass both ceilings alone (minutes of work):
    /// refused; calibration on a machine fast enough to want more passes
    /// stays under the work ceiling.
    #[test]
    fn memory_times_passes_is_bounded() {
        let asks = |mib: u32, iterations: u32| KdfParams {
            memory_kib: mib * 1024,
            iterations,
            parallelism: 1,
        };
        let roomy = MachineMemory {
            total_kib: Some(64 * 1024 * 1024),
            available_kib: None,
        };
        assert!(matches!(
            asks(1024, 256).check_ceiling_on(roomy),
            Err(Error::Damaged(_))
        ));
        assert!(asks(1024, 9).check_ceiling_on(roomy).is_err());
        assert!(asks(1024, 8).check_ceiling_on(roomy).is_ok());
        assert!(asks(64, 128).check_ceiling_on(roomy).is_ok());
        assert!(asks(64, 129).check_ceiling_on(roomy).is_err());
        let fastest =
            KdfParams::calibrate_with(machine(0.000_01)).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            u64::from(fastest.memory_kib) * u64::from(fastest.iterations)
                <= KdfParams::CEILING_WORK_KIB,
            "{fastest:?}"
        );
    }

    /// The test-only costs are accepted only by a build made for tests or
    /// benchmarks; a release build refuses them like any costs below the
    /// floor.
    #[test]
    fn the_test_costs_are_not_accepted_by_a_release_build() {
        let cheap = KdfParams::insecure_for_tests();
        assert!(cheap.are_test_costs_in(true));
        assert!(!cheap.are_test_costs_in(false));
        assert!(!cheap.meets_floor());
        let other_cheap = KdfParams {
            memory_kib: 128,
            ..cheap
        };
        assert!(!other_cheap.are_test_costs_in(true));
        assert!(other_cheap.check_floor().is_err());
    }

    #[test]
    fn a_derivation_asking_for_too_much_is_refused_before_it_allocates() {
        let huge = KdfParams {
            memory_kib: u32::MAX,
            iterations: 1,
            parallelism: 1,
        };
        let error = huge.derive(b"p", &[0u8; 16]).err();
        assert!(
            matches!(error, Some(Error::KdfMemoryTooLarge { .. })),
            "{error:?}"
        );
        let endless = KdfParams {
            memory_kib: 64,
            iterations: u32::MAX,
            parallelism: 1,
        };
        assert!(endless.derive(b"p", &[0u8; 16]).is_err());
    }
}
