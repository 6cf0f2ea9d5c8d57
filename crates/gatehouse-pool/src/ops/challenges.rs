//! The challenges after the password: `NEW_PASSWORD_REQUIRED`, `SELECT_MFA_TYPE`, `SMS_MFA`,
//! `SOFTWARE_TOKEN_MFA` and `MFA_SETUP`, and the sessions that carry a sign-in between them.
//! https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
//!
//! A session is an opaque random token, stored as its SHA-256, that lives Cognito's 3 minutes and
//! answers once. A wrong MFA code leaves it open for another try, as Cognito does, but only five
//! times: after the fifth wrong code the session is burned and the user signs in again (Cognito
//! documents no number; five matches the pool's other code limits and the brute-force budget).

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64URL, Engine};
use rand::RngCore;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use super::{
    attributes::{self, Writer},
    codes, device_auth, map_get, mfa, optional, policy, pool, required_in, srp_pool_name,
    string_map,
};
use crate::{
    error::CognitoError,
    outbox::OutboxMessage,
    service::Ctx,
    srp,
    store::{AuthSessionRow, ClientRow, PoolRow, UserRow},
    tokens::hash_secret,
};

pub const SESSION_SECONDS: i64 = 180;
const MAX_CODE_ATTEMPTS: i64 = 5;
/// Internal stages of `MFA_SETUP`: after `AssociateSoftwareToken`, after `VerifySoftwareToken`.
pub const SETUP_ASSOCIATED: &str = "MFA_SETUP:ASSOCIATED";
pub const SETUP_VERIFIED: &str = "MFA_SETUP:VERIFIED";

pub(super) fn invalid_session() -> CognitoError {
    CognitoError::not_authorized("Invalid session for the user.")
}

/// Opens a session for the next step of `user`'s sign-in and returns its token.
pub fn open_session(
    ctx: &Ctx<'_>,
    user: &UserRow,
    client_id: &str,
    challenge: &str,
    code_hash: Option<String>,
) -> Result<String, CognitoError> {
    let mut bytes = [0u8; 48];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = B64URL.encode(bytes);
    let row = AuthSessionRow {
        pool_id: user.pool_id.clone(),
        client_id: client_id.to_owned(),
        username: user.username.clone(),
        challenge: challenge.to_owned(),
        code_hash,
        attempts: 0,
        expires_at: ctx.now + SESSION_SECONDS,
        state: "open".into(),
    };
    ctx.db
        .put_auth_session(&hash_secret(&token), &row, ctx.now)?;
    Ok(token)
}

/// An open session waiting for `challenge`, and the hash it is stored under.
pub struct OpenSession {
    pub hash: String,
    pub row: AuthSessionRow,
}

impl OpenSession {
    /// Finds the session a request names; refuses one that is unknown, answered, burned,
    /// expired, of another client or waiting for another challenge.
    pub fn find(
        ctx: &Ctx<'_>,
        token: Option<&str>,
        client_id: Option<&str>,
        challenge: &str,
    ) -> Result<Self, CognitoError> {
        let token = token
            .ok_or_else(|| CognitoError::invalid_parameter("Missing required parameter Session"))?;
        let hash = hash_secret(token);
        let row = ctx.db.auth_session(&hash)?.ok_or_else(invalid_session)?;
        match row.state.as_str() {
            "used" => {
                return Err(CognitoError::not_authorized(
                    "Invalid session for the user, session can only be used once.",
                ))
            }
            "open" => {}
            _ => return Err(invalid_session()),
        }
        if row.expires_at <= ctx.now {
            return Err(CognitoError::not_authorized(
                "Invalid session for the user, session is expired.",
            ));
        }
        if client_id.is_some_and(|id| id != row.client_id) || row.challenge != challenge {
            return Err(invalid_session());
        }
        Ok(Self { hash, row })
    }

    /// Answers the session: it cannot be used again.
    pub fn consume(mut self, ctx: &Ctx<'_>) -> Result<AuthSessionRow, CognitoError> {
        self.row.state = "used".into();
        ctx.db.put_auth_session(&self.hash, &self.row, ctx.now)?;
        Ok(self.row)
    }

    /// Answers the session and opens the next one of the same sign-in, at `stage`.
    pub fn advance(
        self,
        ctx: &Ctx<'_>,
        user: &UserRow,
        stage: &str,
    ) -> Result<String, CognitoError> {
        let client_id = self.row.client_id.clone();
        self.consume(ctx)?;
        open_session(ctx, user, &client_id, stage, None)
    }

