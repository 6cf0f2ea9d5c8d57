import { importInput, profileLabel, removable } from "./profiles";
import { profile, profiles } from "../test/backend";

describe("profiles", () => {
  it("never offers to remove the local profile or the one in use", () => {
    const list = profiles([profile({ name: "staging" }), profile({ name: "prod" })], "prod");
    expect(removable(list).map((p) => p.name)).toEqual(["staging"]);
  });

  it("labels a profile with its region", () => {
    expect(profileLabel(profile({ name: "staging", region: "eu-west-1" }))).toBe("staging (eu-west-1)");
    expect(profileLabel(profile({ name: "bare", region: null }))).toBe("bare");
    expect(profileLabel(profiles().profiles[0])).toBe("local (local pool)");
  });

  it("points a configuration error at the text, a duplicate at the name, a keyring failure at the secret", () => {
    expect(importInput({ kind: "missingField", field: "user_pool_id" })).toBe("profileSource");
    expect(importInput({ kind: "invalidJson", field: null })).toBe("profileSource");
    expect(importInput({ kind: "duplicateName", field: null })).toBe("profileName");
    expect(importInput({ kind: "keyring", field: null })).toBe("clientSecret");
    expect(importInput({ kind: "storage", field: null })).toBeNull();
  });
});
