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

/// Creates `path` anew for writing, private, exclusively (`O_EXCL`): a
/// leftover of an earlier attempt is removed first (a symbolic link put
/// there is removed, never followed), and a file that appears in between
/// makes it fail rather than be written through.
pub(crate) fn create_new_private_file(path: &Path) -> std::io::Result<File> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut options = File::options();
    options.write(true).create_new(true);
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

/// Moves `tmp` to `path` unless `path` exists, atomically where the file
/// system allows (`renameat2(RENAME_NOREPLACE)`, or a hard link); fails
/// with `AlreadyExists` and leaves `path` as it was otherwise.
pub(crate) fn place_new(tmp: &Path, path: &Path) -> std::io::Result<()> {
    let exists = || {
        std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} already exists", path.display()),
        )
    };
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, tmp, CWD, path, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(Errno::EXIST) => return Err(exists()),
            // The file system cannot (vfat, some network mounts): a hard
            // link, below, is just as atomic where it works.
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
            Err(e) => return Err(e.into()),
        }
    }
    match std::fs::hard_link(tmp, path) {
        Ok(()) => {
            let _ = std::fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
        Err(_) => {
            // Neither (exFAT, FAT): check, then rename.
            if path.symlink_metadata().is_ok() {
                return Err(exists());
            }
            std::fs::rename(tmp, path)
        }
    }
}

/// [`write_atomically`], but never over an existing `path` (see
/// [`place_new`]).
pub(crate) fn write_new_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_sibling(path);
    let result = (|| {
        let mut file = create_new_private_file(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        place_new(&tmp, path)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Review 13: a file placed new never replaces one that appeared at
    /// its name meanwhile, and its temporary file is not written through a
    /// link left at its name.
    #[test]
    fn a_new_file_never_replaces_one_and_never_writes_through_a_link() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let taken = dir.path().join("taken.cbk");
        std::fs::write(&taken, b"theirs").unwrap_or_else(|e| panic!("{e}"));
        assert!(write_new_atomically(&taken, b"ours").is_err());
        assert_eq!(std::fs::read(&taken).ok().as_deref(), Some(&b"theirs"[..]));
        assert!(!temp_sibling(&taken).exists());
        #[cfg(unix)]
        {
            let target = dir.path().join("elsewhere");
            std::fs::write(&target, b"untouched").unwrap_or_else(|e| panic!("{e}"));
            let out = dir.path().join("new.cbk");
            std::os::unix::fs::symlink(&target, temp_sibling(&out))
                .unwrap_or_else(|e| panic!("{e}"));
            write_new_atomically(&out, b"ours").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(std::fs::read(&out).ok().as_deref(), Some(&b"ours"[..]));
            assert_eq!(
                std::fs::read(&target).ok().as_deref(),
                Some(&b"untouched"[..])
            );
        }
    }
}
