import { render, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SignedIn from "./SignedIn.svelte";
import { mockBackend, view } from "../test/backend";
import type { UserSummary } from "../bindings";

const user: UserSummary = {
  username: "erin",
  sub: "0b7c4f3e-1111-2222-3333-444455556666",
  email: "erin@example.com",
  emailVerified: true,
  sessionExpiresAt: "2030-05-01T12:00:00Z",
};
const signedInScreen = { kind: "signedIn", user } as const;


describe("SignedIn", () => {
  it("shows who is signed in and when the session expires", () => {
    mockBackend();
    const { container } = render(SignedIn, { view: view(signedInScreen), user });
    const detail = (key: string) => container.querySelector(`[data-user="${key}"]`);
    expect(container.querySelector('[data-screen="signedIn"]')).not.toBeNull();
    expect(detail("username")).toHaveTextContent("erin");
    expect(detail("email")).toHaveTextContent("erin@example.com");
    expect(detail("sub")).toHaveTextContent(user.sub);
    expect(detail("expires")?.querySelector("time")).toHaveAttribute("datetime", user.sessionExpiresAt);
  });

  it("signs out", async () => {
    const backend = mockBackend({ sign_out: () => view({ kind: "signIn", username: "erin" }) });
    const { container } = render(SignedIn, { view: view(signedInScreen), user });
    await userEvent.click(container.querySelector('[data-action="sign-out"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["sign_out"]));
  });

  it("shows a sign-out failure at the form and is busy while signing out", async () => {
    mockBackend();
    const { container, rerender } = render(SignedIn, {
      view: view(signedInScreen, { error: { kind: "network", message: "Offline.", field: null } }),
      user,
    });
    expect(container.querySelector('[data-error="form"]')).toHaveTextContent("Offline.");
    await rerender({ view: view(signedInScreen, { busy: true }), user });
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(container.querySelector('[data-action="sign-out"]')).toBeDisabled();
  });
});
