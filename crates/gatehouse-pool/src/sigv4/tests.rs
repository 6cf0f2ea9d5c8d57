//! The published AWS SigV4 test suite (the `aws-signing-test-suite/v4` vectors shipped with
//! aws-sigv4 1.6.4, originally the AWS General Reference's "Signature Version 4 Test Suite"):
//! example key AKIDEXAMPLE, service `service`, 2015-08-30T12:36:00Z. Each vector checks the
//! canonical request and the signature; then `verify` is driven with the signed requests.

use chrono::{DateTime, TimeDelta, Utc};

use super::{canonical::*, verify, Expected, Refusal};
use crate::admin_credentials::AdminCredentials;

const KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const AMZ_DATE: &str = "20150830T123600Z";
const SCOPE: &str = "20150830/us-east-1/service/aws4_request";
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const STS_TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

struct Vector {
    name: &'static str,
    method: &'static str,
    path: &'static str,
    query: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static [u8],
    signed_headers: &'static str,
    canonical_request: &'static str,
    signature: &'static str,
}

const FORM_SHA256: &str = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";

const VECTORS: &[Vector] = &[
    Vector {
        name: "get-vanilla",
        method: "GET",
        path: "/",
        query: "",
        headers: &[("host", "example.amazonaws.com")],
        body: b"",
        signed_headers: "host;x-amz-date",
        canonical_request: "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    },
    Vector {
        name: "post-x-www-form-urlencoded",
        method: "POST",
        path: "/",
        query: "",
        headers: &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("host", "example.amazonaws.com"),
            ("content-length", "13"),
            ("x-amz-content-sha256", FORM_SHA256),
        ],
        body: b"Param1=value1",
        signed_headers: "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
        canonical_request: "POST\n/\n\ncontent-length:13\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\nx-amz-date:20150830T123600Z\n\ncontent-length;content-type;host;x-amz-content-sha256;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
        signature: "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
    },
    Vector {
        name: "post-vanilla-query",
        method: "POST",
        path: "/",
        query: "Param1=value1",
        headers: &[("host", "example.amazonaws.com")],
        body: b"",
        signed_headers: "host;x-amz-date",
        canonical_request: "POST\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
    },
    Vector {
        name: "get-vanilla-query-order-key-case",
        method: "GET",
        path: "/",
        query: "Param2=value2&Param1=value1",
        headers: &[("host", "example.amazonaws.com")],
        body: b"",
        signed_headers: "host;x-amz-date",
        canonical_request: "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    },
    Vector {
        name: "get-header-value-trim",
        method: "GET",
        path: "/",
        query: "",
        headers: &[
            ("host", "example.amazonaws.com"),
            ("my-header1", " value1"),
            ("my-header2", " \"a   b   c\""),
        ],
        body: b"",
        signed_headers: "host;my-header1;my-header2;x-amz-date",
        canonical_request: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
    },
    Vector {
        name: "post-sts-header-before",
        method: "POST",
        path: "/",
        query: "",
        headers: &[
            ("host", "example.amazonaws.com"),
            ("x-amz-security-token", STS_TOKEN),
        ],
        body: b"",
        signed_headers: "host;x-amz-date;x-amz-security-token",
        canonical_request: "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-security-token:AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==\n\nhost;x-amz-date;x-amz-security-token\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
    },
];

/// The vector's request with `X-Amz-Date`, and the `Authorization` header it was signed with.
fn signed(vector: &Vector) -> SignedRequest<'static> {
    let mut headers: Vec<(String, String)> = vector
        .headers
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    headers.push(("x-amz-date".into(), AMZ_DATE.into()));
    headers.push((
        "authorization".into(),
        format!(
            "AWS4-HMAC-SHA256 Credential={KEY_ID}/{SCOPE}, SignedHeaders={}, Signature={}",
            vector.signed_headers, vector.signature
        ),
    ));
    SignedRequest {
        method: vector.method,
        path: vector.path,
        query: vector.query,
        headers,
        body: vector.body,
    }
}

fn signing_time() -> DateTime<Utc> {
    "2015-08-30T12:36:00Z".parse().expect("an RFC 3339 time")
}

fn verify_as(
    request: &SignedRequest<'_>,
    key_id: &str,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let credentials = AdminCredentials::new(key_id, secret);
    let expected = Expected {
        credentials: &credentials,
        region: "us-east-1",
        service: "service",
    };
    verify(request, &expected, now)
}

#[test]
fn each_vector_gives_the_published_canonical_request_and_signature() {
    for vector in VECTORS {
        let request = signed(vector);
        let signed_headers: Vec<&str> = vector.signed_headers.split(';').collect();
        let canonical = canonical_request(&request, &signed_headers, &sha256_hex(vector.body));
        assert_eq!(canonical, vector.canonical_request, "{}", vector.name);
        let key = signing_key(SECRET, "20150830", "us-east-1", "service");
        let signature = signature(key.as_ref(), &string_to_sign(AMZ_DATE, SCOPE, &canonical));
        assert_eq!(signature.as_str(), vector.signature, "{}", vector.name);
    }
}

