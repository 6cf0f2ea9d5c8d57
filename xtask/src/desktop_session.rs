//! A desktop session for the suites: a D-Bus session bus with a real, unlocked Secret Service
//! (gnome-keyring), and a throw-away `HOME`, so that the token store is tested against the real
//! thing and no run sees another's keyring.
//! See <https://specifications.freedesktop.org/secret-service-spec/latest/>.

use std::{path::PathBuf, process::Command};

use crate::{shell::Failure, temp_dir::TempDir};

/// `dbus-run-session` with an unlocked gnome-keyring, then `program` inside it (add its arguments
/// to the returned command).
///
/// The daemon is started with `--daemonize` and awaited on the bus: otherwise the first client
/// races it and writes fail with "Cannot create an item in a locked collection" (TOOLCHAIN.md).
pub fn with_secret_service(program: &std::ffi::OsStr) -> Command {
    const SCRIPT: &str = "printf %s gatehouse | gnome-keyring-daemon --components=secrets --daemonize --unlock >/dev/null
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; do
  tries=$((tries + 1))
  if [ $tries -gt 100 ]; then echo 'xtask: the Secret Service did not appear on the bus' >&2; exit 1; fi
  sleep 0.1
done
keyring=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '/uint32/ {print $2}')
status=0
\"$@\" || status=$?
# A daemonized gnome-keyring can outlive its bus: stop it with the session.
[ -n \"$keyring\" ] && kill \"$keyring\" 2>/dev/null
exit $status";
    let mut command = Command::new("dbus-run-session");
    command.args(["--", "sh", "-c", SCRIPT, "sh"]).arg(program);
    command
}

/// A throw-away `HOME` (and XDG directories) so that a run sees no keyring, cache or config of the
/// developer's, while cargo and rustup keep using the real toolchain.
pub struct FreshHome {
    dir: TempDir,
    cargo_home: PathBuf,
    rustup_home: PathBuf,
}

impl FreshHome {
    pub fn new(purpose: &str) -> Result<Self, Failure> {
        let real_home = PathBuf::from(std::env::var_os("HOME").unwrap_or_else(|| "/root".into()));
        let from_env_or = |var: &str, default: &str| {
            std::env::var_os(var).map_or_else(|| real_home.join(default), PathBuf::from)
        };
        let fresh = Self {
            dir: TempDir::new(&format!("home-{purpose}"))?,
            cargo_home: from_env_or("CARGO_HOME", ".cargo"),
            rustup_home: from_env_or("RUSTUP_HOME", ".rustup"),
        };
        for sub in [".local/share", ".config", ".cache", "runtime"] {
            std::fs::create_dir_all(fresh.path().join(sub))?;
        }
        // gnome-keyring and D-Bus refuse a runtime directory others can read.
        std::fs::set_permissions(
            fresh.path().join("runtime"),
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )?;
        Ok(fresh)
    }

    pub fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    pub fn apply(&self, command: &mut Command) {
        let home = self.path();
        command
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("XDG_RUNTIME_DIR", home.join("runtime"))
            .env("CARGO_HOME", &self.cargo_home)
            .env("RUSTUP_HOME", &self.rustup_home);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wrapper every keyring-touching suite relies on: a secret stored inside is found inside.
    #[test]
    fn a_secret_stored_in_the_session_keyring_is_found_there() {
        let home = FreshHome::new("xtask-selftest").unwrap();
        let mut command = with_secret_service("sh".as_ref());
        command.args([
            "-c",
            "printf s3cret | secret-tool store --label=probe service xtask-probe username u \
             && secret-tool lookup service xtask-probe username u",
        ]);
        home.apply(&mut command);

        let output = command
            .output()
            .expect("dbus-run-session runs (cargo xtask test installs it)");

        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&output.stdout), "s3cret");
    }
}
