//! Reading a profile from the files people already have: a Gatehouse profile, Amplify Gen 2's
//! `amplify_outputs.json` (its `auth` section), Amplify Gen 1's `amplifyconfiguration.json`
//! (`auth.plugins.awsCognitoAuthPlugin`) and `aws-exports` values (the JSON, or the `.js` file's
//! object literal). Each refusal names the field as the source file spells it, so the user can find
//! it. Shapes:
//! https://docs.amplify.aws/react/reference/amplify_outputs/ and the `aws-exports.js` Amplify CLI writes.

use serde_json::{Map, Value};

use super::error::{ProfileError, ProfileErrorKind};
use super::profile::{MfaConfiguration, MfaKind, MfaSettings, Profile};
use gatehouse_auth::view::PasswordPolicy;

/// The formats `parse` recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Gatehouse,
    AmplifyOutputs,
    AmplifyConfiguration,
    AwsExports,
}

/// Reads `source`, names the profile `name` (else the file's own name, else the pool id), and
/// checks it.
pub fn parse(source: &str, name: Option<&str>) -> Result<(Format, Profile), ProfileError> {
    let value = json_of(source)?;
    let object = value
        .as_object()
        .ok_or_else(|| ProfileError::new(ProfileErrorKind::UnknownFormat))?;
    let (format, mut profile) = if object.contains_key("userPoolId") {
        (Format::Gatehouse, gatehouse(&value)?)
    } else if let Some(auth) = object.get("auth").and_then(Value::as_object) {
        if auth.contains_key("plugins") {
            (Format::AmplifyConfiguration, amplify_configuration(auth)?)
        } else {
            (Format::AmplifyOutputs, amplify_outputs(auth)?)
        }
    } else if object.contains_key("aws_user_pools_id") {
        (Format::AwsExports, aws_exports(object)?)
    } else {
        return Err(ProfileError::new(ProfileErrorKind::UnknownFormat));
    };
    if let Some(name) = name {
        profile.name = name.to_owned();
    }
    profile.check()?;
    Ok((format, profile))
}

/// JSON, or the object literal of an `aws-exports.js` (`const awsmobile = {...}; export default
/// awsmobile;`), which the Amplify CLI writes with JSON's quoting.
fn json_of(source: &str) -> Result<Value, ProfileError> {
    let invalid = || ProfileError::new(ProfileErrorKind::InvalidJson);
    if let Ok(value) = serde_json::from_str(source) {
        return Ok(value);
    }
    let start = source.find('{').ok_or_else(invalid)?;
    let end = source.rfind('}').ok_or_else(invalid)?;
    if end < start {
        return Err(invalid());
    }
    serde_json::from_str(&source[start..=end]).map_err(|_| invalid())
}

/// A Gatehouse profile; serde's refusal is turned into the field it names.
fn gatehouse(value: &Value) -> Result<Profile, ProfileError> {
    if value.get("clientSecret").is_some() {
        // A secret in a file is one copy too many: the app asks for it and keeps it in the keyring.
        return Err(ProfileError::invalid("clientSecret"));
    }
    serde_json::from_value(value.clone()).map_err(|error| {
        let text = error.to_string();
        let field = text.split('`').nth(1).unwrap_or("").to_owned();
        if text.starts_with("missing field") {
            ProfileError::missing(field)
        } else if text.starts_with("unknown field") {
            ProfileError::invalid(field)
        } else {
            // A wrong type: serde names no field, the JSON path is not kept; say which value.
            ProfileError::new(ProfileErrorKind::InvalidJson)
        }
    })
}

/// Amplify Gen 2: `{"version": "1.x", "auth": {"aws_region", "user_pool_id", "user_pool_client_id",
/// "username_attributes", "standard_required_attributes", "mfa_configuration", "mfa_methods",
/// "password_policy": {"min_length", "require_lowercase", ...}}}`.
fn amplify_outputs(auth: &Map<String, Value>) -> Result<Profile, ProfileError> {
    let field = |name: &str| format!("auth.{name}");
    let text = |name: &str| required_text(auth, name, &field(name));
    let user_pool_id = text("user_pool_id")?;
    let mfa = match auth.get("mfa_configuration").and_then(Value::as_str) {
        None => None,
        Some(configuration) => Some(MfaSettings {
            configuration: match configuration {
                "NONE" => MfaConfiguration::Off,
                "OPTIONAL" => MfaConfiguration::Optional,
                "REQUIRED" => MfaConfiguration::On,
                _ => return Err(ProfileError::invalid(field("mfa_configuration"))),
            },
            methods: mfa_kinds(auth.get("mfa_methods"), &field("mfa_methods"))?,
        }),
    };
    let password_policy = match auth.get("password_policy") {
        None => None,
        Some(policy) => Some(snake_policy(policy, &field("password_policy"))?),
    };
    Ok(Profile {
        name: user_pool_id.clone(),
        region: text("aws_region")?,
        client_id: text("user_pool_client_id")?,
        user_pool_id,
        endpoint: None,
        totp_issuer: None,
        username_attributes: names(
            auth.get("username_attributes"),
            &field("username_attributes"),
        )?,
        required_attributes: names(
            auth.get("standard_required_attributes"),
            &field("standard_required_attributes"),
        )?,
        optional_attributes: Vec::new(),
        password_policy,
        mfa,
    })
}

