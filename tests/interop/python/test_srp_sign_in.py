"""pycognito's own SRP implementation signs in to the local pool: the pool checks its proof."""

import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

from conftest import PASSWORD


def srp(idp, pool, username, password):
    return AWSSRP(
        username=username,
        password=password,
        pool_id=pool["pool_id"],
        client_id=pool["client_id"],
        client=idp,
    )


def test_the_right_password_gets_tokens(idp, pool, user):
    tokens = srp(idp, pool, user, PASSWORD).authenticate_user()
    result = tokens["AuthenticationResult"]
    assert result["TokenType"] == "Bearer"
    me = idp.get_user(AccessToken=result["AccessToken"])
    assert me["Username"] == user


def test_a_wrong_password_is_refused(idp, pool, user):
    with pytest.raises(ClientError) as refused:
        srp(idp, pool, user, "Wrong-Horse-9-battery").authenticate_user()
    assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"
    assert refused.value.response["Error"]["Message"] == "Incorrect username or password."
