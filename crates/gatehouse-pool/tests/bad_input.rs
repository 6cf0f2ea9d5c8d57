//! The bad-input catalogue: one table of malformed requests, each sent over real HTTP and checked
//! against Cognito's documented error code; before and after the whole table, what a client could
//! observe (users, their status and attributes, the outbox) must be unchanged.
//!
//! Codes are from the Cognito Identity Provider API reference (each operation's "Errors" and
//! CommonErrors). Where AWS documents no exact code (the protocol cases), the comment says so.

mod common;

use common::{TestPool, PASSWORD};
use gatehouse_pool::srp::N_HEX;
use serde_json::{json, Value};

/// One malformed request: `target` is the whole `X-Amz-Target` value (None: header left out).
struct Case {
    name: &'static str,
    target: Option<String>,
    body: Vec<u8>,
    /// The HTTP status and `__type` expected.
    status: u16,
    code: &'static str,
    /// A fragment the message must contain, where the reason matters (empty: any message).
    fragment: &'static str,
}

impl Case {
    fn saying(self, fragment: &'static str) -> Self {
        Self { fragment, ..self }
    }
}

fn target(operation: &str) -> Option<String> {
    Some(format!("AWSCognitoIdentityProviderService.{operation}"))
}

fn json_case(name: &'static str, operation: &str, body: Value, code: &'static str) -> Case {
    raw_case(name, target(operation), body.to_string(), 400, code)
}

fn raw_case(
    name: &'static str,
    target: Option<String>,
    body: impl Into<Vec<u8>>,
    status: u16,
    code: &'static str,
) -> Case {
    Case {
        name,
        target,
        body: body.into(),
        status,
        code,
        fragment: "",
    }
}

/// Posts a case as a client would; returns the status, `__type` and message (empty if none).
async fn send(pool: &TestPool, case: &Case) -> (u16, String, String) {
    let mut request = reqwest::Client::new()
        .post(pool.pool.endpoint())
        .header("Content-Type", "application/x-amz-json-1.1");
    if let Some(target) = &case.target {
        request = request.header("X-Amz-Target", target);
    }
    let response = request.body(case.body.clone()).send().await.unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    let text = |name: &str| body[name].as_str().unwrap_or_default().to_owned();
    (status, text("__type"), text("message"))
}

/// Flips the first character of a JWT's signature, so the signature no longer verifies.
fn with_altered_signature(token: &str) -> String {
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let mut chars: Vec<char> = signature.chars().collect();
    chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
    format!("{signed}.{}", chars.into_iter().collect::<String>())
}

/// The users as `AdminGetUser` sees them (status, enabled, attributes) and the outbox size.
async fn snapshot(pool: &TestPool, pool_id: &str, users: &[&str]) -> (Vec<Value>, usize) {
    let mut seen = Vec::new();
    for username in users {
        let user = pool.user(pool_id, username).await;
        seen.push(json!([
            user["Username"],
            user["UserStatus"],
            user["Enabled"],
            user["UserAttributes"]
        ]));
    }
    (seen, pool.pool.outbox(None).unwrap().len())
}

/// The `PASSWORD_VERIFIER` challenge of a fresh SRP sign-in, for answering it badly.
async fn srp_challenge(pool: &TestPool, pool_id: &str, client_id: &str, username: &str) -> Value {
    let srp = aws_cognito_srp::SrpClient::new(
        aws_cognito_srp::User::new(pool_id, username, PASSWORD),
        client_id,
        None,
    );
    pool.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
                "AuthParameters": {"USERNAME": username, "SRP_A": srp.get_auth_parameters().a}}),
    )
    .await
    .unwrap()
}

const INVALID: &str = "InvalidParameterException";
const SERIALIZATION: &str = "SerializationException";
const NOT_AUTHORIZED: &str = "NotAuthorizedException";
const MISMATCH: &str = "CodeMismatchException";

