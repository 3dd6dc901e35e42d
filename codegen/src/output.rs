//! Writing generated files: a failure, a signal or a hostile directory never leaves a
//! half-written file, nor writes anywhere but the path asked for.
//!
//! The output is reserved first ([`PendingOutput::create`]): an exclusively created
//! temporary file with an unpredictable name beside the output, so a symlink planted in a
//! shared directory is never followed and an unwritable directory fails before any work.
//! [`PendingOutput::commit`] renames it over the output. A temporary file that is dropped
//! is removed, and [`remove_pending_files`] removes the ones still open when the process is
//! interrupted (the `lfgen` binary calls it on Ctrl-C and SIGTERM).

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tempfile::NamedTempFile;

/// Why the output could not be written; names the path.
#[derive(Debug)]
pub struct OutputError {
    /// The file that could not be written.
    pub path: PathBuf,
    /// The I/O error.
    pub source: io::Error,
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// An output being written: its temporary file exists until [`commit`](Self::commit) or
/// drop.
#[derive(Debug)]
pub struct PendingOutput {
    path: PathBuf,
    temp: NamedTempFile,
    /// Dropped after `temp`, which removes the file itself.
    _record: PendingRecord,
}

impl PendingOutput {
    /// Checks what is at `path` and creates the temporary file beside it.
    ///
    /// Refuses a symlink (it could point anywhere, e.g. a file an attacker chose) and
    /// anything but a regular file (a FIFO would block, a device would be written
    /// directly). A new file gets the umask's permissions; an existing one of ours keeps
    /// its own `rwx` bits (another user's file is treated as new).
    pub fn create(path: &Path) -> Result<Self, OutputError> {
        let fail = |source| OutputError {
            path: path.to_path_buf(),
            source,
        };
        let existing = match fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(fail(refused(
                    "is a symbolic link; give the path it points to",
                )))
            }
            Ok(meta) if !meta.is_file() => {
                return Err(fail(refused("exists and is not a regular file")))
            }
            Ok(meta) => Some(meta),
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(error) => return Err(fail(error)),
        };
        let name = path
            .file_name()
            .ok_or_else(|| fail(refused("has no file name")))?;
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let prefix = format!(".{}.", name.to_string_lossy());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        let new_file_mode = {
            use std::os::unix::fs::PermissionsExt;
            // Passed to open(2), so the umask applies, as for any new file.
            fs::Permissions::from_mode(0o666)
        };
        #[cfg(unix)]
        builder.permissions(new_file_mode);
        let mut pending = lock_pending();
        let temp = builder.tempfile_in(dir).map_err(fail)?;
        if let Some(permissions) = existing.and_then(|meta| kept_permissions(&meta, &temp)) {
            fs::set_permissions(temp.path(), permissions).map_err(fail)?;
        }
        pending.push(temp.path().to_path_buf());
        Ok(Self {
            path: path.to_path_buf(),
            _record: PendingRecord(temp.path().to_path_buf()),
            temp,
        })
    }

    /// Writes `contents` and renames the temporary file over the output. Leaves the
    /// output untouched when its contents are already identical, so build systems that
    /// watch modification times do not rebuild for nothing.
    pub fn commit(self, contents: &[u8]) -> Result<(), OutputError> {
        self.commit_written(|out| out.write_all(contents))
    }

    /// [`commit`](Self::commit) of what `write` writes, piece by piece: the contents are
    /// never held in memory whole (generated code can be tens of megabytes). They are
    /// compared with the existing output as they are written; an error from `write`
    /// leaves the output as it was.
    pub fn commit_written(
        self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        let Self {
            path,
            mut temp,
            _record,
        } = self;
        let fail = |source| OutputError {
            path: path.clone(),
            source,
        };
        let mut out = Tee {
            temp: io::BufWriter::with_capacity(64 * 1024, &mut temp),
            existing: existing_file(&path),
            block: Vec::new(),
            written: 0,
        };
        write(&mut out).map_err(fail)?;
        out.flush().map_err(fail)?;
        let unchanged = out
            .existing
            .as_ref()
            .is_some_and(|(_, len)| *len == out.written);
        drop(out);
        if unchanged {
            return Ok(());
        }
        temp.as_file().sync_all().map_err(fail)?;
        temp.persist(&path).map_err(|error| fail(error.error))?;
        Ok(())
    }
}

