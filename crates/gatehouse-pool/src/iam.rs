//! Which Cognito operations AWS authorises with IAM (a SigV4-signed request), and how a refused
//! signature is answered. The public operations are those the Cognito model marks as unsigned
//! (`NO_AUTH_SCHEME_ID` in aws-sdk-cognitoidentityprovider 1.144's auth resolver): sign-up,
//! sign-in and everything authorised by a user's access token or session instead. Every other
//! operation, an unknown one included, must be signed when the pool has admin credentials
//! (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pools-API-operations.html).

use axum::http::{HeaderMap, Method, Uri};

use crate::{
    admin_credentials::AdminCredentials,
    error::CognitoError,
    ops::REGION,
    sigv4::{self, Expected, Refusal, SignedRequest},
};

/// The signing name of Cognito user pools.
const SERVICE: &str = "cognito-idp";

const PUBLIC_OPERATIONS: [&str; 32] = [
    "AssociateSoftwareToken",
    "ChangePassword",
    "CompleteWebAuthnRegistration",
    "ConfirmDevice",
    "ConfirmForgotPassword",
    "ConfirmSignUp",
    "DeleteUser",
    "DeleteUserAttributes",
    "DeleteWebAuthnCredential",
    "ForgetDevice",
    "ForgotPassword",
    "GetDevice",
    "GetTokensFromRefreshToken",
    "GetUser",
    "GetUserAttributeVerificationCode",
    "GetUserAuthFactors",
    "GlobalSignOut",
    "InitiateAuth",
    "ListDevices",
    "ListWebAuthnCredentials",
    "ResendConfirmationCode",
    "RespondToAuthChallenge",
    "RevokeToken",
    "SetUserMFAPreference",
    "SetUserSettings",
    "SignUp",
    "StartWebAuthnRegistration",
    "UpdateAuthEventFeedback",
    "UpdateDeviceStatus",
    "UpdateUserAttributes",
    "VerifySoftwareToken",
    "VerifyUserAttribute",
];

/// Whether AWS would require IAM credentials for `operation`.
pub fn requires_signature(operation: &str) -> bool {
    !PUBLIC_OPERATIONS.contains(&operation)
}

/// Checks an IAM-authorised request's signature against the admin key, at `now`.
pub fn authorize(
    admin: &AdminCredentials,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), CognitoError> {
    let request = SignedRequest {
        method: method.as_str(),
        path: uri.path(),
        query: uri.query().unwrap_or_default(),
        // A value that is not visible ASCII is left out; if it was signed, the signature fails.
        headers: headers
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect(),
        body,
    };
    let expected = Expected {
        credentials: admin,
        region: REGION,
        service: SERVICE,
    };
    sigv4::verify(&request, &expected, now).map_err(refusal_error)
}

/// AWS's codes and messages. JSON-protocol services answer them as HTTP 400 with `__type`, which is
/// what SDKs read; `MissingAuthenticationTokenException` with "Missing Authentication Token" is
/// what users report from unsigned cognito-idp admin calls (aws/aws-aspnet-cognito-identity-provider
/// #66; aws-sdk-ruby #882 for cognito-identity), not a documented answer.
fn refusal_error(refusal: Refusal) -> CognitoError {
    match refusal {
        Refusal::Missing => CognitoError::new(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ),
        Refusal::Incomplete(message) => CognitoError::new("IncompleteSignatureException", message),
        Refusal::UnknownKey => CognitoError::new(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ),
        Refusal::Invalid(message) => CognitoError::new("InvalidSignatureException", message),
        Refusal::Mismatch => CognitoError::new(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check \
             your AWS Secret Access Key and signing method. Consult the service documentation for \
             details.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_operations_are_public_and_admin_operations_are_not() {
        for public in [
            "SignUp",
            "InitiateAuth",
            "GetUser",
            "RevokeToken",
            "ConfirmDevice",
        ] {
            assert!(!requires_signature(public), "{public}");
        }
        for admin in [
            "CreateUserPool",
            "DescribeUserPool",
            "AdminGetUser",
            "ListUserPools",
            "Nope",
        ] {
            assert!(requires_signature(admin), "{admin}");
        }
    }
}
