import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SelectMfa from "./SelectMfa.svelte";
import { failure, mockBackend, view } from "../test/backend";
import type { MfaMethod } from "../bindings";

const props = (options: MfaMethod[], extra = {}) => ({
  view: view({ kind: "selectMfa", username: "jo", options }, extra),
  options,
});

describe("SelectMfa", () => {
  it("offers one button per option, the first focused", async () => {
    mockBackend();
    const { container } = render(SelectMfa, props(["sms", "totp"]));
    expect(container.querySelector('[data-screen="selectMfa"]')).not.toBeNull();
    expect(container.querySelector('[data-action="select-mfa-totp"]')).toHaveTextContent("Authenticator app");
    await waitFor(() => expect(container.querySelector('[data-action="select-mfa-sms"]')).toHaveFocus());
  });

  it("shows only the options given", () => {
    mockBackend();
    const { container } = render(SelectMfa, props(["totp"]));
    expect(container.querySelector('[data-action="select-mfa-sms"]')).toBeNull();
    expect(container.querySelector('[data-action="select-mfa-totp"]')).not.toBeNull();
  });

  it.each(["sms", "totp"] as const)("sends select_mfa with %s", async (method) => {
    const backend = mockBackend({
      select_mfa: () => view({ kind: "confirmSignIn", username: "jo", method, delivery: null }),
    });
    const { container } = render(SelectMfa, props(["sms", "totp"]));
    await userEvent.click(container.querySelector(`[data-action="select-mfa-${method}"]`)!);
    await waitFor(() => expect(backend.calls).toEqual([{ command: "select_mfa", args: { method } }]));
  });

  it("chooses the focused option with Enter", async () => {
    const backend = mockBackend({
      select_mfa: () => view({ kind: "confirmSignIn", username: "jo", method: "sms", delivery: null }),
    });
    const { container } = render(SelectMfa, props(["sms", "totp"]));
    await waitFor(() => expect(container.querySelector('[data-action="select-mfa-sms"]')).toHaveFocus());
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(backend.calls).toEqual([{ command: "select_mfa", args: { method: "sms" } }]));
  });

  it("shows an error at the form and is busy while the core is busy", async () => {
    mockBackend();
    const { container, rerender } = render(SelectMfa, props(["sms"], { error: failure("challengeExpired") }));
    expect(container.querySelector('[data-error="form"]')).toHaveTextContent("The sign-in took too long");
    await rerender(props(["sms"], { busy: true }));
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(screen.getByRole("button", { name: "Text message (SMS)" })).toBeDisabled();
  });
});