/// The permissions the output keeps from the `existing` file: its mode without the
/// special bits (setuid, setgid, sticky), and only if the file is ours (owned by whoever
/// owns the freshly created `temp`), so another user's choice of mode is never copied.
/// `None`: treat the output as a new file (the umask's permissions).
#[cfg(unix)]
fn kept_permissions(existing: &fs::Metadata, temp: &NamedTempFile) -> Option<fs::Permissions> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let ours = temp.as_file().metadata().ok()?.uid();
    (existing.uid() == ours).then(|| fs::Permissions::from_mode(existing.mode() & 0o777))
}

#[cfg(not(unix))]
fn kept_permissions(existing: &fs::Metadata, _temp: &NamedTempFile) -> Option<fs::Permissions> {
    Some(existing.permissions())
}

/// The regular file at `path` and its length, to compare the new contents with. Whatever
/// is at `path` now may have been planted since [`PendingOutput::create`] checked it, so
/// it is opened without following a link or blocking (a FIFO), checked on the opened
/// file, and read no further than its length (a device would never end).
fn existing_file(path: &Path) -> Option<(io::Take<fs::File>, u64)> {
    use std::io::Read;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    meta.is_file().then(|| (file.take(meta.len()), meta.len()))
}

/// Writes to the temporary file, comparing with the existing output on the way; the
/// existing file is forgotten at its first difference.
struct Tee<W> {
    temp: W,
    existing: Option<(io::Take<fs::File>, u64)>,
    block: Vec<u8>,
    written: u64,
}

impl<W: Write> Write for Tee<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        use std::io::Read;
        let written = self.temp.write(buf)?;
        let buf = &buf[..written];
        if let Some((file, _)) = &mut self.existing {
            self.block.resize(buf.len(), 0);
            if file.read_exact(&mut self.block).is_err() || self.block != buf {
                self.existing = None;
            }
        }
        self.written += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

/// The record of a temporary file in [`PENDING`], forgotten when dropped.
#[derive(Debug)]
struct PendingRecord(PathBuf);

impl Drop for PendingRecord {
    fn drop(&mut self) {
        lock_pending().retain(|pending| *pending != self.0);
    }
}

/// Writes `contents` to `path` atomically (see [`PendingOutput`]).
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), OutputError> {
    PendingOutput::create(path)?.commit(contents)
}

/// Removes every temporary file of an output still being written. For a signal handler:
/// the process is about to exit without running destructors.
pub fn remove_pending_files() {
    for temp in lock_pending().drain(..) {
        let _ = fs::remove_file(temp);
    }
}

/// The temporary files of outputs not yet committed or dropped.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn lock_pending() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere while holding the lock leaves the list itself intact.
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

