//! `gatehouse doctor`: reads a Cognito user pool and one of its app clients with an
//! administrator's AWS credentials and says, check by check, whether they suit a Gatehouse desktop
//! client, why it matters and the exact setting to change.
//!
//! Two halves: [`read_pool`] does the IO (`DescribeUserPool`, `DescribeUserPoolClient`, and
//! `GetUserPoolMfaConfig` for the enabled MFA methods) and boils the answers down to [`Facts`],
//! which hold no secret; [`diagnose`] is pure and turns facts plus what the app's profile declares
//! ([`Expectations`]) into a [`Report`]. The finding texts are made here so the CLI table, the JSON
//! and the app screen say the same thing.
//! <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html>
#![forbid(unsafe_code)]

mod checks;
mod error;
mod expect;
mod facts;
mod read;
mod report;
mod table;
mod target;

pub use checks::diagnose;
pub use error::DoctorError;
pub use expect::{Expectations, ExpectedMfa, ExpectedPolicy};
pub use facts::{
    ClientFacts, DeviceFacts, Facts, MfaFacts, PasswordPolicyFacts, PoolFacts, SchemaAttribute,
};
pub use read::read_pool;
pub use report::{Check, Finding, Report, Severity};
pub use target::{Credentials, Secret, Target};
