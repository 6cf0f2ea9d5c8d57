use super::*;
use crate::settings::PoolAttribute;
use crate::view::ErrorKind;

fn field(name: &str, kind: AttributeKind, required: bool) -> AttributeField {
    AttributeField {
        name: name.into(),
        label: name.into(),
        kind,
        required,
    }
}

fn attrs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn emails() {
    for good in ["a@b.co", "first.last+tag@sub.example.com"] {
        assert!(is_email(good), "{good}");
    }
    for bad in [
        "", "plain", "@b.co", "a@", "a@b", "a@.b", "a@b.", "a b@c.d", "a@b@c.d",
    ] {
        assert!(!is_email(bad), "{bad}");
    }
}

#[test]
fn phones_are_e164() {
    for good in ["+1", "+15555550100", "+123456789012345"] {
        assert!(is_phone(good), "{good}");
    }
    for bad in [
        "",
        "+",
        "15555550100",
        "+1234567890123456",
        "+1 555 555",
        "+1-555",
        "++1",
    ] {
        assert!(!is_phone(bad), "{bad}");
    }
}

#[test]
fn codes() {
    let code = |s: &str| ConfirmationCode::new(s.into());
    assert!(validate_code(&code("012345")).is_ok());
    assert_eq!(
        validate_code(&code("")).unwrap_err().kind(),
        ErrorKind::Required
    );
    for bad in ["12345", "1234567", "12a456", "１２３４５６"] {
        assert_eq!(
            validate_code(&code(bad)).unwrap_err().kind(),
            ErrorKind::InvalidCode,
            "{bad}"
        );
    }
}

#[test]
fn usernames_and_passwords() {
    assert!(validate_username("ana").is_ok());
    assert_eq!(
        validate_username("").unwrap_err().kind(),
        ErrorKind::Required
    );
    assert_eq!(
        validate_username("an a").unwrap_err().kind(),
        ErrorKind::InvalidUsername
    );
    assert!(validate_password(&Password::new(" ".into())).is_ok());
    assert!(validate_password(&Password::new(String::new())).is_err());
}

#[test]
fn attributes_are_checked_against_their_fields() {
    let fields = [
        field("email", AttributeKind::Email, true),
        field("phone_number", AttributeKind::Phone, false),
        field("custom:age", AttributeKind::Number, false),
        field("custom:team", AttributeKind::Text, false),
    ];
    let sent = validate_attributes(
        &fields,
        &attrs(&[
            ("email", "a@b.co"),
            ("phone_number", ""),
            ("custom:team", "x"),
        ]),
    )
    .unwrap();
    assert_eq!(
        sent,
        attrs(&[("email", "a@b.co"), ("custom:team", "x")]),
        "empty optional fields are not sent"
    );
    let refused = [
        (attrs(&[]), "email", ErrorKind::Required),
        (attrs(&[("email", "")]), "email", ErrorKind::Required),
        (
            attrs(&[("email", "nope")]),
            "email",
            ErrorKind::InvalidEmail,
        ),
        (
            attrs(&[("email", "a@b.co"), ("phone_number", "5555550100")]),
            "phone_number",
            ErrorKind::InvalidPhone,
        ),
        (
            attrs(&[("email", "a@b.co"), ("custom:age", "4x")]),
            "custom:age",
            ErrorKind::InvalidNumber,
        ),
        (
            attrs(&[("email", "a@b.co"), ("custom:other", "1")]),
            "custom:other",
            ErrorKind::UnknownAttribute,
        ),
    ];
    for (given, attribute, kind) in refused {
        let error = validate_attributes(&fields, &given).unwrap_err();
        assert_eq!(
            (error.kind(), error.field(), error.attribute()),
            (kind, Some(Field::Attribute), Some(attribute)),
            "{given:?}"
        );
    }
}

#[test]
fn a_new_password_is_checked_rule_by_rule() {
    let policy = PasswordPolicy::default();
    let check = |p: &str| validate_new_password(&Password::new(p.into()), &policy);
    assert!(check("Correct-Horse-9").is_ok());
    for (bad, kind) in [
        ("", ErrorKind::Required),
        ("Aa1-", ErrorKind::PasswordTooShort),
        ("correct-horse-9", ErrorKind::PasswordNeedsUppercase),
        ("CORRECT-HORSE-9", ErrorKind::PasswordNeedsLowercase),
        ("Correct-Horse-x", ErrorKind::PasswordNeedsNumber),
        ("CorrectHorse9", ErrorKind::PasswordNeedsSymbol),
    ] {
        let error = check(bad).unwrap_err();
        assert_eq!(
            (error.kind(), error.field()),
            (kind, Some(Field::NewPassword))
        );
        assert!(bad.is_empty() || !format!("{error} {error:?}").contains(bad));
    }
    assert_eq!(
        check("Aa1-").unwrap_err().to_view().detail.as_deref(),
        Some("8")
    );
    let lax = PasswordPolicy {
        minimum_length: 6,
        require_uppercase: false,
        require_lowercase: false,
        require_numbers: false,
        require_symbols: false,
    };
    assert!(validate_new_password(&Password::new("abcdef".into()), &lax).is_ok());
}

