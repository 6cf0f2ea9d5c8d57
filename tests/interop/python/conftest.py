"""Shared set-up of the Python interoperability suite: the pool under test and raw Cognito calls.

`cargo xtask test interop` starts `gatehouse-pool` and sets GATEHOUSE_POOL_ENDPOINT. A pool is set
up as an administrator would set up a real one (CreateUserPool, CreateUserPoolClient, SignUp,
AdminConfirmSignUp), then the clients under test (pycognito, boto3) do the rest on their own.
"""

import json
import os
import urllib.request
import uuid

import boto3
import pytest

ENDPOINT = os.environ.get("GATEHOUSE_POOL_ENDPOINT")
REGION = "us-east-1"
PASSWORD = "Correct-Horse-9-battery"


class CognitoError(Exception):
    def __init__(self, kind, message):
        super().__init__(f"{kind}: {message}")
        self.kind = kind


def cognito_call(operation, body):
    """One Cognito Identity Provider call over the JSON protocol; raises the pool's error type."""
    request = urllib.request.Request(
        ENDPOINT,
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        answer = json.loads(error.read())
        raise CognitoError(answer.get("__type"), answer.get("message")) from None


@pytest.fixture(scope="session")
def endpoint():
    if not ENDPOINT:
        pytest.fail("GATEHOUSE_POOL_ENDPOINT is not set: run `cargo xtask test interop`")
    return ENDPOINT


@pytest.fixture(scope="session")
def idp(endpoint):
    """A boto3 client of the pool. User-pool operations are unsigned; the keys are placeholders."""
    return boto3.client(
        "cognito-idp",
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


@pytest.fixture(scope="session")
def pool(endpoint):
    """A pool and an SRP app client, as an administrator would create them."""
    pool_id = cognito_call("CreateUserPool", {"PoolName": f"py-{uuid.uuid4().hex[:8]}"})["UserPool"]["Id"]
    client_id = cognito_call(
        "CreateUserPoolClient",
        {
            "UserPoolId": pool_id,
            "ClientName": "python",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        },
    )["UserPoolClient"]["ClientId"]
    return {"pool_id": pool_id, "client_id": client_id}


@pytest.fixture
def user(pool):
    """A confirmed user with PASSWORD and an email."""
    username = f"py{uuid.uuid4().hex[:10]}"
    cognito_call(
        "SignUp",
        {
            "ClientId": pool["client_id"],
            "Username": username,
            "Password": PASSWORD,
            "UserAttributes": [{"Name": "email", "Value": f"{username}@example.com"}],
        },
    )
    cognito_call("AdminConfirmSignUp", {"UserPoolId": pool["pool_id"], "Username": username})
    return username
