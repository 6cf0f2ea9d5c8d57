//! The app client's settings: auth flows, secret, existence errors, revocation, token lifetimes.
//! <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html>

use super::{contains, list};
use crate::{
    facts::ClientFacts,
    report::{Check, Finding, Severity},
};

const SRP: &str = "ALLOW_USER_SRP_AUTH";
const REFRESH: &str = "ALLOW_REFRESH_TOKEN_AUTH";
const PASSWORD: &str = "ALLOW_USER_PASSWORD_AUTH";
/// The pre-`ALLOW_` name of the same flow (deprecated, still accepted).
const LEGACY_PASSWORD: &str = "USER_PASSWORD_AUTH";

/// Error when SRP or refresh is missing: the app signs in with SRP only and renews sessions with
/// the refresh token, so sign-in (or staying signed in) fails. Warning for the plain password
/// flow: the app never uses it, and it lets anyone who has the client id try passwords without
/// SRP, the password travelling in the request.
pub(super) fn auth_flows(client: &ClientFacts) -> Finding {
    let (flows, said) = match &client.explicit_auth_flows {
        Some(flows) => (flows.clone(), list(flows)),
        // Cognito's documented default when ExplicitAuthFlows is not set.
        None => (
            vec![REFRESH.into(), SRP.into(), "ALLOW_CUSTOM_AUTH".into()],
            format!("ExplicitAuthFlows not set (Cognito's default: {REFRESH}, {SRP}, ALLOW_CUSTOM_AUTH)"),
        ),
    };
    // Only pre-`ALLOW_` names (`USER_PASSWORD_AUTH`, `ADMIN_NO_SRP_AUTH`,
    // `CUSTOM_AUTH_FLOW_ONLY`): those added to SRP and refresh, which stayed on. Unconfirmed in
    // today's documentation, which only says the two naming schemes cannot be mixed.
    let legacy = !flows.is_empty() && flows.iter().all(|flow| !flow.starts_with("ALLOW_"));
    let missing: Vec<String> = [SRP, REFRESH]
        .into_iter()
        .filter(|flow| !legacy && !contains(&flows, flow))
        .map(str::to_owned)
        .collect();
    let password: Vec<String> = [PASSWORD, LEGACY_PASSWORD]
        .into_iter()
        .filter(|flow| contains(&flows, flow))
        .map(str::to_owned)
        .collect();
    let found = format!("Allowed flows: {said}.");
    if !missing.is_empty() {
        let mut fix = format!(
            "UpdateUserPoolClient ExplicitAuthFlows: add {}",
            missing.join(", ")
        );
        if !password.is_empty() {
            fix.push_str(&format!("; remove {}", password.join(", ")));
        }
        fix.push_str(" (console: App client > Authentication flows).");
        return Finding::problem(
            Check::AuthFlows,
            Severity::Error,
            found,
            format!(
                "The app signs in with SRP (USER_SRP_AUTH) and keeps sessions with the refresh \
                 token (REFRESH_TOKEN_AUTH); without {} users cannot sign in or stay signed in.",
                missing.join(" and ")
            ),
            fix,
        );
    }
    if !password.is_empty() {
        return Finding::problem(
            Check::AuthFlows,
            Severity::Warning,
            found,
            "The app never sends the password itself, but this flow lets anyone with the client \
             id try passwords directly, the password travelling in the request instead of an SRP \
             proof.",
            format!(
                "UpdateUserPoolClient ExplicitAuthFlows: remove {} (console: App client > \
                 Authentication flows, 'Sign in with username and password').",
                password.join(", ")
            ),
        );
    }
    Finding::ok(
        Check::AuthFlows,
        found,
        "SRP sign-in and refresh, which the app uses, are allowed; the plain password flow is not.",
    )
}

/// Warning, not error: the app supports a client secret (it sends SECRET_HASH), but a secret
/// shipped in a desktop app can be read out of every installation, so it protects nothing and
/// must be rotated by reinstalling everywhere.
pub(super) fn client_secret(client: &ClientFacts) -> Finding {
    if client.has_secret {
        return Finding::problem(
            Check::ClientSecret,
            Severity::Warning,
            "The app client has a client secret (confidential client).",
            "A desktop app is distributed: anyone with a copy can read the secret, so it adds no \
             protection, and changing it means updating every installation.",
            "Create a public app client: CreateUserPoolClient with GenerateSecret false (console: \
             App client type 'Public client'); an existing client's secret cannot be removed.",
        );
    }
    Finding::ok(
        Check::ClientSecret,
        "The app client has no client secret (public client).",
        "A distributed desktop app cannot keep a secret; a public client does not pretend to.",
    )
}

