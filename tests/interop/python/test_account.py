"""pycognito and boto3 manage a signed-in user's own account on the pool: attributes updated and
removed, a changed email verified with the code from the outbox, a phone number verified on
request, the password changed, and the account deleted. Every call carries the access token
pycognito got from its own SRP sign-in; right answers succeed, wrong ones get Cognito's errors.
https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html
"""

import json
import urllib.parse
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError
from pycognito import Cognito

from conftest import PASSWORD, REGION, cognito_call

NEW_PASSWORD = "Battery-Staple-7-horse"
PHONE = "+447700900123"


@pytest.fixture(scope="module")
def account_pool(endpoint):
    """A pool that auto-verifies email and declares `custom:team`, and an SRP app client."""
    pool_id = cognito_call(
        "CreateUserPool",
        {
            "PoolName": f"py-account-{uuid.uuid4().hex[:8]}",
            "AutoVerifiedAttributes": ["email"],
            "Schema": [{"Name": "team", "AttributeDataType": "String", "Mutable": True}],
        },
    )["UserPool"]["Id"]
    client_id = cognito_call(
        "CreateUserPoolClient",
        {
            "UserPoolId": pool_id,
            "ClientName": "python-account",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        },
    )["UserPoolClient"]["ClientId"]
    return {"pool_id": pool_id, "client_id": client_id}


@pytest.fixture
def signed_in(endpoint, account_pool):
    """pycognito signed in with SRP as a new confirmed user whose email is verified."""
    username = f"py{uuid.uuid4().hex[:10]}"
    cognito_call(
        "SignUp",
        {
            "ClientId": account_pool["client_id"],
            "Username": username,
            "Password": PASSWORD,
            "UserAttributes": [{"Name": "email", "Value": f"{username}@example.com"}],
        },
    )
    cognito_call(
        "AdminConfirmSignUp", {"UserPoolId": account_pool["pool_id"], "Username": username}
    )
    cognito_call(
        "AdminUpdateUserAttributes",
        {
            "UserPoolId": account_pool["pool_id"],
            "Username": username,
            "UserAttributes": [{"Name": "email_verified", "Value": "true"}],
        },
    )
    user = cognito(endpoint, account_pool, username)
    user.authenticate(PASSWORD)
    return user


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


def outbox(endpoint, username):
    query = urllib.parse.urlencode({"username": username})
    with urllib.request.urlopen(f"{endpoint}/_gatehouse/outbox?{query}") as response:
        return json.loads(response.read())


def attributes_of(user):
    """The attributes GetUser answers for pycognito's access token."""
    answer = user.client.get_user(AccessToken=user.access_token)
    return {pair["Name"]: pair["Value"] for pair in answer["UserAttributes"]}


def refused(call, *args, **kwargs):
    """The Cognito error (code, message) a boto3 call raised."""
    with pytest.raises(ClientError) as error:
        call(*args, **kwargs)
    details = error.value.response["Error"]
    return details["Code"], details["Message"]


def other_code(code):
    """A six-digit code that is not `code`."""
    return "000000" if code != "000000" else "111111"


def test_a_user_updates_and_removes_their_own_attributes(signed_in):
    signed_in.update_profile({"custom:team": "red", "phone_number": PHONE})
    mine = attributes_of(signed_in)
    assert (mine["custom:team"], mine["phone_number"]) == ("red", PHONE)
    assert mine["phone_number_verified"] == "false"
    assert mine["email_verified"] == "true", "the email did not change, it stays verified"
    # pycognito's own reading of the same account, its attribute map naming the custom one.
    me = signed_in.get_user(attr_map={"custom:team": "team"})
    assert (me.team, me.phone_number_verified, me.email_verified) == ("red", False, True)

    signed_in.client.delete_user_attributes(
        AccessToken=signed_in.access_token, UserAttributeNames=["custom:team"]
    )
    assert "custom:team" not in attributes_of(signed_in)

    # An attribute the schema does not declare, or a read-only one, is refused and changes nothing.
    code, message = refused(
        signed_in.update_profile, {"custom:unknown": "x", "custom:team": "blue"}
    )
    assert code == "InvalidParameterException"
    assert "custom:unknown" in message
    code, _ = refused(signed_in.update_profile, {"sub": str(uuid.uuid4())})
    assert code == "InvalidParameterException"
    # Only an administrator may mark an address verified.
    code, message = refused(signed_in.update_profile, {"phone_number_verified": True})
    assert (code, message) == (
        "NotAuthorizedException",
        "A client attempted to write unauthorized attribute phone_number_verified",
    )
    assert "custom:team" not in attributes_of(signed_in)


