//! Profiles: the embedded local pool (`local`, the default) and any number of real pools, each an
//! app client the app can sign in to. Imported from Amplify's files or a Gatehouse profile
//! (`import`), saved in the data directory with their client secrets in the keyring (`store`),
//! chosen with `--profile NAME`, `--profile-file PATH` or from the UI. Each profile's session is
//! kept apart in the keyring (the core keys sessions by profile name).

mod error;
mod import;
mod profile;
mod store;
mod vault;

pub use error::{ProfileError, ProfileErrorKind};
pub use import::parse;
pub use profile::{Profile, LOCAL};
pub use store::{ProfileList, ProfileStore, ProfileSummary};
pub use vault::KeyringVault;
#[cfg(test)]
pub(crate) use vault::SecretVault;
