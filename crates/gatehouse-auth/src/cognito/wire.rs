//! Cognito's wire formats: its answers read into the port's types (authentication results,
//! challenges and their parameters, code deliveries) and the values requests carry. Challenge parameters arrive as a string map, some of whose values
//! are JSON arrays (`MFAS_CAN_CHOOSE`, `requiredAttributes`).
//! <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html>

use std::collections::{BTreeMap, HashMap};

use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthenticationResultType, ChallengeNameType, CodeDeliveryDetailsType,
};

use super::port::{
    AuthStep, ChallengeAnswer, ChallengeKind, ChallengeStep, NewDevice, PasswordVerifierChallenge,
    TokenAuth,
};
use crate::error::AuthError;
use crate::secret::{AccessToken, ChallengeSession, IdToken, RefreshToken};
use crate::session::Tokens;
use crate::view::{CodeDelivery, MfaChoice, MfaMethod};

fn auth_step(
    challenge: Option<&ChallengeNameType>,
    parameters: Option<&HashMap<String, String>>,
    session: Option<&str>,
    result: Option<&AuthenticationResultType>,
) -> Result<AuthStep, AuthError> {
    let empty = HashMap::new();
    let params = parameters.unwrap_or(&empty);
    let get = |name: &str| {
        params.get(name).cloned().ok_or_else(|| {
            service(
                "MissingChallengeParameter",
                "The pool's challenge is incomplete.",
            )
        })
    };
    let challenge = match (challenge, result) {
        (_, Some(result)) => return tokens(result).map(AuthStep::Authenticated),
        (None, None) => return Err(service("MissingResult", "The pool returned no tokens.")),
        (Some(challenge), None) => challenge,
    };
    let kind = match challenge {
        ChallengeNameType::PasswordVerifier => {
            return Ok(AuthStep::PasswordVerifier(PasswordVerifierChallenge {
                user_id_for_srp: get("USER_ID_FOR_SRP")?,
                srp_b: get("SRP_B")?,
                salt: get("SALT")?,
                secret_block: get("SECRET_BLOCK")?,
                session: challenge_session(session),
            }))
        }
        ChallengeNameType::SmsMfa => ChallengeKind::Mfa {
            method: MfaMethod::Sms,
            delivery: params
                .get("CODE_DELIVERY_DESTINATION")
                .map(|destination| CodeDelivery {
                    medium: params
                        .get("CODE_DELIVERY_DELIVERY_MEDIUM")
                        .cloned()
                        .unwrap_or_else(|| "SMS".to_owned()),
                    destination: destination.clone(),
                    attribute: Some("phone_number".to_owned()),
                }),
        },
        ChallengeNameType::SoftwareTokenMfa => ChallengeKind::Mfa {
            method: MfaMethod::Totp,
            delivery: None,
        },
        ChallengeNameType::SelectMfaType => ChallengeKind::SelectMfa {
            options: json_list(params.get("MFAS_CAN_CHOOSE"))
                .iter()
                .filter_map(|name| mfa_method(name))
                .collect(),
        },
        // Only an authenticator app can be set up inside a sign-in.
        ChallengeNameType::MfaSetup
            if json_list(params.get("MFAS_CAN_SETUP")).is_empty()
                || json_list(params.get("MFAS_CAN_SETUP"))
                    .iter()
                    .any(|name| name == "SOFTWARE_TOKEN_MFA") =>
        {
            ChallengeKind::MfaSetup
        }
        ChallengeNameType::DeviceSrpAuth => ChallengeKind::DeviceSrp,
        ChallengeNameType::NewPasswordRequired => ChallengeKind::NewPassword {
            required_attributes: json_list(params.get("requiredAttributes"))
                .into_iter()
                .map(|name| {
                    name.strip_prefix("userAttributes.")
                        .map_or(name.clone(), str::to_owned)
                })
                .collect(),
        },
        other => {
            return Ok(AuthStep::OtherChallenge {
                name: other.as_str().to_owned(),
            })
        }
    };
    let session = session.ok_or_else(|| {
        service(
            "MissingSession",
            "The pool's challenge came without a session.",
        )
    })?;
    Ok(AuthStep::Challenge(ChallengeStep {
        kind,
        session: ChallengeSession::new(session.to_owned()),
        user_id: params.get("USER_ID_FOR_SRP").cloned(),
    }))
}

/// `InitiateAuth` and `RespondToAuthChallenge` answer with the same four fields; one reading
/// (`auth_step`) serves both.
pub(super) trait AuthAnswer {
    fn step(&self) -> Result<AuthStep, AuthError>;
}

macro_rules! auth_answer {
    ($($output:ty),+) => {$(
        impl AuthAnswer for $output {
            fn step(&self) -> Result<AuthStep, AuthError> {
                auth_step(
                    self.challenge_name(),
                    self.challenge_parameters(),
                    self.session(),
                    self.authentication_result(),
                )
            }
        }
    )+};
}

