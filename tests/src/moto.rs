//! moto's Cognito server, the peer nobody here wrote: `cargo xtask test rust` starts `moto_server`
//! on a loopback port and sets `GATEHOUSE_MOTO_ENDPOINT`; suites run against it when it is set.

pub const ENDPOINT_ENV: &str = "GATEHOUSE_MOTO_ENDPOINT";

/// moto's endpoint, or `None` (said on stderr) when the tests are not run against moto.
pub fn endpoint() -> Option<String> {
    let endpoint = std::env::var(ENDPOINT_ENV)
        .ok()
        .filter(|value| !value.is_empty());
    if endpoint.is_none() {
        eprintln!(
            "skipped: set {ENDPOINT_ENV} to a running moto_server's URL \
             (`cargo xtask test rust` starts one and sets it)"
        );
    }
    endpoint
}
