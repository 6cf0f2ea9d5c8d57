//! The gate between the UI's commands and the app's state while the state is being opened.
//!
//! Opening the state (the embedded pool's SQLite store and, on a first start, its signing key; the
//! keyring over D-Bus) takes hundreds of milliseconds. Done inside Tauri's `setup`, it held the
//! main thread, so the window could not even fetch its page until it was over. Now `setup` returns
//! at once and the state opens on a thread of its own while WebKit loads the page; every command
//! passes this gate first and waits, should it arrive before the state is managed (the page
//! usually takes longer to load than the state to open, and then nothing waits).

use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// Closed until [`Ready::open`]; cloned between the opener and the command handler.
#[derive(Clone, Default)]
pub struct Ready(Arc<(Mutex<bool>, Condvar)>);

impl Ready {
    /// Lets every waiting and later command through. Called once the state is managed, or once
    /// opening it failed (the app is exiting then, and must not keep its main thread waiting).
    pub fn open(&self) {
        let (open, changed) = &*self.0;
        *open.lock().unwrap_or_else(PoisonError::into_inner) = true;
        changed.notify_all();
    }

    /// Returns once the gate is open.
    pub fn wait(&self) {
        let (open, changed) = &*self.0;
        let mut is_open = open.lock().unwrap_or_else(PoisonError::into_inner);
        while !*is_open {
            is_open = changed
                .wait(is_open)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::{sync::mpsc, time::Duration};

    use super::Ready;

    #[test]
    fn a_command_waits_until_the_gate_opens_and_not_after() {
        let ready = Ready::default();
        let (passed, passes) = mpsc::channel();
        let waiter = {
            let ready = ready.clone();
            std::thread::spawn(move || {
                ready.wait();
                passed.send(()).expect("the test listens");
            })
        };
        assert!(
            passes.recv_timeout(Duration::from_millis(50)).is_err(),
            "a closed gate holds the command"
        );
        ready.open();
        passes
            .recv_timeout(Duration::from_secs(10))
            .expect("an opened gate lets the waiting command through");
        waiter.join().expect("the waiter ends");
        // Stays open: a later command does not wait (this returns).
        ready.wait();
    }
}
