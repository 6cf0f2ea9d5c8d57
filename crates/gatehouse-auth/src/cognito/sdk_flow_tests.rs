//! The SDK adapter's wire shape for the challenges, authenticator, MFA, sign-out and recovery
//! operations: what each request carries, and how each answer is read.

use super::tests::{respond_once, settings};
use super::*;
use crate::cognito::{ChallengeAnswer, ChallengeKind, ChallengeStep};
use crate::view::MfaMethod;

const TOKENS: &str = r#"{"AuthenticationResult":{"IdToken":"id.x.y","AccessToken":"ac.x.y","RefreshToken":"rt","ExpiresIn":3600,"TokenType":"Bearer"}}"#;

fn port(endpoint: String) -> SdkCognito {
    SdkCognito::new(&settings(endpoint))
}

fn expect_challenge(step: AuthStep) -> ChallengeStep {
    match step {
        AuthStep::Challenge(challenge) => challenge,
        other => panic!("expected a challenge, got {other:?}"),
    }
}

fn respond(answer: ChallengeAnswer) -> ChallengeResponse {
    ChallengeResponse {
        user_id: "ana-id".into(),
        session: ChallengeSession::new("sess-in".into()),
        answer,
        device_key: None,
    }
}

#[tokio::test]
async fn an_sms_challenge_is_read_with_its_delivery_and_answered_with_its_code() {
    let (endpoint, _) = respond_once(
        200,
        r#"{"ChallengeName":"SMS_MFA","Session":"sess-2","ChallengeParameters":{"CODE_DELIVERY_DELIVERY_MEDIUM":"SMS","CODE_DELIVERY_DESTINATION":"+*******0100","USER_ID_FOR_SRP":"ana-id"}}"#,
    )
    .await;
    let step = port(endpoint)
        .respond_to_challenge(respond(ChallengeAnswer::SelectMfa(MfaMethod::Sms)))
        .await
        .unwrap();
    let challenge = expect_challenge(step);
    assert_eq!(challenge.session.expose(), "sess-2");
    assert_eq!(challenge.user_id.as_deref(), Some("ana-id"));
    let ChallengeKind::Mfa {
        method: MfaMethod::Sms,
        delivery: Some(delivery),
    } = challenge.kind
    else {
        panic!("{:?}", challenge.kind)
    };
    assert_eq!(
        (delivery.medium.as_str(), delivery.destination.as_str()),
        ("SMS", "+*******0100")
    );

    let (endpoint, server) = respond_once(200, TOKENS).await;
    let step = port(endpoint)
        .respond_to_challenge(respond(ChallengeAnswer::MfaCode {
            method: MfaMethod::Sms,
            code: ConfirmationCode::new("123456".into()),
        }))
        .await
        .unwrap();
    assert!(matches!(step, AuthStep::Authenticated(_)), "{step:?}");
    let request = server.await.unwrap();
    for part in [
        r#""ChallengeName":"SMS_MFA""#,
        r#""SMS_MFA_CODE":"123456""#,
        r#""USERNAME":"ana-id""#,
        r#""Session":"sess-in""#,
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }
}

#[tokio::test]
async fn the_other_challenges_are_read() {
    let cases = [
        (
            r#"{"ChallengeName":"SELECT_MFA_TYPE","Session":"s","ChallengeParameters":{"MFAS_CAN_CHOOSE":"[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}}"#,
            ChallengeKind::SelectMfa {
                options: vec![MfaMethod::Sms, MfaMethod::Totp],
            },
        ),
        (
            r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"s","ChallengeParameters":{}}"#,
            ChallengeKind::Mfa {
                method: MfaMethod::Totp,
                delivery: None,
            },
        ),
        (
            r#"{"ChallengeName":"MFA_SETUP","Session":"s","ChallengeParameters":{"MFAS_CAN_SETUP":"[\"SOFTWARE_TOKEN_MFA\"]"}}"#,
            ChallengeKind::MfaSetup,
        ),
        (
            r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"s","ChallengeParameters":{"requiredAttributes":"[\"userAttributes.email\",\"userAttributes.custom:team\"]","userAttributes":"{}"}}"#,
            ChallengeKind::NewPassword {
                required_attributes: vec!["email".into(), "custom:team".into()],
            },
        ),
    ];
    for (body, kind) in cases {
        let (endpoint, _) = respond_once(200, body).await;
        let step = port(endpoint)
            .respond_to_challenge(respond(ChallengeAnswer::MfaSetup))
            .await
            .unwrap();
        assert_eq!(expect_challenge(step).kind, kind, "{body}");
    }
}

#[tokio::test]
async fn a_new_password_is_sent_with_its_user_attributes() {
    let (endpoint, server) = respond_once(200, TOKENS).await;
    port(endpoint)
        .respond_to_challenge(respond(ChallengeAnswer::NewPassword {
            password: Password::new("Brand-New-7".into()),
            attributes: [("email".to_owned(), "ana@example.com".to_owned())].into(),
        }))
        .await
        .unwrap();
    let request = server.await.unwrap();
    for part in [
        r#""ChallengeName":"NEW_PASSWORD_REQUIRED""#,
        r#""NEW_PASSWORD":"Brand-New-7""#,
        r#""userAttributes.email":"ana@example.com""#,
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }
}

