import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SignedIn from "./SignedIn.svelte";
import { failure, mockBackend, policy, signedIn, user as makeUser, view } from "../test/backend";
import type { MfaSummary, UserSummary } from "../bindings";

const props = (user: UserSummary, extra = {}) => ({ view: view(signedIn(user), extra), user, policy });
const withMfa = (mfa: Partial<MfaSummary>, extra: Partial<UserSummary> = {}) =>
  makeUser({ phoneNumber: "+15551234567", phoneNumberVerified: true, mfa: { available: ["sms", "totp"], enabled: [], preferred: null, required: false, ...mfa }, ...extra });
const select = (name: string) => screen.getByRole("combobox", { name }) as HTMLSelectElement;

describe("SignedIn", () => {
  it("shows who is signed in, the badge outside the address, and when the session expires", () => {
    mockBackend();
    const user = makeUser({ phoneNumber: "+15551234567", phoneNumberVerified: false });
    const { container } = render(SignedIn, props(user));
    const detail = (key: string) => container.querySelector(`[data-user="${key}"]`);
    expect(container.querySelector('[data-screen="signedIn"]')).not.toBeNull();
    expect(detail("username")).toHaveTextContent("erin");
    expect(detail("email")?.textContent).toBe("erin@example.com");
    expect(detail("email")?.parentElement).toHaveTextContent("verified");
    expect(detail("phone")?.textContent).toBe("+15551234567");
    expect(detail("sub")).toHaveTextContent(user.sub);
    expect(detail("expires")?.querySelector("time")).toHaveAttribute("datetime", user.sessionExpiresAt);
    expect(container.querySelector('[data-action="save-mfa"]')).toBeNull();
  });

  it("shows each available method's current setting", () => {
    mockBackend();
    render(SignedIn, props(withMfa({ enabled: ["sms", "totp"], preferred: "totp" })));
    expect(select("Text message (SMS)")).toHaveAttribute("name", "mfa-sms");
    expect(select("Text message (SMS)").value).toBe("enabled");
    expect(select("Authenticator app").value).toBe("preferred");
    expect(screen.queryByRole("button", { name: "Set up authenticator app" })).toBeNull();
  });

  it("saves the MFA preference, one preferred method at most", async () => {
    const backend = mockBackend({ set_mfa_preference: () => view(signedIn(withMfa({}))) });
    const { container } = render(SignedIn, props(withMfa({ enabled: ["sms", "totp"], preferred: "totp" })));
    await userEvent.selectOptions(select("Text message (SMS)"), "preferred");
    expect(select("Authenticator app").value).toBe("enabled");
    await userEvent.click(container.querySelector('[data-action="save-mfa"]')!);
    await waitFor(() =>
      expect(backend.calls).toEqual([{ command: "set_mfa_preference", args: { sms: "preferred", totp: "enabled" } }]),
    );
  });

  it("offers authenticator setup until the app is set up", async () => {
    const backend = mockBackend({ set_up_totp: () => view(signedIn(withMfa({}))) });
    const { container } = render(SignedIn, props(withMfa({})));
    expect(select("Authenticator app")).toHaveAccessibleDescription("Set up an authenticator app before turning this on.");
    await userEvent.click(container.querySelector('[data-action="set-up-totp"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["set_up_totp"]));
  });

  it("keeps one method on when the pool requires MFA", async () => {
    const backend = mockBackend();
    const { container } = render(SignedIn, props(withMfa({ enabled: ["sms"], preferred: "sms", required: true })));
    await userEvent.selectOptions(select("Text message (SMS)"), "disabled");
    await userEvent.click(container.querySelector('[data-action="save-mfa"]')!);
    expect(container.querySelector('[data-error-for="mfa"]')).toHaveTextContent("keep at least one on");
    expect(backend.calls).toEqual([]);
  });

  it("signs out", async () => {
    const backend = mockBackend({ sign_out: () => view({ kind: "signIn", username: "erin", usernameField: "username" }) });
    const { container } = render(SignedIn, props(makeUser()));
    await userEvent.click(container.querySelector('[data-action="sign-out"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["sign_out"]));
  });

  it("signs out everywhere only after confirming", async () => {
    const backend = mockBackend({ sign_out_everywhere: () => view({ kind: "signIn", username: "erin", usernameField: "username" }) });
    const { container } = render(SignedIn, props(makeUser()));
    const everywhere = () => container.querySelector('[data-action="sign-out-everywhere"]')!;
    await userEvent.click(everywhere());
    expect(backend.calls).toEqual([]);
    await waitFor(() => expect(container.querySelector('[data-action="cancel-sign-out-everywhere"]')).toHaveFocus());
    await userEvent.click(container.querySelector('[data-action="cancel-sign-out-everywhere"]')!);
    await userEvent.click(everywhere());
    await userEvent.click(everywhere());
    await waitFor(() => expect(backend.commands()).toEqual(["sign_out_everywhere"]));
  });

  it("closes the confirmation with Escape and puts the keyboard back on its button", async () => {
    const backend = mockBackend();
    const { container } = render(SignedIn, props(makeUser()));
    await userEvent.click(container.querySelector('[data-action="sign-out-everywhere"]')!);
    await waitFor(() => expect(container.querySelector('[data-action="cancel-sign-out-everywhere"]')).toHaveFocus());
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(container.querySelector('[data-action="sign-out-everywhere"]')).toHaveFocus());
    expect(container.querySelector('[data-action="cancel-sign-out-everywhere"]')).toBeNull();
    expect(backend.calls).toEqual([]);
  });

  it("shows a failure at the top and is busy while the core is busy", async () => {
    mockBackend();
    const user = withMfa({ enabled: ["sms"] });
    const { container, rerender } = render(SignedIn, props(user, { error: failure("network") }));
    expect(container.querySelector('[data-error="form"]')).toHaveTextContent("could not be reached");
    await rerender(props(user, { busy: true }));
    for (const form of container.querySelectorAll("form")) expect(form).toHaveAttribute("aria-busy", "true");
    for (const action of ["sign-out", "sign-out-everywhere", "save-mfa"]) {
      expect(container.querySelector(`[data-action="${action}"]`)).toBeDisabled();
    }
    expect(select("Text message (SMS)")).toBeDisabled();
  });
});
