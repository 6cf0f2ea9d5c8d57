//! Looking for secrets where they must never be: log output, IPC payloads, plain files.
//!
//! A [`Secret`] is a value with a name ("refresh token"); a [`Leak`] says which secret was found
//! where, never the value, so that a failing test does not leak in its turn. Six-digit codes are
//! matched only as a whole number (no digit or `.` next to them), so that timestamps and counters
//! do not raise false alarms.

use std::{fmt, path::Path};

/// A value that must not appear, and the name a report uses for it.
#[derive(Clone)]
pub struct Secret {
    pub name: String,
    value: String,
}

impl Secret {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }

    /// A JWT, and its signature on its own: a token cut in pieces is still a leak.
    pub fn jwt(name: &str, token: &str) -> Vec<Self> {
        let mut secrets = vec![Self::new(name, token)];
        if let Some(signature) = token.rsplit('.').next().filter(|s| s.len() >= 16) {
            secrets.push(Self::new(format!("{name} (signature)"), signature));
        }
        secrets
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    fn is_numeric_code(&self) -> bool {
        self.value.len() <= 8 && self.value.bytes().all(|b| b.is_ascii_digit())
    }

    /// Whether the secret occurs in `text`.
    pub fn occurs_in(&self, text: &str) -> bool {
        if self.value.is_empty() {
            return false;
        }
        if !self.is_numeric_code() {
            return text.contains(&self.value);
        }
        text.match_indices(&self.value).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + self.value.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_digit() || c == '.')
                && !after.is_some_and(|c| c.is_ascii_digit())
        })
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({}, [redacted])", self.name)
    }
}

/// Where a secret was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    pub secret: String,
    pub place: String,
}

impl fmt::Display for Leak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} appears in {}", self.secret, self.place)
    }
}

/// Each secret found in `text`, reported as being in `place`.
pub fn in_text(secrets: &[Secret], text: &str, place: &str) -> Vec<Leak> {
    secrets
        .iter()
        .filter(|secret| secret.occurs_in(text))
        .map(|secret| Leak {
            secret: secret.name.clone(),
            place: place.to_owned(),
        })
        .collect()
}

/// Each secret found in a line of `text`, reported with the line number.
pub fn in_lines(secrets: &[Secret], text: &str, place: &str) -> Vec<Leak> {
    text.lines()
        .enumerate()
        .flat_map(|(index, line)| in_text(secrets, line, &format!("{place}, line {}", index + 1)))
        .collect()
}

/// Each secret found in any file under `root` (binary files read as lossy UTF-8), skipping the
/// directories `skip` names; symbolic links are not followed.
pub fn in_files(secrets: &[Secret], root: &Path, skip: &[&Path]) -> std::io::Result<Vec<Leak>> {
    let mut leaks = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if skip.iter().any(|skipped| path.starts_with(skipped)) || kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() {
                // A socket or a file that vanished meanwhile (WebKit caches) is not a leak.
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                leaks.extend(in_text(
                    secrets,
                    &String::from_utf8_lossy(&bytes),
                    &path.display().to_string(),
                ));
            }
        }
    }
    Ok(leaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_reported_by_name_and_place_never_by_value() {
        let secrets = [Secret::new("password", "Hunter-2-hunter")];
        let leaks = in_lines(&secrets, "ok\nuser typed Hunter-2-hunter\n", "app log");

        assert_eq!(leaks.len(), 1);
        let report = leaks[0].to_string();
        assert_eq!(report, "the password appears in app log, line 2");
        assert!(!format!("{secrets:?}").contains("Hunter"));
    }

    #[test]
    fn a_code_counts_only_as_a_whole_number() {
        let code = Secret::new("confirmation code", "123456");

        assert!(code.occurs_in("code=123456 sent"));
        assert!(code.occurs_in("\"123456\""));
        assert!(!code.occurs_in("2026-11-22T13:22:32.123456Z"));
        assert!(!code.occurs_in("port 91234567"));
    }

    #[test]
    fn a_jwt_signature_alone_is_a_leak() {
        let secrets = Secret::jwt(
            "access token",
            "aGVhZGVy.cGF5bG9hZA.c2lnbmF0dXJlLXNpZ25hdHVyZQ",
        );

        let leaks = in_text(&secrets, "sig c2lnbmF0dXJlLXNpZ25hdHVyZQ", "payload");

        assert_eq!(leaks.len(), 1);
        assert_eq!(leaks[0].secret, "access token (signature)");
    }

    #[test]
    fn files_are_searched_recursively_except_skipped_directories() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("a/b")).unwrap();
        std::fs::create_dir_all(root.path().join("server")).unwrap();
        std::fs::write(root.path().join("a/b/cache.bin"), b"\x00\xffrefresh-me\x00").unwrap();
        std::fs::write(root.path().join("server/db"), b"refresh-me").unwrap();
        let secrets = [Secret::new("refresh token", "refresh-me")];

        let leaks = in_files(&secrets, root.path(), &[&root.path().join("server")]).unwrap();

        assert_eq!(leaks.len(), 1);
        assert!(leaks[0].place.ends_with("cache.bin"), "{}", leaks[0].place);
    }
}
