//! Users an administrator creates: `AdminCreateUser`. The user starts in `FORCE_CHANGE_PASSWORD`
//! with a temporary password (given, or generated to the pool's policy) that the outbox delivers
//! by email or SMS and that expires after the pool's `TemporaryPasswordValidityDays` (7 by
//! default); the first sign-in with it meets `NEW_PASSWORD_REQUIRED`.
//! https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html

use rand::{seq::SliceRandom, Rng};
use serde_json::{json, Value};
use zeroize::Zeroizing;

use super::{
    attribute_list,
    attributes::{self, Writer},
    challenges, optional, policy, pool, required, srp_pool_name, string_map, triggers,
};
use crate::{error::CognitoError, service::Ctx, srp, store::PoolRow, store::UserRow};

const DEFAULT_VALIDITY_DAYS: i64 = 7;
pub const TEMPORARY_PASSWORD: &str = "TEMPORARY_PASSWORD";

fn validity_days(pool: &PoolRow) -> i64 {
    let config = &pool.config;
    config["Policies"]["PasswordPolicy"]["TemporaryPasswordValidityDays"]
        .as_i64()
        .or_else(|| config["AdminCreateUserConfig"]["UnusedAccountValidityDays"].as_i64())
        .unwrap_or(DEFAULT_VALIDITY_DAYS)
}

/// A random password that meets the pool's policy: at least 12 characters, with one of each class.
fn generate_password(pool: &PoolRow) -> Zeroizing<String> {
    const CLASSES: [&[u8]; 4] = [
        b"ABCDEFGHJKLMNPQRSTUVWXYZ",
        b"abcdefghijkmnopqrstuvwxyz",
        b"23456789",
        b"!#%+-=?@^_",
    ];
    let minimum = pool.config["Policies"]["PasswordPolicy"]["MinimumLength"]
        .as_u64()
        .unwrap_or(8)
        .max(12) as usize;
    let mut rng = rand::thread_rng();
    let mut chars: Vec<u8> = CLASSES
        .iter()
        .map(|class| class[rng.gen_range(0..class.len())])
        .collect();
    let all: Vec<u8> = CLASSES.concat();
    while chars.len() < minimum {
        chars.push(all[rng.gen_range(0..all.len())]);
    }
    chars.shuffle(&mut rng);
    Zeroizing::new(chars.into_iter().map(char::from).collect())
}

/// `DesiredDeliveryMediums` (Cognito's default is SMS).
fn mediums(request: &Value) -> Result<Vec<&str>, CognitoError> {
    let Some(list) = request
        .get("DesiredDeliveryMediums")
        .filter(|v| !v.is_null())
    else {
        return Ok(vec!["SMS"]);
    };
    let list = list.as_array().ok_or_else(|| {
        CognitoError::new(
            "SerializationException",
            "DesiredDeliveryMediums must be a list.",
        )
    })?;
    list.iter()
        .map(|medium| match medium.as_str() {
            Some(medium @ ("SMS" | "EMAIL")) => Ok(medium),
            _ => Err(CognitoError::invalid_parameter(
                "DesiredDeliveryMediums may only contain SMS and EMAIL.",
            )),
        })
        .collect()
}

