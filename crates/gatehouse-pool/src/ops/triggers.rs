//! User-pool triggers: `PreSignUp`, `PreAuthentication` and `PostConfirmation`, sent Cognito's
//! event (`version`, `triggerSource`, `region`, `userPoolId`, `userName`, `callerContext`,
//! `request`, `response`) and honouring the `response` they return, as a Lambda function would.
//! https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
//!
//! Local relaxation (deliberate): the pool's `LambdaConfig` may name an `http://` or `https://`
//! endpoint instead of a Lambda ARN; the pool POSTs the event there as JSON and reads the returned
//! event. Any URL is accepted: the pool's operator configures it, as an AWS account owner picks a
//! Lambda. ARNs are stored but cannot be invoked offline; they are skipped with a warning.
//!
//! A trigger answering non-2xx, or with `{"errorMessage": ...}` (what a Lambda that throws
//! returns), rejects the operation with `UserLambdaValidationException` "`<Trigger>` failed with
//! error `<message>`."; one that cannot be reached within Cognito's 5-second limit gives
//! `UnexpectedLambdaException`. The call blocks: operations run on the pool's database thread
//! (`batch.rs`), which waits meanwhile, as a local pool can afford. One consequence: a trigger that
//! calls back into this pool (as a Lambda might call `AdminGetUser`) waits behind the operation
//! until the 5-second limit fails it.

use std::{sync::OnceLock, time::Duration};

use serde_json::{json, Map, Value};

use super::admin::REGION;
use crate::{
    error::CognitoError,
    service::Ctx,
    store::{PoolRow, UserRow},
};

/// Cognito waits 5 seconds for a trigger.
const TIMEOUT: Duration = Duration::from_secs(5);
/// A rejection message longer than this is cut before it is echoed to the client.
const MAX_MESSAGE_CHARS: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trigger {
    PreSignUp,
    PreAuthentication,
    PostConfirmation,
}

impl Trigger {
    /// Its key in `LambdaConfig`, and the name its errors carry.
    fn name(self) -> &'static str {
        match self {
            Self::PreSignUp => "PreSignUp",
            Self::PreAuthentication => "PreAuthentication",
            Self::PostConfirmation => "PostConfirmation",
        }
    }
}

/// `CallerContext.clientId` of a trigger fired by an admin operation, as Cognito sends it.
pub const NO_CLIENT: &str = "CLIENT_ID_NOT_APPLICABLE";

/// What creates a user, for `PreSignUp`'s `triggerSource`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)] // AdminCreateUser: for ops/admin_users.rs, see the report of issue 3.
pub enum SignUpSource {
    SignUp,
    AdminCreateUser,
}

/// What confirmed a user, for `PostConfirmation`'s `triggerSource`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmation {
    SignUp,
    ForgotPassword,
}

/// What a `PreSignUp` trigger decided.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignUpVerdict {
    pub auto_confirm_user: bool,
    pub auto_verify_email: bool,
    pub auto_verify_phone: bool,
}

/// Refuses a `LambdaConfig` whose triggers are not strings (at `CreateUserPool`).
pub(crate) fn check_lambda_config(pool_config: &Value) -> Result<(), CognitoError> {
    match pool_config.get("LambdaConfig") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(triggers)) => {
            for (name, target) in triggers {
                if !target.is_string() && !target.is_object() {
                    return Err(CognitoError::invalid_parameter(format!(
                        "LambdaConfig.{name} must be a Lambda ARN or, locally, an http(s) URL."
                    )));
                }
            }
            Ok(())
        }
        Some(_) => Err(CognitoError::new(
            "SerializationException",
            "LambdaConfig must be a structure.",
        )),
    }
}

fn endpoint(pool: &PoolRow, trigger: Trigger) -> Option<&str> {
    let target = pool.config["LambdaConfig"][trigger.name()].as_str()?;
    if target.starts_with("http://") || target.starts_with("https://") {
        Some(target)
    } else {
        tracing::warn!(
            trigger = trigger.name(),
            "a Lambda ARN cannot be invoked by the local pool; trigger skipped"
        );
        None
    }
}

fn http() -> &'static reqwest::blocking::Client {
    static CLIENT: OnceLock<reqwest::blocking::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::blocking::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a TLS backend is compiled in")
    })
}

/// `{name: value}`, as events list attributes.
fn attribute_map(attributes: &[(String, String)]) -> Value {
    Value::Object(
        attributes
            .iter()
            .map(|(name, value)| (name.clone(), json!(value)))
            .collect::<Map<_, _>>(),
    )
}

fn stored_user_attributes(user: &UserRow) -> Value {
    let mut attributes = attribute_map(&user.attributes);
    attributes["cognito:user_status"] = json!(user.status);
    attributes
}

fn string_pairs(pairs: &[(&str, &str)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), json!(value)))
            .collect(),
    )
}