def test_a_changed_email_is_unverified_until_the_code_from_the_outbox_is_given(
    endpoint, signed_in
):
    username = signed_in.username
    new_email = f"{username}@work.example.org"
    answer = signed_in.client.update_user_attributes(
        AccessToken=signed_in.access_token,
        UserAttributes=[{"Name": "email", "Value": new_email}],
    )
    [delivery] = answer["CodeDeliveryDetailsList"]
    assert (delivery["AttributeName"], delivery["DeliveryMedium"]) == ("email", "EMAIL")
    assert new_email not in delivery["Destination"], "the destination is masked"
    mine = attributes_of(signed_in)
    assert (mine["email"], mine["email_verified"]) == (new_email, "false")

    sent = outbox(endpoint, username)[-1]
    assert (sent["purpose"], sent["destination"]) == ("VERIFY_EMAIL", new_email)
    code, message = refused(signed_in.validate_verification, other_code(sent["code"]), "email")
    assert code == "CodeMismatchException"
    assert message == "Invalid verification code provided, please try again."
    assert attributes_of(signed_in)["email_verified"] == "false"

    signed_in.validate_verification(sent["code"], "email")
    assert attributes_of(signed_in)["email_verified"] == "true"
    # The code is used up.
    code, _ = refused(signed_in.validate_verification, sent["code"], "email")
    assert code in ("CodeMismatchException", "ExpiredCodeException")


def test_a_phone_number_is_verified_with_a_code_sent_on_request(endpoint, signed_in):
    signed_in.update_profile({"phone_number": PHONE})
    signed_in.send_verification("phone_number")
    sent = outbox(endpoint, signed_in.username)[-1]
    assert (sent["medium"], sent["purpose"], sent["destination"]) == (
        "SMS",
        "VERIFY_PHONE_NUMBER",
        PHONE,
    )
    code, _ = refused(
        signed_in.validate_verification, other_code(sent["code"]), "phone_number"
    )
    assert code == "CodeMismatchException"
    signed_in.validate_verification(sent["code"], "phone_number")
    assert attributes_of(signed_in)["phone_number_verified"] == "true"

    # Only email and phone_number can be verified.
    code, _ = refused(signed_in.send_verification, "custom:team")
    assert code == "InvalidParameterException"


def test_changing_the_password_needs_the_current_one_and_the_new_one_signs_in(
    endpoint, account_pool, signed_in
):
    username = signed_in.username
    code, message = refused(signed_in.change_password, "Wrong-Horse-9-battery", NEW_PASSWORD)
    assert (code, message) == ("NotAuthorizedException", "Incorrect username or password.")
    # A new password the policy refuses is refused before the current one is checked.
    code, _ = refused(signed_in.change_password, PASSWORD, "short")
    assert code == "InvalidPasswordException"

    signed_in.change_password(PASSWORD, NEW_PASSWORD)

    again = cognito(endpoint, account_pool, username)
    again.authenticate(NEW_PASSWORD)
    assert again.access_claims["username"] == username
    old = cognito(endpoint, account_pool, username)
    code, message = refused(old.authenticate, PASSWORD)
    assert (code, message) == ("NotAuthorizedException", "Incorrect username or password.")


def test_a_deleted_user_can_no_longer_sign_in(endpoint, account_pool, signed_in):
    username = signed_in.username
    signed_in.delete_user()

    code, _ = refused(cognito(endpoint, account_pool, username).authenticate, PASSWORD)
    assert code == "UserNotFoundException"
    # The account's tokens no longer work (Cognito may answer either refusal here).
    code, _ = refused(signed_in.client.get_user, AccessToken=signed_in.access_token)
    assert code in ("NotAuthorizedException", "UserNotFoundException")
    code, _ = refused(signed_in.renew_access_token)
    assert code in ("NotAuthorizedException", "UserNotFoundException")
    code, _ = refused(
        signed_in.client.admin_get_user,
        UserPoolId=account_pool["pool_id"],
        Username=username,
    )
    assert code == "UserNotFoundException"
