//! Authenticator apps: `AssociateSoftwareToken` gives a fresh TOTP secret and
//! `VerifySoftwareToken` accepts it once the user types a code it produced. Either is asked by a
//! signed-in user (with an access token, from the account screen: the token is then verified but
//! turned on only by `SetUserMFAPreference`) or by a sign-in in `MFA_SETUP` (with its session,
//! each call answering a new one; verifying then turns the token on, as Cognito does).
//! https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html

use serde_json::{json, Value};

use super::{
    challenges::{OpenSession, SETUP_ASSOCIATED, SETUP_VERIFIED},
    constraints, mfa, optional, pool, totp,
};
use crate::{
    error::CognitoError,
    service::Ctx,
    store::{PoolRow, UserMfaRow, UserRow},
};

/// Who asks to associate or verify a token: a signed-in user, or a sign-in in `MFA_SETUP`.
enum Asker {
    Account(PoolRow, UserRow),
    SignIn(OpenSession, PoolRow, UserRow),
}

fn asker(ctx: &Ctx<'_>, request: &Value, stage: &str) -> Result<Asker, CognitoError> {
    match (
        optional(request, "AccessToken")?,
        optional(request, "Session")?,
    ) {
        (Some(token), None) => {
            let (pool, user) = mfa::user_of_access_token(ctx, token)?;
            Ok(Asker::Account(pool, user))
        }
        (None, Some(session)) => {
            let session = OpenSession::find(ctx, Some(session), None, stage)?;
            let user = session.user(ctx)?;
            let pool = pool(ctx, &session.row.pool_id)?;
            Ok(Asker::SignIn(session, pool, user))
        }
        _ => Err(CognitoError::invalid_parameter(
            "Exactly one of AccessToken and Session is required.",
        )),
    }
}

pub fn associate_software_token(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let asker = asker(ctx, request, "MFA_SETUP")?;
    let (pool, user) = match &asker {
        Asker::Account(pool, user) | Asker::SignIn(_, pool, user) => (pool, user),
    };
    if !mfa::offers_software_tokens(pool) {
        return Err(CognitoError::new(
            "SoftwareTokenMFANotFoundException",
            "Software Token MFA has not been enabled by the userPool.",
        ));
    }
    let secret = totp::new_secret();
    let mut stored = ctx.db.user_mfa(&pool.id, &user.username)?;
    stored.pending_secret = Some(secret.to_string());
    ctx.db.put_user_mfa(&pool.id, &user.username, &stored)?;
    let mut answer = json!({ "SecretCode": secret.as_str() });
    if let Asker::SignIn(session, _, user) = asker {
        answer["Session"] = json!(session.advance(ctx, &user, SETUP_ASSOCIATED)?);
    }
    Ok(answer)
}

pub fn verify_software_token(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let code = constraints::software_token_code(request, "UserCode")?;
    let asker = asker(ctx, request, SETUP_ASSOCIATED)?;
    let (pool, user) = match &asker {
        Asker::Account(pool, user) | Asker::SignIn(_, pool, user) => (pool.clone(), user.clone()),
    };
    let mut stored: UserMfaRow = ctx.db.user_mfa(&pool.id, &user.username)?;
    let Some(pending) = stored.pending_secret.clone() else {
        return Err(CognitoError::new(
            "SoftwareTokenMFANotFoundException",
            "Software Token MFA has not been associated with the user.",
        ));
    };
    let mismatch = || {
        CognitoError::new(
            "EnableSoftwareTokenMFAException",
            "Code mismatch and fail enable Software Token MFA",
        )
    };
    let Some(step) = totp::verify(&pending, code, ctx.now, None) else {
        return Err(match asker {
            Asker::SignIn(session, ..) => session.wrong_code(ctx, mismatch()),
            Asker::Account(..) => mismatch(),
        });
    };
    stored.totp_secret = Some(pending);
    stored.pending_secret = None;
    stored.last_step = Some(step);
    let mut answer = json!({ "Status": "SUCCESS" });
    if let Asker::SignIn(session, ..) = asker {
        // Setting up a factor to sign in turns it on, as Cognito's MFA_SETUP does; from the
        // account screen it is only verified, and `SetUserMFAPreference` turns it on.
        stored.totp_enabled = true;
        if stored.preferred.is_none() {
            stored.preferred = Some(mfa::TOTP.into());
        }
        answer["Session"] = json!(session.advance(ctx, &user, SETUP_VERIFIED)?);
    }
    ctx.db.put_user_mfa(&pool.id, &user.username, &stored)?;
    Ok(answer)
}
