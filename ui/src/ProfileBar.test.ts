import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ProfileBar from "./ProfileBar.svelte";
import { deferred, mockBackend, profile, profiles } from "./test/backend";
import type { ProfileList } from "./bindings";
import { session } from "./lib/session.svelte";

const staging = profile();
const prod = profile({ name: "prod", region: "us-east-1", userPoolId: "us-east-1_Prod", hasClientSecret: true });
const select = () => screen.getByRole("combobox", { name: "Profile" }) as HTMLSelectElement;
const hook = (selector: string) => document.querySelector(selector);
const outputs = JSON.stringify({ auth: { aws_region: "eu-west-1", user_pool_id: "eu-west-1_AbCdEf123", user_pool_client_id: "abc" } });

/** A backend whose profile list the commands change, as the app does. */
function profileBackend(start: ProfileList, extra: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  let list = start;
  const backend = mockBackend({
    list_profiles: () => list,
    switch_profile: (args) => {
      list = { ...list, active: args.name as string };
      return null;
    },
    remove_profile: (args) => {
      list = { ...list, profiles: list.profiles.filter((p) => p.name !== args.name) };
      return null;
    },
    import_profile: (args) => {
      const added = profile({ name: args.name as string });
      list = { ...list, profiles: [...list.profiles, added] };
      return added;
    },
    ...extra,
  });
  return backend;
}