pub fn admin_create_user(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let username = required(request, "Username")?;
    if username.chars().any(char::is_whitespace) || username.chars().count() > 128 {
        return Err(CognitoError::invalid_parameter(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    let action = optional(request, "MessageAction")?;
    if action.is_some_and(|action| action != "SUPPRESS" && action != "RESEND") {
        return Err(CognitoError::invalid_parameter(
            "MessageAction must be SUPPRESS or RESEND.",
        ));
    }
    let mediums = mediums(request)?;
    let password = match optional(request, "TemporaryPassword")? {
        Some(given) => {
            policy::check_password(&pool.config, given)?;
            Zeroizing::new(given.to_owned())
        }
        None => generate_password(&pool),
    };
    let existing = ctx.db.user(&pool.id, username)?;
    let user = match (existing, action) {
        (Some(mut user), Some("RESEND")) => {
            let verifier = srp::make_verifier(srp_pool_name(&pool.id), &user.username, &password);
            if user.status != "FORCE_CHANGE_PASSWORD" {
                return Err(CognitoError::new(
                    "UnsupportedUserStateException",
                    format!(
                        "Resend not possible. {} status is not FORCE_CHANGE_PASSWORD",
                        user.username
                    ),
                ));
            }
            user.salt = verifier.salt_hex;
            user.verifier = verifier.verifier_hex;
            user.modified = ctx.now;
            ctx.db.update_user(&user)?;
            user
        }
        (None, Some("RESEND")) => return Err(CognitoError::user_not_found()),
        (Some(user), _) => {
            // In a pool with `UsernameAttributes`, an invitation naming a user's email.
            let alias = ["email", "phone_number"].into_iter().find(|name| {
                user.username != username
                    && user
                        .attribute(name)
                        .is_some_and(|value| value.eq_ignore_ascii_case(username))
            });
            return Err(CognitoError::new(
                "UsernameExistsException",
                match alias {
                    Some(name) => format!("An account with the given {name} already exists."),
                    None => "User account already exists".to_owned(),
                },
            ));
        }
        (None, _) => {
            let mut attributes = attributes::attribute_pairs(request, "UserAttributes")?;
            // A pool with `UsernameAttributes` names the user by a generated UUID, their sub.
            let (generated, sub) = if crate::store::username_attributes(&pool.config).is_empty() {
                (username.to_owned(), uuid::Uuid::new_v4().to_string())
            } else {
                super::signup::generated_username(ctx, &pool, username, &mut attributes)?
            };
            let username = generated.as_str();
            let verifier = srp::make_verifier(srp_pool_name(&pool.id), username, &password);
            attributes::validate_attributes(&pool.config, &attributes, Writer::Admin)?;
            let validation_data = attributes::attribute_pairs(request, "ValidationData")?;
            let client_metadata = string_map(request, "ClientMetadata")?;
            // The user is invited, not signing up: only the trigger's auto-verify answers apply.
            let verdict = triggers::pre_sign_up(
                &pool,
                triggers::SignUpSource::AdminCreateUser,
                triggers::NO_CLIENT,
                username,
                &attributes,
                &validation_data,
                &client_metadata,
            )?;
            for (verify, attribute) in [
                (verdict.auto_verify_email, "email"),
                (verdict.auto_verify_phone, "phone_number"),
            ] {
                if verify && attributes.iter().any(|(name, _)| name == attribute) {
                    attributes.retain(|(name, _)| *name != format!("{attribute}_verified"));
                    attributes.push((format!("{attribute}_verified"), "true".into()));
                }
            }
            attributes.insert(0, ("sub".into(), sub.clone()));
            let user = UserRow {
                pool_id: pool.id.clone(),
                username: username.to_owned(),
                sub,
                status: "FORCE_CHANGE_PASSWORD".into(),
                enabled: true,
                attributes,
                salt: verifier.salt_hex,
                verifier: verifier.verifier_hex,
                created: ctx.now,
                modified: ctx.now,
            };
            ctx.db.insert_user(&user)?;
            user
        }
    };
    ctx.db.put_temporary_password_expiry(
        &pool.id,
        &user.username,
        Some(ctx.now + validity_days(&pool) * 86_400),
    )?;
    if action != Some("SUPPRESS") {
        send_temporary_password(ctx, &user, &mediums, &password)?;
    }
    Ok(json!({
        "User": {
            "Username": user.username,
            "Attributes": attribute_list(&user),
            "UserCreateDate": user.created,
            "UserLastModifiedDate": user.modified,
            "Enabled": user.enabled,
            "UserStatus": user.status,
        }
    }))
}

/// The invitation: the temporary password to each desired medium the user has an address for.
fn send_temporary_password(
    ctx: &Ctx<'_>,
    user: &UserRow,
    mediums: &[&str],
    password: &str,
) -> Result<(), CognitoError> {
    let mut sent = false;
    for medium in mediums {
        let attribute = if *medium == "EMAIL" {
            "email"
        } else {
            "phone_number"
        };
        let Some(destination) = user.attribute(attribute) else {
            continue;
        };
        challenges::send(
            ctx,
            user,
            (*medium, destination),
            TEMPORARY_PASSWORD,
            password,
        )?;
        sent = true;
    }
    if !sent {
        return Err(CognitoError::invalid_parameter(
            "User has no attribute matching desired delivery mediums",
        ));
    }
    Ok(())
}
