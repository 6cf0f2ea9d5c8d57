//! Remembered devices: a new device confirmed and stored after sign-in, the "Remember this
//! device?" answer, a remembered device proving itself instead of the second factor, a device the
//! pool forgot, the device list, and `DEVICE_KEY` on every answer and refresh.

use super::user_account::summary;
use super::*;
use crate::cognito::{NewDevice, RemoteDevice};
use crate::secret::DevicePassword;
use crate::store::StoredDevice;
use crate::view::NoticeKind;

const KEY: &str = "us-east-1_0f6c1e2a-device";

fn stored_device() -> StoredDevice {
    StoredDevice {
        key: KEY.into(),
        group_key: "-group-key".into(),
        password: DevicePassword::new("device-password-secret".into()),
    }
}

fn listed(key: &str, remembered: bool) -> RemoteDevice {
    RemoteDevice {
        key: key.into(),
        name: Some("Gatehouse on linux".into()),
        last_signed_in_at: Some("2023-11-14T22:13:20Z".into()),
        remembered,
    }
}

fn devices(list: &[RemoteDevice]) -> Reply {
    Reply::Devices(Ok(list.to_vec()))
}

/// The store of a user whose device is remembered on this computer.
fn store_with_device() -> Arc<MemoryStore> {
    let store = Arc::new(MemoryStore::new());
    store
        .save_device(&settings().store_key(), "ana", &stored_device())
        .unwrap();
    store
}

#[tokio::test]
async fn a_new_device_is_confirmed_stored_and_the_user_asked_whether_to_remember_it() {
    let tokens = Tokens {
        new_device: Some(NewDevice {
            key: KEY.into(),
            group_key: "-group-key".into(),
        }),
        ..tokens_at(t0())
    };
    let h = Harness::signed_out(vec![
        challenge("ana", None),
        signed_in(&tokens),
        Reply::Confirmed(Ok(true)),
        user(&[], None),
        devices(&[listed(KEY, false)]),
        Reply::Unit(Ok(())),
        user(&[], None),
        devices(&[listed(KEY, true)]),
    ])
    .await;
    let view = h.auth.dispatch(sign_in()).await;
    let user = summary(&view);
    assert!(user.device_prompt, "the pool leaves it to the user");
    assert_eq!(
        (user.devices.len(), user.devices[0].current),
        (1, true),
        "{user:?}"
    );
    let device = h
        .store
        .device(&settings().store_key(), "ana")
        .expect("the device is stored");
    assert_eq!(
        (device.key.as_str(), device.group_key.as_str()),
        (KEY, "-group-key")
    );
    assert_eq!(h.stored().unwrap().device_key.as_deref(), Some(KEY));

    let view = h
        .auth
        .dispatch(Intent::RememberDevice { remember: true })
        .await;
    assert_eq!(
        view.notice.as_ref().map(|n| n.kind),
        Some(NoticeKind::DeviceRemembered)
    );
    let user = summary(&view);
    assert!(!user.device_prompt, "answered");
    assert!(user.devices[0].remembered);
    assert_eq!(
        h.pool.calls(),
        [
            "InitiateAuth ana".to_owned(),
            "RespondToAuthChallenge ana none".to_owned(),
            format!("ConfirmDevice {KEY}"),
            "GetUser".to_owned(),
            "ListDevices".to_owned(),
            format!("UpdateDeviceStatus {KEY} remembered"),
            "GetUser".to_owned(),
            "ListDevices".to_owned(),
        ]
    );
    // Answered once: the prompt is not offered again.
    let view = h
        .auth
        .dispatch(Intent::RememberDevice { remember: false })
        .await;
    assert_eq!(refusal(&view).0, ErrorKind::NotOffered);
    h.assert_no_secret_reached_the_ui(&[device.password.expose(), "-group-key"]);
}

