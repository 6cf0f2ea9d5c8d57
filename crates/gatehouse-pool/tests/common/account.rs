//! Accounts with attributes, as the account tests need them.

use serde_json::{json, Value};

use super::{TestPool, PASSWORD};

/// The desktop app's schema plus an attribute set once at sign-up.
fn account_schema(auto_verified: Value) -> Value {
    json!({"AutoVerifiedAttributes": auto_verified, "Schema": [
        {"Name": "email", "AttributeDataType": "String", "Required": true, "Mutable": true},
        {"Name": "phone_number", "AttributeDataType": "String", "Mutable": true},
        {"Name": "team", "AttributeDataType": "String", "Mutable": true,
         "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "20"}},
        {"Name": "employee_id", "AttributeDataType": "String", "Mutable": false},
    ]})
}

impl TestPool {
    /// Jane: confirmed through her emailed code, with a team and an employee id; returns her pool,
    /// client and sign-in tokens.
    pub async fn jane_signed_in(&self, auto_verified: Value) -> (String, String, Value) {
        let (pool_id, client_id) = self
            .pool_with(account_schema(auto_verified), json!({}))
            .await;
        let attributes = json!([{"Name": "email", "Value": "jane@example.com"},
            {"Name": "custom:team", "Value": "blue"}, {"Name": "custom:employee_id", "Value": "E1"}]);
        self.sign_up_with(&client_id, "jane", attributes)
            .await
            .unwrap();
        let code = self.last_code("jane");
        self.confirm_sign_up(&client_id, "jane", &code)
            .await
            .unwrap();
        let tokens = self.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
        (pool_id, client_id, tokens)
    }

    /// `GetUser`'s attributes as a name -> value map.
    pub async fn my_attributes(&self, tokens: &Value) -> Value {
        let me = self.me(&tokens["AccessToken"]).await;
        let pairs = me["UserAttributes"].as_array().unwrap().iter();
        pairs
            .map(|a| (a["Name"].as_str().unwrap().to_owned(), a["Value"].clone()))
            .collect()
    }
}
