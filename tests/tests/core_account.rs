//! A signed-in user's own account, driven through the client core (`gatehouse-auth`'s `Auth` on its
//! real SDK adapter) against a real local pool over HTTP: changing attributes, verifying a changed
//! email address with the code the pool sent, changing the password and deleting the account.
//! Codes are read from the pool's outbox as a user reads their email; what the pool holds is read
//! with an administrator's `AdminGetUser`. The session store is the in-memory one.
//! See https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html

use std::sync::Arc;

use gatehouse_auth::{
    view::{ErrorKind, Field, NoticeKind, Screen},
    MemoryStore,
};
use gatehouse_tests::{leaks::Secret, pool_admin::PoolAdmin};
use serde_json::json;

#[path = "core/mod.rs"]
mod app;
use app::local_pool::LocalPool;
use app::{error_of, notice_kind, refusal, shown_attribute, signed_in_user, App, PASSWORD};

const NEW_PASSWORD: &str = "Brand-New-Pass-7";
const PHONE: &str = "+447700900123";

/// A user who signed up with an email address and confirmed it, signed in.
async fn signed_in(pool: &LocalPool, app: &App, username: &str) {
    let email = format!("{username}@example.com");
    app.sign_up(username, &[("email", &email)]).await;
    let view = app.confirm_sign_up(&pool.last_code_sent_to(username)).await;
    assert_eq!(view.error, None, "the emailed code confirms the sign-up");
    signed_in_user(&app.sign_in(username, PASSWORD).await);
}

