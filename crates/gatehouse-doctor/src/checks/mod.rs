//! `diagnose`: pure, from what was read and what the profile declares to one finding per check.
//! Each check says in a comment why it has the severities it has (see `Severity`: `Error` = a
//! user's action in the app fails, `Warning` = it works but exposes users or says something
//! untrue, `Info` = worth knowing).

mod client;
mod pool;
mod profile;
mod sign_up;
#[cfg(test)]
mod tests;

use crate::{expect::Expectations, facts::Facts, report::Report};

/// Runs every check. Profile checks appear only for what the profile declares.
pub fn diagnose(facts: &Facts, expected: &Expectations) -> Report {
    let mut findings = vec![
        sign_up::email_uniqueness(&facts.pool),
        client::auth_flows(&facts.client),
        client::client_secret(&facts.client),
        client::user_existence_errors(&facts.client),
        client::token_revocation(&facts.client),
        sign_up::schema_attributes(facts, expected),
        pool::mfa(&facts.pool.mfa),
        pool::password_policy(&facts.pool),
        sign_up::self_sign_up_verification(&facts.pool),
        client::token_validity(&facts.client),
        pool::deletion_protection(&facts.pool),
        pool::device_tracking(&facts.pool),
    ];
    findings.extend(profile::username_attributes(&facts.pool, expected));
    findings.extend(profile::password_policy(&facts.pool, expected));
    findings.extend(profile::mfa(&facts.pool.mfa, expected));
    Report {
        user_pool_id: facts.pool.id.clone(),
        pool_name: facts.pool.name.clone(),
        client_id: facts.client.id.clone(),
        client_name: facts.client.name.clone(),
        findings,
    }
}

/// `a, b` or `none`, for quoting a list in a sentence.
fn list(values: &[String]) -> String {
    if values.is_empty() {
        "none".to_owned()
    } else {
        values.join(", ")
    }
}

fn contains(values: &[String], wanted: &str) -> bool {
    values.iter().any(|value| value == wanted)
}