fn refused(reason: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, reason.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        assert_eq!(entries(dir.path()), ["out.rs"]);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_to_write_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        let link = dir.path().join("out.rs");
        fs::write(&victim, b"precious").unwrap();
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let error = write_atomically(&link, b"generated").unwrap_err();
        assert_eq!(error.path, link);
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert_eq!(entries(dir.path()), ["out.rs", "victim"]);
    }

    #[cfg(unix)]
    #[test]
    fn temporary_names_are_unpredictable_and_never_follow_planted_links() {
        // The old name was `.out.rs.tmp<PID>`: plant links under every name that scheme
        // could use for this process and the next ones.
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, b"precious").unwrap();
        let pid = std::process::id();
        for candidate in pid..pid + 50 {
            let planted = dir.path().join(format!(".out.rs.tmp{candidate}"));
            std::os::unix::fs::symlink(&victim, planted).unwrap();
        }
        let pending = PendingOutput::create(&dir.path().join("out.rs")).unwrap();
        let temp_name = pending.temp.path().file_name().unwrap().to_string_lossy();
        assert!(temp_name.starts_with(".out.rs.") && temp_name.ends_with(".tmp"));
        assert!(!temp_name.contains(&pid.to_string()), "{temp_name}");
        pending.commit(b"generated").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert_eq!(fs::read(dir.path().join("out.rs")).unwrap(), b"generated");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_fifos_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out.rs");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let error = write_atomically(&fifo, b"generated").unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_an_existing_files_permissions_and_applies_the_umask_to_a_new_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("existing.rs");
        fs::write(&existing, b"old").unwrap();
        fs::set_permissions(&existing, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&existing, b"new").unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&existing), 0o640);

        // What the umask makes of 0o666 for any new file in this directory.
        let reference = dir.path().join("reference");
        fs::File::create(&reference).unwrap();
        let fresh = dir.path().join("fresh.rs");
        write_atomically(&fresh, b"new").unwrap();
        assert_eq!(
            mode(&fresh),
            mode(&reference),
            "tempfile's private mode leaked out"
        );
    }

    /// Runs `work` on its own thread, failing if it takes more than a few seconds.
    #[cfg(unix)]
    fn within_seconds<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || done.send(work()));
        finished
            .recv_timeout(std::time::Duration::from_secs(5))
            .ok()
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_planted_after_create_does_not_block_the_commit() {
        // #12 review: commit read the path to skip identical rewrites, following whatever
        // was there by then: a FIFO blocked it forever, a link to /dev/zero read until OOM.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        let pending = PendingOutput::create(&path).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        let committed = within_seconds(move || pending.commit(b"generated").is_ok());
        if committed.is_none() {
            // Unblock the stuck reader so the thread ends, then fail.
            let _ = fs::OpenOptions::new().write(true).open(&path);
            panic!("commit blocked on a FIFO");
        }
        assert_eq!(committed, Some(true));
        assert_eq!(fs::read(&path).unwrap(), b"generated");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_after_create_is_replaced_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        let target = dir.path().join("target");
        fs::write(&target, b"generated").unwrap();
        let pending = PendingOutput::create(&path).unwrap();
        std::os::unix::fs::symlink(&target, &path).unwrap();
        pending.commit(b"generated").unwrap();
        assert!(fs::symlink_metadata(&path).unwrap().is_file());
        assert_eq!(fs::read(&path).unwrap(), b"generated");
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_files_special_bits_are_not_copied() {
        // #12 review: the mode was copied whole, setuid and setgid included.
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o6777)).unwrap();
        write_atomically(&path, b"new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o777);
    }

    #[cfg(unix)]
    #[test]
    fn another_users_file_is_replaced_with_the_umasks_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o777)).unwrap();
        // Giving a file away takes root; elsewhere this case cannot be set up.
        if std::os::unix::fs::chown(&path, Some(65_534), None).is_err() {
            return;
        }
        let reference = dir.path().join("reference");
        fs::File::create(&reference).unwrap();
        write_atomically(&path, b"new").unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&path), mode(&reference));
    }

    #[test]
    fn failure_names_the_path_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("out.rs");
        let error = write_atomically(&path, b"x").unwrap_err();
        assert!(
            error.to_string().contains(&path.display().to_string()),
            "{error}"
        );
        assert!(!path.exists());
    }

    #[test]
    fn a_dropped_output_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let pending = PendingOutput::create(&dir.path().join("out.rs")).unwrap();
        assert_eq!(entries(dir.path()).len(), 1);
        drop(pending);
        assert!(entries(dir.path()).is_empty());
    }
}
