//! Which user pool and app client the core talks to.

/// A user pool app client. `endpoint` overrides the AWS endpoint (the local pool's URL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolSettings {
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub endpoint: Option<String>,
}

impl PoolSettings {
    /// The token store key of this app client's session.
    pub fn store_key(&self) -> crate::store::StoreKey {
        crate::store::StoreKey {
            user_pool_id: self.user_pool_id.clone(),
            client_id: self.client_id.clone(),
        }
    }
}