/// The wire protocol's edges. AWS documents no exact answer for these; the codes are what the
/// AWS JSON protocol answers (UnknownOperationException, SerializationException).
fn protocol_cases() -> Vec<Case> {
    vec![
        json_case(
            "unknown operation",
            "FlyToTheMoon",
            json!({}),
            "UnknownOperationException",
        ),
        raw_case(
            "no target header",
            None,
            "{}",
            400,
            "UnknownOperationException",
        ),
        raw_case(
            "body not JSON",
            target("SignUp"),
            "{not json",
            400,
            SERIALIZATION,
        ),
        json_case("body an array", "SignUp", json!([1, 2]), SERIALIZATION),
        json_case("body a string", "SignUp", json!("jane"), SERIALIZATION),
        raw_case("empty body", target("SignUp"), "", 400, SERIALIZATION),
        json_case("body null", "SignUp", Value::Null, SERIALIZATION),
        raw_case(
            "another service's target",
            Some("DynamoDB_20120810.GetItem".into()),
            "{}",
            400,
            "UnknownOperationException",
        ),
        // Over MAX_BODY_BYTES (256 KiB): refused with 413 before parsing, in the protocol's JSON
        // shape. Cognito documents no code for it; AWS services that do answer this one.
        raw_case(
            "body over the limit",
            target("SignUp"),
            vec![b' '; 300 * 1024],
            413,
            "RequestEntityTooLargeException",
        ),
        // The limit is on the body, whatever the operation or the header says.
        raw_case(
            "body over the limit, no target",
            None,
            vec![b'{'; 300 * 1024],
            413,
            "RequestEntityTooLargeException",
        ),
    ]
}

/// Missing fields, wrong types, unknown clients and flows, for each operation an app uses.
fn field_cases(client: &str, access: &str) -> Vec<Case> {
    let signup = json!({"ClientId": client, "Username": "ghost", "Password": PASSWORD});
    let without = |body: &Value, field: &str| {
        let mut body = body.clone();
        body.as_object_mut().unwrap().remove(field);
        body
    };
    let with = |body: &Value, field: &str, value: Value| {
        let mut body = body.clone();
        body[field] = value;
        body
    };
    let srp = json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client,
        "AuthParameters": {"USERNAME": "jane", "SRP_A": "02"}});
    let respond = json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client,
        "ChallengeResponses": {"USERNAME": "jane"}});
    let confirm = json!({"ClientId": client, "Username": "bob", "ConfirmationCode": "123456"});
    let forgot = json!({"ClientId": client, "Username": "jane"});
    let reset = json!({"ClientId": client, "Username": "jane", "ConfirmationCode": "123456",
        "Password": PASSWORD});
    let change = json!({"AccessToken": access, "PreviousPassword": PASSWORD,
        "ProposedPassword": "New-h0rse-1"});
    vec![
        json_case(
            "SignUp no Username",
            "SignUp",
            without(&signup, "Username"),
            INVALID,
        )
        // AWS's validation wording, member name in camelCase.
        .saying(
            "1 validation error detected: Value null at 'username' failed to satisfy constraint: \
             Member must not be null",
        ),
        json_case(
            "SignUp no Password",
            "SignUp",
            without(&signup, "Password"),
            INVALID,
        ),
        json_case(
            "SignUp number Username",
            "SignUp",
            with(&signup, "Username", json!(7)),
            SERIALIZATION,
        ),
        json_case(
            "SignUp object attributes",
            "SignUp",
            with(&signup, "UserAttributes", json!({"email": "g@example.com"})),
            SERIALIZATION,
        ),
        json_case(
            "SignUp unknown client",
            "SignUp",
            with(&signup, "ClientId", json!("nope")),
            "ResourceNotFoundException",
        )
        .saying("User pool client nope does not exist."),
        json_case(
            "InitiateAuth no AuthFlow",
            "InitiateAuth",
            without(&srp, "AuthFlow"),
            INVALID,
        ),
        json_case(
            "InitiateAuth no ClientId",
            "InitiateAuth",
            without(&srp, "ClientId"),
            INVALID,
        ),
        json_case(
            "InitiateAuth number ClientId",
            "InitiateAuth",
            with(&srp, "ClientId", json!(7)),
            SERIALIZATION,
        ),
        json_case(
            "InitiateAuth list parameters",
            "InitiateAuth",
            with(&srp, "AuthParameters", json!(["jane"])),
            SERIALIZATION,
        ),
        json_case(
            "InitiateAuth unknown flow",
            "InitiateAuth",
            with(&srp, "AuthFlow", json!("TELEPATHY")),
            INVALID,
        ),
        json_case(
            "InitiateAuth unknown client",
            "InitiateAuth",
            with(&srp, "ClientId", json!("nope")),
            "ResourceNotFoundException",
        ),
        json_case(
            "Respond no ChallengeName",
            "RespondToAuthChallenge",
            without(&respond, "ChallengeName"),
            INVALID,
        ),
        json_case(
            "Respond number ChallengeName",
            "RespondToAuthChallenge",
            with(&respond, "ChallengeName", json!(7)),
            SERIALIZATION,
        ),
        json_case(
            "Respond unknown client",
            "RespondToAuthChallenge",
            with(&respond, "ClientId", json!("nope")),
            "ResourceNotFoundException",
        ),
        json_case(
            "ConfirmSignUp no code",
            "ConfirmSignUp",
            without(&confirm, "ConfirmationCode"),
            INVALID,
        ),
        json_case(
            "ConfirmSignUp null code",
            "ConfirmSignUp",
            with(&confirm, "ConfirmationCode", Value::Null),
            INVALID,
        )
        .saying("Value null at 'confirmationCode'"),
        json_case(
            "ConfirmSignUp number code",
            "ConfirmSignUp",
            with(&confirm, "ConfirmationCode", json!(123456)),
            SERIALIZATION,
        ),
        json_case(
            "ConfirmSignUp unknown client",
            "ConfirmSignUp",
            with(&confirm, "ClientId", json!("nope")),
            "ResourceNotFoundException",
        ),
        json_case(
            "ForgotPassword no Username",
            "ForgotPassword",
            without(&forgot, "Username"),
            INVALID,
        ),
        json_case(
            "ForgotPassword object Username",
            "ForgotPassword",
            with(&forgot, "Username", json!({"a": 1})),
            SERIALIZATION,
        ),
        json_case(
            "ForgotPassword unknown client",
            "ForgotPassword",
            with(&forgot, "ClientId", json!("nope")),
            "ResourceNotFoundException",
        ),
        json_case(
            "ConfirmForgot no Password",
            "ConfirmForgotPassword",
            without(&reset, "Password"),
            INVALID,
        ),
        json_case(
            "ConfirmForgot number Password",
            "ConfirmForgotPassword",
            with(&reset, "Password", json!(7)),
            SERIALIZATION,
        ),
        // SoftwareTokenMFAUserCodeType: exactly six digits; ConfirmationCodeType as above.
        json_case(
            "VerifySoftwareToken letters",
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": "12345a"}),
            INVALID,
        )
        .saying("Member must satisfy regular expression pattern: [0-9]+"),
        json_case(
            "VerifySoftwareToken seven digits",
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": "1234567"}),
            INVALID,
        ),
        json_case(
            "VerifyUserAttribute code with a space",
            "VerifyUserAttribute",
            json!({"AccessToken": access, "AttributeName": "email", "Code": "12 34"}),
            INVALID,
        ),
        json_case("GetUser no token", "GetUser", json!({}), INVALID),
        json_case(
            "GetUser number token",
            "GetUser",
            json!({"AccessToken": 7}),
            SERIALIZATION,
        ),
        json_case(
            "ChangePassword no proposed",
            "ChangePassword",
            without(&change, "ProposedPassword"),
            INVALID,
        ),
        json_case(
            "ChangePassword list previous",
            "ChangePassword",
            with(&change, "PreviousPassword", json!([PASSWORD])),
            SERIALIZATION,
        ),
    ]
}

