//! The Cognito port: what the core asks of a user pool, and its implementation over the AWS SDK.
//!
//! `port` is the trait (one method per Cognito operation used), `sdk` implements it over
//! `aws-sdk-cognitoidentityprovider` with unsigned calls, and `errors` maps Cognito's error codes to
//! `AuthError`, `network` says how calls time out and which are retried. The driver only sees the trait, so its tests can use a fake pool.

pub mod errors;
pub mod network;
pub mod port;
pub mod sdk;
pub mod secret_hash;
mod wire;

pub use network::NetworkPolicy;
pub use port::{
    AuthStep, ChallengeAnswer, ChallengeKind, ChallengeResponse, ChallengeStep, CognitoPort,
    DeviceSrpRequest, DeviceVerifier, NewDevice, PasswordVerifierAnswer, PasswordVerifierChallenge,
    PortFuture, RemoteDevice, RemoteUser, SignUpOutcome, SoftwareTokenAssociation, TokenAuth,
};
pub use sdk::SdkCognito;
