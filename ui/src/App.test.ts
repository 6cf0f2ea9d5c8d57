import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "./App.svelte";
import { deferred, mockBackend, policy, profile, profiles, signUpFields, view } from "./test/backend";
import type { AuthView } from "./bindings";


const local = {
  version: "0.1.0",
  localPool: { endpoint: "http://127.0.0.1:1", region: "us-east-1", userPoolId: "us-east-1_x", clientId: "c" },
};

describe("App", () => {
  it("shows the current view, then follows auth-view events", async () => {
    const backend = mockBackend({
      get_view: () => view({ kind: "starting" }),
      app_info: () => local,
      list_outbox: () => [],
      list_profiles: () => profiles(),
    });
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-screen="starting"]')).not.toBeNull());

    await backend.emit("auth-view", view({ kind: "signIn", username: null, usernameField: "username" }));
    await waitFor(() => expect(container.querySelector('[data-screen="signIn"]')).not.toBeNull());
    expect(container.querySelector('[data-panel="outbox"]')).not.toBeNull();
    // The profile bar is on every screen, above the card.
    const bar = container.querySelector('[data-panel="profiles"]')!;
    expect(bar.compareDocumentPosition(container.querySelector(".card")!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  // What an end-to-end run met: the app restored a revoked session while the page asked for the
  // first view; the core's next view (signed out, "your session has ended") arrived as an event
  // before the older answer to get_view, which then overwrote it.
  it("keeps a view that arrives as an event before the answer to get_view", async () => {
    const first = deferred<AuthView>();
    const backend = mockBackend({
      get_view: () => first.promise,
      app_info: () => local,
      list_outbox: () => [],
      list_profiles: () => profiles(),
    });
    const { container } = render(App);
    await waitFor(() => expect(backend.commands()).toContain("get_view"));

    const signIn = { kind: "signIn", username: "ana", usernameField: "username" } as const;
    await backend.emit("auth-view", view(signIn, { error: { kind: "sessionEnded", field: null, attribute: null, detail: null } }));
    const ended = () => expect(container.querySelector('[data-error="form"]')?.textContent).toContain("session has ended");
    await waitFor(ended);

    first.resolve(view(signIn, { busy: true }));
    await new Promise((settled) => setTimeout(settled, 50));
    ended();
    expect(container.querySelector('[aria-busy="true"]')).toBeNull();
  });

  it("has no outbox panel away from the local pool", async () => {
    mockBackend({ get_view: () => view({ kind: "signUp", form: { fields: signUpFields, policy, usernameField: "username" } }), app_info: () => ({ version: "0.1.0", localPool: null }), list_profiles: () => profiles() });
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-screen="signUp"]')).not.toBeNull());
    expect(container.querySelector('[data-panel="outbox"]')).toBeNull();
  });

  it("shows the outbox panel only while the local profile is active", async () => {
    let active = "local";
    mockBackend({
      get_view: () => view({ kind: "signIn", username: null, usernameField: "username" }),
      app_info: () => (active === "local" ? local : { version: "0.1.0", localPool: null }),
      list_outbox: () => [],
      list_profiles: () => profiles([profile()], active),
      switch_profile: (args) => {
        active = args.name as string;
        return null;
      },
    });
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-panel="outbox"]')).not.toBeNull());
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Profile" }), "staging");
    await waitFor(() => expect(container.querySelector('[data-panel="outbox"]')).toBeNull());
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Profile" }), "local");
    await waitFor(() => expect(container.querySelector('[data-panel="outbox"]')).not.toBeNull());
  });

  it("starts the screen afresh after a profile switch", async () => {
    let active = "local";
    mockBackend({
      get_view: () => view({ kind: "signIn", username: null, usernameField: "username" }),
      app_info: () => ({ version: "0.1.0", localPool: null }),
      list_profiles: () => profiles([profile()], active),
      switch_profile: (args) => {
        active = args.name as string;
        return null;
      },
    });
    render(App);
    await waitFor(() => expect(screen.getByLabelText("Username")).toHaveFocus());
    await userEvent.type(screen.getByLabelText("Username"), "typed-for-local");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Profile" }), "staging");
    await waitFor(() => expect(screen.getByLabelText("Username")).toHaveValue(""));
  });

  it("opens the pool check from the header, and a profile switch closes it", async () => {
    let active = "local";
    const backend = mockBackend({
      get_view: () => view({ kind: "signIn", username: null, usernameField: "username" }),
      app_info: () => ({ version: "0.1.0", localPool: null }),
      list_profiles: () => profiles([profile()], active),
      switch_profile: (args) => {
        active = args.name as string;
        return null;
      },
      check_pool: () => ({ userPoolId: "eu-west-1_AbC", poolName: "acme", clientId: "c", clientName: "desktop", findings: [] }),
    });
    const { container } = render(App);
    const open = screen.getByRole("button", { name: "Check pool settings" });
    expect(open).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(open);
    await waitFor(() => expect(container.querySelector('[data-panel="pool-check"]')).not.toBeNull());
    expect(open).toHaveAttribute("aria-expanded", "true");
    await waitFor(() => expect(backend.commands()).toContain("check_pool"));
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Profile" }), "staging");
    await waitFor(() => expect(container.querySelector('[data-panel="pool-check"]')).toBeNull());
    // Closing returns focus to the button that opened it.
    await userEvent.click(open);
    await userEvent.click(await screen.findByRole("button", { name: "Close" }));
    expect(container.querySelector('[data-panel="pool-check"]')).toBeNull();
    expect(open).toHaveFocus();
  });
});
