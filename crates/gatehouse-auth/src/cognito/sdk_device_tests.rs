//! The SDK adapter's device calls against a one-shot HTTP responder: `NewDeviceMetadata` read
//! from an authentication result, `DEVICE_KEY` on the password answer and the refresh,
//! `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER`, `ConfirmDevice`, `ListDevices`,
//! `UpdateDeviceStatus` and `ForgetDevice`.

use super::tests::{respond_once, settings};
use super::*;
use crate::cognito::port::{DeviceSrpRequest, DeviceVerifier, NewDevice};

const KEY: &str = "us-east-1_0f6c1e2a-device";

fn target(request: &str, operation: &str) -> bool {
    request.to_ascii_lowercase().contains(&format!(
        "x-amz-target: awscognitoidentityproviderservice.{}",
        operation.to_ascii_lowercase()
    ))
}

#[tokio::test]
async fn new_device_metadata_is_read_and_the_password_answer_names_the_device() {
    let (endpoint, server) = respond_once(
        200,
        r#"{"AuthenticationResult":{"IdToken":"i","AccessToken":"a","RefreshToken":"r","ExpiresIn":3600,"TokenType":"Bearer","NewDeviceMetadata":{"DeviceKey":"us-east-1_0f6c1e2a-device","DeviceGroupKey":"-group"}}}"#,
    )
    .await;
    let step = SdkCognito::new(&settings(endpoint))
        .respond_to_password_verifier(PasswordVerifierAnswer {
            username: "ana".into(),
            secret_block: "AA==".into(),
            signature: "sig".into(),
            timestamp: "Mon Feb 3 07:05:09 UTC 2025".into(),
            session: None,
            device_key: Some(KEY.into()),
        })
        .await
        .unwrap();
    let AuthStep::Authenticated(tokens) = step else {
        panic!("{step:?}")
    };
    assert_eq!(
        tokens.new_device,
        Some(NewDevice {
            key: KEY.into(),
            group_key: "-group".into()
        })
    );
    let request = server.await.unwrap();
    assert!(
        request.contains(&format!(r#""DEVICE_KEY":"{KEY}""#)),
        "{request}"
    );
}

#[tokio::test]
async fn the_refresh_and_the_mfa_answer_name_the_device() {
    let (endpoint, server) = respond_once(400, r#"{"__type":"NotAuthorizedException"}"#).await;
    let _ = SdkCognito::new(&settings(endpoint))
        .refresh_tokens(
            RefreshToken::new("rt".into()),
            "sub".into(),
            Some(KEY.into()),
        )
        .await;
    let request = server.await.unwrap();
    assert!(
        request.contains(&format!(r#""DEVICE_KEY":"{KEY}""#)),
        "{request}"
    );

    let (endpoint, server) = respond_once(400, r#"{"__type":"CodeMismatchException"}"#).await;
    let _ = SdkCognito::new(&settings(endpoint))
        .respond_to_challenge(ChallengeResponse {
            user_id: "ana".into(),
            session: ChallengeSession::new("s".into()),
            answer: crate::cognito::ChallengeAnswer::MfaCode {
                method: crate::view::MfaMethod::Totp,
                code: ConfirmationCode::new("123456".into()),
            },
            device_key: Some(KEY.into()),
        })
        .await;
    let request = server.await.unwrap();
    assert!(
        request.contains(&format!(r#""DEVICE_KEY":"{KEY}""#)),
        "{request}"
    );
}

#[tokio::test]
async fn device_srp_is_answered_and_its_verifier_challenge_read() {
    let (endpoint, server) = respond_once(
        200,
        r#"{"ChallengeName":"DEVICE_PASSWORD_VERIFIER","Session":"s2","ChallengeParameters":{"USERNAME":"ana-id","DEVICE_KEY":"us-east-1_0f6c1e2a-device","SRP_B":"0b","SALT":"0c","SECRET_BLOCK":"AA=="}}"#,
    )
    .await;
    let challenge = SdkCognito::new(&settings(endpoint))
        .respond_to_device_srp(DeviceSrpRequest {
            user_id: "ana-id".into(),
            device_key: KEY.into(),
            srp_a: "0a".into(),
            session: ChallengeSession::new("s1".into()),
        })
        .await
        .unwrap();
    assert_eq!(
        (challenge.user_id_for_srp.as_str(), challenge.srp_b.as_str()),
        ("ana-id", "0b")
    );
    assert_eq!(challenge.session.unwrap().expose(), "s2");
    let request = server.await.unwrap();
    for part in [
        r#""ChallengeName":"DEVICE_SRP_AUTH""#,
        r#""SRP_A":"0a""#,
        r#""USERNAME":"ana-id""#,
        &format!(r#""DEVICE_KEY":"{KEY}""#),
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }

    let (endpoint, server) = respond_once(
        200,
        r#"{"AuthenticationResult":{"IdToken":"i","AccessToken":"a","RefreshToken":"r"}}"#,
    )
    .await;
    let step = SdkCognito::new(&settings(endpoint))
        .respond_to_device_password_verifier(PasswordVerifierAnswer {
            username: "ana-id".into(),
            secret_block: "AA==".into(),
            signature: "sig".into(),
            timestamp: "Mon Feb 3 07:05:09 UTC 2025".into(),
            session: Some(ChallengeSession::new("s2".into())),
            device_key: Some(KEY.into()),
        })
        .await
        .unwrap();
    assert!(matches!(step, AuthStep::Authenticated(_)), "{step:?}");
    let request = server.await.unwrap();
    for part in [
        r#""ChallengeName":"DEVICE_PASSWORD_VERIFIER""#,
        r#""PASSWORD_CLAIM_SIGNATURE":"sig""#,
        &format!(r#""DEVICE_KEY":"{KEY}""#),
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }
}

#[tokio::test]
async fn a_forgotten_device_is_refused_with_its_code() {
    let (endpoint, _server) = respond_once(
        400,
        r#"{"__type":"ResourceNotFoundException","message":"Device does not exist."}"#,
    )
    .await;
    let err = SdkCognito::new(&settings(endpoint))
        .respond_to_password_verifier(PasswordVerifierAnswer {
            username: "ana".into(),
            secret_block: "AA==".into(),
            signature: "sig".into(),
            timestamp: "Mon Feb 3 07:05:09 UTC 2025".into(),
            session: None,
            device_key: Some(KEY.into()),
        })
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AuthError::Service { code, .. } if code == "ResourceNotFoundException"),
        "{err:?}"
    );
}

#[tokio::test]
async fn confirm_device_sends_the_verifier_and_reads_whether_to_ask() {
    let (endpoint, server) = respond_once(200, r#"{"UserConfirmationNecessary":true}"#).await;
    let ask = SdkCognito::new(&settings(endpoint))
        .confirm_device(
            AccessToken::new("access".into()),
            KEY.into(),
            DeviceVerifier {
                password_verifier: "dmVyaWZpZXI=".into(),
                salt: "c2FsdA==".into(),
            },
            Some("Gatehouse on linux".into()),
        )
        .await
        .unwrap();
    assert!(ask);
    let request = server.await.unwrap();
    assert!(target(&request, "ConfirmDevice"), "{request}");
    for part in [
        r#""PasswordVerifier":"dmVyaWZpZXI=""#,
        r#""Salt":"c2FsdA==""#,
        r#""DeviceName":"Gatehouse on linux""#,
        &format!(r#""DeviceKey":"{KEY}""#),
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }
}

#[tokio::test]
async fn devices_are_listed_with_their_name_status_and_last_sign_in() {
    let (endpoint, server) = respond_once(
        200,
        r#"{"Devices":[{"DeviceKey":"us-east-1_0f6c1e2a-device","DeviceAttributes":[{"Name":"device_name","Value":"Gatehouse on linux"},{"Name":"device_status","Value":"valid"},{"Name":"dev:device_remembered_status","Value":"remembered"}],"DeviceLastAuthenticatedDate":1700000000}]}"#,
    )
    .await;
    let devices = SdkCognito::new(&settings(endpoint))
        .list_devices(AccessToken::new("access".into()))
        .await
        .unwrap();
    assert_eq!(
        devices,
        [RemoteDevice {
            key: KEY.into(),
            name: Some("Gatehouse on linux".into()),
            last_signed_in_at: Some("2023-11-14T22:13:20Z".into()),
            remembered: true,
        }]
    );
    assert!(target(&server.await.unwrap(), "ListDevices"));
}

#[tokio::test]
async fn device_status_and_forgetting_go_by_key() {
    let (endpoint, server) = respond_once(200, "{}").await;
    SdkCognito::new(&settings(endpoint))
        .update_device_status(AccessToken::new("access".into()), KEY.into(), false)
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(
        request.contains(r#""DeviceRememberedStatus":"not_remembered""#),
        "{request}"
    );

    let (endpoint, server) = respond_once(200, "{}").await;
    SdkCognito::new(&settings(endpoint))
        .forget_device(AccessToken::new("access".into()), KEY.into())
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(target(&request, "ForgetDevice"), "{request}");
    assert!(request.contains(&format!(r#""DeviceKey":"{KEY}""#)));
}