/// Amplify Gen 1 (`amplifyconfiguration.json`): the pool under
/// `plugins.awsCognitoAuthPlugin.CognitoUserPool.Default`, the form under `...Auth.Default` with the
/// same keys as `aws-exports` without their prefix.
fn amplify_configuration(auth: &Map<String, Value>) -> Result<Profile, ProfileError> {
    let base = "auth.plugins.awsCognitoAuthPlugin";
    let plugin = auth["plugins"]
        .get("awsCognitoAuthPlugin")
        .and_then(Value::as_object)
        .ok_or_else(|| ProfileError::missing(base))?;
    let pool_path = format!("{base}.CognitoUserPool.Default");
    let pool = plugin
        .get("CognitoUserPool")
        .and_then(|pool| pool.get("Default"))
        .and_then(Value::as_object)
        .ok_or_else(|| ProfileError::missing(pool_path.clone()))?;
    let text = |name: &str| required_text(pool, name, &format!("{pool_path}.{name}"));
    let form_path = format!("{base}.Auth.Default");
    let empty = Map::new();
    let form = plugin
        .get("Auth")
        .and_then(|auth| auth.get("Default"))
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let user_pool_id = text("PoolId")?;
    gen1_profile(
        user_pool_id,
        text("Region")?,
        text("AppClientId")?,
        |key| form.get(key),
        |key| format!("{form_path}.{key}"),
    )
}

/// `aws-exports`: `aws_cognito_region` (or `aws_project_region`), `aws_user_pools_id`,
/// `aws_user_pools_web_client_id`, and the form under `aws_cognito_*`.
fn aws_exports(exports: &Map<String, Value>) -> Result<Profile, ProfileError> {
    let user_pool_id = required_text(exports, "aws_user_pools_id", "aws_user_pools_id")?;
    let region = match exports.get("aws_cognito_region") {
        Some(_) => required_text(exports, "aws_cognito_region", "aws_cognito_region")?,
        None => required_text(exports, "aws_project_region", "aws_cognito_region")?,
    };
    let client_id = required_text(
        exports,
        "aws_user_pools_web_client_id",
        "aws_user_pools_web_client_id",
    )?;
    let key = |camel: &str| format!("aws_cognito_{}", snake(camel));
    gen1_profile(
        user_pool_id,
        region,
        client_id,
        |camel| exports.get(&key(camel)),
        key,
    )
}

/// The Gen 1 form keys, shared by `aws-exports` (snake, prefixed) and `amplifyconfiguration.json`
/// (camel): `usernameAttributes`, `signupAttributes`, `mfaConfiguration` (OFF/OPTIONAL/ON),
/// `mfaTypes`, `passwordProtectionSettings {passwordPolicyMinLength, passwordPolicyCharacters}`.
fn gen1_profile<'a>(
    user_pool_id: String,
    region: String,
    client_id: String,
    get: impl Fn(&str) -> Option<&'a Value>,
    path: impl Fn(&str) -> String,
) -> Result<Profile, ProfileError> {
    let mfa = match get("mfaConfiguration").and_then(Value::as_str) {
        None => None,
        Some(configuration) => Some(MfaSettings {
            configuration: match configuration {
                "OFF" => MfaConfiguration::Off,
                "OPTIONAL" => MfaConfiguration::Optional,
                "ON" => MfaConfiguration::On,
                _ => return Err(ProfileError::invalid(path("mfaConfiguration"))),
            },
            methods: mfa_kinds(get("mfaTypes"), &path("mfaTypes"))?,
        }),
    };
    let password_policy = match get("passwordProtectionSettings") {
        None => None,
        Some(settings) => Some(gen1_policy(settings, &path("passwordProtectionSettings"))?),
    };
    Ok(Profile {
        name: user_pool_id.clone(),
        region,
        user_pool_id,
        client_id,
        endpoint: None,
        totp_issuer: None,
        username_attributes: names(get("usernameAttributes"), &path("usernameAttributes"))?,
        required_attributes: names(get("signupAttributes"), &path("signupAttributes"))?,
        optional_attributes: Vec::new(),
        password_policy,
        mfa,
    })
}

