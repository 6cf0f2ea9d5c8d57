//! Tokens and what they open: issuing ID, access and refresh tokens, `REFRESH_TOKEN_AUTH`,
//! `GetUser`, `RevokeToken`, `GlobalSignOut` and `AdminUserGlobalSignOut`. Every token of one
//! sign-in carries that sign-in's `origin_jti`; revoking a refresh token revokes that sign-in, and
//! an access token is refused once its origin is revoked, which is how Cognito revokes tokens
//! (https://docs.aws.amazon.com/cognito/latest/developerguide/token-revocation.html).
//!
//! Lifetimes come from the client's `AccessTokenValidity`, `IdTokenValidity`,
//! `RefreshTokenValidity` in `TokenValidityUnits` (seconds, minutes, hours, days). Deliberate
//! local deviation: Cognito refuses access and ID tokens shorter than 5 minutes and refresh tokens
//! shorter than 60 minutes; this pool accepts any positive lifetime, so that tests can expire a
//! token in seconds. The upper bounds (1 day; 10 years) are Cognito's.

use serde_json::{json, Map, Value};
use subtle::ConstantTimeEq;

use super::{attribute_list, client, map_get, optional, pool, required, user};
use crate::{
    error::CognitoError,
    service::Ctx,
    store::{ClientRow, PoolRow, RefreshRow, UserRow},
    tokens::{hash_secret, new_refresh_token, peek_claims},
};

/// A validity from the client's settings, in seconds (Cognito's defaults: 60 min, 60 min, 30 days).
fn validity(
    config: &Value,
    setting: &str,
    unit_key: &str,
    default_seconds: i64,
    default_unit: &str,
) -> i64 {
    let Some(amount) = config.get(setting).and_then(Value::as_i64) else {
        return default_seconds;
    };
    let unit = config["TokenValidityUnits"][unit_key]
        .as_str()
        .unwrap_or(default_unit);
    amount
        * match unit {
            "seconds" => 1,
            "minutes" => 60,
            "hours" => 3600,
            _ => 86_400,
        }
}

/// The lifetime settings of a client, their `TokenValidityUnits` key, and their upper bound.
const VALIDITIES: &[(&str, &str, i64)] = &[
    ("AccessTokenValidity", "AccessToken", 86_400),
    ("IdTokenValidity", "IdToken", 86_400),
    ("RefreshTokenValidity", "RefreshToken", 3650 * 86_400),
];

/// Refuses unknown units and lifetimes out of range (`CreateUserPoolClient`).
pub fn check_token_validities(config: &Value) -> Result<(), CognitoError> {
    let units = &config["TokenValidityUnits"];
    if !units.is_null() && !units.is_object() {
        return Err(CognitoError::new(
            "SerializationException",
            "TokenValidityUnits must be a structure.",
        ));
    }
    for (setting, unit_key, max_seconds) in VALIDITIES {
        let unit = &units[unit_key];
        let known = ["seconds", "minutes", "hours", "days"];
        if !unit.is_null() && !unit.as_str().is_some_and(|unit| known.contains(&unit)) {
            return Err(CognitoError::invalid_parameter(format!(
                "1 validation error detected: Value at 'tokenValidityUnits.{}' failed to satisfy constraint: Member must satisfy enum value set: [seconds, minutes, hours, days]",
                super::lower_first(unit_key)
            )));
        }
        match config.get(*setting) {
            None | Some(Value::Null) => {}
            Some(Value::Number(amount)) if amount.as_i64().is_some() => {
                let seconds = validity(
                    config,
                    setting,
                    unit_key,
                    0,
                    if *setting == "RefreshTokenValidity" {
                        "days"
                    } else {
                        "hours"
                    },
                );
                if !(1..=*max_seconds).contains(&seconds) {
                    return Err(CognitoError::invalid_parameter(format!(
                        "Invalid range for token validity: {setting}."
                    )));
                }
            }
            Some(_) => {
                return Err(CognitoError::new(
                    "SerializationException",
                    format!("{setting} must be an integer."),
                ))
            }
        }
    }
    Ok(())
}

