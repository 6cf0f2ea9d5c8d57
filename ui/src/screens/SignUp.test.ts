import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SignUp from "./SignUp.svelte";
import { mockBackend, view } from "../test/backend";

const signUpScreen = { kind: "signUp" } as const;


describe("SignUp", () => {
  it("renders labelled username, email and password fields, username focused", async () => {
    mockBackend();
    const { container } = render(SignUp, { view: view(signUpScreen) });
    expect(container.querySelector('[data-screen="signUp"]')).not.toBeNull();
    for (const name of ["username", "email", "password"]) {
      expect(container.querySelector(`input[name="${name}"]`)).not.toBeNull();
    }
    await waitFor(() => expect(screen.getByLabelText("Username")).toHaveFocus());
  });

  it("sends sign_up with username, password and email", async () => {
    const backend = mockBackend({
      sign_up: () => view({ kind: "confirmSignUp", username: "carol", delivery: null }),
    });
    render(SignUp, { view: view(signUpScreen) });
    await userEvent.type(screen.getByLabelText("Username"), "carol");
    await userEvent.type(screen.getByLabelText("Email"), "carol@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "Str0ng!pass{Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([
        { command: "sign_up", args: { username: "carol", password: "Str0ng!pass", email: "carol@example.com" } },
      ]),
    );
  });

  it("shows each field's error next to that field", () => {
    mockBackend();
    for (const field of ["username", "email", "password"] as const) {
      const { container, unmount } = render(SignUp, {
        view: view(signUpScreen, { error: { kind: "invalidParameter", message: `bad ${field}`, field } }),
      });
      expect(container.querySelector(`[data-error-for="${field}"]`)).toHaveTextContent(`bad ${field}`);
      expect(container.querySelectorAll("[data-error-for]")).toHaveLength(1);
      expect(container.querySelector('[data-error="form"]')).toBeNull();
      unmount();
    }
  });

  it("shows an error without a field at the form", () => {
    mockBackend();
    const { container } = render(SignUp, {
      view: view(signUpScreen, { error: { kind: "network", message: "The pool could not be reached.", field: null } }),
    });
    expect(container.querySelector('[data-error="form"]')).toHaveTextContent("The pool could not be reached.");
  });

  it("is busy while the core is busy", () => {
    mockBackend();
    const { container } = render(SignUp, { view: view(signUpScreen, { busy: true }) });
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(container.querySelector('[data-action="sign-up"]')).toBeDisabled();
    expect(container.querySelector('[data-action="show-sign-in"]')).toBeDisabled();
  });

  it("goes back to sign-in", async () => {
    const backend = mockBackend({ show_sign_in: () => view({ kind: "signIn", username: null }) });
    const { container } = render(SignUp, { view: view(signUpScreen) });
    await userEvent.click(container.querySelector('[data-action="show-sign-in"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["show_sign_in"]));
  });
});