/// Sends one event and returns the `response` the trigger gave back; `None` when the pool has no
/// such trigger.
fn invoke(
    pool: &PoolRow,
    trigger: Trigger,
    source: &str,
    client_id: &str,
    user_name: &str,
    request: Value,
    response: Value,
) -> Result<Option<Value>, CognitoError> {
    let Some(url) = endpoint(pool, trigger) else {
        return Ok(None);
    };
    let event = json!({
        "version": "1",
        "triggerSource": source,
        "region": REGION,
        "userPoolId": pool.id,
        "userName": user_name,
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": client_id},
        "request": request,
        "response": response,
    });
    tracing::debug!(trigger = trigger.name(), source, "invoking trigger");
    let unreachable = |error: reqwest::Error| {
        let why = if error.is_timeout() {
            "Socket timeout exception"
        } else {
            "connection failure"
        };
        // Without the URL: an operator may have put credentials in it.
        let error = error.without_url();
        tracing::warn!(trigger = trigger.name(), %error, "trigger unreachable");
        CognitoError::new(
            "UnexpectedLambdaException",
            format!("{} invocation failed due to error {why}.", trigger.name()),
        )
    };
    let answer = http().post(url).json(&event).send().map_err(unreachable)?;
    let status = answer.status();
    let body = answer.text().map_err(unreachable)?;
    let returned: Option<Value> = serde_json::from_str(&body).ok();
    let error_message = returned
        .as_ref()
        .and_then(|returned| returned.get("errorMessage"))
        .map(|message| match message {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        });
    if let Some(message) = error_message
        .or_else(|| (!status.is_success()).then(|| format!("HTTP status {}", status.as_u16())))
    {
        let message: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
        return Err(CognitoError::new(
            "UserLambdaValidationException",
            format!("{} failed with error {message}.", trigger.name()),
        ));
    }
    match returned.as_ref().map(|returned| &returned["response"]) {
        Some(response @ Value::Object(_)) => Ok(Some(response.clone())),
        // A trigger that returns the event with `response: null` changes nothing.
        Some(Value::Null) if returned.as_ref().is_some_and(Value::is_object) => Ok(Some(json!({}))),
        _ => Err(unrecognizable_output()),
    }
}

fn unrecognizable_output() -> CognitoError {
    CognitoError::new(
        "InvalidLambdaResponseException",
        "Unrecognizable lambda output",
    )
}

/// `invoke` for a trigger that can only refuse: it is sent an empty `response`, and what it
/// returns there changes nothing.
fn ask_to_proceed(
    pool: &PoolRow,
    trigger: Trigger,
    source: &str,
    client_id: &str,
    user: &UserRow,
    request: Value,
) -> Result<(), CognitoError> {
    invoke(
        pool,
        trigger,
        source,
        client_id,
        &user.username,
        request,
        json!({}),
    )?;
    Ok(())
}

/// `PreSignUp_SignUp` / `PreSignUp_AdminCreateUser`: may reject the new user, or confirm them and
/// verify their email or phone without a code. An admin operation passes `NO_CLIENT`.
pub fn pre_sign_up(
    pool: &PoolRow,
    source: SignUpSource,
    client_id: &str,
    username: &str,
    attributes: &[(String, String)],
    validation_data: &[(String, String)],
    client_metadata: &[(&str, &str)],
) -> Result<SignUpVerdict, CognitoError> {
    let request = json!({
        "userAttributes": attribute_map(attributes),
        "validationData": attribute_map(validation_data),
        "clientMetadata": string_pairs(client_metadata),
    });
    let response =
        json!({"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false});
    let Some(response) = invoke(
        pool,
        Trigger::PreSignUp,
        match source {
            SignUpSource::SignUp => "PreSignUp_SignUp",
            SignUpSource::AdminCreateUser => "PreSignUp_AdminCreateUser",
        },
        client_id,
        username,
        request,
        response,
    )?
    else {
        return Ok(SignUpVerdict::default());
    };
    let flag = |name: &str| match &response[name] {
        Value::Null => Ok(false),
        Value::Bool(flag) => Ok(*flag),
        _ => Err(unrecognizable_output()),
    };
    Ok(SignUpVerdict {
        auto_confirm_user: flag("autoConfirmUser")?,
        auto_verify_email: flag("autoVerifyEmail")?,
        auto_verify_phone: flag("autoVerifyPhone")?,
    })
}

/// `PreAuthentication_Authentication`: may refuse a sign-in whose password proof was correct.
/// `_ctx` keeps the signature of the other operation helpers; the event needs nothing from it.
pub fn pre_authentication(
    _ctx: &Ctx<'_>,
    pool: &PoolRow,
    client_id: &str,
    user: &UserRow,
) -> Result<(), CognitoError> {
    let request = json!({
        "userAttributes": stored_user_attributes(user),
        "validationData": {},
        "userNotFound": false,
    });
    ask_to_proceed(
        pool,
        Trigger::PreAuthentication,
        "PreAuthentication_Authentication",
        client_id,
        user,
        request,
    )
}

/// `PostConfirmation_ConfirmSignUp` / `PostConfirmation_ConfirmForgotPassword`. A rejection fails
/// the operation, and this pool then rolls the confirmation back: a failed request changes
/// nothing. (Cognito's docs do not promise either way.)
pub fn post_confirmation(
    pool: &PoolRow,
    client_id: &str,
    user: &UserRow,
    confirmation: Confirmation,
    client_metadata: &[(&str, &str)],
) -> Result<(), CognitoError> {
    let source = match confirmation {
        Confirmation::SignUp => "PostConfirmation_ConfirmSignUp",
        Confirmation::ForgotPassword => "PostConfirmation_ConfirmForgotPassword",
    };
    let request = json!({
        "userAttributes": stored_user_attributes(user),
        "clientMetadata": string_pairs(client_metadata),
    });
    ask_to_proceed(
        pool,
        Trigger::PostConfirmation,
        source,
        client_id,
        user,
        request,
    )
}