fn declared(name: &str, kind: AttributeKind, required: bool, mutable: bool) -> PoolAttribute {
    PoolAttribute {
        field: field(name, kind, required),
        mutable,
    }
}

fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn an_attribute_update_keeps_only_real_changes_and_checks_them_like_sign_up() {
    let pool = PoolSettings {
        attribute_fields: vec![
            declared("email", AttributeKind::Email, true, true),
            declared("phone_number", AttributeKind::Phone, false, true),
            declared("custom:age", AttributeKind::Number, false, true),
            declared("custom:team", AttributeKind::Text, false, true),
            declared("custom:badge", AttributeKind::Text, false, false),
        ],
        ..PoolSettings::new("local", "us-east-1", "us-east-1_P", "c", None)
    };
    let current = values(&[
        ("sub", "s-1"),
        ("email", "ana@example.com"),
        ("email_verified", "true"),
        ("custom:team", "blue"),
        ("custom:badge", "gold"),
    ]);
    let changes = validate_attribute_changes(
        &pool,
        &current,
        &attrs(&[
            ("email", "ana@example.com"),
            ("phone_number", "+15555550100"),
            ("custom:team", ""),
            ("custom:badge", "gold"),
        ]),
    )
    .unwrap();
    assert_eq!(
        changes,
        AttributeChanges {
            update: attrs(&[("phone_number", "+15555550100")]),
            delete: vec!["custom:team".to_owned()],
        },
        "unchanged values are dropped, an emptied optional one is deleted"
    );

    let nothing = validate_attribute_changes(
        &pool,
        &current,
        &attrs(&[("email", "ana@example.com"), ("phone_number", "")]),
    )
    .unwrap_err();
    assert_eq!(
        (nothing.kind(), nothing.field()),
        (ErrorKind::NothingChanged, None)
    );

    let refused = [
        ("sub", "s-2", ErrorKind::NotOffered),
        ("email_verified", "false", ErrorKind::NotOffered),
        ("custom:badge", "silver", ErrorKind::NotOffered),
        ("custom:other", "x", ErrorKind::UnknownAttribute),
        ("email", "", ErrorKind::Required),
        ("email", "not-an-email", ErrorKind::InvalidEmail),
        ("phone_number", "5555550100", ErrorKind::InvalidPhone),
        ("custom:age", "4x", ErrorKind::InvalidNumber),
    ];
    for (name, value, kind) in refused {
        let error =
            validate_attribute_changes(&pool, &current, &attrs(&[(name, value)])).unwrap_err();
        assert_eq!(
            (error.kind(), error.field(), error.attribute()),
            (kind, Some(Field::Attribute), Some(name)),
            "{name}={value}"
        );
    }
}

#[test]
fn without_the_pools_schema_every_attribute_but_sub_is_editable() {
    let pool = PoolSettings::new("remote", "us-east-1", "us-east-1_P", "c", None);
    let current = values(&[("email", "ana@example.com")]);
    let changes = validate_attribute_changes(
        &pool,
        &current,
        &attrs(&[("custom:team", "red"), ("email", "new@example.com")]),
    )
    .unwrap();
    assert_eq!(
        changes.update,
        attrs(&[("custom:team", "red"), ("email", "new@example.com")])
    );
    let error = validate_attribute_changes(&pool, &current, &attrs(&[("sub", "x")])).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotOffered);
    let error =
        validate_attribute_changes(&pool, &current, &attrs(&[("email", "nope")])).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidEmail);
}

#[test]
fn only_email_and_phone_are_verifiable() {
    assert!(validate_verifiable("email").is_ok());
    assert!(validate_verifiable("phone_number").is_ok());
    let error = validate_verifiable("custom:team").unwrap_err();
    assert_eq!(
        (error.kind(), error.attribute()),
        (ErrorKind::AttributeNotVerifiable, Some("custom:team"))
    );
}

#[test]
fn a_password_change_needs_the_current_password_and_a_new_valid_different_one() {
    let policy = PasswordPolicy::default();
    let pw = |p: &str| Password::new(p.into());
    assert!(validate_password_change(&pw("Old-Horse-1"), &pw("New-Horse-2"), &policy).is_ok());
    for (current, new, kind, field) in [
        (
            "",
            "New-Horse-2",
            ErrorKind::Required,
            Field::CurrentPassword,
        ),
        ("Old-Horse-1", "", ErrorKind::Required, Field::NewPassword),
        (
            "Old-Horse-1",
            "short",
            ErrorKind::PasswordTooShort,
            Field::NewPassword,
        ),
        (
            "Same-Horse-1",
            "Same-Horse-1",
            ErrorKind::PasswordUnchanged,
            Field::NewPassword,
        ),
    ] {
        let error = validate_password_change(&pw(current), &pw(new), &policy).unwrap_err();
        assert_eq!(
            (error.kind(), error.field()),
            (kind, Some(field)),
            "{current}/{new}"
        );
    }
}
