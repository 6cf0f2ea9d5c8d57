//! How the SDK client waits for and retries the pool: timeouts, backoff, and which failures are
//! safe to send again.
//!
//! The rule: a request may be repeated when the pool cannot have acted on it, or when acting on it
//! twice changes nothing.
//! - Throttling (`TooManyRequestsException`) and a refused connection: the pool did not process the
//!   request, so every operation is retried, with exponential backoff and jitter.
//! - A server error (HTTP 5xx, `InternalErrorException`), an attempt that timed out, or a connection
//!   that broke after the request went out: the pool may have acted. Reads and refreshes
//!   (`GetUser`, `ListDevices`, `InitiateAuth`...) are retried; operations that consume a code or a
//!   challenge session, or change state (`ConfirmSignUp`, `RespondToAuthChallenge`,
//!   `VerifySoftwareToken`, `SignUp`...) are sent once (`SdkCognito` adds [`SentOnce`] to them), so
//!   that a code is never spent twice and the user sees what happened.
//!
//! The SDK's standard retry strategy does the backoff (`initial_backoff * 2^n`, full jitter); its
//! classifiers mark throttling, 5xx and transport failures as retryable, and [`SentOnce`] runs
//! after them to forbid the unsafe ones.
//! <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>

use std::time::Duration;

use aws_sdk_cognitoidentityprovider::config::interceptors::InterceptorContext;
use aws_sdk_cognitoidentityprovider::config::retry::{ClassifyRetry, RetryAction, RetryConfig};
use aws_sdk_cognitoidentityprovider::config::timeout::TimeoutConfig;
use aws_smithy_runtime_api::client::retries::classifiers::{RetryClassifierPriority, RetryReason};
use aws_smithy_types::retry::ErrorKind as RetryKind;

/// Where the app reads a shorter attempt timeout (tests of a slow pool); the core never reads it.
pub const ATTEMPT_TIMEOUT_ENV: &str = "GATEHOUSE_POOL_ATTEMPT_TIMEOUT_MS";

/// Timeouts and retries of the calls to the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetworkPolicy {
    /// Opening the TCP (and TLS) connection.
    pub connect_timeout: Duration,
    /// One attempt, from sending to the last byte of the answer; a slower answer counts as a
    /// timeout (and is retried only where that is safe).
    pub attempt_timeout: Duration,
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The first retry waits up to this long (jittered), each next one up to twice as long.
    pub initial_backoff: Duration,
}

impl Default for NetworkPolicy {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            attempt_timeout: Duration::from_secs(10),
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
        }
    }
}

impl NetworkPolicy {
    /// This policy with the attempt timeout set from `ms`, a number of milliseconds (the app's
    /// `--pool-attempt-timeout-ms` or `ATTEMPT_TIMEOUT_ENV`); unchanged when `ms` is not one.
    pub fn with_attempt_timeout_ms(mut self, ms: Option<&str>) -> Self {
        if let Some(ms) = ms
            .and_then(|value| value.trim().parse::<u64>().ok())
            .filter(|ms| *ms > 0)
        {
            self.attempt_timeout = Duration::from_millis(ms);
        }
        self
    }

    pub(crate) fn timeouts(&self) -> TimeoutConfig {
        // The whole operation may take every attempt plus the backoffs between them.
        let backoffs = self.initial_backoff * 2u32.saturating_pow(self.max_attempts);
        let attempts = (self.attempt_timeout + self.connect_timeout) * self.max_attempts;
        TimeoutConfig::builder()
            .connect_timeout(self.connect_timeout)
            .operation_attempt_timeout(self.attempt_timeout)
            .operation_timeout(attempts + backoffs)
            .build()
    }

    pub(crate) fn retries(&self) -> RetryConfig {
        RetryConfig::standard()
            .with_max_attempts(self.max_attempts.max(1))
            .with_initial_backoff(self.initial_backoff)
    }
}

/// The per-operation config that adds `SentOnce` (`.customize().config_override(sent_once())`).
pub(crate) fn sent_once() -> aws_sdk_cognitoidentityprovider::config::Builder {
    aws_sdk_cognitoidentityprovider::Config::builder().retry_classifier(SentOnce)
}

/// Retry classifier of the operations that must reach the pool at most once unless the pool
/// surely did not act (see the module comment). It runs after the SDK's classifiers and keeps
/// their verdict for throttling and refused connections only.
#[derive(Debug, Default)]
pub struct SentOnce;

impl ClassifyRetry for SentOnce {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        self.classify_retry_v2(ctx, &RetryAction::NoActionIndicated)
    }

    fn classify_retry_v2(&self, ctx: &InterceptorContext, previous: &RetryAction) -> RetryAction {
        let Some(Err(error)) = ctx.output_or_error() else {
            return RetryAction::NoActionIndicated;
        };
        if matches!(
            previous,
            RetryAction::RetryIndicated(RetryReason::RetryableError {
                kind: RetryKind::ThrottlingError,
                ..
            })
        ) {
            return RetryAction::NoActionIndicated;
        }
        if let Some(connector) = error.as_connector_error() {
            // A connect timeout or a refused connection: nothing was sent. (No read timeout is
            // set on the HTTP client, so a connector timeout is a connect timeout.)
            if (connector.is_timeout() && !connector.is_io()) || is_refused(connector) {
                return RetryAction::NoActionIndicated;
            }
        }
        if previous.should_retry() {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "Gatehouse: operations sent once"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// Whether the connection was refused (no listener): the request never left the machine. The
/// `io::Error` sits somewhere under the HTTP client's wrappers, possibly inside another `io::Error`
/// (whose `source()` skips its payload, hence `get_ref`).
fn is_refused(error: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(io) = error.downcast_ref::<std::io::Error>() {
        if io.kind() == std::io::ErrorKind::ConnectionRefused {
            return true;
        }
        if let Some(inner) = io.get_ref() {
            if is_refused(inner) {
                return true;
            }
        }
    }
    error.source().is_some_and(is_refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_waits_long_enough_for_a_real_pool_and_retries_a_little() {
        let policy = NetworkPolicy::default();
        assert!(policy.attempt_timeout >= Duration::from_secs(5));
        assert!(policy.max_attempts >= 2);
    }

    #[test]
    fn only_a_positive_number_of_milliseconds_sets_the_attempt_timeout() {
        let default = NetworkPolicy::default();
        let set = default.with_attempt_timeout_ms(Some(" 1500 "));
        assert_eq!(set.attempt_timeout, Duration::from_millis(1500));
        for ignored in [None, Some(""), Some("0"), Some("-3"), Some("fast")] {
            assert_eq!(
                default.with_attempt_timeout_ms(ignored),
                default,
                "{ignored:?}"
            );
        }
    }

    #[test]
    fn the_whole_operation_outlasts_its_attempts() {
        let policy = NetworkPolicy {
            attempt_timeout: Duration::from_millis(300),
            ..NetworkPolicy::default()
        };
        let timeouts = policy.timeouts();
        let total = timeouts.operation_timeout().expect("set");
        assert!(
            total > policy.attempt_timeout * policy.max_attempts,
            "{total:?}"
        );
    }

    #[test]
    fn a_refused_connection_is_found_under_its_wrappers() {
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let wrapped = std::io::Error::other(refused);
        assert!(is_refused(&wrapped));
        let reset = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        assert!(!is_refused(&reset));
    }
}
