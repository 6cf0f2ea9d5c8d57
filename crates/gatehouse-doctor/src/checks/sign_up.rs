//! Who can sign up and with what: email uniqueness, the schema against the sign-up form, and
//! whether self-registered users can confirm themselves.

use super::{contains, list};
use crate::{
    expect::Expectations,
    facts::{Facts, PoolFacts},
    report::{Check, Finding, Severity},
};

/// Warning when email is a sign-in alias of a username pool without a PreSignUp trigger: SignUp
/// then accepts an email already in use, creating a second account, and Cognito moves
/// `email_verified` to the newest account (Amplify's guide: "the signUp() method creates a new
/// user account every time it's called, without validating email uniqueness ... all previously
/// created accounts will have their email_verified attribute changed to false"). The app still
/// works, but users lose sign-in by email to an impostor's account. Info with a trigger: it may
/// enforce uniqueness, which this check cannot see.
pub(super) fn email_uniqueness(pool: &PoolFacts) -> Finding {
    if contains(&pool.username_attributes, "email") {
        return Finding::ok(
            Check::EmailUniqueness,
            format!(
                "Users sign in with their email address (UsernameAttributes: {}).",
                list(&pool.username_attributes)
            ),
            "Cognito keeps usernames unique, so one email address is one account.",
        );
    }
    if !contains(&pool.alias_attributes, "email") {
        return Finding::ok(
            Check::EmailUniqueness,
            format!(
                "Users sign in with a username; email is not a sign-in alias (AliasAttributes: \
                 {}).",
                list(&pool.alias_attributes)
            ),
            "An email address shared by two accounts cannot be used to sign in, so it cannot \
             lead to the wrong one.",
        );
    }
    let found = format!(
        "Users sign in with a username or their email (AliasAttributes: {}){}.",
        list(&pool.alias_attributes),
        if pool.pre_sign_up_trigger {
            ", and a PreSignUp trigger is set"
        } else {
            ""
        }
    );
    let why = "With email as an alias, SignUp creates a new account for an email already in \
               use, and the email then counts as verified only on the newest account: the \
               earlier owner can no longer sign in with it.";
    if pool.pre_sign_up_trigger {
        return Finding::problem(
            Check::EmailUniqueness,
            Severity::Info,
            found,
            why,
            "Make sure the PreSignUp Lambda refuses a sign-up whose email already belongs to a \
             user (ListUsers with Filter 'email = \"...\"' and throw); or sign in with \
             UsernameAttributes: email (a new pool).",
        );
    }
    Finding::problem(
        Check::EmailUniqueness,
        Severity::Warning,
        found,
        why,
        "Create the pool with UsernameAttributes: email (console: sign-in option 'Email' \
         instead of 'User name' with 'Also allow sign in with verified email'; it cannot be \
         changed later), or add a LambdaConfig.PreSignUp trigger that refuses an email already \
         in use.",
    )
}

