//! A throw-away directory, removed on drop: the fresh `HOME`s and data directories of the suites.
//!
//! `std` has no temporary directory type and the `tempfile` crate would be xtask's only dependency.

use std::{
    path::{Path, PathBuf},
    time::{SystemTime, UNIX_EPOCH},
};

pub struct TempDir(PathBuf);

impl TempDir {
    /// A new empty directory `<system temp>/gatehouse-<purpose>-<pid>-<nanos>`.
    pub fn new(purpose: &str) -> std::io::Result<Self> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let path = std::env::temp_dir().join(format!(
            "gatehouse-{purpose}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path)?;
        Ok(Self(path))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
