//! Creating and opening a vault, in one order: lock → header → key → one
//! read → pragmas → migrations; and what is checked before a vault is made.

use std::fs::File;
use std::path::Path;

use secrecy::SecretString;

use super::connect::connect;
#[cfg(feature = "bench-baseline")]
use super::connect::connect_unencrypted_baseline;
use super::rekey::finish_rekey;
use super::slots::Slot;
use super::{
    DATABASE_FILE, Error, KdfParams, LOCK_FILE, NewVault, REKEYED_FILE, Result, Role, Vault,
    VaultInfo, audit, cases, draft, epoch, exists, fsutil, identity, keys, passphrase_weakness,
    read_info, schema, set_setting,
};

/// How to open a vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOptions {
    /// The officer signing in; `None` for the only officer (a vault of
    /// several refuses `None` with `Error::OfficerNeeded`, naming them).
    pub officer: Option<String>,
    /// Wrong passphrases tried since the last unlock, to be audited: how
    /// many for each officer name tried (`None`: the vault's only officer,
    /// no name given). Each count is audited under the name tried, by the
    /// officer who signs in.
    pub failed_attempts: Vec<(Option<String>, u32)>,
    /// SQLCipher's memory security: every allocation is locked out of swap
    /// and wiped when freed. On for every session; SQLCipher lets a process
    /// switch it on but never off again. Only the synthetic-case generator
    /// opens without it, because it makes a bulk insert three times slower
    /// and writes no real case.
    pub wipe_memory: bool,
    /// Whether the open may rewrite the header (a format 1 header made
    /// format 2, costs below the floor strengthened, a restore marker
    /// cleared). Off when opening to destroy: a rewrite would put a fresh
    /// copy of the key slots into new blocks moments before they are
    /// overwritten.
    pub rewrite_header: bool,
    /// Benchmarks only: the database file is a plain SQLite copy of a vault
    /// (made with `sqlcipher_export`), opened through the same code, so that
    /// the cost of encryption can be measured. Not in a normal build.
    #[cfg(feature = "bench-baseline")]
    pub unencrypted_baseline: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            officer: None,
            failed_attempts: Vec::new(),
            #[cfg(feature = "bench-baseline")]
            unencrypted_baseline: false,
            wipe_memory: true,
            rewrite_header: true,
        }
    }
}

impl Vault {
    /// Creates a new vault in `dir` (created if missing, otherwise it must not
    /// hold a vault). `kdf` is normally `KdfParams::calibrate()`.
    pub fn create(
        dir: &Path,
        new: &NewVault,
        passphrase: &SecretString,
        kdf: KdfParams,
    ) -> Result<Vault> {
        validate_new_vault(new)?;
        kdf.check_floor()?;
        if let Some(weakness) = passphrase_weakness(
            secrecy::ExposeSecret::expose_secret(passphrase),
            &[&new.officer, &new.mission_code, &new.mission_name],
        ) {
            return Err(Error::WeakPassphrase(weakness));
        }
        if exists(dir) {
            return Err(Error::AlreadyExists(dir.to_path_buf()));
        }
        fsutil::create_private_dir_all(dir)
            .and_then(|()| fsutil::make_vault_private(dir))
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        let lock = lock_vault(dir, true)?;

        // Without a header no database is usable, so a database left by an
        // interrupted creation is unreadable debris and may be replaced.
        for stale in [
            DATABASE_FILE,
            "casebook.db-wal",
            "casebook.db-shm",
            REKEYED_FILE,
        ] {
            let _ = std::fs::remove_file(dir.join(stale));
        }
        // SQLite would create the database with its own default mode (0644
        // under a usual umask), and gives its WAL the database's mode: the
        // database is made private first, empty, so that both are.
        fsutil::create_private_file(&dir.join(DATABASE_FILE))
            .map_err(|e| Error::io(format!("cannot create {DATABASE_FILE}"), e))?;
        let data_key = keys::random_key();
        let auth = keys::random_key();
        let officer = super::slots::canonical_name(&new.officer)?;
        let owner = keys::Owner {
            officer: officer.clone(),
            mission_code: new.mission_code.trim().to_owned(),
        };
        let header = keys::Header::seal(&data_key, &auth, passphrase, kdf, Some(owner))?;
        let mut conn = connect(dir, &data_key, true, true)?;
        schema::migrate(&mut conn)?;
        let now = cases::now();
        let info = VaultInfo {
            role: new.role,
            mission_code: new.mission_code.trim().to_owned(),
            mission_name: new.mission_name.trim().to_owned(),
            officer,
            created_at: now,
        };
        {
            let tx = conn.transaction()?;
            for (key, value) in [
                ("role", info.role.as_str().to_owned()),
                ("mission_code", info.mission_code.clone()),
                ("mission_name", info.mission_name.clone()),
                ("officer", info.officer.clone()),
                ("created_at", cases::timestamp(now)),
            ] {
                set_setting(&tx, key, &value)?;
            }
            audit::append(
                &tx,
                &info.officer,
                "vault-created",
                None,
                Some(info.role.as_str()),
            )?;
            identity::ensure_keys(&tx, info.role, &info.officer)?;
            tx.commit()?;
        }
        // The header is written last: until it exists there is no vault.
        header.write(dir)?;
        Ok(Vault {
            conn,
            dir: dir.to_path_buf(),
            info,
            key: data_key,
            auth,
            header: header.to_bytes(),
            _lock: lock,
        })
    }