/// Error for both gaps: Cognito refuses a SignUp naming a custom attribute the schema lacks (it
/// never creates one on sign-up), one that misses a required attribute, and one writing an
/// attribute the client's WriteAttributes do not allow. Info without a profile: the form is
/// unknown, so the required attributes are only listed.
pub(super) fn schema_attributes(facts: &Facts, expected: &Expectations) -> Finding {
    let pool = &facts.pool;
    let in_schema: Vec<String> = pool.schema.iter().map(|a| a.name.clone()).collect();
    let custom: Vec<String> = in_schema
        .iter()
        .filter(|name| name.starts_with("custom:"))
        .cloned()
        .collect();
    let required: Vec<String> = pool
        .schema
        .iter()
        // Cognito describes `sub` as required, but generates it: no form collects it.
        .filter(|a| a.required && a.name != "sub")
        .map(|a| a.name.clone())
        .collect();
    let schema_said = format!(
        "The pool requires: {}; its custom attributes: {}.",
        list(&required),
        list(&custom)
    );
    if !expected.declares_form() {
        return Finding {
            check: Check::SchemaAttributes,
            severity: if required.is_empty() {
                Severity::Ok
            } else {
                Severity::Info
            },
            found: format!("{schema_said} No profile to compare the sign-up form with."),
            why: "SignUp fails unless the form collects every required attribute.".to_owned(),
            fix: (!required.is_empty()).then(|| {
                format!(
                    "Declare {} in the profile's requiredAttributes.",
                    list(&required)
                )
            }),
        };
    }
    let form = expected.form_attributes();
    let unknown: Vec<String> = form
        .iter()
        .filter(|name| name.starts_with("custom:") && !contains(&in_schema, name))
        .cloned()
        .collect();
    let not_collected: Vec<String> = required
        .iter()
        .filter(|name| !contains(&form, name) && !contains(&pool.username_attributes, name))
        .cloned()
        .collect();
    let sent: Vec<String> = expected
        .required_attributes
        .iter()
        .chain(&expected.optional_attributes)
        .cloned()
        .collect();
    let not_writable: Vec<String> = match &facts.client.write_attributes {
        Some(writable) => sent
            .iter()
            .filter(|name| !contains(writable, name))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    if unknown.is_empty() && not_collected.is_empty() && not_writable.is_empty() {
        return Finding::ok(
            Check::SchemaAttributes,
            format!("{schema_said} The sign-up form collects: {}.", list(&form)),
            "Every attribute the form sends exists and is writable, and every required one is \
             collected.",
        );
    }
    let mut found = vec![schema_said];
    let mut fixes = Vec::new();
    if !unknown.is_empty() {
        found.push(format!(
            "The form uses custom attributes the schema lacks: {}.",
            list(&unknown)
        ));
        fixes.push(format!(
            "AddCustomAttributes for {} (console: Sign-up > 'Add custom attributes')",
            list(&unknown)
        ));
    }
    if !not_collected.is_empty() {
        found.push(format!(
            "The form does not collect required attributes: {}.",
            list(&not_collected)
        ));
        fixes.push(format!(
            "add {} to the profile's requiredAttributes (a pool's required attributes cannot \
             be changed)",
            list(&not_collected)
        ));
    }
    if !not_writable.is_empty() {
        found.push(format!(
            "The app client may not write: {}.",
            list(&not_writable)
        ));
        fixes.push(format!(
            "UpdateUserPoolClient WriteAttributes: add {} (console: App client > 'Attribute \
             read and write permissions')",
            list(&not_writable)
        ));
    }
    Finding::problem(
        Check::SchemaAttributes,
        Severity::Error,
        found.join(" "),
        "Cognito refuses such a SignUp (InvalidParameterException): nobody can sign up from the \
         app.",
        format!("{}.", fixes.join("; ")),
    )
}

/// Error when anyone may sign up but nothing is verified automatically: Cognito then sends no
/// confirmation code, so self-registered users stay UNCONFIRMED and can never sign in. Info when
/// only administrators create users: the app's sign-up screen will be refused.
pub(super) fn self_sign_up_verification(pool: &PoolFacts) -> Finding {
    if pool.admin_create_user_only {
        return Finding::problem(
            Check::SelfSignUpVerification,
            Severity::Info,
            "Only administrators create users (AdminCreateUserConfig.AllowAdminCreateUserOnly: \
             true).",
            "The app's sign-up screen gets 'SignUp is not permitted for this user pool'; users \
             sign in with the temporary password an administrator sends.",
            "If users should sign up in the app: UpdateUserPool AdminCreateUserConfig \
             AllowAdminCreateUserOnly: false (console: Sign-up > 'Enable self-registration').",
        );
    }
    if pool.auto_verified_attributes.is_empty() {
        return Finding::problem(
            Check::SelfSignUpVerification,
            Severity::Error,
            "Anyone may sign up, and AutoVerifiedAttributes is empty.",
            "Cognito sends no confirmation code, so users who sign up stay unconfirmed and \
             cannot sign in until an administrator confirms them.",
            "UpdateUserPool AutoVerifiedAttributes: [\"email\"] (or phone_number) (console: \
             Sign-up > 'Allow Cognito to automatically send messages to verify and confirm').",
        );
    }
    Finding::ok(
        Check::SelfSignUpVerification,
        format!(
            "Anyone may sign up; Cognito verifies: {}.",
            list(&pool.auto_verified_attributes)
        ),
        "Users who sign up receive a code and confirm their account in the app.",
    )
}
