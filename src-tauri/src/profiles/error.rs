//! What can go wrong with a profile, as the UI's message catalogue keys it: a kind, and the config
//! field it concerns (`userPoolId`, `auth.aws_region`...), so the message can name it. Nothing else
//! crosses IPC: no path, no source error, never the client secret.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ProfileErrorKind {
    /// The text is not JSON (nor an `aws-exports.js` object literal).
    InvalidJson,
    MissingField,
    /// The field is there but its value is not acceptable (the catalogue says what each wants).
    InvalidField,
    /// Neither a Gatehouse profile, an `amplify_outputs.json`, an `amplifyconfiguration.json`
    /// nor `aws-exports`.
    UnknownFormat,
    /// A profile of that name exists already (or the name is `local`, the embedded pool's).
    DuplicateName,
    UnknownProfile,
    /// The embedded pool's profile and the active one cannot be removed.
    CannotRemove,
    /// The OS keyring refused to keep or read the client secret.
    Keyring,
    /// The profile list could not be read or written in the data directory (or the embedded pool
    /// did not start when switching to it).
    Storage,
}

/// A refused profile operation. `Display` is for logs and the command line; the UI writes its own
/// sentence from `kind` and `field`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{}", describe(*.kind, .field.as_deref()))]
pub struct ProfileError {
    pub kind: ProfileErrorKind,
    pub field: Option<String>,
}

impl ProfileError {
    pub fn new(kind: ProfileErrorKind) -> Self {
        Self { kind, field: None }
    }

    pub fn at(kind: ProfileErrorKind, field: impl Into<String>) -> Self {
        Self {
            kind,
            field: Some(field.into()),
        }
    }

    pub fn missing(field: impl Into<String>) -> Self {
        Self::at(ProfileErrorKind::MissingField, field)
    }

    pub fn invalid(field: impl Into<String>) -> Self {
        Self::at(ProfileErrorKind::InvalidField, field)
    }
}

fn describe(kind: ProfileErrorKind, field: Option<&str>) -> String {
    let field = field.unwrap_or("?");
    match kind {
        ProfileErrorKind::InvalidJson => "the profile is not valid JSON".into(),
        ProfileErrorKind::MissingField => format!("the profile lacks `{field}`"),
        ProfileErrorKind::InvalidField => format!("the profile's `{field}` is not valid"),
        ProfileErrorKind::UnknownFormat => "the text is not a Gatehouse profile, an \
            amplify_outputs.json, an amplifyconfiguration.json or aws-exports"
            .into(),
        ProfileErrorKind::DuplicateName => format!("a profile named by `{field}` exists already"),
        ProfileErrorKind::UnknownProfile => "no profile of that name".into(),
        ProfileErrorKind::CannotRemove => {
            "the local profile and the active profile cannot be removed".into()
        }
        ProfileErrorKind::Keyring => "the system keyring refused the client secret".into(),
        ProfileErrorKind::Storage => "the profile list could not be read or written".into(),
    }
}
