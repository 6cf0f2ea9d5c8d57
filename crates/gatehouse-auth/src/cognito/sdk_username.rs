//! Sign-up and password recovery over the SDK: the calls that name a user by username, with the
//! app client id and, for a confidential client, the username's `SECRET_HASH`.
//! <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html>

use std::collections::BTreeMap;

use super::super::errors::from_sdk;
use super::super::network::sent_once;
use super::super::port::SignUpOutcome;
use super::super::wire::{attribute_list, delivery};
use super::SdkCognito;
use crate::error::AuthError;
use crate::secret::{ConfirmationCode, Password};
use crate::view::CodeDelivery;

impl SdkCognito {
    pub(super) async fn sign_up_call(
        &self,
        username: String,
        password: Password,
        attributes: BTreeMap<String, String>,
    ) -> Result<SignUpOutcome, AuthError> {
        let out = self
            .client
            .sign_up()
            .client_id(&self.client_id)
            .set_secret_hash(self.hash(&username))
            .username(username)
            .password(password.expose())
            .set_user_attributes(Some(attribute_list(attributes)?))
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(SignUpOutcome {
            user_confirmed: out.user_confirmed(),
            delivery: out.code_delivery_details().map(delivery),
        })
    }

    pub(super) async fn confirm_sign_up_call(
        &self,
        username: String,
        code: ConfirmationCode,
    ) -> Result<(), AuthError> {
        self.client
            .confirm_sign_up()
            .client_id(&self.client_id)
            .set_secret_hash(self.hash(&username))
            .username(username)
            .confirmation_code(code.expose())
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(())
    }

    pub(super) async fn resend_confirmation_code_call(
        &self,
        username: String,
    ) -> Result<Option<CodeDelivery>, AuthError> {
        let out = self
            .client
            .resend_confirmation_code()
            .client_id(&self.client_id)
            .set_secret_hash(self.hash(&username))
            .username(username)
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(out.code_delivery_details().map(delivery))
    }

    pub(super) async fn forgot_password_call(
        &self,
        username: String,
    ) -> Result<Option<CodeDelivery>, AuthError> {
        let out = self
            .client
            .forgot_password()
            .client_id(&self.client_id)
            .set_secret_hash(self.hash(&username))
            .username(username)
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(out.code_delivery_details().map(delivery))
    }

    pub(super) async fn confirm_forgot_password_call(
        &self,
        username: String,
        code: ConfirmationCode,
        password: Password,
    ) -> Result<(), AuthError> {
        self.client
            .confirm_forgot_password()
            .client_id(&self.client_id)
            .set_secret_hash(self.hash(&username))
            .username(username)
            .confirmation_code(code.expose())
            .password(password.expose())
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(())
    }
}
