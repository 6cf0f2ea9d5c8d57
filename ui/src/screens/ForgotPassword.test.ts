import type { UsernameField } from "../bindings";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ForgotPassword from "./ForgotPassword.svelte";
import { failure, forgotPasswordScreen, mockBackend, policy, view } from "../test/backend";

const props = (username: string | null, extra = {}) => ({
  view: view(forgotPasswordScreen(username), extra),
  username,
});

describe("ForgotPassword", () => {
  it("renders the username field, pre-filled and focused", async () => {
    mockBackend();
    const { container } = render(ForgotPassword, props("mia"));
    expect(container.querySelector('[data-screen="forgotPassword"]')).not.toBeNull();
    expect(screen.getByLabelText("Username")).toHaveValue("mia");
    await waitFor(() => expect(screen.getByLabelText("Username")).toHaveFocus());
  });

  it("sends request_password_reset with the username on Enter", async () => {
    const backend = mockBackend({
      request_password_reset: () => view({ kind: "resetPassword", username: "mia", delivery: null, policy }),
    });
    render(ForgotPassword, props(null));
    await userEvent.type(screen.getByLabelText("Username"), "mia{Enter}");
    await waitFor(() => expect(backend.calls).toEqual([{ command: "request_password_reset", args: { username: "mia" } }]));
  });

  it("shows a username error next to the field and others at the form", async () => {
    mockBackend();
    const { container, rerender } = render(ForgotPassword, props("mia", { error: failure("required", { field: "username" }) }));
    expect(container.querySelector('[data-error-for="username"]')).toHaveTextContent("Enter a username.");
    await rerender(props("mia", { error: failure("limitExceeded") }));
    expect(container.querySelector('[data-error="form"]')).toHaveTextContent("Attempt limit exceeded");
  });

  it("is busy while the core is busy", () => {
    mockBackend();
    const { container } = render(ForgotPassword, props("mia", { busy: true }));
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(container.querySelector('[data-action="request-reset"]')).toBeDisabled();
    expect(screen.getByLabelText("Username")).toBeDisabled();
  });

  it("goes back to sign-in", async () => {
    const backend = mockBackend({ show_sign_in: () => view({ kind: "signIn", username: null, usernameField: "username" }) });
    const { container } = render(ForgotPassword, props(null));
    await userEvent.click(container.querySelector('[data-action="show-sign-in"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["show_sign_in"]));
  });
});

describe("ForgotPassword with the pool's username attributes", () => {
  const propsFor = (field: UsernameField, username: string | null = null, extra = {}) => ({
    view: view(forgotPasswordScreen(username, field), extra),
    username,
    usernameField: field,
  });

  it.each([
    ["email", "Email", "email"],
    ["phoneNumber", "Phone number", "tel"],
    ["emailOrPhone", "Email or phone number", "text"],
  ] as const)("labels the username input for %s and focuses it", async (field, label, type) => {
    mockBackend();
    const { container } = render(ForgotPassword, propsFor(field, "x"));
    const input = screen.getByLabelText(label);
    expect(input).toBe(container.querySelector('input[name="username"]'));
    expect(input).toHaveAttribute("type", type);
    expect(input).toHaveValue("x");
    expect(screen.queryByLabelText("Username")).toBeNull();
    await waitFor(() => expect(input).toHaveFocus());
  });

  it("sends request_password_reset with the phone number, and names an empty input", async () => {
    const backend = mockBackend({
      request_password_reset: () => view({ kind: "resetPassword", username: "+15555550100", delivery: null, policy }),
    });
    const { container, rerender } = render(ForgotPassword, propsFor("phoneNumber"));
    await userEvent.type(screen.getByLabelText("Phone number"), "+15555550100{Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([{ command: "request_password_reset", args: { username: "+15555550100" } }]),
    );
    await rerender(propsFor("phoneNumber", null, { error: failure("required", { field: "username" }) }));
    expect(container.querySelector('[data-error-for="username"]')).toHaveTextContent("Enter your phone number.");
  });
});