    /// Opens the vault in `dir` with `passphrase`.
    pub fn open(dir: &Path, passphrase: &SecretString) -> Result<Vault> {
        Self::open_with(dir, passphrase, OpenOptions::default())
    }

    /// Opens the vault in `dir` as `officer` (the only officer when `None`)
    /// with that officer's passphrase.
    pub fn open_as(dir: &Path, officer: Option<&str>, passphrase: &SecretString) -> Result<Vault> {
        let options = OpenOptions {
            officer: officer.map(str::to_owned),
            ..OpenOptions::default()
        };
        Self::open_with(dir, passphrase, options)
    }

    /// Opens the vault and records in its audit log how many wrong
    /// passphrases were tried since the last unlock. A failed attempt cannot
    /// be written when it happens: that would change the vault without the key.
    pub fn open_after_failures(
        dir: &Path,
        passphrase: &SecretString,
        failed_attempts: u32,
    ) -> Result<Vault> {
        let options = OpenOptions {
            failed_attempts: vec![(None, failed_attempts)],
            ..OpenOptions::default()
        };
        Self::open_with(dir, passphrase, options)
    }

    /// Opens the vault with explicit options.
    pub fn open_with(dir: &Path, passphrase: &SecretString, options: OpenOptions) -> Result<Vault> {
        let failed_attempts = options.failed_attempts.clone();
        let mut header_bytes = keys::read_bytes(dir)?;
        let header = keys::Header::from_bytes(&header_bytes)?;
        let lock = lock_vault(dir, false)?;
        let unlocked = header.open_as(options.officer.as_deref(), passphrase)?;
        let data_key = unlocked.key;
        let auth = unlocked.auth;
        // Only once the passphrase is known right: a wrong one changes
        // nothing in the folder, not even a mode.
        fsutil::make_vault_private(dir)
            .map_err(|e| Error::io(format!("cannot make {} private", dir.display()), e))?;
        // Costs below the floor can only come from an older Casebook (they
        // are the wrapped key's associated data, so nobody without the
        // passphrase can lower them): sealed again at the floor. A header
        // of format 1 becomes one of format 2 below, once the database
        // names its officer and mission (its `owner` is not authenticated).
        let kdf = unlocked.kdf;
        let strengthened = options.rewrite_header && !kdf.meets_floor() && !kdf.are_test_costs();
        let mut slots_created = false;
        if strengthened && let Some(name) = &unlocked.officer {
            let sealed = resealed(&header, name, &data_key, &auth, passphrase, kdf)?;
            sealed.write(dir)?;
            header_bytes = sealed.to_bytes();
        }
        let rekey_completed = finish_rekey(dir, &data_key)?;
        match std::fs::metadata(dir.join(DATABASE_FILE)) {
            Ok(meta) if meta.is_file() && meta.len() > 0 => {}
            Ok(meta) if meta.is_file() => {
                return Err(Error::Damaged(format!(
                    "the database file {DATABASE_FILE} is empty"
                )));
            }
            _ => {
                return Err(Error::Damaged(format!(
                    "the database file {DATABASE_FILE} is missing"
                )));
            }
        }
        #[cfg(feature = "bench-baseline")]
        let mut conn = if options.unencrypted_baseline {
            connect_unencrypted_baseline(dir)?
        } else {
            connect(dir, &data_key, false, options.wipe_memory)?
        };
        #[cfg(not(feature = "bench-baseline"))]
        let mut conn = connect(dir, &data_key, false, options.wipe_memory)?;
        // A vault's database always has a schema; one without is not the
        // vault's (an emptied file) and must not be silently made anew.
        let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version == 0 {
            return Err(Error::Damaged(format!(
                "the database file {DATABASE_FILE} holds no vault"
            )));
        }
        schema::migrate(&mut conn)?;
        let mut info = read_info(&conn)?;
        // A header of format 1: its one officer, and the mission, are the
        // database's (the header's `owner` could have been edited by anyone:
        // it is neither trusted for the name asked for nor carried into the
        // slot, which the MAC then covers for good).
        if header.is_v1() {
            if let Some(name) = options.officer.as_deref()
                && !keys::same_name(name, &info.officer)
            {
                return Err(Error::UnknownOfficer {
                    name: name.trim().to_owned(),
                    officers: vec![info.officer.clone()],
                });
            }
            if options.rewrite_header {
                let owner = keys::Owner {
                    officer: info.officer.clone(),
                    mission_code: info.mission_code.clone(),
                };
                let mut with_owner = header.clone();
                with_owner.owner = Some(owner);
                let sealed = resealed(
                    &with_owner,
                    &info.officer,
                    &data_key,
                    &auth,
                    passphrase,
                    kdf,
                )?;
                sealed.write(dir)?;
                header_bytes = sealed.to_bytes();
                slots_created = true;
            }
        }
        if let Some(officer) = unlocked.officer {
            info.officer = officer;
        }
        let mut vault = Vault {
            conn,
            dir: dir.to_path_buf(),
            info,
            key: data_key,
            auth,
            header: header_bytes,
            _lock: lock,
        };
        {
            let tx = vault.conn.unchecked_transaction()?;
            for (tried, count) in failed_attempts.iter().filter(|(_, n)| *n > 0) {
                let detail = match tried {
                    Some(name) => {
                        format!("{count} wrong passphrase(s) for {name} before this unlock")
                    }
                    None => format!("{count} wrong passphrase(s) before this unlock"),
                };
                audit::append(
                    &tx,
                    &vault.info.officer,
                    "failed-unlock",
                    None,
                    Some(&detail),
                )?;
            }
            let removal = super::officers::unfinished_removal(&tx, &header)?;
            if let Some((action, detail)) = &removal {
                audit::append(&tx, &vault.info.officer, action, None, Some(detail))?;
            }
            if rekey_completed && removal.is_none() {
                audit::append(
                    &tx,
                    &vault.info.officer,
                    "passphrase-changed",
                    None,
                    Some("finished at this unlock after an interruption"),
                )?;
            }
            if strengthened {
                audit::append(
                    &tx,
                    &vault.info.officer,
                    "key-derivation-strengthened",
                    None,
                    None,
                )?;
            }
            if slots_created {
                audit::append(
                    &tx,
                    &vault.info.officer,
                    "key-slots-created",
                    None,
                    Some(&vault.info.officer),
                )?;
            }
            audit::append(&tx, &vault.info.officer, "unlock", None, None)?;
            identity::ensure_keys(&tx, vault.info.role, &vault.info.officer)?;
            if let Some(marker) = header.restored()
                && epoch::begin_after_restore(&tx, marker, &vault.info.officer)?
            {
                draft::drop_after_restore(&tx, &vault.info.officer)?;
            }
            tx.commit()?;
        }
        if let Some(marker) = header.restored().filter(|_| options.rewrite_header) {
            // The epoch is recorded; a header left marked (the rewrite
            // failed) only repeats this at the next unlock, which then
            // starts nothing (the marker is known).
            let _ = vault.clear_restore_marker(marker);
        }
        Ok(vault)
    }
}

