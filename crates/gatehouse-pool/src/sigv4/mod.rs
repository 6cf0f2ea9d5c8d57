//! Verifying AWS Signature Version 4 on a request, as an AWS service does before it looks at the
//! operation: the `Authorization` header is read, the access key looked up, the timestamp held
//! within five minutes of the service's clock, the body's hash checked and the signature
//! recomputed and compared in constant time
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html).
//! Only the header form is accepted (no pre-signed query strings, no `Date` header instead of
//! `X-Amz-Date`): AWS SDKs sign JSON-protocol calls that way.

mod canonical;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use subtle::ConstantTimeEq;

pub use canonical::SignedRequest;
use canonical::{
    canonical_request, parse_authorization, sha256_hex, signature, signing_key, string_to_sign,
};

use crate::admin_credentials::AdminCredentials;

/// How far a request's `X-Amz-Date` may be from the service's clock.
const SKEW: TimeDelta = TimeDelta::minutes(5);
const AMZ_DATE: &str = "%Y%m%dT%H%M%SZ";

/// Who may sign, and for which scope.
pub struct Expected<'a> {
    pub credentials: &'a AdminCredentials,
    pub region: &'a str,
    pub service: &'a str,
}

/// Why a request's signature is refused; each maps to one AWS error code.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No `Authorization` header at all.
    Missing,
    /// The header is there but unreadable (a part missing, another algorithm, no `X-Amz-Date`).
    Incomplete(String),
    /// The access key id is not the one the pool knows.
    UnknownKey,
    /// Readable but unacceptable: wrong scope, too old or too new.
    Invalid(String),
    /// The recomputed signature differs (wrong secret, or the request changed after signing).
    Mismatch,
}

/// Checks `request` against the expected key and scope at `now`.
pub fn verify(
    request: &SignedRequest<'_>,
    expected: &Expected<'_>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let header = request.header("authorization").ok_or(Refusal::Missing)?;
    let authorization = parse_authorization(header).map_err(Refusal::Incomplete)?;
    let amz_date = request.header("x-amz-date").ok_or_else(|| {
        Refusal::Incomplete(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                .into(),
        )
    })?;
    if authorization.access_key_id != expected.credentials.access_key_id {
        return Err(Refusal::UnknownKey);
    }
    // The wording of the scope and signed-header refusals below is AWS's as best recalled;
    // the docs found do not quote them.
    for required in ["host", "x-amz-date"] {
        if !authorization.signed_headers.contains(&required) {
            return Err(Refusal::Invalid(format!(
                "'{required}' must be a 'SignedHeader' in the AWS Authorization."
            )));
        }
    }
    let signed_at = NaiveDateTime::parse_from_str(amz_date, AMZ_DATE)
        .map_err(|_| {
            Refusal::Incomplete(format!(
                "Date must be in ISO-8601 'basic format'. Got '{amz_date}'."
            ))
        })?
        .and_utc();
    check_scope(&authorization, amz_date, expected)?;
    check_time(signed_at, now)?;
    let payload_hash = sha256_hex(request.body);
    // Signers that send the body's hash sign it too; a hash that does not match the body we
    // received means the body changed on the way.
    if request
        .header("x-amz-content-sha256")
        .is_some_and(|claimed| claimed != payload_hash)
    {
        return Err(Refusal::Mismatch);
    }
    let canonical = canonical_request(request, &authorization.signed_headers, &payload_hash);
    let scope = format!(
        "{}/{}/{}/{}",
        authorization.date, authorization.region, authorization.service, authorization.terminator
    );
    let key = signing_key(
        expected.credentials.secret_access_key.expose(),
        authorization.date,
        authorization.region,
        authorization.service,
    );
    let computed = signature(key.as_ref(), &string_to_sign(amz_date, &scope, &canonical));
    // A session token (`X-Amz-Security-Token`, temporary STS credentials) is accepted as long as
    // the key id matches: the pool has no STS to ask whether the token is still valid.
    if bool::from(
        computed
            .as_bytes()
            .ct_eq(authorization.signature.as_bytes()),
    ) {
        Ok(())
    } else {
        Err(Refusal::Mismatch)
    }
}

fn check_scope(
    authorization: &canonical::Authorization<'_>,
    amz_date: &str,
    expected: &Expected<'_>,
) -> Result<(), Refusal> {
    let day = amz_date.get(..8).unwrap_or(amz_date);
    if authorization.date != day {
        return Err(Refusal::Invalid(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from \
             HTTP: '{}' != '{day}', from '{amz_date}'.",
            authorization.date
        )));
    }
    if authorization.region != expected.region {
        return Err(Refusal::Invalid(format!(
            "Credential should be scoped to a valid region, not '{}'.",
            authorization.region
        )));
    }
    if authorization.service != expected.service {
        return Err(Refusal::Invalid(format!(
            "Credential should be scoped to correct service: '{}'.",
            expected.service
        )));
    }
    if authorization.terminator != "aws4_request" {
        return Err(Refusal::Invalid(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{}'.",
            authorization.terminator
        )));
    }
    Ok(())
}

/// AWS's wording: "Signature expired: 20240522T115547Z is now earlier than 20240522T120908Z
/// (20240522T121408Z - 5 min.)", and "Signature not yet current: ... is still later than ...
/// (... + 5 min.)" for a clock ahead.
fn check_time(signed_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), Refusal> {
    let text = |time: DateTime<Utc>| time.format(AMZ_DATE).to_string();
    if signed_at < now - SKEW {
        return Err(Refusal::Invalid(format!(
            "Signature expired: {} is now earlier than {} ({} - 5 min.)",
            text(signed_at),
            text(now - SKEW),
            text(now)
        )));
    }
    if signed_at > now + SKEW {
        return Err(Refusal::Invalid(format!(
            "Signature not yet current: {} is still later than {} ({} + 5 min.)",
            text(signed_at),
            text(now + SKEW),
            text(now)
        )));
    }
    Ok(())
}
