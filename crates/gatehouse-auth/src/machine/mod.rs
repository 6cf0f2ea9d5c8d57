//! The sans-IO sign-in state machine: states, events, effects and the pure `transition`.
//!
//! Modelled on rustls' handshake states and Amplify Swift's resolvers: `transition(state, event, now)`
//! consumes the state and returns the next one with the effects (orders) the driver must carry out;
//! each effect's outcome comes back as an event. No IO, no clock, no randomness in here.
//! Flows: <https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html>

mod effect;
mod event;
mod input;
mod state;
mod transition;

pub use effect::Effect;
pub use event::AuthEvent;
pub use input::{
    is_email, is_phone, validate_attribute_changes, validate_attributes, validate_code,
    validate_new_password, validate_password, validate_password_change, validate_sign_up,
    validate_username, validate_verifiable,
};
pub use state::{
    Account, AccountAction, AttributeChanges, AuthState, Challenge, Feedback, ResetReason, Resume,
    SavePhase, TotpContext,
};
pub use transition::{transition, Context, UnexpectedEvent};

#[cfg(test)]
mod tests;
