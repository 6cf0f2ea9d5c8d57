//! Whole journeys of the client core (`gatehouse-auth`'s `Auth` driver) against a real local pool
//! over HTTP, beyond signing up and in: second factors (an authenticator set up from the account or
//! while signing in, text message codes, choosing between two), forgotten passwords, what an
//! administrator does (create a user, reset a password), sign-up attributes, where a sign-in is
//! routed, what signing out does on the pool, and password guessing.
//!
//! The pool runs on a manual clock (`gatehouse_pool::start_with_clock`), so time passes without
//! sleeping: authenticator codes are computed for the pool's time by an RFC 6238 implementation
//! apart from the pool's and the app's (`gatehouse_tests::totp`), and the clock is moved to the next
//! 30-second step, past a challenge's three minutes, a lock's minute or a reset code's hour. The
//! app stamps its SRP answer with the real clock and the pool accepts 15 minutes of difference, so
//! no test moves the pool's clock by more than a few minutes before a sign-in.
//!
//! The app is configured as it is for the embedded pool: a sign-up form with email (required),
//! phone number and team, and both second factors on offer. Codes are read from the pool's outbox,
//! as a user reads their email or texts; an administrator's steps go through Cognito's API
//! (`gatehouse_tests::pool_admin`). The session store is the in-memory one.
//! See https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html and
//! https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html

use std::sync::Arc;

use gatehouse_auth::view::UsernameField;
use gatehouse_auth::{
    view::{
        AttributeKind, AuthView, CodeDelivery, ErrorKind, Field, MfaChoice, MfaMethod, NoticeKind,
        PasswordPolicy, Screen, TotpSetupOrigin,
    },
    Intent, MemoryStore, Password,
};
use gatehouse_tests::{
    pool_admin::{CallError, PoolAdmin},
    totp::Totp,
};
use serde_json::json;

#[path = "core/mod.rs"]
mod app;
use app::local_pool::{field, LocalPool};
use app::{attributes_of, error_of, notice_kind, signed_in_user, App, PASSWORD};

const NEW_PASSWORD: &str = "Brand-New-Pass-7";
const WRONG_PASSWORD: &str = "Wrong-Horse-9-battery";
const PHONE: &str = "+447700900123";
/// How the pool masks `PHONE` in a code delivery.
const MASKED_PHONE: &str = "+********0123";

fn email_of(username: &str) -> String {
    format!("{username}@example.com")
}

/// A user who signed up with these attributes (email first) and confirmed with the emailed code,
/// on the sign-in screen.
async fn confirmed_user(pool: &LocalPool, app: &App, username: &str, attributes: &[(&str, &str)]) {
    let view = app.sign_up(username, attributes).await;
    assert!(
        matches!(view.screen, Screen::ConfirmSignUp { .. }),
        "sign-up asks for the code: {view:?}"
    );
    let view = app.confirm_sign_up(&pool.last_code_sent_to(username)).await;
    assert_eq!(view.error, None, "the emailed code confirms the sign-up");
}

/// A confirmed user with an email address only.
async fn user_with_email(pool: &LocalPool, app: &App, username: &str) {
    confirmed_user(pool, app, username, &[("email", &email_of(username))]).await;
}

/// A confirmed user with `PHONE` who turned on text message codes, signed out.
async fn user_with_text_message_codes(pool: &LocalPool, app: &App, username: &str) {
    confirmed_user(
        pool,
        app,
        username,
        &[("email", &email_of(username)), ("phone_number", PHONE)],
    )
    .await;
    signed_in_user(&app.sign_in(username, PASSWORD).await);
    let view = app.set_mfa(MfaChoice::Enabled, MfaChoice::Disabled).await;
    assert_eq!(signed_in_user(&view).mfa.enabled, [MfaMethod::Sms]);
    app.sign_out().await;
}

/// The authenticator app a user adds from the setup screen, which must have come from `origin`.
fn authenticator_from(view: &AuthView, origin: TotpSetupOrigin, username: &str) -> Totp {
    let Screen::SetUpTotp {
        username: shown,
        setup,
        origin: from,
    } = &view.screen
    else {
        panic!("expected the authenticator setup, got {view:?}");
    };
    assert_eq!((shown.as_str(), *from), (username, origin));
    assert_eq!(
        setup.uri,
        format!(
            "otpauth://totp/Gatehouse:{username}?secret={}&issuer=Gatehouse",
            setup.secret
        ),
        "the QR code holds the account and the secret"
    );
    Totp::from_base32(&setup.secret).expect("the secret is base32")
}

