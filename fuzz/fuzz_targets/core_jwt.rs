//! Token strings as a pool (or anything answering in its place) could return them, through the
//! core's JWT payload decoding and claim checks (`Session::from_tokens`, then `restore` of what it
//! stores). Structured inputs put arbitrary claims inside well-formed JWTs so that the claim
//! arithmetic (`iat`, `exp`, clock drift) is reached; raw ones cover the framing. The rule
//! checked: a refusal or a session, never a panic, and a refusal never echoes the token.
#![no_main]

use arbitrary::Arbitrary;
use chrono::DateTime;
use gatehouse_auth::{
    secret::{AccessToken, IdToken, RefreshToken},
    session::{Session, Tokens},
};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Claim {
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
    Absent,
}

#[derive(Arbitrary, Debug)]
struct Claims {
    iat: Claim,
    exp: Claim,
    /// Whether `cognito:username` is there (its text matters little; its absence is a refusal).
    has_username: bool,
    email_verified: Claim,
}

#[derive(Arbitrary, Debug)]
enum Token {
    Raw(String),
    Structured(Claims),
}

#[derive(Arbitrary, Debug)]
struct Input {
    id: Token,
    access: Token,
    now: i64,
}

/// What `Session::from_tokens` says when it refuses, up to its reason.
const REFUSAL: &str = "MalformedToken: The pool returned a token the client cannot read (";

fn json(claim: &Claim) -> Option<serde_json::Value> {
    match claim {
        Claim::Int(n) => Some((*n).into()),
        Claim::Float(x) => serde_json::Number::from_f64(*x).map(serde_json::Value::Number),
        Claim::Text(text) => Some(text.as_str().into()),
        Claim::Bool(flag) => Some((*flag).into()),
        Claim::Absent => None,
    }
}

fn render(token: &Token) -> String {
    let claims = match token {
        Token::Raw(text) => return text.clone(),
        Token::Structured(claims) => claims,
    };
    let mut payload = serde_json::json!({"sub": "s", "token_use": "id"});
    if claims.has_username {
        payload["cognito:username"] = "ana".into();
    }
    for (name, claim) in [
        ("iat", &claims.iat),
        ("exp", &claims.exp),
        ("email_verified", &claims.email_verified),
    ] {
        if let Some(value) = json(claim) {
            payload[name] = value;
        }
    }
    let encode = |text: &str| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
    };
    format!(
        "{}.{}.c2ln",
        encode(r#"{"alg":"RS256"}"#),
        encode(&payload.to_string())
    )
}

fuzz_target!(|input: Input| {
    let Some(now) = DateTime::from_timestamp(input.now % 100_000_000_000, 0) else {
        return;
    };
    let (id, access) = (render(&input.id), render(&input.access));
    let tokens = Tokens {
        id_token: IdToken::new(id.clone()),
        access_token: AccessToken::new(access.clone()),
        refresh_token: Some(RefreshToken::new("refresh".into())),
        new_device: None,
    };
    match Session::from_tokens(tokens, now) {
        Ok(session) => {
            let restored =
                Session::restore(&session.to_stored()).expect("a stored session restores");
            assert_eq!(restored, session);
            let _ = session.needs_refresh_at(now);
        }
        // Every refusal is one fixed sentence with a short fixed reason in it, so it cannot carry
        // the token. (Checking for the token in the text instead was beaten at once: the fuzzer
        // offered the sentence's own words as a token.)
        Err(error) => {
            let text = error.to_string();
            let reason = text
                .strip_prefix(REFUSAL)
                .and_then(|rest| rest.strip_suffix(").").filter(|reason| reason.len() <= 40))
                .unwrap_or_else(|| panic!("an unexpected refusal: {text}"));
            assert!(
                reason.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' '),
                "the reason is one of the fixed ones: {text}"
            );
        }
    }
});
