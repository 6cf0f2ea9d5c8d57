//! What the app's profile declares about the pool, to compare with what the pool says. The app
//! draws its forms from these declarations (there are no AWS credentials on a user's desktop to
//! describe the pool with), so a mismatch makes a form ask for the wrong thing.

/// What the app's profile declares (all optional; `Default` = nothing declared).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expectations {
    /// `None`: not declared, not compared. `Some(vec![])`: users sign in with a username.
    pub username_attributes: Option<Vec<String>>,
    /// Attributes the sign-up form collects and insists on.
    pub required_attributes: Vec<String>,
    /// Attributes the sign-up form offers.
    pub optional_attributes: Vec<String>,
    pub password_policy: Option<ExpectedPolicy>,
    pub mfa: Option<ExpectedMfa>,
}

impl Expectations {
    /// Whether anything about the sign-up form is declared (else the form cannot be compared).
    pub(crate) fn declares_form(&self) -> bool {
        self.username_attributes.is_some()
            || !self.required_attributes.is_empty()
            || !self.optional_attributes.is_empty()
    }

    /// Every attribute the sign-up form collects, username attributes included (an email used as
    /// the username is the email attribute too).
    pub(crate) fn form_attributes(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .username_attributes
            .iter()
            .flatten()
            .chain(&self.required_attributes)
            .chain(&self.optional_attributes)
            .cloned()
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

/// The password policy the profile shows before the user types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedPolicy {
    pub minimum_length: u32,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
}

/// The MFA the profile declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedMfa {
    /// `OFF`, `OPTIONAL` or `ON`.
    pub configuration: String,
    /// `SMS`, `TOTP`.
    pub methods: Vec<String>,
}
