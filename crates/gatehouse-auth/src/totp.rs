//! What an authenticator app needs to add an account: the `otpauth://` URI of Google's Key URI
//! Format and the same URI as a QR code (an SVG document, drawn here so the web view loads nothing).
//! <https://github.com/google/google-authenticator/wiki/Key-Uri-Format>

use qrcode::render::svg;
use qrcode::QrCode;

use crate::secret::TotpSecret;
use crate::view::TotpSetup;

/// The setup screen's data for `secret`. The secret leaves its redacted type here, on purpose:
/// the user must see it (or scan it) to set up the app.
pub fn setup(secret: &TotpSecret, issuer: &str, account: &str) -> TotpSetup {
    let uri = uri(secret.expose(), issuer, account);
    TotpSetup {
        secret: secret.expose().to_owned(),
        qr_svg: qr_svg(&uri),
        uri,
        issuer: issuer.to_owned(),
        account: account.to_owned(),
    }
}

/// `otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}`, issuer and account
/// percent-encoded (a space is `%20`, as the format asks, not `+`).
pub fn uri(secret: &str, issuer: &str, account: &str) -> String {
    let (issuer, account) = (encode(issuer), encode(account));
    format!("otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}")
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// An empty string when the URI cannot be drawn (an absurdly long issuer): the screen still shows
/// the secret to type in, so setup can go on.
fn qr_svg(uri: &str) -> String {
    match QrCode::new(uri.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        Err(error) => {
            tracing::warn!(%error, "the TOTP URI does not fit a QR code");
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uri_follows_the_key_uri_format_with_encoded_names() {
        assert_eq!(
            uri("JBSWY3DPEHPK3PXP", "Gatehouse Local", "ana@example.com"),
            "otpauth://totp/Gatehouse%20Local:ana%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse%20Local"
        );
    }

    #[test]
    fn the_setup_carries_an_svg_qr_code_and_its_debug_hides_the_secret() {
        let setup = setup(
            &TotpSecret::new("JBSWY3DPEHPK3PXP".into()),
            "Gatehouse",
            "ana",
        );
        assert!(setup.qr_svg.starts_with("<?xml") && setup.qr_svg.contains("<svg"));
        assert_eq!(setup.account, "ana");
        let printed = format!("{setup:?}");
        assert!(!printed.contains("JBSWY3DP"), "{printed}");
    }
}
