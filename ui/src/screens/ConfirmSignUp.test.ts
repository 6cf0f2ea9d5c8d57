import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ConfirmSignUp from "./ConfirmSignUp.svelte";
import { mockBackend, view } from "../test/backend";
import type { CodeDelivery } from "../bindings";

const delivery: CodeDelivery = { medium: "EMAIL", destination: "d***@e***.com", attribute: "email" };
const confirmScreen = { kind: "confirmSignUp", username: "dave", delivery } as const;
const props = (extra = {}) => ({ view: view(confirmScreen, extra), username: "dave", delivery });


describe("ConfirmSignUp", () => {
  it("says where the code went and focuses the code field", async () => {
    mockBackend();
    const { container } = render(ConfirmSignUp, props());
    expect(container.querySelector('[data-screen="confirmSignUp"]')).toHaveTextContent("d***@e***.com");
    await waitFor(() => expect(screen.getByLabelText("Confirmation code")).toHaveFocus());
  });

  it("sends confirm_sign_up with the code, trimmed", async () => {
    const backend = mockBackend({ confirm_sign_up: () => view({ kind: "signIn", username: "dave", usernameField: "username" }) });
    render(ConfirmSignUp, props());
    await userEvent.type(screen.getByLabelText("Confirmation code"), " 123456 {Enter}");
    await waitFor(() => expect(backend.calls).toEqual([{ command: "confirm_sign_up", args: { code: "123456" } }]));
  });

  it("asks for a new code without submitting the form", async () => {
    const backend = mockBackend({
      resend_sign_up_code: () => view(confirmScreen, { notice: { kind: "newCodeSent", destination: "d***@e***.com" } }),
    });
    const { container } = render(ConfirmSignUp, props());
    await userEvent.click(container.querySelector('[data-action="resend-code"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["resend_sign_up_code"]));
  });

  it("shows a wrong code next to the code field and the notice as status", () => {
    mockBackend();
    const { container } = render(ConfirmSignUp, {
      ...props({
        error: { kind: "codeMismatch", field: "code", attribute: null, detail: null },
        notice: { kind: "newCodeSent", destination: "d***@e***.com" },
      }),
    });
    expect(container.querySelector('[data-error-for="code"]')).toHaveTextContent("Invalid verification code");
    expect(screen.getByRole("status")).toHaveTextContent("We sent a new code");
    expect(container.querySelector("[data-notice]")).toHaveTextContent("We sent a new code");
  });

  it("is busy while the core is busy", () => {
    mockBackend();
    const { container } = render(ConfirmSignUp, props({ busy: true }));
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(container.querySelector('[data-action="confirm-sign-up"]')).toBeDisabled();
    expect(container.querySelector('[data-action="resend-code"]')).toBeDisabled();
  });
});
