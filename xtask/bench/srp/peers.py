"""Python's side of `cargo xtask bench srp`, one JSON line out per run.

- `pycognito`: complete client proofs as pycognito's AWSSRP makes them (constructor: random
  128-byte a and A; then process_challenge: key and HMAC claim) on the fixed challenge. A stand-in
  boto3 client is passed so that only SRP work is timed, never an AWS client's set-up.
- `gmp`: the same three modular exponentiations a Gatehouse proof does (g^a, g^x, base^(a+u*x)),
  with the same N and exponent sizes, by GMP (gmpy2.powmod; powmod_sec, GMP's constant-time
  version, is timed too since ours is constant-time): the limit the issue measures against.

Usage: python peers.py pycognito <challenge.json> <proofs>
       python peers.py gmp <challenge.json> <proofs> <ephemeral bits>
"""

import json
import secrets
import sys
import time


def pycognito_run(fixed: dict, proofs: int) -> dict:
    from pycognito.aws_srp import AWSSRP

    challenge = {
        "USER_ID_FOR_SRP": fixed["user_id_for_srp"],
        "SALT": fixed["salt_hex"],
        "SRP_B": fixed["srp_b_hex"],
        "SECRET_BLOCK": fixed["secret_block_base64"],
    }
    request = {"USERNAME": fixed["user_id_for_srp"]}

    def proof(srp: AWSSRP) -> tuple[str, str]:
        srp.get_cognito_formatted_timestamp = lambda _now: fixed["timestamp"]
        response = srp.process_challenge(challenge, request)
        return format(srp.large_a_value, "x"), response["PASSWORD_CLAIM_SIGNATURE"]

    def new_srp() -> AWSSRP:
        return AWSSRP(fixed["user_id_for_srp"], fixed["password"], fixed["pool_id"], "client-id",
                      client=object())

    seconds, cpu_seconds = [], []
    for _ in range(proofs):
        cpu_started, started = time.thread_time(), time.perf_counter()
        proof(new_srp())
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.thread_time() - cpu_started)
    check = new_srp()
    check.small_a_value = int("01" * 128, 16)
    check.large_a_value = check.calculate_a()
    srp_a, claim = proof(check)
    return {"peer": "pycognito", "ephemeral_bits": 1024, "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "check": {"srp_a": srp_a, "claim": claim}}


def gmp_run(fixed: dict, proofs: int, ephemeral_bits: int) -> dict:
    import gmpy2

    n = gmpy2.mpz(int(N_HEX, 16))
    g = gmpy2.mpz(2)
    base = gmpy2.mpz(int(fixed["srp_b_hex"], 16))  # any 3072-bit base costs the same

    def timed(powmod) -> tuple[list, list]:
        wall, cpu = [], []
        for _ in range(proofs):
            a = gmpy2.mpz(secrets.randbits(ephemeral_bits) | 1)
            x = gmpy2.mpz(secrets.randbits(256) | 1)
            u = gmpy2.mpz(secrets.randbits(256) | 1)
            cpu_started, started = time.thread_time(), time.perf_counter()
            powmod(g, a, n)
            powmod(g, x, n)
            powmod(base, a + u * x, n)
            wall.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - cpu_started)
        return wall, cpu

    seconds, cpu_seconds = timed(gmpy2.powmod)
    sec_seconds, sec_cpu_seconds = timed(gmpy2.powmod_sec)
    return {"peer": "gmp", "ephemeral_bits": ephemeral_bits, "gmp_version": gmpy2.mp_version(),
            "seconds": seconds, "cpu_seconds": cpu_seconds,
            "constant_time_seconds": sec_seconds, "constant_time_cpu_seconds": sec_cpu_seconds}


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


def main() -> None:
    mode, path, proofs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path, encoding="utf-8") as file:
        fixed = json.load(file)
    if mode == "pycognito":
        result = pycognito_run(fixed, proofs)
    elif mode == "gmp":
        result = gmp_run(fixed, proofs, int(sys.argv[4]))
    else:
        sys.exit(f"unknown mode {mode}")
    print(json.dumps(result, separators=(",", ":")))


if __name__ == "__main__":
    main()
