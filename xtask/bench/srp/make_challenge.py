"""Writes challenge.json: a real PASSWORD_VERIFIER challenge for the SRP bench, made the way a
Cognito pool makes one (salt and verifier for a password, then b and B = k*v + g^b mod N), with
Python's own integers so that it owes nothing to the code it is used to time. The server's secret b
is kept so that gatehouse-srp's tests can check, with the local pool's verifier, that a proof on it
is accepted. Run: python3 make_challenge.py > challenge.json"""

import base64
import hashlib
import json
import secrets

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2


def pad(value: int) -> bytes:
    """Cognito's padHex as bytes: shortest big-endian form, a zero byte first if the top bit is set."""
    raw = value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
    return b"\x00" + raw if raw[0] & 0x80 else raw


def h(*parts: bytes) -> int:
    return int.from_bytes(hashlib.sha256(b"".join(parts)).digest(), "big")


def main() -> None:
    pool_id, user_id, password = "eu-west-1_GatehouseBench", "bench-user-id", "Correct-h0rse-battery"
    pool_name = pool_id.split("_")[1]
    salt = secrets.randbits(128) | (1 << 124)  # no leading zero byte: peers disagree on those
    inner = hashlib.sha256(f"{pool_name}{user_id}:{password}".encode()).digest()
    x = h(pad(salt), inner)
    v = pow(G, x, N)
    k = h(pad(N), pad(G))
    b = secrets.randbelow(N - 2) + 1
    big_b = (k * v + pow(G, b, N)) % N
    print(json.dumps({
        "pool_id": pool_id,
        "user_id_for_srp": user_id,
        "password": password,
        "salt_hex": format(salt, "x"),
        "verifier_hex": format(v, "x"),
        "server_secret_b_hex": format(b, "x"),
        "srp_b_hex": format(big_b, "x"),
        "secret_block_base64": base64.b64encode(secrets.token_bytes(64)).decode(),
        "timestamp": "Thu Nov 26 19:30:00 UTC 2026",
    }, indent=2))


if __name__ == "__main__":
    main()
