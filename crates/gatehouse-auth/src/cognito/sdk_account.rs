//! The signed-in account's operations over the SDK: attributes (`UpdateUserAttributes`,
//! `DeleteUserAttributes`, `GetUserAttributeVerificationCode`, `VerifyUserAttribute`),
//! `ChangePassword` and `DeleteUser`. All are authorised by the access token alone (no client id,
//! no secret hash). <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html>

use std::collections::BTreeMap;

use super::super::errors::from_sdk;
use super::super::network::sent_once;
use super::super::wire::{attribute_list, delivery};
use super::SdkCognito;
use crate::error::AuthError;
use crate::secret::{AccessToken, ConfirmationCode, Password};
use crate::view::CodeDelivery;

impl SdkCognito {
    pub(super) async fn update_attributes(
        &self,
        access_token: AccessToken,
        attributes: BTreeMap<String, String>,
    ) -> Result<Vec<CodeDelivery>, AuthError> {
        let out = self
            .client
            .update_user_attributes()
            .access_token(access_token.expose())
            .set_user_attributes(Some(attribute_list(attributes)?))
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(out
            .code_delivery_details_list()
            .iter()
            .map(delivery)
            .collect())
    }

    pub(super) async fn delete_attributes(
        &self,
        access_token: AccessToken,
        names: Vec<String>,
    ) -> Result<(), AuthError> {
        self.client
            .delete_user_attributes()
            .access_token(access_token.expose())
            .set_user_attribute_names(Some(names))
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(())
    }

    pub(super) async fn attribute_code(
        &self,
        access_token: AccessToken,
        attribute: String,
    ) -> Result<Option<CodeDelivery>, AuthError> {
        let out = self
            .client
            .get_user_attribute_verification_code()
            .access_token(access_token.expose())
            .attribute_name(attribute)
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(out.code_delivery_details().map(delivery))
    }

    pub(super) async fn verify_attribute(
        &self,
        access_token: AccessToken,
        attribute: String,
        code: ConfirmationCode,
    ) -> Result<(), AuthError> {
        self.client
            .verify_user_attribute()
            .access_token(access_token.expose())
            .attribute_name(attribute)
            .code(code.expose())
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(())
    }

    pub(super) async fn change(
        &self,
        access_token: AccessToken,
        current: Password,
        new: Password,
    ) -> Result<(), AuthError> {
        self.client
            .change_password()
            .access_token(access_token.expose())
            .previous_password(current.expose())
            .proposed_password(new.expose())
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(())
    }

    pub(super) async fn delete(&self, access_token: AccessToken) -> Result<(), AuthError> {
        self.client
            .delete_user()
            .access_token(access_token.expose())
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(())
    }
}