/// Issues ID and access tokens for a sign-in (`origin_jti`, `auth_time`); a new sign-in also gets
/// a refresh token.
pub fn issue_tokens(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    client: &ClientRow,
    user: &UserRow,
    origin: Option<(String, i64)>,
) -> Result<Value, CognitoError> {
    let key = ctx.service.key_of(pool)?;
    let issuer = format!("{}/{}", ctx.service.issuer_base(), pool.id);
    let access_seconds = validity(
        &client.config,
        "AccessTokenValidity",
        "AccessToken",
        3600,
        "hours",
    );
    let id_seconds = validity(&client.config, "IdTokenValidity", "IdToken", 3600, "hours");
    let new_sign_in = origin.is_none();
    let (origin_jti, auth_time) =
        origin.unwrap_or_else(|| (uuid::Uuid::new_v4().to_string(), ctx.now));
    let event_id = uuid::Uuid::new_v4().to_string();

    let mut id_claims = Map::new();
    for (name, value) in &user.attributes {
        let value = match name.as_str() {
            "email_verified" | "phone_number_verified" => json!(value == "true"),
            _ => json!(value),
        };
        id_claims.insert(name.clone(), value);
    }
    id_claims.extend(
        json!({
            "sub": user.sub, "iss": issuer, "aud": client.id, "token_use": "id",
            "cognito:username": user.username, "origin_jti": origin_jti, "event_id": event_id,
            "auth_time": auth_time, "iat": ctx.now, "exp": ctx.now + id_seconds,
            "jti": uuid::Uuid::new_v4().to_string(),
        })
        .as_object()
        .expect("a JSON object literal")
        .clone(),
    );
    let access_claims = json!({
        "sub": user.sub, "iss": issuer, "client_id": client.id, "token_use": "access",
        "scope": "aws.cognito.signin.user.admin", "username": user.username,
        "origin_jti": origin_jti, "event_id": event_id, "auth_time": auth_time,
        "iat": ctx.now, "exp": ctx.now + access_seconds, "jti": uuid::Uuid::new_v4().to_string(),
    });
    let mut result = json!({
        "AccessToken": key.sign(&access_claims),
        "IdToken": key.sign(&Value::Object(id_claims)),
        "ExpiresIn": access_seconds,
        "TokenType": "Bearer",
    });
    if new_sign_in {
        let (refresh, hash) = new_refresh_token();
        let refresh_seconds = validity(
            &client.config,
            "RefreshTokenValidity",
            "RefreshToken",
            30 * 86_400,
            "days",
        );
        ctx.db.insert_refresh(
            &hash,
            &RefreshRow {
                pool_id: pool.id.clone(),
                client_id: client.id.clone(),
                username: user.username.clone(),
                origin_jti,
                auth_time,
                expires_at: ctx.now + refresh_seconds,
                revoked: false,
            },
        )?;
        result["RefreshToken"] = json!(refresh);
    }
    Ok(json!({ "AuthenticationResult": result, "ChallengeParameters": {} }))
}

/// `InitiateAuth` with `REFRESH_TOKEN_AUTH`: new ID and access tokens for the same sign-in.
pub fn refresh(
    ctx: &Ctx<'_>,
    client: &ClientRow,
    parameters: &[(&str, &str)],
) -> Result<Value, CognitoError> {
    let token = map_get(parameters, "REFRESH_TOKEN").ok_or_else(|| {
        CognitoError::invalid_parameter("Missing required parameter REFRESH_TOKEN")
    })?;
    let invalid = || CognitoError::not_authorized("Invalid Refresh Token");
    let row = ctx
        .db
        .refresh_by_hash(&hash_secret(token))?
        .ok_or_else(invalid)?;
    if row.client_id != client.id {
        return Err(invalid());
    }
    if row.revoked {
        return Err(CognitoError::not_authorized(
            "Refresh Token has been revoked",
        ));
    }
    if row.expires_at <= ctx.now {
        return Err(CognitoError::not_authorized("Refresh Token has expired"));
    }
    let pool = pool(ctx, &row.pool_id)?;
    let user = ctx
        .db
        .user(&pool.id, &row.username)?
        .ok_or_else(CognitoError::user_not_found)?;
    // The hash is of the username the token belongs to; its sub works too, as in Cognito.
    let given = map_get(parameters, "SECRET_HASH");
    super::secret_hash::check(client, given, &[&user.username, &user.sub])?;
    if !user.enabled {
        return Err(CognitoError::not_authorized("User is disabled."));
    }
    issue_tokens(
        ctx,
        &pool,
        client,
        &user,
        Some((row.origin_jti, row.auth_time)),
    )
}