    /// Counts a wrong code; the count survives the failed operation. The fifth burns the session.
    pub fn wrong_code(mut self, ctx: &Ctx<'_>, error: CognitoError) -> CognitoError {
        self.row.attempts += 1;
        if self.row.attempts >= MAX_CODE_ATTEMPTS {
            self.row.state = "burned".into();
        }
        let now = ctx.now;
        ctx.keep_on_failure(move |db| db.put_auth_session(&self.hash, &self.row, now));
        error
    }

    pub fn user(&self, ctx: &Ctx<'_>) -> Result<UserRow, CognitoError> {
        let user = ctx
            .db
            .user(&self.row.pool_id, &self.row.username)?
            .ok_or_else(invalid_session)?;
        if !user.enabled {
            return Err(CognitoError::not_authorized("User is disabled."));
        }
        Ok(user)
    }
}

/// Puts a message to `user` in the outbox: a `(medium, destination)`, what it is for, the secret.
pub fn send(
    ctx: &Ctx<'_>,
    user: &UserRow,
    (medium, destination): (&str, &str),
    purpose: &str,
    secret: &str,
) -> Result<(), CognitoError> {
    ctx.db.insert_outbox(&OutboxMessage {
        pool_id: user.pool_id.clone(),
        username: user.username.clone(),
        destination: destination.to_owned(),
        medium: medium.to_owned(),
        purpose: purpose.to_owned(),
        code: secret.to_owned(),
        sent_at: ctx
            .service
            .clock
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })?;
    ctx.mail_sent();
    Ok(())
}

/// The first factor passed: answer the second factor's challenge, or tokens when none is due.
/// `device_key` is the device the sign-in came from, if it named one (see `device_auth.rs`).
pub fn continue_sign_in(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    client: &ClientRow,
    user: &UserRow,
    device_key: Option<&str>,
) -> Result<Value, CognitoError> {
    match mfa::challenge_for(ctx, pool, user)? {
        None => device_auth::issue_tokens(ctx, pool, client, user, device_key),
        Some(challenge) => challenge_answer(ctx, client, user, challenge),
    }
}

