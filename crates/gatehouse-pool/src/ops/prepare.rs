//! Slow, pure work done before an operation is queued for the database, so that concurrent requests
//! share the machine's cores instead of queueing behind each other's arithmetic: a sign-up's
//! password verifier (`g^x mod N`, most of the CPU a sign-up costs) and the check of a
//! `PASSWORD_VERIFIER` answer (two exponentiations). The handshake is only looked at here; the
//! operation still takes it, so each secret block answers once. Until it does, a replayed answer
//! costs a check here, as an `InitiateAuth` costs its `g^b`.
//!
//! What is prepared is a guess keyed by the inputs it was made from. The operation, on the
//! database thread, uses it only when its own inputs agree and does the work itself otherwise, so a wrong or
//! stale guess (the client deleted meanwhile, a pool's settings changed) costs time, never a
//! different result. Nothing here writes, and a request the operation will refuse is prepared
//! only as far as its inputs are cheap to check.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::Value;
use zeroize::Zeroizing;

use super::{policy, srp_pool_name};
use crate::{
    service::Service,
    srp::{self, ProofCheck, SrpRejection, Verifier},
    store::username_attributes,
};

/// Cognito's longest password, in characters: longer ones are refused, not prepared.
const MAX_PASSWORD_CHARS: usize = 256;

/// The guesses for one request.
#[derive(Default)]
pub struct Prepared {
    sign_up: Option<SignUpGuess>,
    proof: Option<ProofGuess>,
}

/// A new user's `sub` and verifier, for the SRP user id and pool they were derived for.
struct SignUpGuess {
    sub: String,
    pool_name: String,
    user_id: String,
    verifier: Verifier,
}

/// The verdict on a `PASSWORD_VERIFIER` answer, with the inputs it was reached from.
struct ProofGuess {
    pool_name: String,
    user_id: String,
    a_hex: String,
    b_hex: Zeroizing<String>,
    big_b_hex: String,
    verifier_hex: String,
    secret_block: Vec<u8>,
    timestamp: String,
    signature: Vec<u8>,
    verdict: Result<(), SrpRejection>,
}

impl ProofGuess {
    fn check(&self) -> ProofCheck<'_> {
        ProofCheck {
            pool_name: &self.pool_name,
            user_id: &self.user_id,
            a_hex: &self.a_hex,
            b_hex: &self.b_hex,
            big_b_hex: &self.big_b_hex,
            verifier_hex: &self.verifier_hex,
            secret_block: &self.secret_block,
            timestamp: &self.timestamp,
            signature: &self.signature,
        }
    }
}

impl Prepared {
    /// [`srp::verify_proof`], answered from the guess when it was made from the same inputs.
    pub fn verify_proof(&self, check: &ProofCheck<'_>) -> Result<(), SrpRejection> {
        match &self.proof {
            Some(guess) if guess.check() == *check => guess.verdict,
            _ => srp::verify_proof(check),
        }
    }

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
            ..Prepared::default()
        },
        "RespondToAuthChallenge" => Prepared {
            proof: proof_guess(service, request),
            ..Prepared::default()
        },
        _ => Prepared::default(),
    }
}

fn sign_up_guess(service: &Service, request: &Value) -> Option<SignUpGuess> {
    let text = |name: &str| request.get(name).and_then(Value::as_str);
    let (client_id, username, password) = (text("ClientId")?, text("Username")?, text("Password")?);
    let client_id = client_id.to_owned();
    let pool = service
        .read(move |db| {
            let client = db.client(&client_id)?;
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

fn proof_guess(service: &Service, request: &Value) -> Option<ProofGuess> {
    if request.get("ChallengeName")?.as_str()? != "PASSWORD_VERIFIER" {
        return None;
    }
    let responses = request.get("ChallengeResponses")?;
    let text = |name: &str| responses.get(name).and_then(Value::as_str);
    let secret_block = text("PASSWORD_CLAIM_SECRET_BLOCK")?;
    let handshake = service.handshakes.peek(secret_block)?;
    let (pool_id, username) = (handshake.pool_id.clone(), handshake.username.clone());
    let user = service
        .read(move |db| db.user(&pool_id, &username))
        .ok()??;
    let mut guess = ProofGuess {
        pool_name: srp_pool_name(&handshake.pool_id).to_owned(),
        user_id: user.username,
        a_hex: handshake.a_hex.clone(),
        b_hex: handshake.b_hex.clone(),
        big_b_hex: handshake.big_b_hex.clone(),
        verifier_hex: user.verifier,
        secret_block: B64.decode(secret_block).ok()?,
        timestamp: text("TIMESTAMP")?.to_owned(),
        signature: B64.decode(text("PASSWORD_CLAIM_SIGNATURE")?).ok()?,
        verdict: Err(SrpRejection::ProofMismatch),
    };
    guess.verdict = srp::verify_proof(&guess.check());
    Some(guess)
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
            ..Prepared::default()
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
    fn a_proof_verdict_is_used_only_for_the_inputs_it_was_reached_from() {
        // A verdict no real check would give for these inputs, to see where answers come from.
        let guess = ProofGuess {
            pool_name: "pool".into(),
            user_id: "jane".into(),
            a_hex: "02".into(),
            b_hex: Zeroizing::new("03".into()),
            big_b_hex: "04".into(),
            verifier_hex: "05".into(),
            secret_block: vec![1, 2, 3],
            timestamp: "Thu Nov 26 10:00:00 UTC 2026".into(),
            signature: vec![4, 5, 6],
            verdict: Ok(()),
        };
        let prepared = Prepared {
            proof: Some(guess),
            ..Prepared::default()
        };
        let guess = prepared.proof.as_ref().expect("a guess");
        assert_eq!(prepared.verify_proof(&guess.check()), Ok(()));
        let other_signature = [4, 5, 7];
        let changed = ProofCheck {
            signature: &other_signature,
            ..guess.check()
        };
        assert!(prepared.verify_proof(&changed).is_err(), "checked afresh");
    }

    #[test]
    fn without_a_guess_subs_are_fresh() {
        let prepared = Prepared::default();
        assert_ne!(prepared.new_sub(), prepared.new_sub());
    }
}