fn required_text(
    object: &Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<String, ProfileError> {
    match object.get(key) {
        None | Some(Value::Null) => Err(ProfileError::missing(field)),
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
        Some(Value::String(_)) => Err(ProfileError::missing(field)),
        Some(_) => Err(ProfileError::invalid(field)),
    }
}

/// Attribute names, which Amplify writes `EMAIL`/`PHONE_NUMBER` (Gen 1) or `email` (Gen 2);
/// Cognito's are lower case.
fn names(value: Option<&Value>, field: &str) -> Result<Vec<String>, ProfileError> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let items = value
        .as_array()
        .ok_or_else(|| ProfileError::invalid(field))?;
    items
        .iter()
        .map(|item| match item.as_str() {
            Some(name) if name.starts_with("custom:") => Ok(name.to_owned()),
            Some(name) => Ok(name.to_ascii_lowercase()),
            None => Err(ProfileError::invalid(field)),
        })
        .filter(|name| !matches!(name.as_deref(), Ok("username")))
        .collect()
}

fn mfa_kinds(value: Option<&Value>, field: &str) -> Result<Vec<MfaKind>, ProfileError> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let items = value
        .as_array()
        .ok_or_else(|| ProfileError::invalid(field))?;
    items
        .iter()
        .map(|item| match item.as_str() {
            Some("SMS") => Ok(MfaKind::Sms),
            Some("TOTP") => Ok(MfaKind::Totp),
            _ => Err(ProfileError::invalid(field)),
        })
        .collect()
}

fn minimum_length(value: Option<&Value>, field: &str) -> Result<u32, ProfileError> {
    match value {
        None => Ok(PasswordPolicy::default().minimum_length),
        Some(value) => value
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| ProfileError::invalid(field)),
    }
}

/// Gen 2's `password_policy`; an absent rule is Cognito's default for it.
fn snake_policy(policy: &Value, field: &str) -> Result<PasswordPolicy, ProfileError> {
    let object = policy
        .as_object()
        .ok_or_else(|| ProfileError::invalid(field))?;
    let default = PasswordPolicy::default();
    let flag = |name: &str, fallback: bool| match object.get(name) {
        None => Ok(fallback),
        Some(Value::Bool(flag)) => Ok(*flag),
        Some(_) => Err(ProfileError::invalid(format!("{field}.{name}"))),
    };
    Ok(PasswordPolicy {
        minimum_length: minimum_length(object.get("min_length"), &format!("{field}.min_length"))?,
        require_uppercase: flag("require_uppercase", default.require_uppercase)?,
        require_lowercase: flag("require_lowercase", default.require_lowercase)?,
        require_numbers: flag("require_numbers", default.require_numbers)?,
        require_symbols: flag("require_symbols", default.require_symbols)?,
    })
}

/// Gen 1's `passwordProtectionSettings`: the listed `REQUIRES_*` rules apply, the rest do not.
fn gen1_policy(settings: &Value, field: &str) -> Result<PasswordPolicy, ProfileError> {
    let object = settings
        .as_object()
        .ok_or_else(|| ProfileError::invalid(field))?;
    let characters_field = format!("{field}.passwordPolicyCharacters");
    let characters: Vec<&str> = match object.get("passwordPolicyCharacters") {
        None => Vec::new(),
        Some(list) => list
            .as_array()
            .ok_or_else(|| ProfileError::invalid(&characters_field))?
            .iter()
            .map(|rule| {
                rule.as_str()
                    .ok_or_else(|| ProfileError::invalid(&characters_field))
            })
            .collect::<Result<_, _>>()?,
    };
    const RULES: &[&str] = &[
        "REQUIRES_UPPERCASE",
        "REQUIRES_LOWERCASE",
        "REQUIRES_NUMBERS",
        "REQUIRES_SYMBOLS",
    ];
    if characters.iter().any(|rule| !RULES.contains(rule)) {
        return Err(ProfileError::invalid(characters_field));
    }
    let has = |rule: &str| characters.contains(&rule);
    Ok(PasswordPolicy {
        minimum_length: minimum_length(
            object.get("passwordPolicyMinLength"),
            &format!("{field}.passwordPolicyMinLength"),
        )?,
        require_uppercase: has("REQUIRES_UPPERCASE"),
        require_lowercase: has("REQUIRES_LOWERCASE"),
        require_numbers: has("REQUIRES_NUMBERS"),
        require_symbols: has("REQUIRES_SYMBOLS"),
    })
}

/// `usernameAttributes` -> `username_attributes`.
fn snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
