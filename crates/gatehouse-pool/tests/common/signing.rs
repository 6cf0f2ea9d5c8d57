//! Signing requests as an AWS SDK does, with the real `aws-sigv4` signer: the pool's verifier is
//! checked against AWS's implementation, not against itself. Also the helpers of the tests of a
//! pool that checks signatures.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::{
    http_request::{sign, SignableBody, SignableRequest, SigningSettings},
    sign::v4,
};
use gatehouse_pool::AdminCredentials;
use serde_json::json;

use super::TestPool;

/// The admin key the signed pools of the tests accept.
pub const KEY_ID: &str = "AKIDGATEHOUSEADMIN";
pub const SECRET: &str = "gatehouse/admin+secret/EXAMPLEKEY";

/// AWS's answer to a signature that does not match.
pub const MISMATCH: &str = "The request signature we calculated does not match the signature you \
    provided. Check your AWS Secret Access Key and signing method. Consult the service \
    documentation for details.";

/// An access key (and optional STS session token) to sign with.
#[derive(Clone)]
pub struct Signer {
    pub key_id: String,
    pub secret: String,
    pub session_token: Option<String>,
    /// `cognito-idp` unless a test signs for another service.
    pub service: &'static str,
}

impl Signer {
    pub fn new(key_id: &str, secret: &str) -> Self {
        Self {
            key_id: key_id.into(),
            secret: secret.into(),
            session_token: None,
            service: "cognito-idp",
        }
    }

    /// The key `KEY_ID`/`SECRET`.
    pub fn admin() -> Self {
        Self::new(KEY_ID, SECRET)
    }

    /// The same key as the pool's admin credentials.
    pub fn credentials(&self) -> AdminCredentials {
        AdminCredentials::new(self.key_id.clone(), self.secret.clone())
    }

    /// The headers to add to a `POST /` of `body` as `operation` (the target and content type the
    /// test client sends are signed too), signed at `at`.
    pub fn sign(
        &self,
        endpoint: &str,
        operation: &str,
        body: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Vec<(String, String)> {
        let target = format!("AWSCognitoIdentityProviderService.{operation}");
        let headers = [
            ("x-amz-target", target.as_str()),
            ("content-type", "application/x-amz-json-1.1"),
        ];
        let identity = Credentials::new(
            &self.key_id,
            &self.secret,
            self.session_token.clone(),
            None,
            "test",
        )
        .into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name(self.service)
            .time(SystemTime::from(at))
            .settings(SigningSettings::default())
            .build()
            .expect("signing parameters")
            .into();
        let request = SignableRequest::new(
            "POST",
            endpoint,
            headers.into_iter(),
            SignableBody::Bytes(body.as_bytes()),
        )
        .expect("a signable request");
        let (instructions, _signature) = sign(request, &params)
            .expect("the request signs")
            .into_parts();
        instructions
            .headers()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect()
    }
}

impl TestPool {
    /// The names of the pools, read with a correctly signed `ListUserPools`.
    pub async fn pool_names(&self) -> Vec<String> {
        let pools = self
            .call("ListUserPools", json!({"MaxResults": 60}))
            .await
            .expect("a signed ListUserPools passes");
        pools["UserPools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pool| pool["Name"].as_str().unwrap().to_owned())
            .collect()
    }

    /// `CreateUserPool` named `name` with `headers`, which must be refused; returns the error
    /// after checking that no pool was created.
    pub async fn refused_create(
        &self,
        name: &str,
        headers: &[(String, String)],
    ) -> (String, String) {
        let before = self.pool_names().await;
        let body = json!({"PoolName": name}).to_string();
        let refused = self
            .send("CreateUserPool", body, headers)
            .await
            .expect_err("the pool refuses");
        assert_eq!(
            self.pool_names().await,
            before,
            "a refused call changes nothing"
        );
        refused
    }

    /// `signer`'s headers for `operation` with `body`, signed at the pool's time.
    pub fn signed_by(&self, signer: &Signer, operation: &str, body: &str) -> Vec<(String, String)> {
        signer.sign(&self.pool.endpoint(), operation, body, self.time.now())
    }
}
