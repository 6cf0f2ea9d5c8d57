// Profiles as the profile bar shows them: which ones can be removed (not the embedded local one,
// not the one in use), how one is described, and which input a profile error concerns.
import type { ProfileError, ProfileList, ProfileSummary } from "../bindings";

/** The profiles the user may remove. */
export function removable(list: ProfileList): ProfileSummary[] {
  return list.profiles.filter((profile) => profile.kind !== "local" && profile.name !== list.active);
}

/** "staging (eu-west-1)", "local (this computer)". */
export function profileLabel(profile: ProfileSummary): string {
  if (profile.kind === "local") return `${profile.name} (local pool)`;
  return profile.region ? `${profile.name} (${profile.region})` : profile.name;
}

/** The import form's input an error is about, for aria-invalid. */
export type ImportInput = "profileName" | "profileSource" | "clientSecret";

export function importInput(error: ProfileError): ImportInput | null {
  switch (error.kind) {
    case "duplicateName":
      return "profileName";
    case "invalidJson":
    case "missingField":
    case "invalidField":
    case "unknownFormat":
      return "profileSource";
    case "keyring":
      return "clientSecret";
    case "unknownProfile":
    case "cannotRemove":
    case "storage":
      return null;
  }
  return null;
}
