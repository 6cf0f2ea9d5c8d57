//! `gatehouse-srp`, the client's SRP math, against two oracles: the `aws-cognito-srp` crate the
//! client used before (its published vectors, byte for byte, and its live proofs) and the local
//! pool's server-side SRP, which must accept every proof ours makes, including the ones
//! `cargo xtask bench srp` times on its fixed challenge.

use aws_cognito_srp::{SrpClient, UntrackedDevice, User};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use gatehouse_pool::srp::{self as pool_srp, ProofCheck, SrpRejection};
use gatehouse_srp::{Challenge, ClientEphemeral, Identity, SrpError};

/// aws-cognito-srp 0.2.6's own test vectors (`src/client/user.rs`, `device.rs`): its tests fix
/// `a` to 128 bytes of 0x01 and the timestamp to this one.
const CRATE_A: &str = "b1ce118779e27c1c015d7a226ecae2ea1fcd017049e4f5c6f9908c686d496dce12a1c017a7523d43e2f3a6bb7e75e266bab0471e0720030edb64d8b5aef428356bc72198d41d319cf36eb0c4b4063fb99f90bc3b25b0d1196f84836bc05be0dfe1e6d1e21ba4c77098f6e6119127981395b0f4da67e26f63ecbfb2ded5d9c091c9850c08f0c372e5101df27967250254d6748a75c9be2f59324d31241f950d79224af0d5ff1c169af541b04a063bd0d4f79216a9da1e1874bc041b97ca2d456310f0b29f3644eca4d0e0c21660cbc5774a7319746bf53024a3bbb9c1251002854d1e6fac951d3a160771cdaf681a95e8cd51eb0630c825cd6227f22edefd35b3789df41dfca6cbd4d90e90ec7e38d3cbdf2b5f3534b016267f6a42190690d4225131811c6ea3b8265cff2fc44497887995eb95357747c3db40dab7199af3b9cbaba28a75d800d809421c5da1b0a24ec3120b3738750dcd42a61d1e9d272118ec2e6db632c241ab33558502dc9bbac1f4a34b3243082b89dcc0620a626d83a483";
const CRATE_B_AND_SALT: &str = "36ef01c6dde9fe503da333b1acc758ba";
const CRATE_SECRET_BLOCK: &str = "9ae77ec7154c14dcc487b47707fee4b4920cb96d8a8c045e4c8df879a7b375524aa736acdec6c9ad4ea606774d00621b";
const CRATE_TIMESTAMP: &str = "Mon Feb 10 18:30:12 UTC 2025";

fn crate_challenge(b_and_salt: &str) -> Challenge<'_> {
    Challenge {
        salt_hex: b_and_salt,
        srp_b_hex: b_and_salt,
        secret_block_base64: CRATE_SECRET_BLOCK,
    }
}

#[test]
fn the_same_a_gives_the_crates_srp_a_and_claims_byte_for_byte() {
    let ours = ClientEphemeral::from_secret_bytes(&[1; 128]).unwrap();
    assert_eq!(ours.public_hex(), CRATE_A);
    let user = Identity {
        realm: "abc", // pool id us-west-2_abc
        user_id: "user_id",
        password: "password",
    };
    let device = Identity {
        realm: "mock-device-group-key",
        user_id: "mock-device-key",
        password: "password",
    };
    let claim = |identity: &Identity<'_>, b_and_salt: &str| {
        ours.password_claim(identity, &crate_challenge(b_and_salt), CRATE_TIMESTAMP)
            .unwrap()
    };
    assert_eq!(
        claim(&user, CRATE_B_AND_SALT),
        "apNSb5GZpJciVc6cVNkDf4elCMoWUZcH4aukLlMPiFA="
    );
    // Odd-length hex, as the crate's `test_verify_handles_odd_length_values` sends.
    assert_eq!(
        claim(&user, "36ef01c"),
        "bVzjSe43mY37A6ZuzEVU5cr6QY1WeV3BPfdVJo0c2/8="
    );
    assert_eq!(
        claim(&device, CRATE_B_AND_SALT),
        "O9uSej4H1B4or3Zc7Q4+KxuSvOaEfuq2a7Ye4d16fmo="
    );
}