auth_answer!(InitiateAuthOutput, RespondToAuthChallengeOutput);

/// `ChallengeName` and `ChallengeResponses` of an answer, `USERNAME` included.
pub(super) fn challenge_responses(
    user_id: String,
    answer: ChallengeAnswer,
) -> (ChallengeNameType, HashMap<String, String>) {
    let mut responses = HashMap::from([("USERNAME".to_owned(), user_id)]);
    let mut respond = |name: &str, value: &str| {
        responses.insert(name.to_owned(), value.to_owned());
    };
    let name = match answer {
        ChallengeAnswer::MfaCode {
            method: MfaMethod::Sms,
            code,
        } => {
            respond("SMS_MFA_CODE", code.expose());
            ChallengeNameType::SmsMfa
        }
        ChallengeAnswer::MfaCode {
            method: MfaMethod::Totp,
            code,
        } => {
            respond("SOFTWARE_TOKEN_MFA_CODE", code.expose());
            ChallengeNameType::SoftwareTokenMfa
        }
        ChallengeAnswer::SelectMfa(method) => {
            respond("ANSWER", mfa_name(method));
            ChallengeNameType::SelectMfaType
        }
        ChallengeAnswer::NewPassword {
            password,
            attributes,
        } => {
            respond("NEW_PASSWORD", password.expose());
            for (name, value) in attributes {
                respond(&format!("userAttributes.{name}"), &value);
            }
            ChallengeNameType::NewPasswordRequired
        }
        ChallengeAnswer::MfaSetup => ChallengeNameType::MfaSetup,
    };
    (name, responses)
}

/// What authorises a software-token call, as `(Session, AccessToken)`: exactly one is set.
pub(super) fn token_auth(auth: &TokenAuth) -> (Option<String>, Option<String>) {
    match auth {
        TokenAuth::Session(session) => (Some(session.expose().to_owned()), None),
        TokenAuth::Access(token) => (None, Some(token.expose().to_owned())),
    }
}

pub(super) fn challenge_session(session: Option<&str>) -> Option<ChallengeSession> {
    session.map(|s| ChallengeSession::new(s.to_owned()))
}

/// A challenge parameter holding a JSON array of strings; empty when absent or unreadable.
fn json_list(value: Option<&String>) -> Vec<String> {
    value
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default()
}

/// A second factor by Cognito's name (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`).
pub(super) fn mfa_method(name: &str) -> Option<MfaMethod> {
    match name {
        "SMS_MFA" => Some(MfaMethod::Sms),
        "SOFTWARE_TOKEN_MFA" => Some(MfaMethod::Totp),
        _ => None,
    }
}

pub(super) fn tokens(result: &AuthenticationResultType) -> Result<Tokens, AuthError> {
    let missing = || service("MissingResult", "The pool returned incomplete tokens.");
    Ok(Tokens {
        id_token: IdToken::new(result.id_token().ok_or_else(missing)?.to_owned()),
        access_token: AccessToken::new(result.access_token().ok_or_else(missing)?.to_owned()),
        refresh_token: result
            .refresh_token()
            .map(|t| RefreshToken::new(t.to_owned())),
        new_device: result.new_device_metadata().and_then(|device| {
            Some(NewDevice {
                key: device.device_key()?.to_owned(),
                group_key: device.device_group_key()?.to_owned(),
            })
        }),
    })
}

pub(super) fn delivery(details: &CodeDeliveryDetailsType) -> CodeDelivery {
    CodeDelivery {
        medium: details
            .delivery_medium()
            .map(|m| m.as_str().to_owned())
            .unwrap_or_default(),
        destination: details.destination().unwrap_or_default().to_owned(),
        attribute: details.attribute_name().map(str::to_owned),
    }
}

pub(super) fn service(code: &str, message: &str) -> AuthError {
    AuthError::Service {
        code: code.into(),
        message: message.into(),
    }
}

/// Cognito's name of a second factor, as `SELECT_MFA_TYPE`'s `ANSWER` takes it.
pub(super) fn mfa_name(method: MfaMethod) -> &'static str {
    match method {
        MfaMethod::Sms => "SMS_MFA",
        MfaMethod::Totp => "SOFTWARE_TOKEN_MFA",
    }
}

/// `(Enabled, PreferredMfa)` of one factor's settings.
pub(super) fn flags(choice: MfaChoice) -> (bool, bool) {
    match choice {
        MfaChoice::Disabled => (false, false),
        MfaChoice::Enabled => (true, false),
        MfaChoice::Preferred => (true, true),
    }
}

/// `UserAttributes` as Cognito wants them: a list of `{Name, Value}`.
pub(super) fn attribute_list(
    attributes: BTreeMap<String, String>,
) -> Result<Vec<AttributeType>, AuthError> {
    attributes
        .into_iter()
        .map(|(name, value)| {
            AttributeType::builder()
                .name(name)
                .value(value)
                .build()
                .map_err(|_| service("BuildError", "Could not build a user attribute."))
        })
        .collect()
}