/// What the cases are sent against: bob is unconfirmed, jane is signed in and has a reset code.
struct Fixture {
    client: String,
    bob_code: String,
    jane_reset: String,
    tokens: Value,
    /// A `PASSWORD_VERIFIER` challenge the pool issued to jane and nobody answered.
    challenge: Value,
    /// The pool's time in the SRP `TIMESTAMP` format, so only the signature is wrong.
    timestamp: String,
}

/// Wrong and malformed codes, tokens of the wrong kind, and broken SRP values.
fn secret_cases(f: &Fixture) -> Vec<Case> {
    let client = f.client.as_str();
    let confirm = |user: &str, code: &str| json!({"ClientId": client, "Username": user, "ConfirmationCode": code});
    let reset = |code: &str| {
        json!({"ClientId": client, "Username": "jane", "ConfirmationCode": code,
            "Password": "New-h0rse-1"})
    };
    let token = |name: &str| f.tokens[name].as_str().unwrap().to_owned();
    let get_user = |token: String| json!({"AccessToken": token});
    let srp = |a: String| {
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client,
            "AuthParameters": {"USERNAME": "jane", "SRP_A": a}})
    };
    vec![
        json_case("ConfirmSignUp wrong code", "ConfirmSignUp",
            confirm("bob", &common::other_code(&f.bob_code)), MISMATCH),
        json_case("ConfirmSignUp letters", "ConfirmSignUp", confirm("bob", "abcdef"), MISMATCH),
        // ConfirmationCodeType: pattern [\S]+, 1 to 2048 characters; refused before any lookup,
        // so the code's owner keeps every attempt.
        json_case("ConfirmSignUp code with a space", "ConfirmSignUp",
            confirm("bob", &format!("{} ", f.bob_code)), INVALID)
            .saying("Member must satisfy regular expression pattern: [\\S]+"),
        json_case("ConfirmSignUp code with a newline", "ConfirmSignUp",
            confirm("bob", "123\n456"), INVALID),
        json_case("ConfirmSignUp code over 2048", "ConfirmSignUp",
            confirm("bob", &"1".repeat(2049)), INVALID)
            .saying("Member must have length less than or equal to 2048"),
        json_case("ConfirmForgot code with a tab", "ConfirmForgotPassword",
            reset(&format!("\t{}", f.jane_reset)), INVALID),
        json_case("ConfirmForgot code over 2048", "ConfirmForgotPassword",
            reset(&"1".repeat(2049)), INVALID),
        json_case("ConfirmSignUp another's code", "ConfirmSignUp",
            confirm("bob", &f.jane_reset), MISMATCH),
        json_case("ConfirmForgot wrong code", "ConfirmForgotPassword",
            reset(&common::other_code(&f.jane_reset)), MISMATCH),
        json_case("ConfirmForgot letters", "ConfirmForgotPassword", reset("abcdef"), MISMATCH),
        json_case("ConfirmForgot another's code", "ConfirmForgotPassword", reset(&f.bob_code),
            MISMATCH),
        json_case("GetUser ID token", "GetUser", get_user(token("IdToken")), NOT_AUTHORIZED),
        json_case("GetUser refresh token", "GetUser", get_user(token("RefreshToken")),
            NOT_AUTHORIZED),
        json_case("GetUser garbage", "GetUser", get_user("garbage".into()), NOT_AUTHORIZED),
        json_case("GetUser altered signature", "GetUser",
            get_user(with_altered_signature(&token("AccessToken"))), NOT_AUTHORIZED),
        json_case("refresh with an access token", "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client,
                "AuthParameters": {"REFRESH_TOKEN": token("AccessToken")}}), NOT_AUTHORIZED),
        // AWS documents no code for an unusable SRP_A (unconfirmed); InvalidParameterException is
        // what it answers for other malformed AuthParameters. A wrong proof is a wrong password.
        json_case("SRP_A zero", "InitiateAuth", srp("0".into()), INVALID),
        json_case("SRP_A = N", "InitiateAuth", srp(N_HEX.into()), INVALID),
        json_case("SRP_A not hex", "InitiateAuth", srp("xyz".into()), INVALID),
        json_case("SRP_A oversized", "InitiateAuth", srp("1".repeat(4096)), INVALID),
        json_case("verifier signature not base64", "RespondToAuthChallenge",
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client,
                "Session": f.challenge["Session"],
                "ChallengeResponses": {"USERNAME": "jane",
                    "PASSWORD_CLAIM_SECRET_BLOCK": f.challenge["ChallengeParameters"]["SECRET_BLOCK"],
                    "PASSWORD_CLAIM_SIGNATURE": "!!not base64!!",
                    "TIMESTAMP": f.timestamp}}), NOT_AUTHORIZED)
            .saying("Incorrect username or password."),
    ]
}