/// A user the pool stores, and one server handshake for them.
struct PoolSide {
    verifier: pool_srp::Verifier,
    server: pool_srp::ServerHandshake,
}

const POOL_NAME: &str = "Oracle";
const USER_ID: &str = "0f7c-user";
const PASSWORD: &str = "Correct-h0rse-battery";
const SECRET_BLOCK: &[u8] = b"the pool's opaque secret block";

impl PoolSide {
    fn new() -> Self {
        let verifier = pool_srp::make_verifier(POOL_NAME, USER_ID, PASSWORD);
        let server = pool_srp::start_handshake(&verifier.verifier_hex).unwrap();
        Self { verifier, server }
    }

    fn check(&self, a_hex: &str, timestamp: &str, signature_b64: &str) -> Result<(), SrpRejection> {
        let signature = BASE64.decode(signature_b64).unwrap();
        pool_srp::verify_proof(&ProofCheck {
            pool_name: POOL_NAME,
            user_id: USER_ID,
            a_hex,
            b_hex: &self.server.b_hex,
            big_b_hex: &self.server.big_b_hex,
            verifier_hex: &self.verifier.verifier_hex,
            secret_block: SECRET_BLOCK,
            timestamp,
            signature: &signature,
        })
    }
}

fn our_proof(pool: &PoolSide, password: &str) -> (String, String) {
    let ours = ClientEphemeral::generate().unwrap();
    let secret_block = BASE64.encode(SECRET_BLOCK);
    let identity = Identity {
        realm: POOL_NAME,
        user_id: USER_ID,
        password,
    };
    let challenge = Challenge {
        salt_hex: &pool.verifier.salt_hex,
        srp_b_hex: &pool.server.big_b_hex,
        secret_block_base64: &secret_block,
    };
    let claim = ours
        .password_claim(&identity, &challenge, CRATE_TIMESTAMP)
        .unwrap();
    (ours.public_hex(), claim)
}

#[test]
fn the_pool_accepts_our_proofs_and_the_crates_alike_and_refuses_a_wrong_password() {
    for _ in 0..3 {
        let pool = PoolSide::new();
        let (a_hex, claim) = our_proof(&pool, PASSWORD);
        assert!(
            pool_srp::parse_client_public(&a_hex).is_ok(),
            "A mod N != 0"
        );
        assert_eq!(pool.check(&a_hex, CRATE_TIMESTAMP, &claim), Ok(()));

        let pool = PoolSide::new();
        let (a_hex, claim) = our_proof(&pool, "Correct-h0rse-battery!");
        assert_eq!(
            pool.check(&a_hex, CRATE_TIMESTAMP, &claim),
            Err(SrpRejection::ProofMismatch)
        );

        let pool = PoolSide::new();
        let theirs = SrpClient::new(
            User::new(&format!("eu-west-1_{POOL_NAME}"), USER_ID, PASSWORD),
            "client",
            None,
        );
        let a_hex = theirs.get_auth_parameters().a;
        let proof = theirs
            .verify(
                &BASE64.encode(SECRET_BLOCK),
                USER_ID,
                &pool.verifier.salt_hex,
                &pool.server.big_b_hex,
            )
            .unwrap();
        assert_eq!(
            pool.check(&a_hex, &proof.timestamp, &proof.password_claim_signature),
            Ok(())
        );
    }
}

#[test]
fn a_device_verifier_from_the_crate_accepts_our_device_proof() {
    let device = SrpClient::new(
        UntrackedDevice::new("eu-west-1_x", "group-key", "eu-west-1_device-key"),
        "client",
        None,
    )
    .get_password_verifier();
    // ConfirmDevice sends Base64; the pool's challenge carries hex.
    let salt_hex = hex_of(&device.salt);
    let verifier_hex = hex_of(&device.verifier);
    let server = pool_srp::start_handshake(&verifier_hex).unwrap();
    let ours = ClientEphemeral::generate().unwrap();
    let identity = Identity {
        realm: "group-key",
        user_id: "eu-west-1_device-key",
        password: &device.password,
    };
    let secret_block = BASE64.encode(SECRET_BLOCK);
    let claim = ours
        .password_claim(
            &identity,
            &Challenge {
                salt_hex: &salt_hex,
                srp_b_hex: &server.big_b_hex,
                secret_block_base64: &secret_block,
            },
            CRATE_TIMESTAMP,
        )
        .unwrap();
    let signature = BASE64.decode(claim).unwrap();
    let check = ProofCheck {
        pool_name: "group-key",
        user_id: "eu-west-1_device-key",
        a_hex: &ours.public_hex(),
        b_hex: &server.b_hex,
        big_b_hex: &server.big_b_hex,
        verifier_hex: &verifier_hex,
        secret_block: SECRET_BLOCK,
        timestamp: CRATE_TIMESTAMP,
        signature: &signature,
    };
    assert_eq!(pool_srp::verify_proof(&check), Ok(()));
}

