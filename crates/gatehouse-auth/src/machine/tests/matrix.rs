//! The full state x event matrix: every pair the table lists goes where it says with the effects
//! it says; every other pair is refused and hands the state back unchanged.

use super::*;

type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

/// (state, event) -> (next state, effects). Every pair not listed is unexpected.
const ACCEPTED: &[Row] = &[
    (
        "Starting",
        "StartRequested",
        "RestoringSession",
        &["LoadTokens"],
    ),
    ("RestoringSession", "StoredSessionLoaded", "SignedOut", &[]),
    ("RestoringSession", "StoreFailed", "SignedOut", &[]),
    ("VerifyingSession", "UserLoaded", "SignedIn", &[]),
    ("VerifyingSession", "CallFailed", "SignedIn", &[]),
    (
        "RefreshingSession",
        "TokensRefreshed",
        "StoringSession",
        &["StoreTokens"],
    ),
    ("RefreshingSession", "CallFailed", "SignedIn", &[]),
    (
        "StoringSession",
        "TokensStored",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    (
        "StoringSession",
        "StoreFailed",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    ("ClearingSession", "TokensCleared", "SignedOut", &[]),
    ("ClearingSession", "StoreFailed", "SignedOut", &[]),
    (
        "SignedOut",
        "SignInSubmitted",
        "SigningIn",
        &["InitiateSrpAuth"],
    ),
    ("SignedOut", "SignUpFormRequested", "SignUpForm", &[]),
    ("SignedOut", "SignInFormRequested", "SignedOut", &[]),
    (
        "SignedOut",
        "ForgotPasswordRequested",
        "ForgotPasswordForm",
        &[],
    ),
    (
        "SignUpForm",
        "SignUpSubmitted",
        "SigningUp",
        &["CallSignUp"],
    ),
    ("SignUpForm", "SignInFormRequested", "SignedOut", &[]),
    ("SignUpForm", "SignUpFormRequested", "SignUpForm", &[]),
    ("SigningUp", "SignUpAccepted", "AwaitingSignUpCode", &[]),
    ("SigningUp", "CallFailed", "SignUpForm", &[]),
    (
        "AwaitingSignUpCode",
        "SignUpCodeSubmitted",
        "ConfirmingSignUp",
        &["CallConfirmSignUp"],
    ),
    (
        "AwaitingSignUpCode",
        "SignUpCodeResendRequested",
        "ResendingCode",
        &["CallResendConfirmationCode"],
    ),
    (
        "AwaitingSignUpCode",
        "SignInFormRequested",
        "SignedOut",
        &[],
    ),
    (
        "AwaitingSignUpCode",
        "SignUpFormRequested",
        "SignUpForm",
        &[],
    ),
    ("ConfirmingSignUp", "SignUpConfirmed", "SignedOut", &[]),
    ("ConfirmingSignUp", "CallFailed", "AwaitingSignUpCode", &[]),
    ("ResendingCode", "CodeResent", "AwaitingSignUpCode", &[]),
    ("ResendingCode", "CallFailed", "AwaitingSignUpCode", &[]),
    (
        "SigningIn",
        "PasswordVerifierRequested",
        "VerifyingPassword",
        &["RespondToPasswordVerifier"],
    ),
    (
        "SigningIn",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    ("SigningIn", "CallFailed", "SignedOut", &[]),
    (
        "VerifyingPassword",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "VerifyingPassword",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    ("VerifyingPassword", "CallFailed", "SignedOut", &[]),
    (
        "AwaitingMfaCode",
        "SignInCodeSubmitted",
        "ConfirmingMfaCode",
        &["RespondToChallenge"],
    ),
    ("AwaitingMfaCode", "SignInFormRequested", "SignedOut", &[]),
    (
        "ConfirmingMfaCode",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "ConfirmingMfaCode",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    ("ConfirmingMfaCode", "CallFailed", "AwaitingMfaCode", &[]),
    (
        "AwaitingMfaChoice",
        "MfaSelected",
        "SubmittingMfaChoice",
        &["RespondToChallenge"],
    ),
    ("AwaitingMfaChoice", "SignInFormRequested", "SignedOut", &[]),
    (
        "SubmittingMfaChoice",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "SubmittingMfaChoice",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    (
        "SubmittingMfaChoice",
        "CallFailed",
        "AwaitingMfaChoice",
        &[],
    ),
    (
        "AssociatingTotp",
        "SoftwareTokenAssociated",
        "SettingUpTotp",
        &[],
    ),
    ("AssociatingTotp", "CallFailed", "SignedOut", &[]),
    (
        "SettingUpTotp",
        "TotpCodeSubmitted",
        "VerifyingTotp",
        &["CallVerifySoftwareToken"],
    ),
    ("SettingUpTotp", "TotpSetupCancelled", "SignedOut", &[]),
    ("SettingUpTotp", "SignInFormRequested", "SignedOut", &[]),
    (
        "VerifyingTotp",
        "SoftwareTokenVerified",
        "CompletingMfaSetup",
        &["RespondToChallenge"],
    ),
    ("VerifyingTotp", "CallFailed", "SettingUpTotp", &[]),
    (
        "CompletingMfaSetup",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "CompletingMfaSetup",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    ("CompletingMfaSetup", "CallFailed", "SignedOut", &[]),
    (
        "AwaitingNewPassword",
        "NewPasswordSubmitted",
        "SettingNewPassword",
        &["RespondToChallenge"],
    ),
    (
        "AwaitingNewPassword",
        "SignInFormRequested",
        "SignedOut",
        &[],
    ),
    (
        "SettingNewPassword",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "SettingNewPassword",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    (
        "SettingNewPassword",
        "CallFailed",
        "AwaitingNewPassword",
        &[],
    ),
    (
        "ForgotPasswordForm",
        "PasswordResetRequested",
        "RequestingPasswordReset",
        &["CallForgotPassword"],
    ),
    (
        "ForgotPasswordForm",
        "ForgotPasswordRequested",
        "ForgotPasswordForm",
        &[],
    ),
    (
        "ForgotPasswordForm",
        "SignInFormRequested",
        "SignedOut",
        &[],
    ),
    (
        "RequestingPasswordReset",
        "ResetCodeSent",
        "AwaitingResetCode",
        &[],
    ),
    (
        "RequestingPasswordReset",
        "CallFailed",
        "ForgotPasswordForm",
        &[],
    ),
    (
        "AwaitingResetCode",
        "PasswordResetSubmitted",
        "ConfirmingPasswordReset",
        &["CallConfirmForgotPassword"],
    ),
    (
        "AwaitingResetCode",
        "ResetCodeResendRequested",
        "RequestingPasswordReset",
        &["CallForgotPassword"],
    ),
    (
        "AwaitingResetCode",
        "ForgotPasswordRequested",
        "ForgotPasswordForm",
        &[],
    ),
    ("AwaitingResetCode", "SignInFormRequested", "SignedOut", &[]),
    ("ConfirmingPasswordReset", "PasswordReset", "SignedOut", &[]),
    (
        "ConfirmingPasswordReset",
        "CallFailed",
        "AwaitingResetCode",
        &[],
    ),
    (
        "SignedIn",
        "SignOutRequested",
        "SigningOut",
        &["CallRevokeToken"],
    ),
    (
        "SignedIn",
        "SignOutEverywhereRequested",
        "SigningOutEverywhere",
        &["CallGlobalSignOut"],
    ),
    (
        "SignedIn",
        "TotpSetupRequested",
        "AssociatingTotp",
        &["CallAssociateSoftwareToken"],
    ),
    (
        "SignedIn",
        "MfaPreferenceSubmitted",
        "SettingMfaPreference",
        &["CallSetMfaPreference"],
    ),
    ("SignedIn", "FreshSessionRequested", "SignedIn", &[]),
    (
        "SettingMfaPreference",
        "MfaPreferenceSaved",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    ("SettingMfaPreference", "CallFailed", "SignedIn", &[]),
    (
        "SigningOut",
        "TokenRevoked",
        "ClearingSession",
        &["ClearTokens"],
    ),
    (
        "SigningOut",
        "CallFailed",
        "ClearingSession",
        &["ClearTokens"],
    ),
    (
        "SigningOutEverywhere",
        "SignedOutEverywhere",
        "ClearingSession",
        &["ClearTokens"],
    ),
    ("SigningOutEverywhere", "CallFailed", "SignedIn", &[]),
    (
        "SignedIn",
        "AttributesSubmitted",
        "SavingAttributes",
        &["CallUpdateUserAttributes"],
    ),
    (
        "SignedIn",
        "AttributeCodeSubmitted",
        "VerifyingAttribute",
        &["CallVerifyUserAttribute"],
    ),
    (
        "SignedIn",
        "AttributeCodeResendRequested",
        "SendingAttributeCode",
        &["CallGetUserAttributeVerificationCode"],
    ),
    (
        "SignedIn",
        "PasswordChangeSubmitted",
        "ChangingPassword",
        &["CallChangePassword"],
    ),
    (
        "SignedIn",
        "AccountDeletionRequested",
        "DeletingAccount",
        &["CallDeleteUser"],
    ),
    (
        "SavingAttributes",
        "AttributesUpdated",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    ("SavingAttributes", "CallFailed", "SignedIn", &[]),
    (
        "SavingAttributes(Deleting)",
        "AttributesDeleted",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    // The update went through: the user is reloaded to show what the pool has.
    (
        "SavingAttributes(Deleting)",
        "CallFailed",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    (
        "VerifyingAttribute",
        "AttributeVerified",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    ("VerifyingAttribute", "CallFailed", "SignedIn", &[]),
    ("SendingAttributeCode", "AttributeCodeSent", "SignedIn", &[]),
    ("SendingAttributeCode", "CallFailed", "SignedIn", &[]),
    ("ChangingPassword", "PasswordChanged", "SignedIn", &[]),
    ("ChangingPassword", "CallFailed", "SignedIn", &[]),
    (
        "DeletingAccount",
        "UserDeleted",
        "ClearingSession",
        &["ClearTokens"],
    ),
    ("DeletingAccount", "CallFailed", "SignedIn", &[]),
    (
        "AssociatingTotp(Account)",
        "SoftwareTokenAssociated",
        "SettingUpTotp",
        &[],
    ),
    ("AssociatingTotp(Account)", "CallFailed", "SignedIn", &[]),
    (
        "SettingUpTotp(Account)",
        "TotpCodeSubmitted",
        "VerifyingTotp",
        &["CallVerifySoftwareToken"],
    ),
    (
        "SettingUpTotp(Account)",
        "TotpSetupCancelled",
        "SignedIn",
        &[],
    ),
    (
        "VerifyingTotp(Account)",
        "SoftwareTokenVerified",
        "SettingMfaPreference",
        &["CallSetMfaPreference"],
    ),
    ("VerifyingTotp(Account)", "CallFailed", "SettingUpTotp", &[]),
    // Remembered devices. With no device, a stale-device cleanup that arrives late is harmless.
    (
        "VerifyingPassword",
        "DeviceCleared",
        "VerifyingPassword",
        &[],
    ),
    ("VerifyingPassword", "StoreFailed", "VerifyingPassword", &[]),
    (
        "VerifyingPassword(Device)",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "VerifyingPassword(Device)",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    ("VerifyingPassword(Device)", "CallFailed", "SignedOut", &[]),
    (
        "VerifyingPassword(Device)",
        "DeviceUnknown",
        "VerifyingPassword",
        &["ClearDevice", "ResendPasswordVerifier"],
    ),
    (
        "VerifyingDevice",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "VerifyingDevice",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    ("VerifyingDevice", "CallFailed", "SignedOut", &[]),
    (
        "ConfirmingDevice",
        "DeviceConfirmed",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    (
        "ConfirmingDevice",
        "CallFailed",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    (
        "ConfirmingDevice",
        "StoreFailed",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    ("ListingDevices", "DevicesListed", "SignedIn", &[]),
    ("ListingDevices", "CallFailed", "SignedIn", &[]),
    // Not offered on this screen (no prompt, an unlisted device): refused with the reason.
    ("SignedIn", "DevicePromptAnswered", "SignedIn", &[]),
    ("SignedIn", "DeviceStatusSubmitted", "SignedIn", &[]),
    ("SignedIn", "DeviceForgetRequested", "SignedIn", &[]),
    (
        "UpdatingDevice",
        "DeviceStatusUpdated",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    ("UpdatingDevice", "CallFailed", "SignedIn", &[]),
    (
        "ForgettingDevice",
        "DeviceForgotten",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    (
        "ForgettingDevice",
        "DeviceCleared",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    (
        "ForgettingDevice",
        "StoreFailed",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    ("ForgettingDevice", "CallFailed", "SignedIn", &[]),
];

#[test]
fn every_state_answers_every_event_as_the_table_says() {
    let mut checked = 0;
    for state_index in 0..states().len() {
        for event_index in 0..EVENT_COUNT {
            let state = states().swap_remove(state_index);
            let event = event(event_index);
            let (state_name, event_name) = (table_name(&state), event.name());
            let expected = ACCEPTED
                .iter()
                .find(|(s, e, _, _)| *s == state_name && *e == event_name);
            match (transition(state, event, cx()), expected) {
                (Ok((next, effects)), Some((_, _, want_state, want_effects))) => {
                    let names: Vec<_> = effects.iter().map(Effect::name).collect();
                    assert_eq!(
                        (next.name(), names.as_slice()),
                        (*want_state, *want_effects),
                        "{state_name} x {event_name}"
                    );
                }
                (Err(refused), None) => {
                    assert_eq!(
                        table_name(&refused.state),
                        state_name,
                        "state must be handed back"
                    );
                    assert_eq!(refused.event, event_name);
                }
                (Ok((next, _)), None) => {
                    panic!(
                        "{state_name} x {event_name} accepted (-> {}) but should be refused",
                        next.name()
                    )
                }
                (Err(_), Some(_)) => {
                    panic!("{state_name} x {event_name} refused but should be accepted")
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 47 * EVENT_COUNT);
    let used = ACCEPTED.len();
    assert!(used > 80, "the table lists {used} transitions");
}
