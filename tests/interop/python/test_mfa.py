"""pycognito and boto3 meet the pool's second factors: an SMS code read from the outbox, an
authenticator set up from the account and during sign-in, with codes from pyotp (RFC 6238), and
a temporary password changed at first sign-in."""

import json
import time
import urllib.request
import uuid

import pyotp
import pytest
from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.aws_srp import AWSSRP
from pycognito.exceptions import SMSMFAChallengeException, SoftwareTokenMFAChallengeException

from conftest import PASSWORD, REGION, cognito_call

PHONE = "+447700900123"


def mfa_pool(mode):
    """A pool offering SMS and authenticator MFA in `mode`, and an SRP app client."""
    pool_id = cognito_call("CreateUserPool", {"PoolName": f"py-mfa-{uuid.uuid4().hex[:8]}"})[
        "UserPool"
    ]["Id"]
    cognito_call(
        "SetUserPoolMfaConfig",
        {
            "UserPoolId": pool_id,
            "MfaConfiguration": mode,
            "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"},
            "SoftwareTokenMfaConfiguration": {"Enabled": True},
        },
    )
    client_id = cognito_call(
        "CreateUserPoolClient",
        {
            "UserPoolId": pool_id,
            "ClientName": "python",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        },
    )["UserPoolClient"]["ClientId"]
    return {"pool_id": pool_id, "client_id": client_id}


def user_with_phone(pool):
    username = f"py{uuid.uuid4().hex[:10]}"
    cognito_call(
        "SignUp",
        {
            "ClientId": pool["client_id"],
            "Username": username,
            "Password": PASSWORD,
            "UserAttributes": [
                {"Name": "email", "Value": f"{username}@example.com"},
                {"Name": "phone_number", "Value": PHONE},
            ],
        },
    )
    cognito_call("AdminConfirmSignUp", {"UserPoolId": pool["pool_id"], "Username": username})
    return username


def outbox(endpoint, username):
    with urllib.request.urlopen(f"{endpoint}/_gatehouse/outbox?username={username}") as response:
        return json.loads(response.read())


def cognito(endpoint, pool, username):
    """pycognito's client; it checks tokens against the pool's JWKS at the endpoint."""
    return Cognito(
        pool["pool_id"],
        pool["client_id"],
        user_pool_region=REGION,
        username=username,
        boto3_client_kwargs={
            "endpoint_url": endpoint,
            "aws_access_key_id": "local",
            "aws_secret_access_key": "local",
        },
    )


def test_signing_in_with_an_sms_code(endpoint):
    pool = mfa_pool("OPTIONAL")
    username = user_with_phone(pool)
    cognito_call(
        "AdminSetUserMFAPreference",
        {
            "UserPoolId": pool["pool_id"],
            "Username": username,
            "SMSMfaSettings": {"Enabled": True, "PreferredMfa": True},
        },
    )
    user = cognito(endpoint, pool, username)
    with pytest.raises(SMSMFAChallengeException) as challenge:
        user.authenticate(PASSWORD)
    parameters = challenge.value.get_tokens()["ChallengeParameters"]
    assert parameters["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    assert parameters["CODE_DELIVERY_DESTINATION"].endswith("0123")
    message = outbox(endpoint, username)[-1]
    assert (message["medium"], message["purpose"]) == ("SMS", "SMS_MFA")
    assert message["destination"] == PHONE

    wrong = "000000" if message["code"] != "000000" else "111111"
    with pytest.raises(ClientError) as refused:
        user.respond_to_sms_mfa_challenge(wrong)
    assert refused.value.response["Error"]["Code"] == "CodeMismatchException"
    user.respond_to_sms_mfa_challenge(message["code"])
    assert user.access_token
    assert user.access_claims["username"] == username


def test_setting_up_an_authenticator_and_signing_in_with_it(endpoint):
    pool = mfa_pool("OPTIONAL")
    username = user_with_phone(pool)
    user = cognito(endpoint, pool, username)
    user.authenticate(PASSWORD)
    secret = user.associate_software_token()
    assert len(secret) == 32
    authenticator = pyotp.TOTP(secret)
    used = authenticator.now()
    assert user.verify_software_token(used, "phone")
    user.set_user_mfa_preference(False, True, "SOFTWARE_TOKEN")
    me = user.client.get_user(AccessToken=user.access_token)
    assert me["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"

    again = cognito(endpoint, pool, username)
    with pytest.raises(SoftwareTokenMFAChallengeException):
        again.authenticate(PASSWORD)
    with pytest.raises(ClientError) as replayed:
        again.respond_to_software_token_mfa_challenge(used)
    assert replayed.value.response["Error"]["Code"] == "CodeMismatchException"
    # The next step's code (a phone clock a little ahead) is within the skew the pool accepts.
    again.respond_to_software_token_mfa_challenge(authenticator.at(time.time() + 30))
    assert again.access_claims["username"] == username


def test_a_pool_that_requires_mfa_has_the_authenticator_set_up_while_signing_in(
    endpoint, idp
):
    pool = mfa_pool("ON")
    username = user_with_phone(pool)
    srp = AWSSRP(
        username=username,
        password=PASSWORD,
        pool_id=pool["pool_id"],
        client_id=pool["client_id"],
        client=idp,
    )
    challenge = srp.authenticate_user()
    assert challenge["ChallengeName"] == "MFA_SETUP"
    assert json.loads(challenge["ChallengeParameters"]["MFAS_CAN_SETUP"]) == ["SOFTWARE_TOKEN_MFA"]

    associated = idp.associate_software_token(Session=challenge["Session"])
    authenticator = pyotp.TOTP(associated["SecretCode"])
    verified = idp.verify_software_token(
        Session=associated["Session"], UserCode=authenticator.now(), FriendlyDeviceName="phone"
    )
    assert verified["Status"] == "SUCCESS"
    signed_in = idp.respond_to_auth_challenge(
        ClientId=pool["client_id"],
        ChallengeName="MFA_SETUP",
        Session=verified["Session"],
        ChallengeResponses={"USERNAME": username},
    )
    access = signed_in["AuthenticationResult"]["AccessToken"]
    assert idp.get_user(AccessToken=access)["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]

    with pytest.raises(SoftwareTokenMFAChallengeException):
        srp.authenticate_user()


def test_an_invited_user_sets_a_new_password(endpoint, idp):
    pool = mfa_pool("OPTIONAL")
    username = f"py{uuid.uuid4().hex[:10]}"
    idp.admin_create_user(
        UserPoolId=pool["pool_id"],
        Username=username,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
        DesiredDeliveryMediums=["EMAIL"],
    )
    invitation = outbox(endpoint, username)[-1]
    assert invitation["purpose"] == "TEMPORARY_PASSWORD"
    srp = AWSSRP(
        username=username,
        password=invitation["code"],
        pool_id=pool["pool_id"],
        client_id=pool["client_id"],
        client=idp,
    )
    tokens = srp.set_new_password_challenge("New-Horse-9-battery")
    assert tokens["AuthenticationResult"]["TokenType"] == "Bearer"
    user = idp.admin_get_user(UserPoolId=pool["pool_id"], Username=username)
    assert user["UserStatus"] == "CONFIRMED"
