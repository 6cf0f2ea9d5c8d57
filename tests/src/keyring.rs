//! What the Secret Service holds, read the way a user (or an attacker with the session) would:
//! `secret-tool` from libsecret, over the session bus of the test run.
//!
//! keyring-rs stores each entry with the attributes `service`, `username` and
//! `application = rust-keyring` (keyring 3, Secret Service store). `secret-tool search` prints an
//! item's attributes on stderr and its secret on stdout, so items are listed from the attributes
//! and each secret is then read exactly with `secret-tool lookup`.
//! See <https://gnome.pages.gitlab.gnome.org/libsecret/> and
//! <https://docs.rs/keyring/3/keyring/secret_service/>.

use std::{collections::BTreeMap, process::Command};

/// One item of the keyring, as keyring-rs stored it.
pub struct KeyringItem {
    pub attributes: BTreeMap<String, String>,
    pub secret: String,
}

impl std::fmt::Debug for KeyringItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringItem")
            .field("attributes", &self.attributes)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// Every item keyring-rs stored under `service` (empty when there is none).
pub fn items(service: &str) -> std::io::Result<Vec<KeyringItem>> {
    let search = Command::new("secret-tool")
        .args(["search", "--all", "--unlock", "service", service])
        .output()?;
    let mut items = Vec::new();
    for attributes in attribute_groups(&String::from_utf8_lossy(&search.stderr)) {
        let Some(username) = attributes.get("username") else {
            continue;
        };
        let lookup = Command::new("secret-tool")
            .args(["lookup", "service", service, "username", username])
            .output()?;
        if !lookup.status.success() {
            return Err(std::io::Error::other(format!(
                "secret-tool lookup failed for the keyring item of {username}"
            )));
        }
        items.push(KeyringItem {
            attributes,
            secret: String::from_utf8_lossy(&lookup.stdout).into_owned(),
        });
    }
    Ok(items)
}

/// Splits `attribute.key = value` lines into one map per item: an item ends where a key repeats.
fn attribute_groups(stderr: &str) -> Vec<BTreeMap<String, String>> {
    let mut groups: Vec<BTreeMap<String, String>> = Vec::new();
    let mut current = BTreeMap::new();
    for line in stderr.lines() {
        let Some((key, value)) = line
            .strip_prefix("attribute.")
            .and_then(|rest| rest.split_once(" = "))
        else {
            continue;
        };
        if current.contains_key(key) {
            groups.push(std::mem::take(&mut current));
        }
        current.insert(key.to_owned(), value.to_owned());
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::attribute_groups;

    #[test]
    fn attribute_lines_are_grouped_per_item() {
        let stderr = "attribute.application = rust-keyring\nattribute.service = gatehouse\n\
                      attribute.username = a\nattribute.application = rust-keyring\n\
                      attribute.username = b\nattribute.service = gatehouse\n";

        let groups = attribute_groups(stderr);

        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0]["username"], "a");
        assert_eq!(groups[1]["username"], "b");
        assert_eq!(groups[1]["service"], "gatehouse");
    }
}
