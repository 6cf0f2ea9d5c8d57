//! Where the pool reads the time. Code expiry, token lifetimes and SRP timestamps all depend on
//! `now`; tests move a manual clock instead of sleeping.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

/// The pool's source of time.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    pub fn system() -> Self {
        Self(Arc::new(Utc::now))
    }

    /// A clock that tests move by hand; returns the clock and the handle that moves it.
    pub fn manual(start: DateTime<Utc>) -> (Self, ManualTime) {
        let time = ManualTime(Arc::new(Mutex::new(start)));
        let read = time.clone();
        (Self(Arc::new(move || read.now())), time)
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clock")
    }
}

/// The handle of a manual clock.
#[derive(Clone, Debug)]
pub struct ManualTime(Arc<Mutex<DateTime<Utc>>>);

impl ManualTime {
    pub fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("manual clock poisoned")
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().expect("manual clock poisoned") += by;
    }
}
