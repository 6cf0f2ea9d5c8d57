use super::*;

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
    for bad in ["", "12345", "1234567", "12a456", "１２３４５６"] {
        assert!(validate_code(&code(bad)).is_err(), "{bad}");
    }
}

#[test]
fn usernames_and_passwords() {
    assert!(validate_username("ana").is_ok());
    assert!(validate_username("").is_err());
    assert!(validate_username("an a").is_err());
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
        (attrs(&[]), "email"),
        (attrs(&[("email", "")]), "email"),
        (attrs(&[("email", "nope")]), "email"),
        (
            attrs(&[("email", "a@b.co"), ("phone_number", "5555550100")]),
            "phone_number",
        ),
        (
            attrs(&[("email", "a@b.co"), ("custom:age", "4x")]),
            "custom:age",
        ),
        (
            attrs(&[("email", "a@b.co"), ("custom:other", "1")]),
            "custom:other",
        ),
    ];
    for (given, attribute) in refused {
        let error = validate_attributes(&fields, &given).unwrap_err();
        assert_eq!(
            (error.field(), error.attribute()),
            (Some(Field::Attribute), Some(attribute)),
            "{given:?}"
        );
    }
}

#[test]
fn a_new_password_is_checked_rule_by_rule() {
    let policy = PasswordPolicy::default();
    let check = |p: &str| validate_new_password(&Password::new(p.into()), &policy);
    assert!(check("Correct-Horse-9").is_ok());
    for (bad, says) in [
        ("", "Enter"),
        ("Aa1-", "8 characters"),
        ("correct-horse-9", "uppercase"),
        ("CORRECT-HORSE-9", "lowercase"),
        ("Correct-Horse-x", "number"),
        ("CorrectHorse9", "symbol"),
    ] {
        let error = check(bad).unwrap_err();
        assert_eq!(error.field(), Some(Field::NewPassword));
        assert!(error.to_string().contains(says), "{bad}: {error}");
        assert!(bad.is_empty() || !error.to_string().contains(bad));
    }
    let lax = PasswordPolicy {
        minimum_length: 6,
        require_uppercase: false,
        require_lowercase: false,
        require_numbers: false,
        require_symbols: false,
    };
    assert!(validate_new_password(&Password::new("abcdef".into()), &lax).is_ok());
}