#[tokio::test]
async fn a_remembered_device_proves_itself_instead_of_the_second_factor() {
    let h = Harness::new(
        vec![
            challenge("ana", Some("s1")),
            challenged(ChallengeKind::DeviceSrp, "s2"),
            Reply::DeviceChallenge(Ok(PasswordVerifierChallenge {
                user_id_for_srp: "ana".into(),
                srp_b: "8f3a".repeat(96),
                salt: "a1b2c3d4".into(),
                secret_block: "c2VjcmV0LWJsb2Nr".into(),
                session: Some(ChallengeSession::new("s3".into())),
            })),
            signed_in(&tokens_at(t0())),
            user(&[MfaMethod::Totp], Some(MfaMethod::Totp)),
            devices(&[listed(KEY, true)]),
            Reply::Tokens(Ok(tokens_at(t0() + Duration::minutes(59)))),
            user(&[MfaMethod::Totp], Some(MfaMethod::Totp)),
            devices(&[listed(KEY, true)]),
        ],
        store_with_device(),
        t0(),
    );
    h.auth.start().await;
    let view = h.auth.dispatch(sign_in()).await;
    assert!(summary(&view).devices[0].current, "{view:?}");
    assert_eq!(h.stored().unwrap().device_key.as_deref(), Some(KEY));

    // The refresh names the device the tokens were issued with.
    h.set_now(t0() + Duration::minutes(59) + Duration::seconds(30));
    h.auth.ensure_fresh_session().await;
    assert_eq!(
        h.pool.calls()[..7],
        [
            "InitiateAuth ana".to_owned(),
            format!("RespondToAuthChallenge ana s1 DEVICE_KEY={KEY}"),
            format!("DEVICE_SRP_AUTH ana s2 {KEY}"),
            format!("DEVICE_PASSWORD_VERIFIER ana DEVICE_KEY={KEY}"),
            "GetUser".to_owned(),
            "ListDevices".to_owned(),
            format!("Refresh refresh-token-of-ana DEVICE_KEY={KEY}"),
        ]
    );
    h.assert_no_secret_reached_the_ui(&["device-password-secret", "-group-key"]);
}

#[tokio::test]
async fn a_device_that_is_not_remembered_is_named_in_the_mfa_answer() {
    let h = Harness::new(
        vec![
            challenge("ana", Some("s1")),
            challenged(
                ChallengeKind::Mfa {
                    method: MfaMethod::Totp,
                    delivery: None,
                },
                "s2",
            ),
            signed_in(&tokens_at(t0())),
            user(&[MfaMethod::Totp], Some(MfaMethod::Totp)),
            devices(&[listed(KEY, false)]),
        ],
        store_with_device(),
        t0(),
    );
    h.auth.start().await;
    h.auth.dispatch(sign_in()).await;
    let view = h
        .auth
        .dispatch(Intent::ConfirmSignIn { code: code(CODE) })
        .await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
    assert_eq!(
        h.pool.calls()[2],
        format!("RespondToAuthChallenge ana s2 Totp code={CODE} DEVICE_KEY={KEY}")
    );
}

#[tokio::test]
async fn a_device_the_pool_forgot_is_dropped_and_the_password_proof_sent_again_without_it() {
    let h = Harness::new(
        vec![
            challenge("ana", Some("s1")),
            Reply::Step(Err(from_code(
                Some("ResourceNotFoundException"),
                Some("Device does not exist."),
            ))),
            challenged(
                ChallengeKind::Mfa {
                    method: MfaMethod::Totp,
                    delivery: None,
                },
                "s2",
            ),
            signed_in(&tokens_at(t0())),
            user(&[MfaMethod::Totp], Some(MfaMethod::Totp)),
        ],
        store_with_device(),
        t0(),
    );
    h.auth.start().await;
    let view = h.auth.dispatch(sign_in()).await;
    assert!(
        matches!(view.screen, Screen::ConfirmSignIn { .. }),
        "{view:?}"
    );
    assert_eq!(h.store.device(&settings().store_key(), "ana"), None);
    let view = h
        .auth
        .dispatch(Intent::ConfirmSignIn { code: code(CODE) })
        .await;
    assert!(summary(&view).devices.is_empty());
    assert_eq!(
        h.pool.calls(),
        [
            "InitiateAuth ana".to_owned(),
            format!("RespondToAuthChallenge ana s1 DEVICE_KEY={KEY}"),
            "RespondToAuthChallenge ana s1".to_owned(),
            format!("RespondToAuthChallenge ana s2 Totp code={CODE}"),
            "GetUser".to_owned(),
        ]
    );
}