#[test]
fn the_string_to_sign_matches_the_published_one() {
    let canonical = VECTORS[0].canonical_request;
    assert_eq!(
        string_to_sign(AMZ_DATE, SCOPE, canonical),
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
         bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
    );
    assert_eq!(sha256_hex(b""), EMPTY_SHA256);
}

#[test]
fn every_vector_verifies_with_the_right_key_within_five_minutes() {
    for vector in VECTORS {
        let request = signed(vector);
        for skew in [-300, 0, 300] {
            let now = signing_time() + TimeDelta::seconds(skew);
            assert_eq!(
                verify_as(&request, KEY_ID, SECRET, now),
                Ok(()),
                "{} {skew}",
                vector.name
            );
        }
    }
}

#[test]
fn a_wrong_secret_or_a_changed_request_does_not_match() {
    let request = signed(&VECTORS[1]);
    let wrong = verify_as(&request, KEY_ID, "not-the-secret", signing_time());
    assert_eq!(wrong, Err(Refusal::Mismatch));

    let mut tampered = signed(&VECTORS[1]);
    tampered.body = b"Param1=value2";
    assert_eq!(
        verify_as(&tampered, KEY_ID, SECRET, signing_time()),
        Err(Refusal::Mismatch)
    );

    // The body's hash is not signed here, so only the recomputed signature can catch the change.
    let mut tampered = signed(&VECTORS[2]);
    tampered.query = "Param1=value2";
    assert_eq!(
        verify_as(&tampered, KEY_ID, SECRET, signing_time()),
        Err(Refusal::Mismatch)
    );
}

#[test]
fn an_unknown_key_is_unrecognised_before_anything_else() {
    let request = signed(&VECTORS[0]);
    let later = signing_time() + TimeDelta::hours(1);
    assert_eq!(
        verify_as(&request, "AKIDOTHER", SECRET, later),
        Err(Refusal::UnknownKey)
    );
}

#[test]
fn a_signature_older_or_newer_than_five_minutes_is_refused_with_aws_wording() {
    let request = signed(&VECTORS[0]);
    let late = verify_as(
        &request,
        KEY_ID,
        SECRET,
        signing_time() + TimeDelta::seconds(301),
    );
    assert_eq!(
        late,
        Err(Refusal::Invalid(
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z \
             (20150830T124101Z - 5 min.)"
                .into()
        ))
    );
    let early = verify_as(
        &request,
        KEY_ID,
        SECRET,
        signing_time() - TimeDelta::seconds(301),
    );
    assert!(
        matches!(&early, Err(Refusal::Invalid(message)) if message.starts_with("Signature not yet current: 20150830T123600Z")),
        "{early:?}"
    );
}

#[test]
fn a_missing_or_incomplete_authorization_is_told_apart() {
    let mut request = signed(&VECTORS[0]);
    request.headers.retain(|(name, _)| name != "authorization");
    assert_eq!(
        verify_as(&request, KEY_ID, SECRET, signing_time()),
        Err(Refusal::Missing)
    );

    for (header, expected) in [
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request", "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1, SignedHeaders=host;x-amz-date, Signature=00", "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1'"),
        ("Bearer eyJ0", "Unsupported AWS 'algorithm': 'Bearer'."),
    ] {
        let mut request = signed(&VECTORS[0]);
        request.headers.retain(|(name, _)| name != "authorization");
        request.headers.push(("authorization".into(), header.into()));
        let refusal = verify_as(&request, KEY_ID, SECRET, signing_time());
        assert_eq!(refusal, Err(Refusal::Incomplete(expected.into())), "{header}");
    }
}

#[test]
fn a_request_for_another_service_or_without_a_signed_date_is_invalid() {
    // Signed correctly, but for `service` where the verifier expects `cognito-idp`.
    let request = signed(&VECTORS[0]);
    let credentials = AdminCredentials::new(KEY_ID, SECRET);
    let expected = Expected {
        credentials: &credentials,
        region: "us-east-1",
        service: "cognito-idp",
    };
    let refusal = verify(&request, &expected, signing_time());
    assert_eq!(
        refusal,
        Err(Refusal::Invalid(
            "Credential should be scoped to correct service: 'cognito-idp'.".into()
        ))
    );

    let mut undated = signed(&VECTORS[0]);
    undated.headers.retain(|(name, _)| name != "x-amz-date");
    assert!(matches!(
        verify_as(&undated, KEY_ID, SECRET, signing_time()),
        Err(Refusal::Incomplete(_))
    ));
}

#[test]
fn a_body_hash_header_that_does_not_match_the_body_is_refused() {
    let mut request = signed(&VECTORS[0]);
    request
        .headers
        .push(("x-amz-content-sha256".into(), FORM_SHA256.into()));
    assert_eq!(
        verify_as(&request, KEY_ID, SECRET, signing_time()),
        Err(Refusal::Mismatch)
    );
}