/// Warning: sign-in, sign-up confirmation and password reset then answer differently for a
/// username that does not exist, so anyone with the client id can find out who has an account.
/// A client created through the API without the setting is `LEGACY` (the console's default is
/// `ENABLED`): <https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html>
pub(super) fn user_existence_errors(client: &ClientFacts) -> Finding {
    match client.prevent_user_existence_errors.as_deref() {
        Some("ENABLED") => Finding::ok(
            Check::UserExistenceErrors,
            "PreventUserExistenceErrors is ENABLED.",
            "Sign-in and password reset answer alike whether or not the user exists.",
        ),
        other => Finding::problem(
            Check::UserExistenceErrors,
            Severity::Warning,
            match other {
                Some(value) => format!("PreventUserExistenceErrors is {value}."),
                None => "PreventUserExistenceErrors is not set (LEGACY behaviour).".to_owned(),
            },
            "Cognito answers UserNotFoundException for unknown users, so anyone with the client \
             id can find out which usernames or emails have an account.",
            "UpdateUserPoolClient PreventUserExistenceErrors: ENABLED (console: App client > \
             'Prevent user existence errors').",
        ),
    }
}

/// Warning: the app's sign-out calls RevokeToken; without revocation a copied refresh token keeps
/// issuing tokens after the user signed out, until it expires.
pub(super) fn token_revocation(client: &ClientFacts) -> Finding {
    match client.enable_token_revocation {
        Some(false) => Finding::problem(
            Check::TokenRevocation,
            Severity::Warning,
            "EnableTokenRevocation is false.",
            "Sign-out cannot revoke the refresh token: a copy of it keeps working until it \
             expires.",
            "UpdateUserPoolClient EnableTokenRevocation: true (console: App client > 'Enable \
             token revocation').",
        ),
        Some(true) => Finding::ok(
            Check::TokenRevocation,
            "EnableTokenRevocation is true.",
            "Sign-out revokes the refresh token and the tokens issued from it.",
        ),
        // CreateUserPoolClient's reference: without the parameter, revocation is activated for
        // the new client.
        None => Finding::ok(
            Check::TokenRevocation,
            "EnableTokenRevocation is not set (Cognito's default for new clients: true).",
            "Sign-out revokes the refresh token and the tokens issued from it.",
        ),
    }
}

const HOUR: u64 = 3600;
const DAY: u64 = 24 * HOUR;

/// Warning when the refresh token lasts under a day: a desktop app stays open for days and would
/// ask for the password again each day. Info when access or ID tokens last over an hour: a
/// leaked one stays valid longer (revocation does not reach resource servers that verify tokens
/// themselves), and the app refreshes on its own anyway.
pub(super) fn token_validity(client: &ClientFacts) -> Finding {
    let found = format!(
        "Access token {}, ID token {}, refresh token {}.",
        duration(client.access_token_seconds),
        duration(client.id_token_seconds),
        duration(client.refresh_token_seconds)
    );
    if client.refresh_token_seconds < DAY {
        return Finding::problem(
            Check::TokenValidity,
            Severity::Warning,
            found,
            "Users are asked for their password again once the refresh token expires; under a \
             day, that is every day for an app left open.",
            "UpdateUserPoolClient RefreshTokenValidity with TokenValidityUnits.RefreshToken \
             'days': at least 1, e.g. 30 (console: App client > 'Refresh token expiration').",
        );
    }
    if client.access_token_seconds > HOUR || client.id_token_seconds > HOUR {
        return Finding::problem(
            Check::TokenValidity,
            Severity::Info,
            found,
            "A leaked access or ID token stays usable for its whole lifetime; the app refreshes \
             on its own, so an hour is enough.",
            "UpdateUserPoolClient AccessTokenValidity and IdTokenValidity: 60 with \
             TokenValidityUnits 'minutes' (console: App client > 'Access token expiration').",
        );
    }
    Finding::ok(
        Check::TokenValidity,
        found,
        "Short-lived access and ID tokens, and a refresh token that outlasts a working day.",
    )
}

/// `90 minutes`, `30 days`... in the largest unit that divides the duration.
fn duration(seconds: u64) -> String {
    let (value, unit) = if seconds.is_multiple_of(DAY) {
        (seconds / DAY, "day")
    } else if seconds.is_multiple_of(HOUR) {
        (seconds / HOUR, "hour")
    } else if seconds.is_multiple_of(60) {
        (seconds / 60, "minute")
    } else {
        (seconds, "second")
    };
    format!("{value} {unit}{}", if value == 1 { "" } else { "s" })
}