/// The value of `name` as the pool holds it.
async fn stored_attribute(pool: &LocalPool, username: &str, name: &str) -> Option<String> {
    let user = pool
        .admin
        .user(&pool.ids, username)
        .await
        .expect("the user");
    PoolAdmin::attribute(&user, name).map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_user_sets_their_team_and_phone_number_then_removes_the_team() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    signed_in(&pool, &app, "ada").await;

    let view = app
        .update_attributes(&[("custom:team", "Platform"), ("phone_number", PHONE)])
        .await;

    assert_eq!(view.error, None);
    let user = signed_in_user(&view);
    assert_eq!(
        shown_attribute(user, "custom:team"),
        Some(("Platform", None))
    );
    assert_eq!(
        shown_attribute(user, "phone_number").map(|(value, _)| value),
        Some(PHONE)
    );
    assert_ne!(
        shown_attribute(user, "phone_number").and_then(|(_, verified)| verified),
        Some(true),
        "nothing verified the new phone number"
    );
    assert_eq!(
        stored_attribute(&pool, "ada", "custom:team")
            .await
            .as_deref(),
        Some("Platform")
    );
    assert_eq!(
        stored_attribute(&pool, "ada", "phone_number")
            .await
            .as_deref(),
        Some(PHONE)
    );

    let view = app
        .update_attributes(&[("custom:team", "Platform"), ("phone_number", PHONE)])
        .await;
    assert_eq!(refusal(&view).0, ErrorKind::NothingChanged);
    let view = app
        .update_attributes(&[("phone_number", "07700 900123")])
        .await;
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field, error.attribute.as_deref()),
        (
            ErrorKind::InvalidPhone,
            Some(Field::Attribute),
            Some("phone_number")
        ),
        "checked like the sign-up form, before anything is sent"
    );
    assert_eq!(
        stored_attribute(&pool, "ada", "phone_number")
            .await
            .as_deref(),
        Some(PHONE)
    );

    // An empty value deletes an optional attribute.
    let view = app.update_attributes(&[("custom:team", "")]).await;
    assert_eq!(
        (&view.error, notice_kind(&view)),
        (&None, Some(NoticeKind::AttributesSaved))
    );
    assert_eq!(
        shown_attribute(signed_in_user(&view), "custom:team"),
        Some(("", None)),
        "offered empty, to be set again"
    );
    assert_eq!(stored_attribute(&pool, "ada", "custom:team").await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_email_address_is_unverified_until_the_code_sent_to_it_is_entered() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    signed_in(&pool, &app, "bea").await;

    let view = app
        .update_attributes(&[("email", "bea@work.example")])
        .await;

    assert_eq!(view.error, None);
    let notice = view.notice.as_ref().expect("the code's sending is said");
    assert_eq!(notice.kind, NoticeKind::VerificationCodeSent);
    let destination = notice.destination.as_deref().expect("where it went");
    assert_ne!(destination, "bea@work.example", "the address is masked");
    let user = signed_in_user(&view);
    assert_eq!(
        shown_attribute(user, "email"),
        Some(("bea@work.example", Some(false)))
    );
    let sent = pool.last_message_to("bea");
    assert_eq!(
        (sent.destination.as_str(), sent.purpose.as_str()),
        ("bea@work.example", "VERIFY_EMAIL")
    );

    let wrong = if sent.code == "000000" {
        "111111"
    } else {
        "000000"
    };
    let view = app.verify_attribute("email", wrong).await;
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field, error.attribute.as_deref()),
        (ErrorKind::CodeMismatch, Some(Field::Code), Some("email"))
    );
    assert_eq!(
        shown_attribute(signed_in_user(&view), "email"),
        Some(("bea@work.example", Some(false)))
    );
    let view = app.verify_attribute("email", "12ab").await;
    assert_eq!(refusal(&view), (ErrorKind::InvalidCode, Some(Field::Code)));
    let view = app.verify_attribute("custom:team", &sent.code).await;
    assert_eq!(refusal(&view).0, ErrorKind::AttributeNotVerifiable);

    let view = app.resend_attribute_code("email").await;
    assert_eq!(
        (&view.error, notice_kind(&view)),
        (&None, Some(NoticeKind::VerificationCodeSent))
    );
    let resent = pool.last_code_sent_to("bea");
    let view = app.verify_attribute("email", &resent).await;

    assert_eq!(
        (&view.error, notice_kind(&view)),
        (&None, Some(NoticeKind::AttributeVerified))
    );
    let user = signed_in_user(&view);
    assert_eq!(
        shown_attribute(user, "email"),
        Some(("bea@work.example", Some(true)))
    );
    assert_eq!(user.email_verified, Some(true));
    assert_eq!(
        stored_attribute(&pool, "bea", "email_verified")
            .await
            .as_deref(),
        Some("true")
    );
    app.assert_views_hold_none_of(&[
        Secret::new("verification code", sent.code.as_str()),
        Secret::new("resent verification code", resent.as_str()),
    ]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_needs_the_current_one_and_the_new_one_signs_in() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::new())).await;
    signed_in(&pool, &app, "cy").await;

    let view = app
        .change_password("Wrong-Horse-9-battery", NEW_PASSWORD)
        .await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
    assert_eq!(
        refusal(&view),
        (
            ErrorKind::IncorrectCredentials,
            Some(Field::CurrentPassword)
        )
    );
    let view = app.change_password(PASSWORD, "Sh0rt!").await;
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field, error.detail.as_deref()),
        (
            ErrorKind::PasswordTooShort,
            Some(Field::NewPassword),
            Some("8")
        )
    );
    let view = app.change_password(PASSWORD, PASSWORD).await;
    assert_eq!(refusal(&view).0, ErrorKind::PasswordUnchanged);

    let view = app.change_password(PASSWORD, NEW_PASSWORD).await;

    assert_eq!(
        (&view.error, notice_kind(&view)),
        (&None, Some(NoticeKind::PasswordChanged))
    );
    assert_eq!(signed_in_user(&view).username, "cy", "still signed in");
    app.assert_views_hold_none_of(&[
        Secret::new("current password", PASSWORD),
        Secret::new("new password", NEW_PASSWORD),
        Secret::new("wrong password", "Wrong-Horse-9-battery"),
    ]);
    app.sign_out().await;
    let view = app.sign_in("cy", PASSWORD).await;
    assert_eq!(refusal(&view).0, ErrorKind::IncorrectCredentials);
    signed_in_user(&app.sign_in("cy", NEW_PASSWORD).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_account_leaves_no_session_and_cannot_sign_in() {
    let pool = LocalPool::start().await;
    let store = Arc::new(MemoryStore::new());
    let app = pool.app(&store).await;
    signed_in(&pool, &app, "dee").await;
    let access_token = store
        .get(&pool.settings.store_key())
        .expect("signing in stored the session")
        .access_token
        .expose()
        .to_owned();

    let view = app.delete_account().await;

    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: None,
            username_field: gatehouse_auth::view::UsernameField::Username,
        }
    );
    assert_eq!(
        (&view.error, notice_kind(&view)),
        (&None, Some(NoticeKind::AccountDeleted))
    );
    assert!(store.get(&pool.settings.store_key()).is_none());
    let missing = pool.admin.user(&pool.ids, "dee").await.unwrap_err();
    assert_eq!(missing.code(), Some("UserNotFoundException"));
    let refused = pool
        .admin
        .call("GetUser", json!({"AccessToken": access_token}))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("NotAuthorizedException"));
    let view = app.sign_in("dee", PASSWORD).await;
    assert!(matches!(view.screen, Screen::SignIn { .. }), "{view:?}");
    // The app's client hides whether a user exists (`PreventUserExistenceErrors`): a deleted
    // user is refused as a wrong password is.
    assert_eq!(refusal(&view), (ErrorKind::IncorrectCredentials, None));
    assert!(store.get(&pool.settings.store_key()).is_none());
    let restarted = pool.app(&store).await;
    assert!(matches!(
        restarted.auth.view().screen,
        Screen::SignIn { .. }
    ));
}
