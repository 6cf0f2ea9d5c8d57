"""A confidential app client (created with GenerateSecret): pycognito, given the client secret,
computes SECRET_HASH itself on sign-up, confirmation, SRP sign-in, refresh and password reset,
and the pool accepts it; the same calls without the hash, or with the hash of a wrong secret,
are refused with Cognito's NotAuthorizedException and change nothing.
https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
(Computing secret hash values)
"""

import json
import urllib.parse
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.aws_srp import AWSSRP

from conftest import PASSWORD, REGION, cognito_call

NEW_PASSWORD = "Battery-Staple-7-horse"


@pytest.fixture(scope="module")
def confidential(endpoint):
    """A pool that emails codes, and an SRP app client with a generated secret."""
    pool_id = cognito_call(
        "CreateUserPool",
        {"PoolName": f"py-secret-{uuid.uuid4().hex[:8]}", "AutoVerifiedAttributes": ["email"]},
    )["UserPool"]["Id"]
    client = cognito_call(
        "CreateUserPoolClient",
        {
            "UserPoolId": pool_id,
            "ClientName": "python-confidential",
            "GenerateSecret": True,
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        },
    )["UserPoolClient"]
    return {
        "pool_id": pool_id,
        "client_id": client["ClientId"],
        "client_secret": client["ClientSecret"],
    }


def cognito(endpoint, pool, username, client_secret):
    return Cognito(
        pool["pool_id"],
        pool["client_id"],
        user_pool_region=REGION,
        username=username,
        client_secret=client_secret,
        boto3_client_kwargs={
            "endpoint_url": endpoint,
            "aws_access_key_id": "local",
            "aws_secret_access_key": "local",
        },
    )


def wrong_secret(secret):
    """The client's secret with its first character changed."""
    return ("x" if secret[0] != "x" else "y") + secret[1:]


def outbox(endpoint, username):
    query = urllib.parse.urlencode({"username": username})
    with urllib.request.urlopen(f"{endpoint}/_gatehouse/outbox?{query}") as response:
        return json.loads(response.read())


def refused(call, *args, **kwargs):
    """The Cognito error (code, message) a boto3 call raised."""
    with pytest.raises(ClientError) as error:
        call(*args, **kwargs)
    details = error.value.response["Error"]
    return details["Code"], details["Message"]


def unverified(pool):
    message = f"Unable to verify secret hash for client {pool['client_id']}"
    return ("NotAuthorizedException", message)


def missing(pool):
    """The refusals of a call without SECRET_HASH: AWS documents "Unable to verify secret
    hash" for a missing hash; Cognito also answers "... was not received" (challenge answers)."""
    return (
        unverified(pool),
        (
            "NotAuthorizedException",
            f"Client {pool['client_id']} is configured with secret"
            " but SECRET_HASH was not received",
        ),
    )


def new_username():
    return f"py{uuid.uuid4().hex[:10]}"


def registered(endpoint, pool, username):
    """A user signed up and confirmed through the confidential client, with the right secret."""
    user = cognito(endpoint, pool, username, pool["client_secret"])
    user.set_base_attributes(email=f"{username}@example.com")
    user.register(username, PASSWORD)
    user.confirm_sign_up(outbox(endpoint, username)[-1]["code"])
    return user


def status_of(idp, pool, username):
    return idp.admin_get_user(UserPoolId=pool["pool_id"], Username=username)["UserStatus"]