/// Signed in on this device (`KEY`), with another device of ana's in the list.
async fn signed_in_on_this_device(replies: Vec<Reply>) -> Harness {
    let store = store_with_device();
    let mut session = Session::from_tokens(tokens_at(t0()), t0())
        .unwrap()
        .to_stored();
    session.device_key = Some(KEY.into());
    store.save(&settings().store_key(), &session).unwrap();
    let mut script = vec![
        user(&[], None),
        devices(&[listed(KEY, true), listed("us-east-1_other", false)]),
    ];
    script.extend(replies);
    let h = Harness::new(script, store, t0() + Duration::minutes(5));
    let view = h.auth.start().await;
    let current: Vec<bool> = summary(&view).devices.iter().map(|d| d.current).collect();
    assert_eq!(current, [true, false]);
    h
}

#[tokio::test]
async fn forgetting_this_device_also_forgets_its_secrets_here() {
    let h = signed_in_on_this_device(vec![
        Reply::Unit(Ok(())),
        user(&[], None),
        devices(&[listed("us-east-1_other", false)]),
    ])
    .await;
    let view = h
        .auth
        .dispatch(Intent::ForgetDevice {
            device_key: KEY.into(),
        })
        .await;
    assert_eq!(
        view.notice.as_ref().map(|n| n.kind),
        Some(NoticeKind::DeviceForgotten)
    );
    assert_eq!(summary(&view).devices.len(), 1);
    assert_eq!(h.store.device(&settings().store_key(), "ana"), None);
    assert_eq!(h.pool.calls()[2], format!("ForgetDevice {KEY}"));
}

#[tokio::test]
async fn another_device_is_remembered_or_forgotten_from_the_list() {
    let h = signed_in_on_this_device(vec![
        Reply::Unit(Ok(())),
        user(&[], None),
        devices(&[listed(KEY, true), listed("us-east-1_other", true)]),
        Reply::Unit(Ok(())),
        user(&[], None),
        devices(&[listed(KEY, true)]),
    ])
    .await;
    let view = h
        .auth
        .dispatch(Intent::SetDeviceRemembered {
            device_key: "us-east-1_other".into(),
            remembered: true,
        })
        .await;
    assert_eq!(
        view.notice.as_ref().map(|n| n.kind),
        Some(NoticeKind::DeviceRemembered)
    );
    let view = h
        .auth
        .dispatch(Intent::ForgetDevice {
            device_key: "us-east-1_other".into(),
        })
        .await;
    assert_eq!(
        view.notice.as_ref().map(|n| n.kind),
        Some(NoticeKind::DeviceForgotten)
    );
    // This device stays remembered here.
    assert!(h.store.device(&settings().store_key(), "ana").is_some());
    // A device the list does not show is refused before any call.
    let view = h
        .auth
        .dispatch(Intent::ForgetDevice {
            device_key: "us-east-1_unknown".into(),
        })
        .await;
    assert_eq!(refusal(&view).0, ErrorKind::NotOffered);
    assert_eq!(
        h.pool.calls()[2..],
        [
            "UpdateDeviceStatus us-east-1_other remembered".to_owned(),
            "GetUser".to_owned(),
            "ListDevices".to_owned(),
            "ForgetDevice us-east-1_other".to_owned(),
            "GetUser".to_owned(),
            "ListDevices".to_owned(),
        ]
    );
}
