//! Users: signing up and confirming, reading what the pool holds and "sent" them.

use serde_json::{json, Value};

use super::{Answer, TestPool, PASSWORD};

impl TestPool {
    /// `SignUp` with `PASSWORD` and these `UserAttributes`.
    pub async fn sign_up_with(&self, client_id: &str, username: &str, attributes: Value) -> Answer {
        self.call(
            "SignUp",
            json!({"ClientId": client_id, "Username": username, "Password": PASSWORD,
                "UserAttributes": attributes}),
        )
        .await
    }

    pub async fn sign_up(&self, client_id: &str, username: &str, email: &str) -> Answer {
        let email = json!([{"Name": "email", "Value": email}]);
        self.sign_up_with(client_id, username, email).await
    }

    pub fn last_code(&self, username: &str) -> String {
        self.pool
            .outbox(Some(username))
            .unwrap()
            .last()
            .expect("a message was sent")
            .code
            .clone()
    }

    pub async fn confirm_sign_up(&self, client_id: &str, username: &str, code: &str) -> Answer {
        self.call(
            "ConfirmSignUp",
            json!({"ClientId": client_id, "Username": username, "ConfirmationCode": code}),
        )
        .await
    }

    pub async fn confirmed_user(&self, client_id: &str, username: &str) {
        self.sign_up(client_id, username, &format!("{username}@example.com"))
            .await
            .unwrap();
        let code = self.last_code(username);
        self.confirm_sign_up(client_id, username, &code)
            .await
            .unwrap();
    }

    /// Signs up `username` with an email and a phone number (`+447700901234`), confirmed by an
    /// administrator (no code is read from the outbox).
    pub async fn confirmed_user_with_phone(&self, pool_id: &str, client_id: &str, username: &str) {
        let attributes = json!([{"Name": "email", "Value": format!("{username}@example.com")},
            {"Name": "phone_number", "Value": "+447700901234"}]);
        self.sign_up_with(client_id, username, attributes)
            .await
            .unwrap();
        self.call(
            "AdminConfirmSignUp",
            json!({"UserPoolId": pool_id, "Username": username}),
        )
        .await
        .unwrap();
    }

    /// The user as `AdminGetUser` reports it.
    pub async fn user(&self, pool_id: &str, username: &str) -> Value {
        self.call(
            "AdminGetUser",
            json!({"UserPoolId": pool_id, "Username": username}),
        )
        .await
        .unwrap()
    }

    /// The user's status as `AdminGetUser` reports it.
    pub async fn status_of(&self, pool_id: &str, username: &str) -> String {
        let user = self.user(pool_id, username).await;
        user["UserStatus"].as_str().unwrap().to_owned()
    }

    /// One of the user's attributes as `AdminGetUser` reports it.
    pub async fn attribute_of(&self, pool_id: &str, username: &str, name: &str) -> Option<Value> {
        let user = self.user(pool_id, username).await;
        let attributes = user["UserAttributes"].as_array().unwrap();
        let attribute = attributes.iter().find(|a| a["Name"] == name)?;
        Some(attribute["Value"].clone())
    }

    /// Whether `AdminGetUser` finds the user (a refused sign-up must leave none behind).
    pub async fn user_exists(&self, pool_id: &str, username: &str) -> bool {
        match self
            .call(
                "AdminGetUser",
                json!({"UserPoolId": pool_id, "Username": username}),
            )
            .await
        {
            Ok(_) => true,
            Err((code, _)) if code == "UserNotFoundException" => false,
            Err(other) => panic!("AdminGetUser failed: {other:?}"),
        }
    }

    /// The messages the pool "sent" to a user.
    pub fn outbox_of(&self, username: &str) -> Vec<gatehouse_pool::OutboxMessage> {
        self.pool.outbox(Some(username)).unwrap()
    }
}

/// A six-digit code that is not `code`: a wrong guess.
pub fn other_code(code: &str) -> String {
    format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000)
}
