//! The account screen (issue 4): a signed-in user edits their attributes, changes their email and
//! verifies it with the code the pool sent, changes their password, and deletes their account.
//! Every refusal (a malformed phone number, a wrong code, a wrong current password, a password
//! the policy refuses) is shown next to its field and changes nothing on the pool.

use gatehouse_tests::{keyring, pool_admin::PoolAdmin};

use crate::{
    run::Run, sign_in, sign_in_fully, sign_out, sign_up_and_confirm, signed_out_start, NewUser,
    KEYRING_SERVICE,
};

/// Another six digits than `code`.
fn wrong(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

#[tokio::test]
async fn a_user_edits_their_account_verifies_a_new_email_changes_password_and_deletes_it() {
    let run = Run::from_env();
    let user = NewUser::new("acct");
    let app = signed_out_start(&run).await;
    sign_up_and_confirm(&app, &user).await;
    sign_in_fully(&app, &user).await;
    let (admin, pool) = app.local_pool().await;
    app.screenshot("account").await;

    // Optional attributes: saved on the pool and shown.
    app.fill("custom:team", "Platform").await;
    app.fill("phone_number", "+15550100123").await;
    app.click("save-attributes").await;
    assert!(
        !app.text("[data-notice]").await.is_empty(),
        "saving says so"
    );
    let stored = admin
        .user(&pool, &user.username)
        .await
        .expect("AdminGetUser");
    assert_eq!(
        PoolAdmin::attribute(&stored, "custom:team"),
        Some("Platform")
    );
    assert_eq!(
        PoolAdmin::attribute(&stored, "phone_number"),
        Some("+15550100123")
    );
    assert_eq!(app.input_value("custom:team").await, "Platform");

    // A malformed phone number is refused next to its field; the pool keeps the old one.
    app.fill("phone_number", "555-0100").await;
    app.click("save-attributes").await;
    assert!(!app.error_for("phone_number").await.is_empty());
    app.scroll_to("[data-error-for=\"phone_number\"]").await;
    app.screenshot("account-bad-phone").await;
    let stored = admin
        .user(&pool, &user.username)
        .await
        .expect("AdminGetUser");
    assert_eq!(
        PoolAdmin::attribute(&stored, "phone_number"),
        Some("+15550100123")
    );
    app.fill("phone_number", "+15550100123").await;

    // A new email is unverified until the code sent to it is entered.
    let seen = app.outbox_count_for(&user.username).await;
    let new_email = format!("new-{}", user.email);
    app.fill("email", &new_email).await;
    app.click("save-attributes").await;
    app.wait_for_text("[data-verified-for=\"email\"]", "Not verified")
        .await;
    let code = app
        .new_code_in_outbox(&user.username, Some("EMAIL"), seen)
        .await;
    app.scroll_to("[data-verify-for=\"email\"]").await;
    app.screenshot("account-email-unverified").await;
    let verify = "[data-verify-for=\"email\"]";
    app.fill_at(&format!("{verify} input[name=\"code\"]"), wrong(&code))
        .await;
    app.click_at(&format!("{verify} [data-action=\"verify-attribute\"]"))
        .await;
    assert!(
        !app.error_for("code").await.is_empty(),
        "a wrong code is refused next to the code field"
    );
    app.fill_at(&format!("{verify} input[name=\"code\"]"), &code)
        .await;
    app.click_at(&format!("{verify} [data-action=\"verify-attribute\"]"))
        .await;
    let verified = app.text_content("[data-verified-for=\"email\"]").await;
    assert_eq!(verified.trim(), "Verified", "the new email is verified");
    let stored = admin
        .user(&pool, &user.username)
        .await
        .expect("AdminGetUser");
    assert_eq!(
        PoolAdmin::attribute(&stored, "email"),
        Some(new_email.as_str())
    );
    assert_eq!(
        PoolAdmin::attribute(&stored, "email_verified"),
        Some("true")
    );
    app.screenshot("account-email-verified").await;

    // Change password: a wrong current password, then a new one the policy refuses, then right.
    let new_password = format!("{}-New", user.password);
    app.fill("currentPassword", "Wrong-Horse-9-battery").await;
    app.fill("newPassword", &new_password).await;
    app.click("change-password").await;
    assert!(!app.error_for("currentPassword").await.is_empty());
    app.fill("currentPassword", &user.password).await;
    app.fill("newPassword", "short").await;
    app.click("change-password").await;
    assert!(!app.error_for("newPassword").await.is_empty());
    app.scroll_to("[data-section=\"password\"]").await;
    app.screenshot("account-change-password-refused").await;
    app.fill("currentPassword", &user.password).await;
    app.fill("newPassword", &new_password).await;
    app.click("change-password").await;
    assert!(!app.text("[data-notice]").await.is_empty());
    sign_out(&app).await;
    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("signIn").await;
    assert!(
        !app.text("[data-error=\"form\"], [data-error-for=\"password\"]")
            .await
            .is_empty(),
        "the old password no longer signs in"
    );
    let changed = NewUser {
        password: new_password,
        ..user
    };
    sign_in_fully(&app, &changed).await;

    // Delete the account: the first click arms the button, the second deletes.
    app.click("delete-account").await;
    assert!(
        app.shows("[data-action=\"delete-account\"][data-armed=\"true\"]")
            .await,
        "the first click asks for confirmation"
    );
    app.scroll_to("[data-section=\"danger\"]").await;
    app.screenshot("account-delete-confirm").await;
    app.click("delete-account").await;
    app.wait_for_screen("signIn").await;
    assert!(!app.text("[data-notice]").await.is_empty());
    app.screenshot("account-deleted").await;
    let gone = admin.user(&pool, &changed.username).await.unwrap_err();
    assert_eq!(gone.code(), Some("UserNotFoundException"));
    let left = keyring::items(KEYRING_SERVICE).expect("secret-tool reads the keyring");
    assert!(
        left.iter().all(|item| item
            .attributes
            .get("username")
            .is_none_or(|key| !key.starts_with("local/"))),
        "the deleted account's session left the keyring"
    );
    app.close().await;
}
