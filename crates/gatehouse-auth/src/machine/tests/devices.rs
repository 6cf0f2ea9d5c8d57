//! Remembered devices in the machine: a new device is confirmed after the session is stored and
//! the prompt raised when the pool asks; the session keeps the `DEVICE_KEY` its tokens were issued
//! with (for the refresh); the list follows `GetUser` only when this device is tracked; a device
//! challenge without a remembered device is refused; forgetting this device forgets it here too.

use chrono::Duration;

use super::rules::{error_of, step};
use super::*;
use crate::cognito::NewDevice;

const KEY: &str = "us-east-1_device-1";

fn tracked_account(prompt: bool) -> Account {
    let mut account = account();
    account.session.device_key = Some(KEY.into());
    account.device_prompt = prompt;
    account.devices = vec![remote_device(KEY, !prompt)];
    account
}

fn account_of(state: &AuthState) -> &Account {
    match state {
        AuthState::VerifyingSession { account, .. }
        | AuthState::SignedIn { account, .. }
        | AuthState::StoringSession { account, .. }
        | AuthState::RefreshingSession { account, .. }
        | AuthState::ConfirmingDevice { account, .. }
        | AuthState::ListingDevices { account, .. }
        | AuthState::UpdatingDevice { account, .. }
        | AuthState::ForgettingDevice { account, .. } => account,
        other => panic!("no account in {}", other.name()),
    }
}

#[test]
fn a_new_device_is_confirmed_once_the_session_is_stored_and_the_prompt_raised() {
    let tokens = crate::session::Tokens {
        new_device: Some(NewDevice {
            key: KEY.into(),
            group_key: "group-1".into(),
        }),
        ..fixtures::tokens("ana", t0(), Duration::hours(1))
    };
    let verifying = AuthState::VerifyingPassword {
        username: "ana".into(),
        user_id: "ana".into(),
        device: None,
    };
    let (storing, effects) = step(verifying, AuthEvent::Authenticated(tokens), t0());
    assert_eq!(effects, ["StoreTokens"]);
    assert_eq!(
        account_of(&storing).session.device_key.as_deref(),
        Some(KEY)
    );
    let (confirming, effects) = step(storing, AuthEvent::TokensStored, t0());
    assert_eq!(
        (confirming.name(), effects.as_slice()),
        ("ConfirmingDevice", &["ConfirmDevice"][..])
    );
    let (loading, effects) = step(
        confirming,
        AuthEvent::DeviceConfirmed { prompt: true },
        t0(),
    );
    assert_eq!(effects, ["CallGetUser"]);
    assert!(account_of(&loading).device_prompt);
    // This device is tracked: the list follows the user.
    let (listing, effects) = step(loading, AuthEvent::UserLoaded(RemoteUser::default()), t0());
    assert_eq!(
        (listing.name(), effects.as_slice()),
        ("ListingDevices", &["CallListDevices"][..])
    );
}

#[test]
fn the_prompt_is_answered_with_a_fresh_token_and_only_while_it_is_asked() {
    let signed_in = |prompt| AuthState::SignedIn {
        account: tracked_account(prompt),
        feedback: Feedback::default(),
    };
    let answer = || AuthEvent::DevicePromptAnswered { remember: true };
    let (next, effects) = step(signed_in(true), answer(), t0());
    assert_eq!(
        (next.name(), effects.as_slice()),
        ("UpdatingDevice", &["CallUpdateDeviceStatus"][..])
    );
    let (next, effects) = step(next, AuthEvent::DeviceStatusUpdated, t0());
    assert_eq!(effects, ["CallGetUser"]);
    assert!(!account_of(&next).device_prompt, "answered");

    let due = t0() + Duration::minutes(59) + Duration::seconds(30);
    let (next, effects) = step(signed_in(true), answer(), due);
    assert_eq!(
        (next.name(), effects.as_slice()),
        ("RefreshingSession", &["RefreshTokens"][..])
    );
    let (next, effects) = step(signed_in(false), answer(), t0());
    assert!(effects.is_empty());
    assert_eq!(
        error_of(&next).map(AuthError::kind),
        Some(ErrorKind::NotOffered)
    );
}

#[test]
fn the_refresh_names_the_device_the_tokens_were_issued_with() {
    let signed_in = AuthState::SignedIn {
        account: tracked_account(false),
        feedback: Feedback::default(),
    };
    let due = t0() + Duration::minutes(59) + Duration::seconds(30);
    let (_, effects) = transition(signed_in, AuthEvent::FreshSessionRequested, at(due)).unwrap();
    let [Effect::RefreshTokens { device_key, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(device_key.as_deref(), Some(KEY));
}

#[test]
fn a_device_challenge_without_a_remembered_device_is_refused() {
    let verifying = AuthState::VerifyingPassword {
        username: "ana".into(),
        user_id: "ana".into(),
        device: None,
    };
    let device_challenge = AuthEvent::ChallengeReceived(ChallengeStep {
        kind: ChallengeKind::DeviceSrp,
        session: ChallengeSession::new("challenge-session-2".into()),
        user_id: None,
    });
    let (next, effects) = step(verifying, device_challenge, t0());
    assert!(effects.is_empty());
    assert_eq!(
        error_of(&next).map(AuthError::kind),
        Some(ErrorKind::UnsupportedChallenge)
    );

    let with_device = AuthState::VerifyingPassword {
        username: "ana".into(),
        user_id: "ana".into(),
        device: Some(stored_device()),
    };
    let device_challenge = AuthEvent::ChallengeReceived(ChallengeStep {
        kind: ChallengeKind::DeviceSrp,
        session: ChallengeSession::new("challenge-session-2".into()),
        user_id: None,
    });
    let (next, effects) = step(with_device, device_challenge, t0());
    assert_eq!(
        (next.name(), effects.as_slice()),
        ("VerifyingDevice", &["ProveDevice"][..])
    );
}

#[test]
fn forgetting_this_device_forgets_its_secrets_here_too() {
    let forgetting = AuthState::ForgettingDevice {
        account: tracked_account(true),
        device_key: KEY.into(),
    };
    let (next, effects) = step(forgetting, AuthEvent::DeviceForgotten, t0());
    assert_eq!(
        (next.name(), effects.as_slice()),
        ("ForgettingDevice", &["ClearDevice"][..])
    );
    assert!(!account_of(&next).device_prompt);
    let (next, effects) = step(next, AuthEvent::DeviceCleared, t0());
    assert_eq!(effects, ["CallGetUser"]);
    let AuthState::VerifyingSession { feedback, .. } = &next else {
        panic!("{}", next.name())
    };
    assert_eq!(
        feedback.notice.as_ref().map(|n| n.kind),
        Some(crate::view::NoticeKind::DeviceForgotten)
    );
}