fn hex_of(base64: &str) -> String {
    BASE64
        .decode(base64)
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_benchmarks_fixed_challenge_is_real_and_its_proofs_are_accepted() {
    let text = include_str!("../../../xtask/bench/srp/challenge.json");
    let fixed: serde_json::Value = serde_json::from_str(text).unwrap();
    let field = |name: &str| fixed[name].as_str().unwrap();
    let pool_name = field("pool_id").split_once('_').unwrap().1;
    let stored = pool_srp::Verifier {
        salt_hex: field("salt_hex").into(),
        verifier_hex: field("verifier_hex").into(),
    };
    assert!(pool_srp::password_matches(
        pool_name,
        field("user_id_for_srp"),
        field("password"),
        &stored
    ));
    // The same calls, in the same order, as crates/gatehouse-srp/examples/srp_bench.rs times.
    let ours = ClientEphemeral::generate().unwrap();
    let srp_a = ours.public_hex();
    let identity = Identity {
        realm: pool_name,
        user_id: field("user_id_for_srp"),
        password: field("password"),
    };
    let challenge = Challenge {
        salt_hex: field("salt_hex"),
        srp_b_hex: field("srp_b_hex"),
        secret_block_base64: field("secret_block_base64"),
    };
    let claim = ours
        .password_claim(&identity, &challenge, field("timestamp"))
        .unwrap();
    let secret_block = BASE64.decode(field("secret_block_base64")).unwrap();
    let signature = BASE64.decode(claim).unwrap();
    let check = ProofCheck {
        pool_name,
        user_id: field("user_id_for_srp"),
        a_hex: &srp_a,
        b_hex: field("server_secret_b_hex"),
        big_b_hex: field("srp_b_hex"),
        verifier_hex: field("verifier_hex"),
        secret_block: &secret_block,
        timestamp: field("timestamp"),
        signature: &signature,
    };
    assert_eq!(pool_srp::verify_proof(&check), Ok(()));
}

#[test]
fn a_server_public_that_is_zero_mod_n_oversized_or_not_hex_is_refused() {
    let ours = ClientEphemeral::generate().unwrap();
    let identity = Identity {
        realm: POOL_NAME,
        user_id: USER_ID,
        password: PASSWORD,
    };
    let n_hex: String = gatehouse_srp::modulus_be()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    for bad_b in ["0", "000000", n_hex.as_str(), &"f".repeat(769), "xyz", ""] {
        let refused = ours.password_claim(&identity, &crate_challenge(bad_b), CRATE_TIMESTAMP);
        assert!(refused.is_err(), "B = {bad_b:.20} was accepted");
    }
    let claim = ours.password_claim(
        &identity,
        &Challenge {
            salt_hex: CRATE_B_AND_SALT,
            srp_b_hex: &n_hex,
            secret_block_base64: CRATE_SECRET_BLOCK,
        },
        CRATE_TIMESTAMP,
    );
    assert_eq!(claim, Err(SrpError::InvalidServerPublic));
}

#[test]
fn an_ephemeral_prints_nothing_secret() {
    let ours = ClientEphemeral::from_secret_bytes(&[0xab; 40]).unwrap();
    assert_eq!(format!("{ours:?}"), "ClientEphemeral([redacted])");
    assert!(
        ClientEphemeral::from_secret_bytes(&[0; 40]).is_err(),
        "a = 0"
    );
    assert!(
        ClientEphemeral::from_secret_bytes(&[1; 385]).is_err(),
        "a over 3072 bits"
    );
}