#[tokio::test]
async fn associating_and_verifying_a_software_token_with_a_session() {
    let (endpoint, server) = respond_once(
        200,
        r#"{"SecretCode":"JBSWY3DPEHPK3PXP","Session":"sess-2"}"#,
    )
    .await;
    let association = port(endpoint)
        .associate_software_token(TokenAuth::Session(ChallengeSession::new("sess-1".into())))
        .await
        .unwrap();
    assert_eq!(association.secret.expose(), "JBSWY3DPEHPK3PXP");
    assert_eq!(association.session.unwrap().expose(), "sess-2");
    let request = server.await.unwrap();
    assert!(request.contains(r#""Session":"sess-1""#), "{request}");
    assert!(request
        .to_ascii_lowercase()
        .contains("awscognitoidentityproviderservice.associatesoftwaretoken"));

    let (endpoint, server) = respond_once(200, r#"{"Status":"SUCCESS","Session":"sess-3"}"#).await;
    let session = port(endpoint)
        .verify_software_token(
            TokenAuth::Session(ChallengeSession::new("sess-2".into())),
            ConfirmationCode::new("123456".into()),
            Some("Phone".into()),
        )
        .await
        .unwrap();
    assert_eq!(session.unwrap().expose(), "sess-3");
    let request = server.await.unwrap();
    for part in [
        r#""UserCode":"123456""#,
        r#""FriendlyDeviceName":"Phone""#,
        r#""Session":"sess-2""#,
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }

    let (endpoint, _) = respond_once(200, r#"{"Status":"ERROR"}"#).await;
    let error = port(endpoint)
        .verify_software_token(
            TokenAuth::Access(AccessToken::new("ac.x.y".into())),
            ConfirmationCode::new("000000".into()),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(error, AuthError::CodeMismatch);
}

#[tokio::test]
async fn mfa_preferences_are_sent_for_both_factors() {
    let (endpoint, server) = respond_once(200, "{}").await;
    port(endpoint)
        .set_mfa_preference(
            AccessToken::new("ac.x.y".into()),
            MfaChoice::Disabled,
            MfaChoice::Preferred,
        )
        .await
        .unwrap();
    let request = server.await.unwrap();
    for part in [
        r#""SMSMfaSettings":{"Enabled":false,"PreferredMfa":false}"#,
        r#""SoftwareTokenMfaSettings":{"Enabled":true,"PreferredMfa":true}"#,
        r#""AccessToken":"ac.x.y""#,
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }
}

#[tokio::test]
async fn get_user_reads_the_mfa_settings() {
    let (endpoint, _) = respond_once(
        200,
        r#"{"Username":"ana","UserAttributes":[{"Name":"phone_number","Value":"+15555550100"}],"UserMFASettingList":["SOFTWARE_TOKEN_MFA"],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA"}"#,
    )
    .await;
    let user = port(endpoint)
        .get_user(AccessToken::new("ac.x.y".into()))
        .await
        .unwrap();
    assert_eq!(user.mfa_enabled, [MfaMethod::Totp]);
    assert_eq!(user.mfa_preferred, Some(MfaMethod::Totp));
    assert_eq!(user.attributes["phone_number"], "+15555550100");
}

#[tokio::test]
async fn revoking_sends_the_refresh_token_and_the_client() {
    let (endpoint, server) = respond_once(200, "{}").await;
    port(endpoint)
        .revoke_token(RefreshToken::new("rt-1".into()))
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(request.contains(r#""Token":"rt-1""#), "{request}");
    assert!(request.contains(r#""ClientId":"client-1""#), "{request}");
}

#[tokio::test]
async fn a_password_reset_reads_its_delivery_and_sends_code_and_password() {
    let (endpoint, _) = respond_once(
        200,
        r#"{"CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
    )
    .await;
    let delivery = port(endpoint)
        .forgot_password("ana".into())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (delivery.medium.as_str(), delivery.destination.as_str()),
        ("EMAIL", "a***@e***")
    );

    let (endpoint, server) = respond_once(200, "{}").await;
    port(endpoint)
        .confirm_forgot_password(
            "ana".into(),
            ConfirmationCode::new("123456".into()),
            Password::new("Brand-New-7".into()),
        )
        .await
        .unwrap();
    let request = server.await.unwrap();
    for part in [
        r#""ConfirmationCode":"123456""#,
        r#""Password":"Brand-New-7""#,
        r#""Username":"ana""#,
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }
}

#[tokio::test]
async fn an_attribute_update_reads_where_the_codes_went() {
    let (endpoint, server) = respond_once(
        200,
        r#"{"CodeDeliveryDetailsList":[{"Destination":"n***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}]}"#,
    )
    .await;
    let deliveries = port(endpoint)
        .update_user_attributes(
            AccessToken::new("ac.x.y".into()),
            [("email".to_owned(), "new@example.com".to_owned())].into(),
        )
        .await
        .unwrap();
    assert_eq!(
        deliveries
            .iter()
            .map(|d| (d.destination.as_str(), d.attribute.as_deref()))
            .collect::<Vec<_>>(),
        [("n***@e***", Some("email"))]
    );
    let request = server.await.unwrap();
    for part in [
        "AWSCognitoIdentityProviderService.UpdateUserAttributes",
        r#""AccessToken":"ac.x.y""#,
        r#"{"Name":"email","Value":"new@example.com"}"#,
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }
}

#[tokio::test]
async fn a_password_change_sends_both_passwords_with_the_access_token() {
    let (endpoint, server) = respond_once(200, "{}").await;
    port(endpoint)
        .change_password(
            AccessToken::new("ac.x.y".into()),
            Password::new("Old-Horse-1".into()),
            Password::new("New-Horse-2".into()),
        )
        .await
        .unwrap();
    let request = server.await.unwrap();
    for part in [
        "AWSCognitoIdentityProviderService.ChangePassword",
        r#""PreviousPassword":"Old-Horse-1""#,
        r#""ProposedPassword":"New-Horse-2""#,
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }
}
