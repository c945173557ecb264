//! Writing a document where the user said, and nowhere else: private to
//! the user (0600 on Unix), through a temporary file beside it (never the
//! system's temporary folder, where a copy of a case would outlive the
//! document), renamed over the target once complete, so that a crash
//! leaves no half-written file under the name the user chose.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

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

/// Writes `bytes` to `path`.
pub fn write(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<()> {
    let io = |source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source: Arc::new(source),
    };
    // The check and the rename are two steps: a file made between them by
    // another program of the same user is replaced. Only that user can
    // make it, and the rename keeps the document whole either way.
    if overwrite == Overwrite::Refuse && path.symlink_metadata().is_ok() {
        return Err(Error::Exists(path.to_path_buf()));
    }
    let tmp = fsutil::temp_sibling(path);
    let written = (|| {
        let mut file = fsutil::create_private_file(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        fsutil::sync_dir(path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
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
}
