//! The SQLCipher connection: keying (memory security first), the one read
//! that checks the key, and the pragmas and page cache every connection
//! has; and the benchmarks' plain-SQLite baseline.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{DATABASE_FILE, Error, Result, keys};
#[cfg(feature = "bench-baseline")]
use super::{Vault, fsutil};

/// Initialises SQLite and SQLCipher once, before the process opens its
/// first database. SQLite marks itself initialised before it runs
/// SQLCipher's own initialisation (`sqlite3Initialize`, then
/// `sqlcipher_extra_init`), so a connection another thread opens in that
/// moment has neither SQLCipher's crypto provider set up nor its
/// `sqlcipher_export` function, which the passphrase change needs; the
/// tests, which open vaults on many threads at once, hit it.
fn sqlcipher_initialised() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // An in-memory database is enough to run the whole initialisation;
    // a failure here shows again, with its reason, at the real open.
    ONCE.call_once(|| drop(Connection::open_in_memory()));
}

/// Whether the database file `path` can be read with `key`. Writes nothing.
pub(super) fn opens_with(path: &Path, key: &keys::Key) -> bool {
    if !path.is_file() {
        return false;
    }
    sqlcipher_initialised();
    let Ok(conn) = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return false;
    };
    // Keyed as `connect` keys: memory security before the key. This look
    // can come before any connection of the process has turned it on.
    let opened = set_key(&conn, key, true)
        // No `-shm` file for a look (see `connect`).
        .and_then(|()| conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE;"))
        .and_then(|()| {
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
                row.get::<_, i64>(0)
            })
        });
    opened.is_ok()
}

/// Gives SQLCipher the key, memory security first (where asked): SQLite's
/// parse of the key pragma copies the hex key into allocations it frees,
/// which are wiped only once it is on. Every connection is keyed here.
fn set_key(conn: &Connection, key: &keys::Key, wipe_memory: bool) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    if wipe_memory {
        conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    }
    conn.execute_batch(&keys::key_pragma(key))
}

/// Opens the database with the data key, checks the key with one read, and
/// sets the pragmas every connection needs (outside any transaction).
pub(super) fn connect(
    dir: &Path,
    data_key: &keys::Key,
    create: bool,
    wipe_memory: bool,
) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    sqlcipher_initialised();
    let conn = Connection::open_with_flags(dir.join(DATABASE_FILE), flags)?;
    set_key(&conn, data_key, wipe_memory)?;
    // Exclusive before the first read: SQLite then keeps the WAL index in
    // memory and never makes a `-shm` file, whose growth fails on a full
    // disk and would stop even reading the cases.
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE;")?;
    // The key was verified by the header, so a database that cannot be read
    // with it is damaged, not locked with another passphrase.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_err(|e| match Error::from(e) {
        Error::Damaged(_) => Error::Damaged(format!(
            "{DATABASE_FILE} cannot be decrypted with this vault's key"
        )),
        other => other,
    })?;
    conn.execute_batch(SETTINGS)?;
    conn.execute_batch(CACHE)?;
    Ok(conn)
}

/// Every connection's settings, and its page cache: [`CACHE`].
const SETTINGS: &str = "PRAGMA journal_mode = WAL;
     PRAGMA synchronous = FULL;
     PRAGMA secure_delete = ON;
     PRAGMA temp_store = MEMORY;
     PRAGMA foreign_keys = ON;";

/// The page cache holds 32 MiB of decrypted pages (SQLite's default is
/// 2 MiB): a page read again is then not decrypted and authenticated again,
/// which is what searching and paging a large vault do. With memory
/// security the cache is wiped when freed.
pub(crate) const CACHE: &str = "PRAGMA cache_size = -32768;";

/// The plain SQLite baseline of the benchmarks, with the vault's settings.
#[cfg(feature = "bench-baseline")]
pub(super) fn connect_unencrypted_baseline(dir: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        dir.join(DATABASE_FILE),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE;")?;
    conn.execute_batch(SETTINGS)?;
    conn.execute_batch(CACHE)?;
    Ok(conn)
}

#[cfg(feature = "bench-baseline")]
impl Vault {
    /// Benchmarks only: writes a plain SQLite copy of this vault's database
    /// to `out` (synthetic data; the benchmark's baseline).
    #[cfg(feature = "bench-baseline")]
    pub fn export_unencrypted_baseline(&self, out: &Path) -> Result<()> {
        // The vault's connection may not create files: give it an empty one.
        fsutil::create_private_file(out).map_err(|e| Error::io("cannot create the baseline", e))?;
        let out = out
            .to_str()
            .ok_or_else(|| Error::InvalidSetting("path is not valid Unicode".into()))?;
        self.conn
            .execute("ATTACH DATABASE ?1 AS baseline KEY ''", [out])?;
        self.conn
            .query_row("SELECT sqlcipher_export('baseline')", [], |_| Ok(()))?;
        let version: u32 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?;
        self.conn.execute_batch(&format!(
            "PRAGMA baseline.user_version = {version}; DETACH DATABASE baseline;"
        ))?;
        Ok(())
    }
}