/// `header` sealed again with `officer`'s slot made anew under
/// `passphrase` at costs raised to the floor (a new key pair, the same
/// database key, the same authentication key `auth`), the other slots
/// kept: a header of format 1 becomes one of format 2 of that one slot. The restore marker stays until the
/// transaction that starts its epoch has committed: this unlock may still
/// fail.
fn resealed(
    header: &keys::Header,
    officer: &str,
    data_key: &keys::Key,
    auth: &keys::Key,
    passphrase: &SecretString,
    kdf: KdfParams,
) -> Result<keys::Header> {
    let kdf = if kdf.are_test_costs() {
        kdf
    } else {
        kdf.raised_to_floor()
    };
    let own = Slot::new(officer, passphrase, kdf, data_key, auth)?;
    let slots = if header.is_v1() {
        vec![own]
    } else {
        let mut own = Some(own);
        header
            .slots
            .iter()
            .map(
                |slot| match own.take_if(|_| keys::same_name(slot.officer(), officer)) {
                    Some(own) => own,
                    None => slot.clone(),
                },
            )
            .collect()
    };
    Ok(keys::Header::resealed_like(header, slots, data_key, auth))
}

impl Vault {
    /// Rewrites the session's header without the restore marker `marker`.
    fn clear_restore_marker(&mut self, marker: &str) -> Result<()> {
        let mut header = self.header_unchanged()?;
        if header.restored() == Some(marker) {
            header.clear_restored();
            self.replace_header(&header)?;
        }
        Ok(())
    }
}