def test_the_client_secret_signs_up_confirms_signs_in_with_srp_and_refreshes(
    endpoint, idp, confidential
):
    username = new_username()
    user = cognito(endpoint, confidential, username, confidential["client_secret"])
    user.set_base_attributes(email=f"{username}@example.com")
    signed_up = user.register(username, PASSWORD)
    assert signed_up["UserConfirmed"] is False
    assert signed_up["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"

    sent = outbox(endpoint, username)[-1]
    code, _ = refused(user.confirm_sign_up, "000000" if sent["code"] != "000000" else "111111")
    assert code == "CodeMismatchException"
    user.confirm_sign_up(sent["code"])
    assert status_of(idp, confidential, username) == "CONFIRMED"

    # pycognito's SRP sends SECRET_HASH on InitiateAuth and on RespondToAuthChallenge.
    user.authenticate(PASSWORD)
    assert user.access_claims["username"] == username
    first_access = user.access_token
    # pycognito hashes the username for REFRESH_TOKEN_AUTH.
    user.renew_access_token()
    assert user.access_token != first_access
    assert idp.get_user(AccessToken=user.access_token)["Username"] == username


def test_sign_up_and_confirmation_without_the_hash_or_with_a_wrong_secret_are_refused(
    endpoint, idp, confidential
):
    username = new_username()
    attributes = [{"Name": "email", "Value": f"{username}@example.com"}]
    assert refused(
        idp.sign_up,
        ClientId=confidential["client_id"],
        Username=username,
        Password=PASSWORD,
        UserAttributes=attributes,
    ) in missing(confidential)
    forged = cognito(endpoint, confidential, username, wrong_secret(confidential["client_secret"]))
    forged.set_base_attributes(email=f"{username}@example.com")
    assert refused(forged.register, username, PASSWORD) == unverified(confidential)
    assert refused(idp.admin_get_user, UserPoolId=confidential["pool_id"], Username=username)[
        0
    ] == "UserNotFoundException", "a refused sign-up creates no user"

    user = cognito(endpoint, confidential, username, confidential["client_secret"])
    user.set_base_attributes(email=f"{username}@example.com")
    user.register(username, PASSWORD)
    sent = outbox(endpoint, username)[-1]
    assert refused(forged.confirm_sign_up, sent["code"]) == unverified(confidential)
    assert refused(
        idp.confirm_sign_up,
        ClientId=confidential["client_id"],
        Username=username,
        ConfirmationCode=sent["code"],
    ) in missing(confidential)
    assert refused(forged.resend_confirmation_code, username) == unverified(confidential)
    assert status_of(idp, confidential, username) == "UNCONFIRMED"
    user.confirm_sign_up(sent["code"])
    assert status_of(idp, confidential, username) == "CONFIRMED"


def test_srp_sign_in_without_the_hash_or_with_a_wrong_secret_is_refused(
    endpoint, idp, confidential
):
    username = new_username()
    registered(endpoint, confidential, username)

    assert refused(
        cognito(endpoint, confidential, username, None).authenticate, PASSWORD
    ) in missing(confidential)
    forged = cognito(endpoint, confidential, username, wrong_secret(confidential["client_secret"]))
    assert refused(forged.authenticate, PASSWORD) == unverified(confidential)

    # The right hash on InitiateAuth, a wrong one on the PASSWORD_VERIFIER answer.
    srp = AWSSRP(
        username=username,
        password=PASSWORD,
        pool_id=confidential["pool_id"],
        client_id=confidential["client_id"],
        client_secret=confidential["client_secret"],
        client=idp,
    )
    parameters = srp.get_auth_params()
    challenge = idp.initiate_auth(
        ClientId=confidential["client_id"], AuthFlow="USER_SRP_AUTH", AuthParameters=parameters
    )
    assert challenge["ChallengeName"] == "PASSWORD_VERIFIER"
    answer = srp.process_challenge(challenge["ChallengeParameters"], parameters)
    answer["SECRET_HASH"] = AWSSRP.get_secret_hash(
        username, confidential["client_id"], wrong_secret(confidential["client_secret"])
    )
    assert refused(
        idp.respond_to_auth_challenge,
        ClientId=confidential["client_id"],
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=answer,
    ) == unverified(confidential)

    # The right secret still signs in.
    cognito(endpoint, confidential, username, confidential["client_secret"]).authenticate(PASSWORD)


def test_refreshing_without_the_hash_or_with_a_wrong_secret_is_refused(
    endpoint, idp, confidential
):
    username = new_username()
    user = registered(endpoint, confidential, username)
    user.authenticate(PASSWORD)

    def refresh(secret_hash):
        parameters = {"REFRESH_TOKEN": user.refresh_token}
        if secret_hash is not None:
            parameters["SECRET_HASH"] = secret_hash
        return idp.initiate_auth(
            ClientId=confidential["client_id"],
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters=parameters,
        )

    assert refused(refresh, None) in missing(confidential)
    forged = AWSSRP.get_secret_hash(
        username, confidential["client_id"], wrong_secret(confidential["client_secret"])
    )
    assert refused(refresh, forged) == unverified(confidential)
    # Cognito also accepts the hash of the token's `sub` for a refresh.
    sub = user.access_claims["sub"]
    by_sub = AWSSRP.get_secret_hash(sub, confidential["client_id"], confidential["client_secret"])
    assert refresh(by_sub)["AuthenticationResult"]["TokenType"] == "Bearer"
    user.renew_access_token()
    assert user.token_type == "Bearer"


def test_a_password_reset_needs_the_hash(endpoint, confidential):
    username = new_username()
    registered(endpoint, confidential, username)
    forged = cognito(endpoint, confidential, username, wrong_secret(confidential["client_secret"]))
    assert refused(forged.initiate_forgot_password) == unverified(confidential)

    user = cognito(endpoint, confidential, username, confidential["client_secret"])
    user.initiate_forgot_password()
    sent = outbox(endpoint, username)[-1]
    assert sent["purpose"] == "FORGOT_PASSWORD"
    assert refused(forged.confirm_forgot_password, sent["code"], NEW_PASSWORD) == unverified(
        confidential
    )
    user.confirm_forgot_password(sent["code"], NEW_PASSWORD)
    user.authenticate(NEW_PASSWORD)
    assert user.access_claims["username"] == username
