//! `read_pool`: the IO half. Builds a Cognito client from the target and the administrator's
//! credentials, calls `DescribeUserPool`, `DescribeUserPoolClient` and `GetUserPoolMfaConfig`,
//! and maps SDK errors to `DoctorError` by Cognito's error code.
//! <https://docs.aws.amazon.com/sdk-for-rust/latest/dg/credproviders.html>

use std::time::Duration;

use aws_sdk_cognitoidentityprovider::config::timeout::TimeoutConfig;
use aws_sdk_cognitoidentityprovider::config::{
    BehaviorVersion, ProvideCredentials, Region, SharedCredentialsProvider,
};
use aws_sdk_cognitoidentityprovider::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::Client;

use crate::{
    error::DoctorError,
    facts::Facts,
    target::{Credentials, Target},
};

mod convert;

/// The app's doctor screen waits on this: an unreachable endpoint must fail within seconds.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const OPERATION_TIMEOUT: Duration = Duration::from_secs(20);

/// Reads the pool and client. `GetUserPoolMfaConfig` is optional: when it is refused the MFA
/// methods are reported as unknown rather than failing the whole read.
pub async fn read_pool(target: &Target, credentials: &Credentials) -> Result<Facts, DoctorError> {
    let client = client(target, credentials).await?;
    let pool = client
        .describe_user_pool()
        .user_pool_id(&target.user_pool_id)
        .send()
        .await
        .map_err(|err| {
            from_sdk(err, || {
                DoctorError::PoolNotFound(target.user_pool_id.clone())
            })
        })?
        .user_pool
        .ok_or_else(|| DoctorError::PoolNotFound(target.user_pool_id.clone()))?;
    let app_client = client
        .describe_user_pool_client()
        .user_pool_id(&target.user_pool_id)
        .client_id(&target.client_id)
        .send()
        .await
        .map_err(|err| {
            from_sdk(err, || {
                DoctorError::ClientNotFound(target.client_id.clone())
            })
        })?
        .user_pool_client
        .ok_or_else(|| DoctorError::ClientNotFound(target.client_id.clone()))?;
    let mfa = match client
        .get_user_pool_mfa_config()
        .user_pool_id(&target.user_pool_id)
        .send()
        .await
    {
        Ok(output) => Some(output),
        Err(err) => match from_sdk(err, || {
            DoctorError::PoolNotFound(target.user_pool_id.clone())
        }) {
            DoctorError::AccessDenied => None,
            // An operation the endpoint does not implement is as good as refused.
            DoctorError::Pool { .. } => None,
            other => return Err(other),
        },
    };
    Ok(convert::facts(&pool, &app_client, mfa.as_ref()))
}

async fn client(target: &Target, credentials: &Credentials) -> Result<Client, DoctorError> {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    let region = Region::new(target.region.clone());
    let provider = match credentials {
        Credentials::Static {
            access_key_id,
            secret_access_key,
        } => SharedCredentialsProvider::new(
            aws_sdk_cognitoidentityprovider::config::Credentials::new(
                access_key_id,
                secret_access_key.expose(),
                None,
                None,
                "gatehouse-doctor",
            ),
        ),
        Credentials::Chain { profile } => {
            let mut loader = aws_config::defaults(BehaviorVersion::latest()).region(region.clone());
            if let Some(profile) = profile {
                loader = loader.profile_name(profile);
            }
            let shared = loader.load().await;
            let provider = shared
                .credentials_provider()
                .ok_or(DoctorError::NoCredentials)?;
            // Resolved once here so that an empty chain or an expired SSO session is
            // `NoCredentials`, not a dispatch failure of the first call.
            provider
                .provide_credentials()
                .await
                .map_err(|_| DoctorError::NoCredentials)?;
            provider
        }
    };
    let mut config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(region)
        .credentials_provider(provider)
        .timeout_config(timeouts);
    if let Some(endpoint) = &target.endpoint {
        config = config.endpoint_url(endpoint);
    }
    Ok(Client::from_conf(config.build()))
}

/// Maps an SDK error; `not_found` says which resource `ResourceNotFoundException` is about.
fn from_sdk<E, R>(err: SdkError<E, R>, not_found: impl FnOnce() -> DoctorError) -> DoctorError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            DoctorError::Network(DisplayErrorContext(&err).to_string())
        }
        SdkError::ServiceError(_) => from_code(
            err.code().unwrap_or_default(),
            err.message().unwrap_or_default(),
            not_found,
        ),
        _ => DoctorError::Pool {
            code: "Unreadable".into(),
            message: DisplayErrorContext(&err).to_string(),
        },
    }
}

pub(crate) fn from_code(
    code: &str,
    message: &str,
    not_found: impl FnOnce() -> DoctorError,
) -> DoctorError {
    match code {
        "ResourceNotFoundException" => not_found(),
        // Unknown access key (UnrecognizedClientException), wrong secret key
        // (InvalidSignatureException); an expired session token is as unusable.
        "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "IncompleteSignatureException"
        | "InvalidClientTokenId"
        | "ExpiredTokenException" => DoctorError::InvalidCredentials,
        // IAM refusals come as AccessDeniedException; Cognito also answers NotAuthorizedException
        // for an identity that may not call an administrator operation.
        "AccessDeniedException" | "NotAuthorizedException" => DoctorError::AccessDenied,
        _ => DoctorError::Pool {
            code: code.to_owned(),
            message: message.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cognito_codes_map_to_named_errors() {
        let pool = || DoctorError::PoolNotFound("eu-west-1_x".into());
        assert_eq!(
            from_code("ResourceNotFoundException", "", pool).kind(),
            "poolNotFound"
        );
        assert_eq!(
            from_code("UnrecognizedClientException", "", pool).kind(),
            "invalidCredentials"
        );
        assert_eq!(
            from_code("InvalidSignatureException", "", pool).kind(),
            "invalidCredentials"
        );
        assert_eq!(
            from_code("AccessDeniedException", "", pool).kind(),
            "accessDenied"
        );
        assert_eq!(
            from_code("NotAuthorizedException", "", pool).kind(),
            "accessDenied"
        );
        match from_code("TooManyRequestsException", "Rate exceeded", pool) {
            DoctorError::Pool { code, message } => {
                assert_eq!(
                    (code.as_str(), message.as_str()),
                    ("TooManyRequestsException", "Rate exceeded")
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
