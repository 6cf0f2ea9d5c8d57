//! Pools and clients as the tests need them.

use serde_json::{json, Value};

use super::TestPool;

impl TestPool {
    /// A pool with `pool_settings` (email auto-verified unless they say otherwise) and a public
    /// client with SRP and refresh plus `client_settings`; returns `(pool_id, client_id)`.
    pub async fn pool_with(
        &self,
        pool_settings: Value,
        client_settings: Value,
    ) -> (String, String) {
        let mut request = json!({"PoolName": "test", "AutoVerifiedAttributes": ["email"]});
        for (key, value) in pool_settings.as_object().unwrap() {
            request[key] = value.clone();
        }
        let pool = self.call("CreateUserPool", request).await.unwrap();
        let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
        let mut request = json!({"UserPoolId": pool_id, "ClientName": "desktop",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]});
        for (key, value) in client_settings.as_object().unwrap() {
            request[key] = value.clone();
        }
        let client = self.call("CreateUserPoolClient", request).await.unwrap();
        let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap();
        (pool_id, client_id.to_owned())
    }

    /// A pool that emails codes, and a public client allowing SRP and refresh.
    pub async fn pool_and_client(&self, client_settings: Value) -> (String, String) {
        self.pool_with(json!({}), client_settings).await
    }

    /// A confirmed user with a phone number, in a pool whose MFA is set to `mode` with SMS and
    /// software tokens; returns `(pool_id, client_id)`.
    pub async fn mfa_pool_with_user(&self, mode: &str, username: &str) -> (String, String) {
        let (pool_id, client_id) = self.pool_and_client(json!({})).await;
        self.call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool_id, "MfaConfiguration": mode,
                "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"},
                "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        )
        .await
        .unwrap();
        self.confirmed_user_with_phone(&pool_id, &client_id, username)
            .await;
        (pool_id, client_id)
    }

    /// A pool whose `PreSignUp` trigger is a loopback URL nothing listens on (its port was bound
    /// and freed), and its client.
    pub async fn pool_with_unreachable_pre_sign_up(&self) -> (String, String) {
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        self.pool_with(
            json!({"LambdaConfig": {"PreSignUp": format!("http://{closed}/trigger")}}),
            json!({}),
        )
        .await
    }
}