/// Requests well formed on the wire that Cognito refuses for what they ask.
fn request_cases(f: &Fixture) -> Vec<Case> {
    let client = f.client.as_str();
    let sign_up = |username: &str, password: &str, attributes: Value| {
        json!({"ClientId": client, "Username": username, "Password": password,
            "UserAttributes": attributes})
    };
    let email = json!([{"Name": "email", "Value": "ghost@example.com"}]);
    let id_token = f.tokens["IdToken"].clone();
    let mut boolean_password = sign_up("ghost", PASSWORD, email.clone());
    boolean_password["Password"] = json!(true);
    vec![
        json_case(
            "SignUp empty username",
            "SignUp",
            sign_up("", PASSWORD, email.clone()),
            INVALID,
        ),
        json_case(
            "SignUp boolean password",
            "SignUp",
            boolean_password,
            SERIALIZATION,
        ),
        json_case(
            "InitiateAuth number USERNAME",
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client,
                "AuthParameters": {"USERNAME": 7, "SRP_A": "02"}}),
            SERIALIZATION,
        ),
        json_case(
            "SignUp existing username",
            "SignUp",
            sign_up("jane", PASSWORD, email.clone()),
            "UsernameExistsException",
        ),
        json_case(
            "SignUp weak password",
            "SignUp",
            sign_up("ghost", "short", email.clone()),
            "InvalidPasswordException",
        ),
        json_case(
            "SignUp unknown attribute",
            "SignUp",
            sign_up(
                "ghost",
                PASSWORD,
                json!([{"Name": "custom:nope", "Value": "x"}]),
            ),
            INVALID,
        ),
        json_case(
            "ConfirmSignUp unknown user",
            "ConfirmSignUp",
            json!({"ClientId": client, "Username": "ghost", "ConfirmationCode": "123456"}),
            "UserNotFoundException",
        ),
        json_case(
            "ForgotPassword unknown user",
            "ForgotPassword",
            json!({"ClientId": client, "Username": "ghost"}),
            "UserNotFoundException",
        ),
        json_case(
            "InitiateAuth flow not allowed",
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
                "AuthParameters": {"USERNAME": "jane", "PASSWORD": PASSWORD}}),
            INVALID,
        ),
        json_case(
            "Respond unknown challenge",
            "RespondToAuthChallenge",
            json!({"ChallengeName": "TELEPATHY", "ClientId": client,
                "ChallengeResponses": {"USERNAME": "jane"}}),
            INVALID,
        ),
        json_case(
            "ChangePassword ID token",
            "ChangePassword",
            json!({"AccessToken": id_token, "PreviousPassword": PASSWORD,
                "ProposedPassword": "New-h0rse-1"}),
            NOT_AUTHORIZED,
        ),
        json_case(
            "ChangePassword wrong previous",
            "ChangePassword",
            json!({"AccessToken": f.tokens["AccessToken"], "PreviousPassword": "Wrong-h0rse-1",
                "ProposedPassword": "New-h0rse-1"}),
            NOT_AUTHORIZED,
        ),
        // Username is documented as at most 128 characters.
        json_case(
            "SignUp username too long",
            "SignUp",
            sign_up(&"g".repeat(129), PASSWORD, email),
            INVALID,
        ),
    ]
}