fn challenge_answer(
    ctx: &Ctx<'_>,
    client: &ClientRow,
    user: &UserRow,
    challenge: &str,
) -> Result<Value, CognitoError> {
    let mut parameters = json!({ "USER_ID_FOR_SRP": user.username });
    let code_hash = match challenge {
        "SMS_MFA" => {
            let phone = user
                .attribute("phone_number")
                .ok_or_else(|| CognitoError::invalid_parameter("User has no phone number."))?;
            let code = codes::six_digits();
            send(ctx, user, ("SMS", phone), "SMS_MFA", &code)?;
            parameters["CODE_DELIVERY_DELIVERY_MEDIUM"] = json!("SMS");
            parameters["CODE_DELIVERY_DESTINATION"] = json!(policy::mask_destination(phone));
            Some(hash_secret(&code))
        }
        "SELECT_MFA_TYPE" => {
            parameters["MFAS_CAN_CHOOSE"] = json!(r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#);
            None
        }
        "MFA_SETUP" => {
            parameters["MFAS_CAN_SETUP"] = json!(r#"["SOFTWARE_TOKEN_MFA"]"#);
            None
        }
        _ => None,
    };
    let session = open_session(ctx, user, &client.id, challenge, code_hash)?;
    Ok(json!({
        "ChallengeName": challenge,
        "Session": session,
        "ChallengeParameters": parameters,
    }))
}

/// `NEW_PASSWORD_REQUIRED`: the user's attributes and those the pool requires but the user lacks.
pub fn new_password_required(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    client: &ClientRow,
    user: &UserRow,
) -> Result<Value, CognitoError> {
    let attributes: serde_json::Map<String, Value> = user
        .attributes
        .iter()
        .filter(|(name, _)| name != "sub")
        .map(|(name, value)| (name.clone(), json!(value)))
        .collect();
    let required: Vec<String> = missing_required(pool, user)
        .into_iter()
        .map(|name| format!("userAttributes.{name}"))
        .collect();
    let session = open_session(ctx, user, &client.id, "NEW_PASSWORD_REQUIRED", None)?;
    Ok(json!({
        "ChallengeName": "NEW_PASSWORD_REQUIRED",
        "Session": session,
        "ChallengeParameters": {
            "USER_ID_FOR_SRP": user.username,
            "userAttributes": Value::Object(attributes).to_string(),
            "requiredAttributes": json!(required).to_string(),
        },
    }))
}

/// Attributes the pool's schema marks `Required` that the user has no value for.
fn missing_required(pool: &PoolRow, user: &UserRow) -> Vec<String> {
    attributes::required_attributes(&pool.config)
        .into_iter()
        .filter(|name| user.attribute(name).is_none_or(str::is_empty))
        .collect()
}

/// `RespondToAuthChallenge` for every challenge after `PASSWORD_VERIFIER`.
pub fn respond(
    ctx: &Ctx<'_>,
    request: &Value,
    client: &ClientRow,
    challenge: &str,
) -> Result<Value, CognitoError> {
    let responses = string_map(request, "ChallengeResponses")?;
    let answer = |name: &str| required_in(&responses, name);
    let username = answer("USERNAME")?;
    // The identity SDKs send the device they know with every answer; tokens go to it.
    let device_key = map_get(&responses, "DEVICE_KEY");
    let stage = if challenge == "MFA_SETUP" {
        SETUP_VERIFIED
    } else {
        challenge
    };
    let session = OpenSession::find(ctx, optional(request, "Session")?, Some(&client.id), stage)?;
    if !super::names_user(ctx, &session.row.pool_id, &session.row.username, username)? {
        return Err(invalid_session());
    }
    let mut user = session.user(ctx)?;
    let pool = pool(ctx, &session.row.pool_id)?;
    match challenge {
        "SMS_MFA" => {
            let submitted = answer("SMS_MFA_CODE")?;
            let expected = session.row.code_hash.clone().unwrap_or_default();
            let matches: bool = hash_secret(submitted)
                .as_bytes()
                .ct_eq(expected.as_bytes())
                .into();
            if !matches {
                return Err(session.wrong_code(
                    ctx,
                    CognitoError::new(
                        "CodeMismatchException",
                        "Invalid code or auth state for the user.",
                    ),
                ));
            }
            session.consume(ctx)?;
            device_auth::issue_tokens(ctx, &pool, client, &user, device_key)
        }
        "SOFTWARE_TOKEN_MFA" => {
            let submitted = answer("SOFTWARE_TOKEN_MFA_CODE")?;
            if !mfa::accept_totp(ctx, &user, submitted)? {
                return Err(session.wrong_code(
                    ctx,
                    CognitoError::new("CodeMismatchException", "Invalid code received for user"),
                ));
            }
            session.consume(ctx)?;
            device_auth::issue_tokens(ctx, &pool, client, &user, device_key)
        }
        "SELECT_MFA_TYPE" => {
            let choice = answer("ANSWER")?;
            let Some(chosen) = mfa::enabled_factors(ctx, &pool, &user)?
                .into_iter()
                .find(|factor| *factor == choice)
            else {
                return Err(CognitoError::invalid_parameter(format!(
                    "Invalid ANSWER: {choice} is not an MFA type the user can choose."
                )));
            };
            session.consume(ctx)?;
            challenge_answer(ctx, client, &user, chosen)
        }
        "MFA_SETUP" => {
            session.consume(ctx)?;
            device_auth::issue_tokens(ctx, &pool, client, &user, device_key)
        }
        "NEW_PASSWORD_REQUIRED" => {
            let password = answer("NEW_PASSWORD")?;
            let given: Vec<(String, String)> = responses
                .iter()
                .filter_map(|(name, value)| {
                    let attribute = name.strip_prefix("userAttributes.")?;
                    Some((attribute.to_owned(), (*value).to_owned()))
                })
                .collect();
            attributes::validate_attributes(&pool.config, &given, Writer::User)?;
            for (name, value) in &given {
                user.set_attribute(name, value);
            }
            let missing = missing_required(&pool, &user);
            if !missing.is_empty() {
                return Err(CognitoError::invalid_parameter(format!(
                    "Invalid attributes given, {} is missing",
                    missing.join(" and ")
                )));
            }
            policy::check_password(&pool.config, password)?;
            let verifier = srp::make_verifier(srp_pool_name(&pool.id), &user.username, password);
            user.salt = verifier.salt_hex;
            user.verifier = verifier.verifier_hex;
            user.status = "CONFIRMED".into();
            user.modified = ctx.now;
            ctx.db.update_user(&user)?;
            ctx.db
                .put_temporary_password_expiry(&pool.id, &user.username, None)?;
            session.consume(ctx)?;
            continue_sign_in(ctx, &pool, client, &user, device_key)
        }
        other => Err(CognitoError::invalid_parameter(format!(
            "Unsupported challenge: {other}"
        ))),
    }
}
