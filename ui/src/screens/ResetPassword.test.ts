import { errorMessage } from "../lib/messages";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ResetPassword from "./ResetPassword.svelte";
import { failure, mockBackend, policy, view } from "../test/backend";
import type { CodeDelivery } from "../bindings";

const delivery: CodeDelivery = { medium: "EMAIL", destination: "m***@e***.com", attribute: "email" };
const resetScreen = { kind: "resetPassword", username: "mia", delivery, policy } as const;
const props = (extra = {}) => ({ view: view(resetScreen, extra), username: "mia", delivery, policy });

describe("ResetPassword", () => {
  it("says where the code went and focuses the code field", async () => {
    mockBackend();
    const { container } = render(ResetPassword, props());
    expect(container.querySelector('[data-screen="resetPassword"]')).toHaveTextContent("m***@e***.com");
    expect(container.querySelector('input[name="newPassword"]')).not.toBeNull();
    await waitFor(() => expect(screen.getByLabelText("Code")).toHaveFocus());
  });

  it("ticks off the policy as the new password is typed", async () => {
    mockBackend();
    const { container } = render(ResetPassword, props());
    const rule = (name: string) => container.querySelector(`[data-policy] [data-rule="${name}"]`);
    expect(rule("numbers")).toHaveAttribute("data-met", "false");
    await userEvent.type(screen.getByLabelText("New password"), "7");
    expect(rule("numbers")).toHaveAttribute("data-met", "true");
    expect(rule("length")).toHaveAttribute("data-met", "false");
  });

  it("sends confirm_password_reset with the code and the new password on Enter", async () => {
    const backend = mockBackend({ confirm_password_reset: () => view({ kind: "signIn", username: "mia", usernameField: "username" }) });
    render(ResetPassword, props());
    await userEvent.type(screen.getByLabelText("Code"), " 111222 ");
    await userEvent.type(screen.getByLabelText("New password"), "Fresh!pass1{Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([{ command: "confirm_password_reset", args: { code: "111222", password: "Fresh!pass1" } }]),
    );
  });

  it("asks for a new code", async () => {
    const backend = mockBackend({ resend_password_reset_code: () => view(resetScreen, { notice: { kind: "newCodeSent", destination: null } }) });
    const { container } = render(ResetPassword, props());
    await userEvent.click(container.querySelector('[data-action="resend-reset-code"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["resend_password_reset_code"]));
  });

  it("shows code and password errors next to their fields", () => {
    mockBackend();
    for (const [error, hook] of [
      [failure("codeMismatch", { field: "code" }), "code"],
      [failure("invalidPassword", { field: "newPassword" }), "newPassword"],
      [failure("invalidPassword", { field: "password" }), "newPassword"],
    ] as const) {
      const { container, unmount } = render(ResetPassword, props({ error }));
      expect(container.querySelector(`[data-error-for="${hook}"]`)).toHaveTextContent(errorMessage(error));
      expect(container.querySelector('[data-error="form"]')).toBeNull();
      unmount();
    }
  });

  it("is busy while the core is busy", () => {
    mockBackend();
    const { container } = render(ResetPassword, props({ busy: true }));
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    for (const action of ["confirm-reset", "resend-reset-code", "show-sign-in"]) {
      expect(container.querySelector(`[data-action="${action}"]`)).toBeDisabled();
    }
    expect(screen.getByLabelText("Code")).toBeDisabled();
  });
});
