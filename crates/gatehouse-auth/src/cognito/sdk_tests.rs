//! The SDK adapter against a one-shot HTTP responder: proves the calls go out unsigned with
//! Cognito's JSON protocol, that answers are read into port types and that errors and transport
//! failures map to the right `AuthError`. (The real pool is exercised by the workspace's
//! integration tests.)

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;

/// Serves one request with `status` and `body`; returns the endpoint and the raw request.
pub(super) async fn respond_once(
    status: u16,
    body: &'static str,
) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = socket.read(&mut buf).await.unwrap();
            request.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&request);
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if request.len() >= end + 4 + length {
                    break;
                }
            }
        }
        let reply = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(reply.as_bytes()).await.unwrap();
        String::from_utf8(request).unwrap()
    });
    (endpoint, server)
}

pub(super) fn settings(endpoint: String) -> PoolSettings {
    PoolSettings::new(
        "local",
        "us-east-1",
        "us-east-1_Local",
        "client-1",
        Some(endpoint),
    )
}

#[tokio::test]
async fn initiate_auth_is_sent_unsigned_and_its_challenge_is_read() {
    let (endpoint, server) = respond_once(
        200,
        r#"{"ChallengeName":"PASSWORD_VERIFIER","Session":"sess-1","ChallengeParameters":{"USER_ID_FOR_SRP":"uid","SRP_B":"0b","SALT":"0c","SECRET_BLOCK":"AA=="}}"#,
    )
    .await;
    let step = SdkCognito::new(&settings(endpoint))
        .initiate_srp_auth("ana".into(), "0a".into())
        .await
        .unwrap();
    let AuthStep::PasswordVerifier(challenge) = step else {
        panic!("{step:?}")
    };
    assert_eq!(challenge.user_id_for_srp, "uid");
    assert_eq!(challenge.session.unwrap().expose(), "sess-1");

    let request = server.await.unwrap().to_ascii_lowercase();
    assert!(
        request.contains("x-amz-target: awscognitoidentityproviderservice.initiateauth"),
        "{request}"
    );
    assert!(request.contains("application/x-amz-json-1.1"));
    assert!(
        !request.contains("authorization:"),
        "user-pool calls are unsigned: {request}"
    );
    assert!(request.contains(r#""authflow":"user_srp_auth""#));
}

#[tokio::test]
async fn a_cognito_error_maps_by_its_code() {
    let (endpoint, server) = respond_once(
        400,
        r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
    )
    .await;
    let err = SdkCognito::new(&settings(endpoint))
        .respond_to_password_verifier(PasswordVerifierAnswer {
            username: "ana".into(),
            secret_block: "AA==".into(),
            signature: "sig".into(),
            timestamp: "Mon Feb 3 07:05:09 UTC 2025".into(),
            session: Some(ChallengeSession::new("sess-1".into())),
            device_key: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), crate::view::ErrorKind::IncorrectCredentials);
    let request = server.await.unwrap();
    assert!(
        request.contains(r#""Session":"sess-1""#),
        "the challenge session goes back: {request}"
    );
}

#[tokio::test]
async fn an_unreachable_pool_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    drop(listener); // nothing listens there now
    let err = SdkCognito::new(&settings(endpoint))
        .resend_confirmation_code("ana".into())
        .await
        .unwrap_err();
    assert!(matches!(err, AuthError::Network { .. }), "{err:?}");
}

/// A confidential client: `client-1` with the secret `client-secret-1`. Expected hashes from
/// Python's `hmac`/`hashlib`/`base64` (see `secret_hash`).
fn confidential(endpoint: String) -> SdkCognito {
    SdkCognito::new(&PoolSettings {
        client_secret: Some(crate::ClientSecret::new("client-secret-1".into())),
        ..settings(endpoint)
    })
}

const HASH_OF_ANA: &str = "lsAFJqaFHCjvOw6Qsr8BuTty51d3E5dCSEuBBFndWeE=";

#[tokio::test]
async fn a_confidential_client_signs_each_unauthenticated_call_with_its_secret_hash() {
    // SignUp and the other username calls: `SecretHash` of the username.
    let (endpoint, server) = respond_once(200, r#"{"UserConfirmed":false,"UserSub":"s"}"#).await;
    confidential(endpoint)
        .sign_up(
            "ana".into(),
            Password::new("Correct-Horse-1".into()),
            Default::default(),
        )
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(
        request.contains(&format!(r#""SecretHash":"{HASH_OF_ANA}""#)),
        "{request}"
    );
    assert!(
        !request.contains("client-secret-1"),
        "the secret itself stays here"
    );

    // InitiateAuth: `AuthParameters.SECRET_HASH`.
    let (endpoint, server) = respond_once(
        200,
        r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"USER_ID_FOR_SRP":"ana-id","SRP_B":"0b","SALT":"0c","SECRET_BLOCK":"AA=="}}"#,
    )
    .await;
    confidential(endpoint)
        .initiate_srp_auth("ana".into(), "0a".into())
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(
        request.contains(&format!(r#""SECRET_HASH":"{HASH_OF_ANA}""#)),
        "{request}"
    );

    // RespondToAuthChallenge: `ChallengeResponses.SECRET_HASH` of that answer's `USERNAME`.
    let (endpoint, server) = respond_once(400, r#"{"__type":"CodeMismatchException"}"#).await;
    let _ = confidential(endpoint)
        .respond_to_password_verifier(PasswordVerifierAnswer {
            username: "ana-id".into(),
            secret_block: "AA==".into(),
            signature: "sig".into(),
            timestamp: "Mon Feb 3 07:05:09 UTC 2025".into(),
            session: None,
            device_key: None,
        })
        .await;
    let request = server.await.unwrap();
    for part in [
        r#""SECRET_HASH":"lxOEtswkLi8glLrdztPy8tgUEmsggyIeaIqExKSFPzY=""#,
        r#""USERNAME":"ana-id""#,
    ] {
        assert!(request.contains(part), "{part} in {request}");
    }

    // REFRESH_TOKEN_AUTH: the hash of the token's user, by `sub`.
    let (endpoint, server) = respond_once(400, r#"{"__type":"NotAuthorizedException"}"#).await;
    let _ = confidential(endpoint)
        .refresh_tokens(RefreshToken::new("rt-1".into()), "sub-ana".into(), None)
        .await;
    let request = server.await.unwrap();
    assert!(
        request.contains(r#""SECRET_HASH":"ML79kHUipyV6NoYl9PqKtdC8zd8EmMK6ksxN9DJjRp8=""#),
        "{request}"
    );

    // RevokeToken takes the secret itself: the one call it is sent to.
    let (endpoint, server) = respond_once(200, "{}").await;
    confidential(endpoint)
        .revoke_token(RefreshToken::new("rt-1".into()))
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(
        request.contains(r#""ClientSecret":"client-secret-1""#),
        "{request}"
    );
}

#[tokio::test]
async fn a_public_client_sends_no_secret_hash() {
    let (endpoint, server) = respond_once(200, "{}").await;
    SdkCognito::new(&settings(endpoint))
        .forgot_password("ana".into())
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(
        !request.contains("SecretHash") && !request.contains("SECRET_HASH"),
        "{request}"
    );
}