/// Checks what is asked for a new vault, before any slow work (the key
/// derivation's calibration) is done. A mission's code must have the form
/// of [`crate::domain::codes::is_mission_code`]; the commission's own code
/// only needs to be short and plain, since it never travels as a mission's.
pub fn validate_new_vault(new: &NewVault) -> Result<()> {
    let code = new.mission_code.trim();
    if new.role == Role::Mission && !crate::domain::codes::is_mission_code(code) {
        return Err(Error::InvalidSetting(format!(
            "the mission code \"{code}\" must be {}",
            crate::domain::codes::MISSION_CODE_FORM
        )));
    }
    let code_ok = (2..=16).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !code.starts_with('-')
        && !code.ends_with('-');
    if !code_ok {
        return Err(Error::InvalidSetting(format!(
            "the mission code \"{code}\" must be 2 to 16 capital letters, digits or hyphens, like LT-LON"
        )));
    }
    if new.officer.trim().is_empty() {
        return Err(Error::InvalidSetting(
            "the officer's name must not be empty".into(),
        ));
    }
    super::slots::canonical_name(&new.officer)?;
    if new.role == Role::Mission && new.mission_name.trim().is_empty() {
        return Err(Error::InvalidSetting(
            "the mission's name must not be empty".into(),
        ));
    }
    Ok(())
}

/// Takes the vault's lock file, so that a second process is told the vault
/// is in use instead of racing the first one.
pub(super) fn lock_vault(dir: &Path, create: bool) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = match File::options().read(true).write(true).open(&path) {
        Ok(file) => file,
        // A vault restored by hand may lack the (empty) lock file.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound || create => {
            let mut options = File::options();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, fsutil::PRIVATE_FILE);
            options
                .open(&path)
                .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?
        }
        Err(e) => return Err(Error::io(format!("cannot open {}", path.display()), e)),
    };
    // The lock belongs to the open file, and a process started by any
    // thread of this one shares every open file until it has started its
    // program (close-on-exec): for those few moments a lock this process
    // has just let go of still looks held. A holder that is really another
    // Casebook keeps it for longer than the short wait below.
    let mut waited = std::time::Duration::ZERO;
    let mut pause = std::time::Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if waited < LOCK_PATIENCE => {
                std::thread::sleep(pause);
                waited += pause;
                pause = (pause * 2).min(std::time::Duration::from_millis(100));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(Error::OpenElsewhere),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::io("cannot lock the vault", e));
            }
        }
    }
}

