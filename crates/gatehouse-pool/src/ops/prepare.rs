//! Slow, pure work done before an operation takes the database lock, so that concurrent requests
//! share the machine's cores instead of queueing behind each other's arithmetic: a sign-up's
//! password verifier (`g^x mod N`, most of the CPU a sign-up costs).
//!
//! What is prepared is a guess keyed by the inputs it was made from. The operation, under the
//! lock, uses it only when its own inputs agree and does the work itself otherwise, so a wrong or
//! stale guess (the client deleted meanwhile, a pool's settings changed) costs time, never a
//! different result. Nothing here writes, and a request the operation will refuse is prepared
//! only as far as its inputs are cheap to check.

use serde_json::Value;

use super::{policy, srp_pool_name};
use crate::{
    service::Service,
    srp::{self, Verifier},
    store::username_attributes,
};

/// Cognito's longest password, in characters: longer ones are refused, not prepared.
const MAX_PASSWORD_CHARS: usize = 256;

/// The guesses for one request.
#[derive(Default)]
pub struct Prepared {
    sign_up: Option<SignUpGuess>,
}

/// A new user's `sub` and verifier, for the SRP user id and pool they were derived for.
struct SignUpGuess {
    sub: String,
    pool_name: String,
    user_id: String,
    verifier: Verifier,
}

impl Prepared {
    /// A new user's `sub`: the one the verifier was prepared with (in a pool with
    /// `UsernameAttributes` it is also the SRP user id), or a fresh one.
    pub fn new_sub(&self) -> String {
        match &self.sign_up {
            Some(guess) => guess.sub.clone(),
            None => uuid::Uuid::new_v4().to_string(),
        }
    }

    /// The verifier of the request's password for `user_id` in `pool_name`, prepared or made now.
    pub fn verifier(&self, pool_name: &str, user_id: &str, password: &str) -> Verifier {
        match &self.sign_up {
            Some(guess) if guess.pool_name == pool_name && guess.user_id == user_id => {
                guess.verifier.clone()
            }
            _ => srp::make_verifier(pool_name, user_id, password),
        }
    }
}

/// Prepares what `operation` on `request` will need, reading the database only briefly.
pub fn prepare(service: &Service, operation: &str, request: &Value) -> Prepared {
    match operation {
        "SignUp" => Prepared {
            sign_up: sign_up_guess(service, request),
        },
        _ => Prepared::default(),
    }
}

fn sign_up_guess(service: &Service, request: &Value) -> Option<SignUpGuess> {
    let text = |name: &str| request.get(name).and_then(Value::as_str);
    let (client_id, username, password) = (text("ClientId")?, text("Username")?, text("Password")?);
    let pool = service
        .read(|db| {
            let client = db.client(client_id)?;
            client.map_or(Ok(None), |client| db.pool(&client.pool_id))
        })
        .ok()??;
    if password.chars().count() > MAX_PASSWORD_CHARS
        || policy::check_password(&pool.config, password).is_err()
    {
        return None;
    }
    let sub = uuid::Uuid::new_v4().to_string();
    // In a pool with `UsernameAttributes` the user is named by their `sub` (`signup.rs`).
    let user_id = if username_attributes(&pool.config).is_empty() {
        username.to_owned()
    } else {
        sub.clone()
    };
    let pool_name = srp_pool_name(&pool.id).to_owned();
    let verifier = srp::make_verifier(&pool_name, &user_id, password);
    Some(SignUpGuess {
        sub,
        pool_name,
        user_id,
        verifier,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(pool_name: &str, user_id: &str) -> Prepared {
        Prepared {
            sign_up: Some(SignUpGuess {
                sub: "prepared-sub".into(),
                pool_name: pool_name.into(),
                user_id: user_id.into(),
                verifier: srp::make_verifier(pool_name, user_id, "Correct-h0rse"),
            }),
        }
    }

    #[test]
    fn a_guess_is_used_only_for_the_inputs_it_was_made_from() {
        let prepared = guess("pool", "jane");
        let used = prepared.verifier("pool", "jane", "Correct-h0rse");
        assert_eq!(used, prepared.sign_up.as_ref().expect("a guess").verifier);
        assert_eq!(prepared.new_sub(), "prepared-sub");
        // Another user id or pool: made afresh (a fresh salt, so a different verifier).
        for (pool_name, user_id) in [("pool", "john"), ("other", "jane")] {
            let made = prepared.verifier(pool_name, user_id, "Correct-h0rse");
            assert_ne!(made, prepared.sign_up.as_ref().expect("a guess").verifier);
        }
    }

    #[test]
    fn without_a_guess_subs_are_fresh() {
        let prepared = Prepared::default();
        assert_ne!(prepared.new_sub(), prepared.new_sub());
    }
}
