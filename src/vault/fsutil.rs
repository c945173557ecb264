//! Small file-system helpers: crash-safe writes, and the one way Casebook
//! creates a file or a folder, so that everything it writes is private to
//! the user who runs it.
//!
//! On Unix every file Casebook creates is 0600 and every folder 0700,
//! whatever the umask: an encrypted vault or backup that other accounts on
//! the laptop can copy is open to offline guessing of its passphrase. On
//! Windows new files inherit the ACL of their folder (a user's profile is
//! private to that user by default), so the helpers only create there.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Error, Result};

/// The mode of every file Casebook writes (Unix).
#[cfg(unix)]
pub(crate) const PRIVATE_FILE: u32 = 0o600;
/// The mode of every folder Casebook creates, and of the vault folder (Unix).
#[cfg(unix)]
pub(crate) const PRIVATE_DIR: u32 = 0o700;

/// Creates (or truncates) `path` for writing, readable and writable by its
/// owner only. A file that already existed is made private too, since the
/// mode given at creation applies only to new files.
pub(crate) fn create_private_file(path: &Path) -> std::io::Result<File> {
    let mut options = File::options();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE_FILE);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o777 != PRIVATE_FILE {
            file.set_permissions(std::fs::Permissions::from_mode(PRIVATE_FILE))?;
        }
    }
    Ok(file)
}

/// Creates the folder `path` and any missing parents, each one private
/// (0700 on Unix). Folders that already exist are left as they are: they
/// may be the user's own (a USB stick, the documents folder).
pub(crate) fn create_private_dir_all(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(PRIVATE_DIR);
    }
    builder.create(path)
}

/// Creates the new folder `path` (private); fails if it exists already.
pub(crate) fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(PRIVATE_DIR);
    }
    builder.create(path)
}

/// Makes the vault folder `dir` and what Casebook keeps in it private:
/// the folder and the `replaced-*` folders 0700, their files 0600. Run at
/// every open, so that a vault made by an older Casebook (0755 and 0644
/// under a usual umask) is closed to other accounts from then on.
pub(crate) fn make_vault_private(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        make_private(dir, true)?;
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if kind.is_file() {
                make_private(&entry.path(), false)?;
            } else if kind.is_dir() && name.starts_with("replaced-") {
                make_private(&entry.path(), true)?;
                for inner in std::fs::read_dir(entry.path())? {
                    let inner = inner?;
                    if inner.file_type()?.is_file() {
                        make_private(&inner.path(), false)?;
                    }
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Sets the private mode on one file or folder, if it is not set already.
#[cfg(unix)]
fn make_private(path: &Path, folder: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let wanted = if folder { PRIVATE_DIR } else { PRIVATE_FILE };
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if mode != wanted {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` so that a crash leaves either the previous file
/// or the complete new one: write a private sibling temp file, sync it,
/// rename it over the target, sync the folder.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_sibling(path);
    let result = (|| {
        let mut file = create_private_file(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        sync_dir(path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(format!("cannot write {}", path.display()), e)
    })
}

/// `name.ext` → `name.ext.tmp`, beside it (same file system, so rename is atomic).
pub(crate) fn temp_sibling(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Makes a rename or a new file in the folder of `path` durable.
pub(crate) fn sync_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