/// How long a lock that looks held is tried again before the vault is said
/// to be open elsewhere (see [`lock_vault`]).
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(1);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::testing::{OLD, actions, passphrase, vault_with_a_case};

    /// A process started by another thread holds a copy of the lock file
    /// until it starts its program (the flaky `OpenElsewhere` of the
    /// officers tests, whose other tests run the command line): the lock
    /// let go of here is taken again once that copy is gone, not refused.
    #[test]
    fn a_lock_held_a_moment_longer_by_a_starting_child_is_waited_for() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let lock = lock_vault(dir.path(), true).unwrap_or_else(|e| panic!("{e}"));
        // What fork gives the child: the same open file, lock and all.
        let childs_copy = lock.try_clone().unwrap_or_else(|e| panic!("{e}"));
        drop(lock);
        let exec = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(30));
            drop(childs_copy);
        });
        let again = lock_vault(dir.path(), false);
        exec.join()
            .unwrap_or_else(|_| panic!("the thread panicked"));
        assert!(again.is_ok(), "{:?}", again.err());
        // A holder that stays is still refused.
        let held = lock_vault(dir.path(), false);
        assert!(matches!(held, Err(Error::OpenElsewhere)), "{held:?}");
        drop(again);
    }

    #[test]
    fn a_header_an_older_casebook_sealed_below_the_floor_is_strengthened_at_unlock() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, reference) = vault_with_a_case(dir.path());
        drop(vault);
        let old = KdfParams {
            memory_kib: 32 * 1024,
            iterations: 1,
            parallelism: 1,
        };
        let header = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let key = header
            .open(&passphrase(OLD))
            .unwrap_or_else(|e| panic!("{e}"));
        keys::Header::seal_v1(&key, &passphrase(OLD), old, header.owner().cloned())
            .and_then(|h| h.write(dir.path()))
            .unwrap_or_else(|e| panic!("{e}"));
        let vault = Vault::open(dir.path(), &passphrase(OLD)).unwrap_or_else(|e| panic!("{e}"));
        assert!(vault.get_case(&reference).is_ok());
        let now = vault.kdf_params().unwrap_or_else(|e| panic!("{e}"));
        assert!(now.meets_floor(), "{now:?}");
        assert_eq!(now, old.raised_to_floor());
        assert!(
            actions(&vault)
                .iter()
                .any(|(action, _)| action == "key-derivation-strengthened")
        );
    }

    /// A restored vault whose header an older Casebook sealed below the
    /// floor: the unlock that strengthens the header fails later on (the
    /// database is not there), and the next one must still start the
    /// restore epoch.
    #[test]
    fn a_strengthened_header_keeps_the_restore_marker_until_the_epoch_begins() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, _) = vault_with_a_case(dir.path());
        drop(vault);
        let old = KdfParams {
            memory_kib: 32 * 1024,
            iterations: 1,
            parallelism: 1,
        };
        let header = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let unlocked = header
            .open_as(None, &passphrase(OLD))
            .unwrap_or_else(|e| panic!("{e}"));
        // A slot an older Casebook sealed below the floor (a format 1
        // header waits for the database before it is rewritten at all).
        let slot = Slot::new(
            "J. Jonaitis",
            &passphrase(OLD),
            old,
            &unlocked.key,
            &unlocked.auth,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut weak = keys::Header::with_slots(
            header.owner().cloned(),
            vec![slot],
            &unlocked.key,
            &unlocked.auth,
        );
        weak.mark_restored();
        weak.write(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let marker = weak.restored().map(str::to_owned);

        let database = dir.path().join(DATABASE_FILE);
        let away = dir.path().join("away.db");
        std::fs::rename(&database, &away).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            Vault::open(dir.path(), &passphrase(OLD)),
            Err(Error::Damaged(_))
        ));
        let now = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            now.kdf_params().meets_floor(),
            "the header was strengthened"
        );
        assert_eq!(now.restored().map(str::to_owned), marker, "marker kept");

        std::fs::rename(&away, &database).unwrap_or_else(|e| panic!("{e}"));
        let vault = Vault::open(dir.path(), &passphrase(OLD)).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            vault.restore_epoch().ok().flatten().is_some(),
            "the restore epoch began"
        );
        drop(vault);
        let after = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after.restored(), None, "and the marker is gone once it has");
    }
}