describe("ProfileBar", () => {
  it("lists the profiles on mount with the active one chosen", async () => {
    profileBackend(profiles([staging, prod], "staging"));
    render(ProfileBar);
    await waitFor(() => expect(select().value).toBe("staging"));
    expect(select()).toHaveAttribute("name", "profile");
    expect([...select().options].map((option) => option.value)).toEqual(["local", "staging", "prod"]);
    expect(hook('[data-panel="profiles"]')).not.toBeNull();
  });

  it("switches on change and re-reads the list", async () => {
    const backend = profileBackend(profiles([staging]));
    const before = session.profileSwitches;
    render(ProfileBar);
    await waitFor(() => expect(select().value).toBe("local"));
    await userEvent.selectOptions(select(), "staging");
    await waitFor(() => expect(backend.commands()).toEqual(["list_profiles", "switch_profile", "list_profiles"]));
    expect(backend.calls[1].args).toEqual({ name: "staging" });
    await waitFor(() => expect(select().value).toBe("staging"));
    // The screens start afresh for the other pool.
    expect(session.profileSwitches).toBe(before + 1);
  });

  it("shows a refused switch and goes back to the active profile", async () => {
    profileBackend(profiles([staging]), { switch_profile: () => Promise.reject({ kind: "unknownProfile", field: null }) });
    const before = session.profileSwitches;
    render(ProfileBar);
    await waitFor(() => expect(select().value).toBe("local"));
    await userEvent.selectOptions(select(), "staging");
    await waitFor(() => expect(hook('[data-error-for="profile"]')).toHaveTextContent("There is no profile with this name."));
    await waitFor(() => expect(select().value).toBe("local"));
    expect(session.profileSwitches).toBe(before);
  });

  it("removes another profile only after a confirmation, never the local or the active one", async () => {
    const backend = profileBackend(profiles([staging, prod], "prod"));
    render(ProfileBar);
    await waitFor(() => expect(document.querySelectorAll('[data-action="remove-profile"]')).toHaveLength(1));
    expect(hook("[data-profile]")).toHaveAttribute("data-profile", "staging");
    const remove = () => hook('[data-action="remove-profile"]')!;
    await userEvent.click(remove());
    expect(remove()).toHaveAttribute("data-armed", "true");
    expect(backend.commands()).toEqual(["list_profiles"]);
    await userEvent.click(remove());
    await waitFor(() => expect(backend.calls[1]).toEqual({ command: "remove_profile", args: { name: "staging" } }));
    await waitFor(() => expect(hook('[data-action="remove-profile"]')).toBeNull());
  });

  it("opens the import form with its name focused, and cancels back to the add button", async () => {
    profileBackend(profiles());
    render(ProfileBar);
    await userEvent.click(hook('[data-action="add-profile"]')!);
    const form = hook('form[data-section="import-profile"]')!;
    await waitFor(() => expect(form.querySelector('input[name="profileName"]')).toHaveFocus());
    expect(form.querySelector('input[name="clientSecret"]')).toHaveAttribute("type", "password");
    expect(screen.getByLabelText("Configuration")).toHaveAttribute("name", "profileSource");
    await userEvent.click(hook('[data-action="cancel-import"]')!);
    expect(hook('[data-section="import-profile"]')).toBeNull();
    await waitFor(() => expect(hook('[data-action="add-profile"]')).toHaveFocus());
  });

  it("closes the import form with Escape", async () => {
    profileBackend(profiles());
    render(ProfileBar);
    await userEvent.click(hook('[data-action="add-profile"]')!);
    await waitFor(() => expect(hook('input[name="profileName"]')).toHaveFocus());
    await userEvent.keyboard("{Escape}");
    expect(hook('[data-section="import-profile"]')).toBeNull();
  });

  it("reads a chosen file into the text area and imports on Enter, without a secret", async () => {
    const backend = profileBackend(profiles());
    render(ProfileBar);
    await userEvent.click(hook('[data-action="add-profile"]')!);
    const file = new File([outputs], "amplify_outputs.json", { type: "application/json" });
    await userEvent.upload(hook('input[name="profileFile"]') as HTMLInputElement, file);
    await waitFor(() => expect((hook('textarea[name="profileSource"]') as HTMLTextAreaElement).value).toBe(outputs));
    await userEvent.type(hook('input[name="profileName"]')!, "staging{Enter}");
    await waitFor(() =>
      expect(backend.calls.find((call) => call.command === "import_profile")).toEqual({
        command: "import_profile",
        args: { name: "staging", source: outputs, clientSecret: null },
      }),
    );
    await waitFor(() => expect(hook('[data-section="import-profile"]')).toBeNull());
    expect([...select().options].map((option) => option.value)).toEqual(["local", "staging"]);
  });

  it("sends the client secret when one is given", async () => {
    const backend = profileBackend(profiles());
    render(ProfileBar);
    await userEvent.click(hook('[data-action="add-profile"]')!);
    await userEvent.type(hook('input[name="profileName"]')!, "prod");
    await userEvent.type(hook('textarea[name="profileSource"]')!, "{{}");
    await userEvent.type(hook('input[name="clientSecret"]')!, "s3cret");
    await userEvent.click(hook('[data-action="import-profile"]')!);
    await waitFor(() =>
      expect(backend.calls.find((call) => call.command === "import_profile")?.args).toEqual({ name: "prod", source: "{}", clientSecret: "s3cret" }),
    );
  });

  it("names the configuration field in an import error and marks the input", async () => {
    profileBackend(profiles(), { import_profile: () => Promise.reject({ kind: "missingField", field: "auth.user_pool_id" }) });
    render(ProfileBar);
    await userEvent.click(hook('[data-action="add-profile"]')!);
    await userEvent.type(hook('input[name="profileName"]')!, "broken{Enter}");
    await waitFor(() => expect(hook('[data-error-for="profile"]')).toHaveTextContent("auth.user_pool_id"));
    const source = hook('textarea[name="profileSource"]')!;
    expect(source).toHaveAttribute("aria-invalid", "true");
    expect(source).toHaveAccessibleDescription(/auth\.user_pool_id/);
    expect(hook('[data-section="import-profile"]')).not.toBeNull();
  });

  it("marks the name on a duplicate", async () => {
    profileBackend(profiles([staging]), { import_profile: () => Promise.reject({ kind: "duplicateName", field: null }) });
    render(ProfileBar);
    await userEvent.click(hook('[data-action="add-profile"]')!);
    await userEvent.type(hook('input[name="profileName"]')!, "staging{Enter}");
    await waitFor(() => expect(hook('input[name="profileName"]')).toHaveAttribute("aria-invalid", "true"));
    expect(hook('[data-error-for="profile"]')).toHaveTextContent("already exists");
  });

  it("is busy while importing", async () => {
    const answer = deferred<unknown>();
    profileBackend(profiles(), { import_profile: () => answer.promise });
    render(ProfileBar);
    await userEvent.click(hook('[data-action="add-profile"]')!);
    await userEvent.type(hook('input[name="profileName"]')!, "x{Enter}");
    await waitFor(() => expect(hook('[data-action="import-profile"]')).toBeDisabled());
    expect(hook('input[name="profileName"]')).toBeDisabled();
    answer.resolve(profile({ name: "x" }));
    await waitFor(() => expect(hook('[data-section="import-profile"]')).toBeNull());
  });
});