/// A six-digit code the authenticator does not show one step either side of `at` (the pool
/// accepts one step of skew), so it is wrong for sure.
fn code_other_than(authenticator: &Totp, at: u64) -> String {
    let near: Vec<String> = [at - 30, at, at + 30]
        .into_iter()
        .map(|time| authenticator.code_at(time))
        .collect();
    ["000000", "111111", "222222", "333333"]
        .into_iter()
        .find(|candidate| !near.iter().any(|code| code == candidate))
        .expect("three codes cannot cover four candidates")
        .to_owned()
}

/// A six-digit code other than `code`.
fn other_than(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

fn email_delivery(masked: &str) -> CodeDelivery {
    CodeDelivery {
        medium: "EMAIL".into(),
        destination: masked.into(),
        attribute: Some("email".into()),
    }
}

/// The notice's kind and the masked address it names.
fn notice_of(view: &AuthView) -> Option<(NoticeKind, Option<&str>)> {
    view.notice
        .as_ref()
        .map(|notice| (notice.kind, notice.destination.as_deref()))
}

fn assert_code_refused(view: &AuthView, kind: ErrorKind) {
    let error = error_of(view);
    assert_eq!(
        (error.kind, error.field),
        (kind, Some(Field::Code)),
        "{view:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_sets_up_an_authenticator_from_the_account_and_signs_in_with_its_codes() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    user_with_email(&pool, &app, "ana").await;
    signed_in_user(&app.sign_in("ana", PASSWORD).await);

    let view = app.auth.dispatch(Intent::SetUpTotp).await;
    let authenticator = authenticator_from(&view, TotpSetupOrigin::Account, "ana");
    let view = app
        .verify_authenticator(&code_other_than(&authenticator, pool.now()), Some("Phone"))
        .await;
    assert!(matches!(view.screen, Screen::SetUpTotp { .. }), "{view:?}");
    assert_code_refused(&view, ErrorKind::CodeMismatch);
    let setup_code = authenticator.code_at(pool.now());
    let view = app.verify_authenticator(&setup_code, Some("Phone")).await;
    assert_eq!(view.error, None);
    assert_eq!(notice_kind(&view), Some(NoticeKind::AuthenticatorOn));
    let mfa = &signed_in_user(&view).mfa;
    assert_eq!(mfa.available, [MfaMethod::Sms, MfaMethod::Totp]);
    assert_eq!(
        (mfa.enabled.as_slice(), mfa.preferred, mfa.required),
        ([MfaMethod::Totp].as_slice(), Some(MfaMethod::Totp), false),
        "Cognito only registers a verified authenticator: the app turns it on"
    );
    app.sign_out().await;

    let view = app.sign_in("ana", PASSWORD).await;
    assert_eq!(
        view.screen,
        Screen::ConfirmSignIn {
            username: "ana".into(),
            method: MfaMethod::Totp,
            delivery: None,
        }
    );
    let view = app.enter_code(&setup_code).await;
    assert!(
        matches!(view.screen, Screen::ConfirmSignIn { .. }),
        "{view:?}"
    );
    assert_code_refused(&view, ErrorKind::CodeMismatch);
    pool.let_pass(30);
    let view = app.enter_code(&authenticator.code_at(pool.now())).await;
    assert_eq!(signed_in_user(&view).username, "ana");
    assert_eq!(view.error, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_everywhere_on_a_second_device_ends_the_session_on_the_first() {
    let pool = LocalPool::start().await;
    let key = pool.settings.store_key();
    let laptop_store = Arc::new(MemoryStore::new());
    let laptop = pool.app(&laptop_store).await;
    user_with_email(&pool, &laptop, "ben").await;
    signed_in_user(&laptop.sign_in("ben", PASSWORD).await);
    let phone_store = Arc::new(MemoryStore::new());
    let phone = pool.app(&phone_store).await;
    signed_in_user(&phone.sign_in("ben", PASSWORD).await);

    let view = phone.auth.dispatch(Intent::SignOutEverywhere).await;

    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("ben".into()),
            username_field: UsernameField::Username,
        }
    );
    assert_eq!(view.error, None);
    assert_eq!(notice_kind(&view), Some(NoticeKind::SignedOutEverywhere));
    assert!(phone_store.get(&key).is_none(), "the phone forgot it");
    assert!(
        laptop_store.get(&key).is_some(),
        "the laptop has not asked yet"
    );
    let restarted = pool.app(&laptop_store).await;
    let view = restarted.auth.view();
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("ben".into()),
            username_field: UsernameField::Username,
        }
    );
    assert_eq!(error_of(&view).kind, ErrorKind::SessionEnded);
    assert!(
        laptop_store.get(&key).is_none(),
        "the ended session is cleared"
    );
    // The laptop app that kept running learns it at its next call to the pool.
    let view = laptop.auth.dispatch(Intent::SetUpTotp).await;
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("ben".into()),
            username_field: UsernameField::Username,
        }
    );
    assert_eq!(error_of(&view).kind, ErrorKind::SessionEnded);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_who_forgot_their_password_resets_it_with_the_emailed_code() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    user_with_email(&pool, &app, "cleo").await;

    let view = app
        .auth
        .dispatch(Intent::ShowForgotPassword {
            username: Some("cleo".into()),
        })
        .await;
    assert_eq!(
        view.screen,
        Screen::ForgotPassword {
            username: Some("cleo".into()),
            username_field: UsernameField::Username,
        }
    );
    let view = app
        .auth
        .dispatch(Intent::RequestPasswordReset {
            username: "cleo".into(),
        })
        .await;
    let reset_screen = Screen::ResetPassword {
        username: "cleo".into(),
        delivery: Some(email_delivery("c***@e***.com")),
        policy: PasswordPolicy::default(),
    };
    assert_eq!(view.screen, reset_screen);
    assert_eq!(view.error, None);
    assert_eq!(
        notice_of(&view),
        Some((NoticeKind::CodeSent, Some("c***@e***.com")))
    );
    let sent = pool.last_message_to("cleo");
    assert_eq!(
        (
            sent.medium.as_str(),
            sent.destination.as_str(),
            sent.purpose.as_str()
        ),
        ("EMAIL", "cleo@example.com", "FORGOT_PASSWORD")
    );
    let view = app.auth.dispatch(Intent::ResendPasswordResetCode).await;
    assert_eq!(view.screen, reset_screen);
    assert_eq!(view.error, None);
    assert_eq!(
        notice_of(&view),
        Some((NoticeKind::NewCodeSent, Some("c***@e***.com")))
    );
    assert_eq!(pool.messages_sent_to("cleo"), 3, "sign-up, reset, resend");
    let code = pool.last_code_sent_to("cleo");

    let view = app.reset_password(other_than(&code), NEW_PASSWORD).await;
    assert_eq!(view.screen, reset_screen);
    assert_code_refused(&view, ErrorKind::CodeMismatch);
    let view = app.reset_password(&code, "Sh0rt!").await;
    assert_eq!(view.screen, reset_screen);
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field, error.detail.as_deref()),
        (
            ErrorKind::PasswordTooShort,
            Some(Field::NewPassword),
            Some("8")
        ),
        "the policy is checked before the code is spent"
    );
    let view = app.reset_password(&code, NEW_PASSWORD).await;
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("cleo".into()),
            username_field: UsernameField::Username,
        }
    );
    assert_eq!(
        (&view.error, notice_kind(&view)),
        (&None, Some(NoticeKind::PasswordReset))
    );

    let view = app.sign_in("cleo", PASSWORD).await;
    let error = error_of(&view);
    assert_eq!(
        error.kind,
        ErrorKind::IncorrectCredentials,
        "the old password no longer works"
    );
    let view = app.sign_in("cleo", NEW_PASSWORD).await;
    assert_eq!(signed_in_user(&view).username, "cleo");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_code_typed_after_an_hour_is_expired_and_a_new_one_works() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    user_with_email(&pool, &app, "dora").await;
    app.auth
        .dispatch(Intent::ShowForgotPassword { username: None })
        .await;
    app.auth
        .dispatch(Intent::RequestPasswordReset {
            username: "dora".into(),
        })
        .await;
    let code = pool.last_code_sent_to("dora");

    // Reset codes live an hour. (No sign-in follows: the pool's clock is now an hour ahead of the
    // clock that stamps the app's SRP answer.)
    pool.let_pass(61 * 60);
    let view = app.reset_password(&code, NEW_PASSWORD).await;

    assert!(
        matches!(view.screen, Screen::ResetPassword { .. }),
        "{view:?}"
    );
    assert_code_refused(&view, ErrorKind::ExpiredCode);
    app.auth.dispatch(Intent::ResendPasswordResetCode).await;
    let view = app
        .reset_password(&pool.last_code_sent_to("dora"), NEW_PASSWORD)
        .await;
    assert_eq!(view.error, None);
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("dora".into()),
            username_field: UsernameField::Username,
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_requiring_a_second_factor_has_a_new_user_set_up_an_authenticator_while_signing_in()
{
    let mut pool = LocalPool::start().await;
    pool.require_mfa().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    user_with_email(&pool, &app, "eli").await;

    let view = app.sign_in("eli", PASSWORD).await;
    let authenticator = authenticator_from(&view, TotpSetupOrigin::SignIn, "eli");
    let view = app
        .verify_authenticator(&code_other_than(&authenticator, pool.now()), Some("Phone"))
        .await;
    assert!(matches!(view.screen, Screen::SetUpTotp { .. }), "{view:?}");
    assert_code_refused(&view, ErrorKind::CodeMismatch);
    let view = app
        .verify_authenticator(&authenticator.code_at(pool.now()), Some("Phone"))
        .await;
    assert_eq!(view.error, None);
    let mfa = &signed_in_user(&view).mfa;
    assert_eq!(
        (mfa.enabled.as_slice(), mfa.preferred, mfa.required),
        ([MfaMethod::Totp].as_slice(), Some(MfaMethod::Totp), true),
        "setting up to sign in turns the authenticator on"
    );
    let view = app.set_mfa(MfaChoice::Disabled, MfaChoice::Disabled).await;
    let error = error_of(&view);
    assert_eq!(error.kind, ErrorKind::MfaRequired);
    app.sign_out().await;

    let view = app.sign_in("eli", PASSWORD).await;
    assert_eq!(
        view.screen,
        Screen::ConfirmSignIn {
            username: "eli".into(),
            method: MfaMethod::Totp,
            delivery: None,
        }
    );
    pool.let_pass(30);
    let view = app.enter_code(&authenticator.code_at(pool.now())).await;
    assert_eq!(signed_in_user(&view).username, "eli");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_an_administrator_created_chooses_a_password_and_gives_their_email_at_first_sign_in()
{
    const TEMPORARY: &str = "Temp-Pass-123!";
    let pool = LocalPool::start().await;
    pool.admin
        .expect(
            "AdminCreateUser",
            json!({"UserPoolId": pool.ids.user_pool_id, "Username": "finn",
                "TemporaryPassword": TEMPORARY, "MessageAction": "SUPPRESS"}),
        )
        .await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;

    let view = app.sign_in("finn", TEMPORARY).await;
    let new_password_screen = Screen::NewPassword {
        username: "finn".into(),
        required_attributes: vec![field("email", "Email", AttributeKind::Email, true)],
        policy: PasswordPolicy::default(),
    };
    assert_eq!(
        view.screen, new_password_screen,
        "the pool requires an email the administrator did not give"
    );
    let complete = |password: &str, attributes: &[(&str, &str)]| Intent::CompleteNewPassword {
        password: Password::new(password.to_owned()),
        attributes: attributes_of(attributes),
    };
    let view = app.auth.dispatch(complete(NEW_PASSWORD, &[])).await;
    assert_eq!(view.screen, new_password_screen);
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field, error.attribute.as_deref()),
        (ErrorKind::Required, Some(Field::Attribute), Some("email"))
    );
    let view = app
        .auth
        .dispatch(complete("nouppercase-1!", &[("email", "finn@example.com")]))
        .await;
    assert_eq!(view.screen, new_password_screen);
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field),
        (ErrorKind::PasswordNeedsUppercase, Some(Field::NewPassword))
    );
    let view = app
        .auth
        .dispatch(complete(NEW_PASSWORD, &[("email", "finn@example.com")]))
        .await;
    let user = signed_in_user(&view);
    assert_eq!(
        (user.username.as_str(), user.email.as_deref()),
        ("finn", Some("finn@example.com"))
    );
    let admin_view = pool
        .admin
        .user(&pool.ids, "finn")
        .await
        .expect("finn exists");
    assert_eq!(admin_view["UserStatus"], "CONFIRMED");
    app.sign_out().await;

    let view = app.sign_in("finn", TEMPORARY).await;
    assert_eq!(
        error_of(&view).kind,
        ErrorKind::IncorrectCredentials,
        "the temporary password is spent"
    );
    signed_in_user(&app.sign_in("finn", NEW_PASSWORD).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_who_turned_on_text_message_codes_signs_in_with_the_texted_code() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    user_with_text_message_codes(&pool, &app, "gus").await;

    let view = app.sign_in("gus", PASSWORD).await;

    assert_eq!(
        view.screen,
        Screen::ConfirmSignIn {
            username: "gus".into(),
            method: MfaMethod::Sms,
            delivery: Some(CodeDelivery {
                medium: "SMS".into(),
                destination: MASKED_PHONE.into(),
                attribute: Some("phone_number".into()),
            }),
        }
    );
    let text = pool.last_message_to("gus");
    assert_eq!(
        (
            text.medium.as_str(),
            text.destination.as_str(),
            text.purpose.as_str()
        ),
        ("SMS", PHONE, "SMS_MFA")
    );
    let view = app.enter_code(other_than(&text.code)).await;
    assert!(
        matches!(view.screen, Screen::ConfirmSignIn { .. }),
        "{view:?}"
    );
    assert_code_refused(&view, ErrorKind::CodeMismatch);
    let view = app.enter_code(&text.code).await;
    let user = signed_in_user(&view);
    assert_eq!(user.phone_number.as_deref(), Some(PHONE));
    assert_eq!(
        (user.mfa.enabled.as_slice(), user.mfa.preferred),
        ([MfaMethod::Sms].as_slice(), None)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_with_two_second_factors_and_no_preference_chooses_one_at_sign_in() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    user_with_text_message_codes(&pool, &app, "hana").await;
    app.sign_in("hana", PASSWORD).await;
    signed_in_user(&app.enter_code(&pool.last_code_sent_to("hana")).await);
    let view = app.auth.dispatch(Intent::SetUpTotp).await;
    let authenticator = authenticator_from(&view, TotpSetupOrigin::Account, "hana");
    let view = app
        .verify_authenticator(&authenticator.code_at(pool.now()), Some("Phone"))
        .await;
    assert_eq!(view.error, None);
    let view = app.set_mfa(MfaChoice::Enabled, MfaChoice::Enabled).await;
    let mfa = &signed_in_user(&view).mfa;
    assert_eq!(
        (mfa.enabled.as_slice(), mfa.preferred),
        ([MfaMethod::Sms, MfaMethod::Totp].as_slice(), None)
    );
    app.sign_out().await;
    let texts_before = pool.messages_sent_to("hana");

    let view = app.sign_in("hana", PASSWORD).await;

    assert_eq!(
        view.screen,
        Screen::SelectMfa {
            username: "hana".into(),
            options: vec![MfaMethod::Sms, MfaMethod::Totp],
        }
    );
    assert_eq!(
        pool.messages_sent_to("hana"),
        texts_before,
        "nothing is texted before the user chooses texts"
    );
    let view = app
        .auth
        .dispatch(Intent::SelectMfa {
            method: MfaMethod::Sms,
        })
        .await;
    assert_eq!(
        view.screen,
        Screen::ConfirmSignIn {
            username: "hana".into(),
            method: MfaMethod::Sms,
            delivery: Some(CodeDelivery {
                medium: "SMS".into(),
                destination: MASKED_PHONE.into(),
                attribute: Some("phone_number".into()),
            }),
        }
    );
    assert_eq!(pool.messages_sent_to("hana"), texts_before + 1);
    let view = app.enter_code(&pool.last_code_sent_to("hana")).await;
    assert_eq!(signed_in_user(&view).username, "hana");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_typed_after_the_three_minutes_of_a_sign_in_sends_the_user_back_to_sign_in() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    user_with_text_message_codes(&pool, &app, "ivy").await;
    app.sign_in("ivy", PASSWORD).await;
    let code = pool.last_code_sent_to("ivy");

    pool.let_pass(3 * 60 + 1);
    let view = app.enter_code(&code).await;

    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("ivy".into()),
            username_field: UsernameField::Username,
        }
    );
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field),
        (ErrorKind::ChallengeExpired, None)
    );
    let view = app.sign_in("ivy", PASSWORD).await;
    assert!(
        matches!(view.screen, Screen::ConfirmSignIn { .. }),
        "{view:?}"
    );
    let view = app.enter_code(&pool.last_code_sent_to("ivy")).await;
    assert_eq!(signed_in_user(&view).username, "ivy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_user_signs_up_with_a_phone_number_and_a_team() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;

    let view = app
        .sign_up(
            "jo",
            &[
                ("email", "jo@example.com"),
                ("phone_number", "+447700900456"),
                ("custom:team", "Platform"),
            ],
        )
        .await;

    assert_eq!(
        view.screen,
        Screen::ConfirmSignUp {
            username: "jo".into(),
            delivery: Some(email_delivery("j***@e***.com")),
        },
        "the code goes to the email, which the pool verifies"
    );
    let view = app.confirm_sign_up(&pool.last_code_sent_to("jo")).await;
    assert_eq!(view.error, None);
    let stored = pool.admin.user(&pool.ids, "jo").await.expect("jo exists");
    for (name, value) in [
        ("email", "jo@example.com"),
        ("email_verified", "true"),
        ("phone_number", "+447700900456"),
        ("custom:team", "Platform"),
    ] {
        assert_eq!(PoolAdmin::attribute(&stored, name), Some(value), "{name}");
    }
    let view = app.sign_in("jo", PASSWORD).await;
    let user = signed_in_user(&view);
    assert_eq!(
        (user.email_verified, user.phone_number.as_deref()),
        (Some(true), Some("+447700900456"))
    );
    // Nothing verified the phone. The local pool sets no `phone_number_verified` attribute until
    // something does, so the claim is absent (unknown) rather than `false`: only `true` is wrong.
    assert_ne!(user.phone_number_verified, Some(true));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attribute_the_pool_does_not_declare_is_refused_and_no_account_is_made() {
    let pool = LocalPool::start().await;
    let attributes = [("email", "kai@example.com"), ("custom:flavour", "mint")];

    // The app's form does not ask for it: refused before anything is sent.
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    let view = app.sign_up("kai", &attributes).await;
    assert!(matches!(view.screen, Screen::SignUp { .. }), "{view:?}");
    let error = error_of(&view);
    assert_eq!(
        (
            error.kind,
            error.field,
            error.attribute.as_deref(),
            error.detail.as_deref()
        ),
        (
            ErrorKind::UnknownAttribute,
            Some(Field::Attribute),
            Some("custom:flavour"),
            Some("custom:flavour")
        )
    );
    // A form that asks for it (a stale description of the pool): the pool refuses.
    let mut stale = pool.settings.clone();
    stale.sign_up_fields.push(field(
        "custom:flavour",
        "Flavour",
        AttributeKind::Text,
        false,
    ));
    let app = pool.app_with(stale, &Arc::new(MemoryStore::new())).await;
    let view = app.sign_up("kai", &attributes).await;
    assert!(matches!(view.screen, Screen::SignUp { .. }), "{view:?}");
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.detail.as_deref()),
        (
            ErrorKind::InvalidParameter,
            Some("Attributes did not conform to the schema: Type for attribute {custom:flavour} could not be determined")
        )
    );

    let missing = pool.admin.user(&pool.ids, "kai").await.unwrap_err();
    assert_eq!(missing.code(), Some("UserNotFoundException"));
    assert_eq!(pool.messages_sent_to("kai"), 0, "no code was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unconfirmed_user_who_signs_in_is_sent_a_new_code_and_asked_for_it() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    app.sign_up("lea", &[("email", "lea@example.com")]).await;

    let view = app.sign_in("lea", PASSWORD).await;

    assert_eq!(
        view.screen,
        Screen::ConfirmSignUp {
            username: "lea".into(),
            delivery: Some(email_delivery("l***@e***.com")),
        }
    );
    assert_eq!(error_of(&view).kind, ErrorKind::UserNotConfirmed);
    assert_eq!(
        notice_of(&view),
        Some((NoticeKind::NewCodeSent, Some("l***@e***.com")))
    );
    assert_eq!(
        pool.messages_sent_to("lea"),
        2,
        "the sign-up code, then a new one"
    );
    assert_eq!(pool.last_message_to("lea").purpose, "SIGN_UP");
    let view = app.confirm_sign_up(&pool.last_code_sent_to("lea")).await;
    assert_eq!(
        (&view.error, notice_kind(&view)),
        (&None, Some(NoticeKind::AccountConfirmed))
    );
    signed_in_user(&app.sign_in("lea", PASSWORD).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_whose_password_an_administrator_reset_is_sent_a_code_and_asked_for_a_new_password()
{
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    user_with_email(&pool, &app, "max").await;
    pool.admin
        .expect(
            "AdminResetUserPassword",
            json!({"UserPoolId": pool.ids.user_pool_id, "Username": "max"}),
        )
        .await;

    let view = app.sign_in("max", PASSWORD).await;

    assert_eq!(
        view.screen,
        Screen::ResetPassword {
            username: "max".into(),
            delivery: Some(email_delivery("m***@e***.com")),
            policy: PasswordPolicy::default(),
        }
    );
    assert_eq!(error_of(&view).kind, ErrorKind::PasswordResetRequired);
    assert_eq!(
        notice_of(&view),
        Some((NoticeKind::CodeSent, Some("m***@e***.com")))
    );
    assert_eq!(pool.last_message_to("max").purpose, "FORGOT_PASSWORD");
    let view = app
        .reset_password(&pool.last_code_sent_to("max"), NEW_PASSWORD)
        .await;
    assert_eq!(view.error, None);
    signed_in_user(&app.sign_in("max", NEW_PASSWORD).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_revokes_the_refresh_token_on_the_pool() {
    let pool = LocalPool::start().await;
    let store = Arc::new(MemoryStore::new());
    let app = pool.app(&store).await;
    user_with_email(&pool, &app, "nia").await;
    signed_in_user(&app.sign_in("nia", PASSWORD).await);
    let stored = store
        .get(&pool.settings.store_key())
        .expect("signing in stored the session");
    let refresh_token = stored.refresh_token.expose().to_owned();
    let access_token = stored.access_token.expose().to_owned();
    pool.refresh_with(&refresh_token)
        .await
        .expect("the refresh token works while signed in");

    app.sign_out().await;

    assert!(store.get(&pool.settings.store_key()).is_none());
    let refused = pool.refresh_with(&refresh_token).await.unwrap_err();
    let CallError::Refused { code, message } = refused else {
        panic!("the pool answers: {refused}");
    };
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("NotAuthorizedException", "Refresh Token has been revoked")
    );
    let refused = pool
        .admin
        .call("GetUser", json!({"AccessToken": access_token}))
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        Some("NotAuthorizedException"),
        "the access token of the sign-in is revoked with it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_wrong_passwords_lock_sign_in_for_a_minute_even_with_the_right_one() {
    let pool = LocalPool::start().await;
    let store = Arc::new(MemoryStore::new());
    let app = pool.app(&store).await;
    user_with_email(&pool, &app, "oli").await;
    for attempt in 1..=5 {
        let view = app.sign_in("oli", WRONG_PASSWORD).await;
        let error = error_of(&view);
        assert_eq!(
            error.kind,
            ErrorKind::IncorrectCredentials,
            "attempt {attempt}"
        );
    }

    let view = app.sign_in("oli", PASSWORD).await;

    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("oli".into()),
            username_field: UsernameField::Username,
        }
    );
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field),
        (ErrorKind::PasswordAttemptsExceeded, None)
    );
    assert!(store.get(&pool.settings.store_key()).is_none());
    pool.let_pass(61);
    signed_in_user(&app.sign_in("oli", PASSWORD).await);
}
