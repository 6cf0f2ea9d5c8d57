//! The SDK's `UserPoolType` and `UserPoolClientType` boiled down to `Facts`, with Cognito's
//! documented defaults applied where a value is absent. The client secret is read only as
//! "present or not".

use aws_sdk_cognitoidentityprovider::operation::get_user_pool_mfa_config::GetUserPoolMfaConfigOutput;
use aws_sdk_cognitoidentityprovider::types::{
    DeletionProtectionType, TimeUnitsType, UserPoolClientType, UserPoolType,
};

use crate::facts::{
    ClientFacts, DeviceFacts, Facts, MfaFacts, PasswordPolicyFacts, PoolFacts, SchemaAttribute,
};

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;

pub(super) fn facts(
    pool: &UserPoolType,
    client: &UserPoolClientType,
    mfa: Option<&GetUserPoolMfaConfigOutput>,
) -> Facts {
    Facts {
        pool: pool_facts(pool, mfa),
        client: client_facts(client),
    }
}

fn strings<T: AsRef<str>>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .map(|value| value.as_ref().to_owned())
        .collect()
}

fn pool_facts(pool: &UserPoolType, mfa: Option<&GetUserPoolMfaConfigOutput>) -> PoolFacts {
    let sms_mfa = mfa.and_then(|mfa| mfa.sms_mfa_configuration.as_ref());
    PoolFacts {
        id: pool.id.clone().unwrap_or_default(),
        name: pool.name.clone().unwrap_or_default(),
        username_attributes: strings(pool.username_attributes()),
        alias_attributes: strings(pool.alias_attributes()),
        pre_sign_up_trigger: pool
            .lambda_config
            .as_ref()
            .is_some_and(|lambdas| lambdas.pre_sign_up.is_some()),
        schema: pool
            .schema_attributes()
            .iter()
            .filter_map(|attribute| {
                Some(SchemaAttribute {
                    name: attribute.name.clone()?,
                    required: attribute.required.unwrap_or(false),
                })
            })
            .collect(),
        mfa: MfaFacts {
            // Cognito's default; DescribeUserPool normally always says.
            configuration: pool
                .mfa_configuration
                .as_ref()
                .map_or("OFF", |mode| mode.as_str())
                .to_owned(),
            sms_enabled: mfa.map(|_| sms_mfa.is_some()),
            totp_enabled: mfa.map(|mfa| {
                mfa.software_token_mfa_configuration
                    .as_ref()
                    .is_some_and(|totp| totp.enabled)
            }),
            sms_configured: pool.sms_configuration.is_some()
                || sms_mfa.is_some_and(|sms| sms.sms_configuration.is_some()),
        },
        password_policy: pool
            .policies
            .as_ref()
            .and_then(|policies| policies.password_policy.as_ref())
            .map(|policy| PasswordPolicyFacts {
                // Cognito's default length when the policy leaves it out.
                minimum_length: policy
                    .minimum_length
                    .and_then(|length| u32::try_from(length).ok())
                    .unwrap_or(8),
                require_uppercase: policy.require_uppercase,
                require_lowercase: policy.require_lowercase,
                require_numbers: policy.require_numbers,
                require_symbols: policy.require_symbols,
            }),
        admin_create_user_only: pool
            .admin_create_user_config
            .as_ref()
            .is_some_and(|config| config.allow_admin_create_user_only),
        auto_verified_attributes: strings(pool.auto_verified_attributes()),
        deletion_protection: pool.deletion_protection == Some(DeletionProtectionType::Active),
        device_configuration: pool
            .device_configuration
            .as_ref()
            .map(|devices| DeviceFacts {
                challenge_required_on_new_device: devices.challenge_required_on_new_device,
                device_only_remembered_on_user_prompt: devices
                    .device_only_remembered_on_user_prompt,
            }),
    }
}

fn client_facts(client: &UserPoolClientType) -> ClientFacts {
    let units = client.token_validity_units.as_ref();
    // Cognito's defaults: access and ID tokens 60 minutes (unit hours), refresh 30 days
    // (unit days). A validity of 0 or less means "not set".
    let lifetime =
        |value: Option<i32>, unit: Option<&TimeUnitsType>, default_unit: u64, default: u64| {
            match value
                .and_then(|value| u64::try_from(value).ok())
                .filter(|value| *value > 0)
            {
                Some(value) => value * unit.map_or(default_unit, seconds_of),
                None => default,
            }
        };
    ClientFacts {
        id: client.client_id.clone().unwrap_or_default(),
        name: client.client_name.clone().unwrap_or_default(),
        explicit_auth_flows: client
            .explicit_auth_flows
            .as_ref()
            .map(|flows| strings(flows)),
        has_secret: client
            .client_secret
            .as_deref()
            .is_some_and(|secret| !secret.is_empty()),
        prevent_user_existence_errors: client
            .prevent_user_existence_errors
            .as_ref()
            .map(|value| value.as_str().to_owned()),
        enable_token_revocation: client.enable_token_revocation,
        write_attributes: client.write_attributes.clone(),
        access_token_seconds: lifetime(
            client.access_token_validity,
            units.and_then(|units| units.access_token.as_ref()),
            HOUR,
            HOUR,
        ),
        id_token_seconds: lifetime(
            client.id_token_validity,
            units.and_then(|units| units.id_token.as_ref()),
            HOUR,
            HOUR,
        ),
        refresh_token_seconds: lifetime(
            Some(client.refresh_token_validity),
            units.and_then(|units| units.refresh_token.as_ref()),
            DAY,
            30 * DAY,
        ),
    }
}

fn seconds_of(unit: &TimeUnitsType) -> u64 {
    match unit {
        TimeUnitsType::Seconds => 1,
        TimeUnitsType::Minutes => MINUTE,
        TimeUnitsType::Hours => HOUR,
        TimeUnitsType::Days => DAY,
        // A unit this SDK does not know: assume the smallest, which can only under-report.
        _ => 1,
    }
}
