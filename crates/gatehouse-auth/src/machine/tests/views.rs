//! What each state shows: busy states keep the screen their action started from, and no view
//! carries a challenge session, a token or the TOTP secret outside the setup screen.

use super::*;
use crate::view::{AuthView, Screen};

fn kind(screen: &Screen) -> &'static str {
    match screen {
        Screen::Starting => "starting",
        Screen::SignIn { .. } => "signIn",
        Screen::SignUp { .. } => "signUp",
        Screen::ConfirmSignUp { .. } => "confirmSignUp",
        Screen::ConfirmSignIn { .. } => "confirmSignIn",
        Screen::SelectMfa { .. } => "selectMfa",
        Screen::SetUpTotp { .. } => "setUpTotp",
        Screen::NewPassword { .. } => "newPassword",
        Screen::ForgotPassword { .. } => "forgotPassword",
        Screen::ResetPassword { .. } => "resetPassword",
        Screen::SignedIn { .. } => "signedIn",
    }
}

#[test]
fn every_state_shows_the_screen_of_its_action_and_says_whether_it_is_busy() {
    let expected = [
        ("Starting", "starting", false),
        ("RestoringSession", "starting", true),
        ("VerifyingSession", "starting", true),
        ("RefreshingSession", "starting", true),
        ("StoringSession", "signedIn", true),
        ("ClearingSession", "signIn", true),
        ("SignedOut", "signIn", false),
        ("SignUpForm", "signUp", false),
        ("SigningUp", "signUp", true),
        ("AwaitingSignUpCode", "confirmSignUp", false),
        ("ConfirmingSignUp", "confirmSignUp", true),
        ("ResendingCode", "confirmSignUp", true),
        ("SigningIn", "signIn", true),
        ("VerifyingPassword", "signIn", true),
        ("AwaitingMfaCode", "confirmSignIn", false),
        ("ConfirmingMfaCode", "confirmSignIn", true),
        ("AwaitingMfaChoice", "selectMfa", false),
        ("SubmittingMfaChoice", "selectMfa", true),
        ("AssociatingTotp", "signIn", true),
        ("SettingUpTotp", "setUpTotp", false),
        ("VerifyingTotp", "setUpTotp", true),
        ("CompletingMfaSetup", "setUpTotp", true),
        ("AwaitingNewPassword", "newPassword", false),
        ("SettingNewPassword", "newPassword", true),
        ("ForgotPasswordForm", "forgotPassword", false),
        ("RequestingPasswordReset", "forgotPassword", true),
        ("AwaitingResetCode", "resetPassword", false),
        ("ConfirmingPasswordReset", "resetPassword", true),
        ("SignedIn", "signedIn", false),
        ("SettingMfaPreference", "signedIn", true),
        ("SigningOut", "signedIn", true),
        ("SigningOutEverywhere", "signedIn", true),
        ("SavingAttributes", "signedIn", true),
        ("VerifyingAttribute", "signedIn", true),
        ("SendingAttributeCode", "signedIn", true),
        ("ChangingPassword", "signedIn", true),
        ("DeletingAccount", "signedIn", true),
        ("SavingAttributes", "signedIn", true),
        ("AssociatingTotp", "signedIn", true),
        ("SettingUpTotp", "setUpTotp", false),
        ("VerifyingTotp", "setUpTotp", true),
        ("VerifyingPassword", "signIn", true),
        ("VerifyingDevice", "signIn", true),
        ("ConfirmingDevice", "signedIn", true),
        ("ListingDevices", "signedIn", true),
        ("UpdatingDevice", "signedIn", true),
        ("ForgettingDevice", "signedIn", true),
    ];
    let states = states();
    assert_eq!(states.len(), expected.len());
    for (state, (name, screen, busy)) in states.iter().zip(expected) {
        assert_eq!(state.name(), name);
        let view = AuthView::of(state, &pool());
        assert_eq!((kind(&view.screen), view.busy), (screen, busy), "{name}");
        let json = serde_json::to_string(&view).unwrap();
        for secret in [
            "challenge-session",
            "refresh-token-of-ana",
            "eyJ",
            "device-password",
            "group-1",
        ] {
            assert!(!json.contains(secret), "{name}: {json}");
        }
        if screen != "setUpTotp" {
            assert!(!json.contains("JBSWY3DP"), "{name}: {json}");
        }
    }
}

#[test]
fn the_pools_refusal_of_a_new_password_points_at_the_new_password() {
    let state = AuthState::AwaitingResetCode {
        username: "ana".into(),
        delivery: None,
        feedback: Feedback::error(AuthError::InvalidPassword {
            message: "Password not long enough".into(),
        }),
    };
    let error = AuthView::of(&state, &pool()).error.unwrap();
    assert_eq!(error.field, Some(Field::NewPassword));
}

#[test]
fn errors_and_notices_reach_the_ui_as_kinds_with_their_detail() {
    let state = AuthState::SignedIn {
        account: account(),
        feedback: Feedback::error(AuthError::invalid(
            Field::NewPassword,
            crate::error::InputProblem::PasswordTooShort { minimum: 12 },
        )),
    };
    let json = serde_json::to_value(AuthView::of(&state, &pool())).unwrap();
    assert_eq!(
        json["error"],
        serde_json::json!({
            "kind": "passwordTooShort",
            "field": "newPassword",
            "attribute": null,
            "detail": "12"
        })
    );
    assert!(json["screen"]["policy"]["minimumLength"].is_number());
    let state = AuthState::SignedOut {
        username: None,
        feedback: Feedback::sent(crate::view::NoticeKind::NewCodeSent, delivery().as_ref()),
    };
    let json = serde_json::to_value(AuthView::of(&state, &pool())).unwrap();
    assert_eq!(
        json["notice"],
        serde_json::json!({ "kind": "newCodeSent", "destination": "a***@e***.com" })
    );
}