/// Checks an access token: signature, use, expiry and revocation. Returns its pool and user.
pub(super) fn authorize(
    ctx: &Ctx<'_>,
    token: &str,
) -> Result<(PoolRow, UserRow, RefreshRow), CognitoError> {
    let invalid = || CognitoError::not_authorized("Invalid Access Token");
    let claims = peek_claims(token).ok_or_else(invalid)?;
    let pool_id = claims["iss"]
        .as_str()
        .and_then(|iss| iss.rsplit('/').next())
        .ok_or_else(invalid)?;
    let pool = ctx.db.pool(pool_id)?.ok_or_else(invalid)?;
    let claims = ctx
        .service
        .key_of(&pool)?
        .verify(token)
        .ok_or_else(invalid)?;
    if claims["token_use"] != "access" {
        return Err(invalid());
    }
    if claims["exp"].as_i64().is_none_or(|exp| exp <= ctx.now) {
        return Err(CognitoError::not_authorized("Access Token has expired"));
    }
    let origin = claims["origin_jti"].as_str().ok_or_else(invalid)?;
    let sign_in = ctx.db.refresh_by_origin(origin)?.ok_or_else(invalid)?;
    if sign_in.revoked {
        return Err(CognitoError::not_authorized(
            "Access Token has been revoked",
        ));
    }
    let username = claims["username"].as_str().ok_or_else(invalid)?;
    let user = ctx
        .db
        .user(&pool.id, username)?
        .ok_or_else(CognitoError::user_not_found)?;
    Ok((pool, user, sign_in))
}

pub fn get_user(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, user, _) = authorize(ctx, required(request, "AccessToken")?)?;
    Ok(json!({"Username": user.username, "UserAttributes": attribute_list(&user)}))
}

pub fn global_sign_out(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (pool, user, _) = authorize(ctx, required(request, "AccessToken")?)?;
    ctx.db.revoke_user_tokens(&pool.id, &user.username)?;
    Ok(json!({}))
}

/// `AdminUserGlobalSignOut`: as `GlobalSignOut`, for a user the administrator names.
pub fn admin_user_global_sign_out(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let user = user(ctx, &pool.id, required(request, "Username")?)?;
    ctx.db.revoke_user_tokens(&pool.id, &user.username)?;
    Ok(json!({}))
}

/// `RevokeToken`: ends the sign-in a refresh token belongs to, so the access and ID tokens issued
/// with it are refused too. Messages are ours; the error codes are Cognito's.
pub fn revoke_token(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let client = client(ctx, required(request, "ClientId")?)?;
    let token = required(request, "Token")?;
    if let Some(secret) = client.config["ClientSecret"].as_str() {
        let given = optional(request, "ClientSecret")?.unwrap_or_default();
        if !bool::from(given.as_bytes().ct_eq(secret.as_bytes())) {
            return Err(CognitoError::new(
                "UnauthorizedException",
                format!("Unable to verify secret for client {}", client.id),
            ));
        }
    }
    if client.config["EnableTokenRevocation"] == false {
        return Err(CognitoError::new(
            "UnsupportedOperationException",
            "Token revocation is not enabled for this app client.",
        ));
    }
    if peek_claims(token).is_some() {
        return Err(CognitoError::new(
            "UnsupportedTokenTypeException",
            "Only refresh tokens can be revoked.",
        ));
    }
    let hash = hash_secret(token);
    // An unknown (or already revoked) token is not an error: revoking is idempotent and tells
    // nothing about which tokens exist (RFC 7009, section 2.2).
    let Some(row) = ctx.db.refresh_by_hash(&hash)? else {
        return Ok(json!({}));
    };
    if row.client_id != client.id {
        return Err(CognitoError::new(
            "UnauthorizedException",
            "The token was not issued to this client.",
        ));
    }
    ctx.db.revoke_refresh(&hash)?;
    Ok(json!({}))
}

/// Whether the client answers for unknown users as for real ones (`PreventUserExistenceErrors`).
pub fn prevents_existence_errors(client: &ClientRow) -> bool {
    client.config["PreventUserExistenceErrors"] == "ENABLED"
}

/// For `InitiateAuth`: the client named by the request.
pub fn client_of(ctx: &Ctx<'_>, request: &Value) -> Result<ClientRow, CognitoError> {
    client(ctx, required(request, "ClientId")?)
}