#[tokio::test]
async fn each_malformed_request_gets_cognitos_error_and_changes_nothing() {
    let pool = TestPool::start().await;
    let (pool_id, client) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client, "jane").await;
    pool.sign_up(&client, "bob", "bob@example.com")
        .await
        .unwrap();
    let bob_code = pool.last_code("bob");
    let tokens = pool.tokens(&pool_id, &client, "jane", PASSWORD).await;
    pool.call(
        "ForgotPassword",
        json!({"ClientId": client, "Username": "jane"}),
    )
    .await
    .unwrap();
    let jane_reset = pool.last_code("jane");
    let challenge = srp_challenge(&pool, &pool_id, &client, "jane").await;
    let access = tokens["AccessToken"].as_str().unwrap().to_owned();
    let timestamp = pool
        .time
        .now()
        .format("%a %b %-d %H:%M:%S UTC %Y")
        .to_string();
    let fixture = Fixture {
        client,
        bob_code,
        jane_reset,
        tokens,
        challenge,
        timestamp,
    };

    let before = snapshot(&pool, &pool_id, &["jane", "bob"]).await;
    // Guards the comparison against comparing nothing with nothing.
    assert_eq!(
        before.0[1][1], "UNCONFIRMED",
        "the snapshot holds bob's status"
    );
    let mut cases = protocol_cases();
    cases.extend(field_cases(&fixture.client, &access));
    cases.extend(secret_cases(&fixture));
    cases.extend(request_cases(&fixture));
    let mut wrong = Vec::new();
    for case in &cases {
        let answer = send(&pool, case).await;
        let expected = (case.status, case.code);
        if (answer.0, answer.1.as_str()) != expected || !answer.2.contains(case.fragment) {
            wrong.push(format!(
                "{}: expected {} {}, got {answer:?}",
                case.name, case.status, case.code
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases answered otherwise:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
    assert_eq!(snapshot(&pool, &pool_id, &["jane", "bob"]).await, before);
    assert!(
        !pool.user_exists(&pool_id, "ghost").await,
        "no refused sign-up created a user"
    );
    // The tokens the table used are still good: nothing was revoked or signed out.
    pool.me(&fixture.tokens["AccessToken"]).await;
}
