//! Writing a document where the user said, and nowhere else: private to
//! the user (0600 on Unix), through a temporary file beside it (never the
//! system's temporary folder, where a copy of a case would outlive the
//! document), moved onto the target once complete, so that a crash
//! leaves no half-written file under the name the user chose.
//!
//! The temporary file has a name nobody can predict
//! (`NAME.casebook-unfinished-XXXXXXXXXXXX`), is created new (`O_EXCL`,
//! `O_NOFOLLOW`: never a file or a symlink someone put there), and is
//! removed on every error. A crash while writing (power cut, SIGKILL)
//! can still leave it, holding case text in plaintext: the name says what
//! it is, so that the user can find and delete it (docs/threat-model.md).
//! Without `--force` the move itself refuses an existing target
//! (`renameat2(RENAME_NOREPLACE)`, or a hard link where the file system
//! lacks it), so no file that appears meanwhile is ever replaced.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rand::RngCore;

use super::{Error, Result};
use crate::vault::fsutil;

/// What to do when the file the user named exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse (the command line's default: a summary of another case may
    /// stand under the name, and a mistyped name should not destroy it).
    Refuse,
    /// Replace it (`--force`; a save dialog has already asked).
    Replace,
}

/// What a temporary file's name holds after the target's name.
pub const UNFINISHED: &str = ".casebook-unfinished-";

/// Checks what can be checked before a document is made: `path` is not a
/// folder, and (when told to refuse) does not exist yet.
pub fn check_target(path: &Path, overwrite: Overwrite) -> Result<()> {
    match path.symlink_metadata() {
        Ok(meta) if meta.is_dir() => Err(Error::Folder(path.to_path_buf())),
        Ok(_) if overwrite == Overwrite::Refuse => Err(Error::Exists(path.to_path_buf())),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path`.
pub fn write(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<()> {
    let io = |source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source: Arc::new(source),
    };
    check_target(path, overwrite)?;
    let (tmp, mut file) = create_unfinished(path).map_err(io)?;
    let placed = (|| {
        file.write_all(bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        match overwrite {
            Overwrite::Replace => std::fs::rename(&tmp, path).map_err(|e| {
                if path.is_dir() {
                    Error::Folder(path.to_path_buf())
                } else {
                    io(e)
                }
            }),
            Overwrite::Refuse => place_new(&tmp, path),
        }
    })();
    if placed.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return placed;
    }
    // The document is complete under its name. A folder that cannot be
    // synced (some network and FUSE mounts refuse) risks only the rename's
    // durability across a power cut: not a reason to say it was not
    // written.
    let _ = fsutil::sync_dir(path);
    Ok(())
}

/// Creates a new private file beside `path` with an unpredictable name.
fn create_unfinished(path: &Path) -> std::io::Result<(PathBuf, File)> {
    let name = path.file_name().unwrap_or_default();
    let mut last = None;
    for _ in 0..16 {
        let suffix = rand::rngs::OsRng.next_u64();
        let mut tmp_name = name.to_os_string();
        tmp_name.push(format!("{UNFINISHED}{:012x}", suffix & 0xffff_ffff_ffff));
        let tmp = path.with_file_name(tmp_name);
        let mut options = File::options();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(fsutil::PRIVATE_FILE);
            options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
        }
        match options.open(&tmp) {
            Ok(file) => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let private = file.metadata().map(|m| m.permissions().mode() & 0o777);
                    if private.ok() != Some(fsutil::PRIVATE_FILE) {
                        drop(file);
                        let _ = std::fs::remove_file(&tmp);
                        return Err(std::io::Error::other("the new file is not private"));
                    }
                }
                return Ok((tmp, file));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// Moves `tmp` to `path` unless `path` exists, atomically.
fn place_new(tmp: &Path, path: &Path) -> Result<()> {
    let exists = || Error::Exists(path.to_path_buf());
    let io = |source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source: Arc::new(source),
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
            Err(e) => return Err(io(e.into())),
        }
    }
    match std::fs::hard_link(tmp, path) {
        Ok(()) => {
            let _ = std::fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
        Err(_) => {
            // Neither (exFAT, FAT): check, then rename. A file made between
            // the two by another program of the same user is replaced.
            if path.symlink_metadata().is_ok() {
                return Err(exists());
            }
            std::fs::rename(tmp, path).map_err(io)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_private_refuses_an_existing_file_and_replaces_it_when_told() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("summary.pdf");
        write(&path, b"first", Overwrite::Refuse).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            write(&path, b"second", Overwrite::Refuse),
            Err(Error::Exists(_))
        ));
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"first"[..]));
        write(&path, b"third", Overwrite::Replace).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"third"[..]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
            assert_eq!(mode.ok(), Some(0o600));
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_target_or_at_the_old_temporary_name_is_never_followed() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, b"theirs").unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("summary.pdf");
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("summary.pdf.tmp"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap_or_else(|e| panic!("{e}"));

        assert!(matches!(
            write(&path, b"case text", Overwrite::Refuse),
            Err(Error::Exists(_))
        ));
        assert_eq!(
            std::fs::read(&elsewhere).ok().as_deref(),
            Some(&b"theirs"[..])
        );

        write(&path, b"case text", Overwrite::Replace).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            std::fs::read(&elsewhere).ok().as_deref(),
            Some(&b"theirs"[..])
        );
        let meta = std::fs::symlink_metadata(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(meta.is_file(), "the symlink was followed");
        assert_eq!(
            std::fs::read(&path).ok().as_deref(),
            Some(&b"case text"[..])
        );
        assert_eq!(
            names(dir.path()),
            ["elsewhere", "summary.pdf", "summary.pdf.tmp"]
        );
    }

    #[test]
    fn a_file_appearing_after_the_check_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("summary.pdf");
        let (tmp, file) = create_unfinished(&path).unwrap_or_else(|e| panic!("{e}"));
        drop(file);
        assert!(
            tmp.to_string_lossy().contains(UNFINISHED),
            "{}",
            tmp.display()
        );
        std::fs::write(&path, b"made meanwhile").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(place_new(&tmp, &path), Err(Error::Exists(_))));
        assert_eq!(
            std::fs::read(&path).ok().as_deref(),
            Some(&b"made meanwhile"[..])
        );
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // A folder under the name: refused, nothing left behind.
        let folder = dir.path().join("summary.pdf");
        std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(folder.join("inside"), b"x").unwrap_or_else(|e| panic!("{e}"));
        for overwrite in [Overwrite::Refuse, Overwrite::Replace] {
            assert!(matches!(
                write(&folder, b"case text", overwrite),
                Err(Error::Folder(_))
            ));
        }
        assert_eq!(names(dir.path()), ["summary.pdf"]);
        assert_eq!(names(&folder), ["inside"]);
    }
}
