import { errorMessage } from "../lib/messages";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import NewPassword from "./NewPassword.svelte";
import { failure, mockBackend, policy, signedIn, view } from "../test/backend";
import type { AttributeField } from "../bindings";

const requiredAttributes: AttributeField[] = [
  { name: "email", label: "Email", kind: "email", required: true },
  { name: "custom:team", label: "Team", kind: "text", required: true },
];
const props = (extra = {}) => ({
  view: view({ kind: "newPassword", username: "lee", requiredAttributes, policy }, extra),
  username: "lee",
  requiredAttributes,
  policy,
});
const met = (container: HTMLElement) =>
  [...container.querySelectorAll("[data-policy] [data-rule]")].map((item) => `${item.getAttribute("data-rule")}=${item.getAttribute("data-met")}`);

describe("NewPassword", () => {
  it("asks for a new password and each required attribute, the password focused", async () => {
    mockBackend();
    const { container } = render(NewPassword, props());
    expect(container.querySelector('[data-screen="newPassword"]')).not.toBeNull();
    for (const name of ["newPassword", "email", "custom:team"]) {
      expect(container.querySelector(`input[name="${name}"]`)).not.toBeNull();
    }
    await waitFor(() => expect(screen.getByLabelText("New password")).toHaveFocus());
  });

  it("updates the policy checklist as the password is typed", async () => {
    mockBackend();
    const { container } = render(NewPassword, props());
    expect(met(container)).toContain("length=false");
    await userEvent.type(screen.getByLabelText("New password"), "Longer pass");
    expect(met(container)).toEqual(["length=true", "uppercase=true", "lowercase=true", "numbers=false", "symbols=true"]);
  });

  it("sends complete_new_password with the password and the attributes on Enter", async () => {
    const backend = mockBackend({ complete_new_password: () => view(signedIn()) });
    render(NewPassword, props());
    await userEvent.type(screen.getByLabelText("Email"), "lee@example.com");
    await userEvent.type(screen.getByLabelText("Team"), "red");
    await userEvent.type(screen.getByLabelText("New password"), "N3w!passw{Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([
        { command: "complete_new_password", args: { password: "N3w!passw", attributes: { email: "lee@example.com", "custom:team": "red" } } },
      ]),
    );
  });

  it("shows password and attribute errors next to their field", () => {
    mockBackend();
    for (const [error, hook] of [
      [failure("invalidPassword", { field: "newPassword" }), "newPassword"],
      [failure("invalidPassword", { field: "password" }), "newPassword"],
      [failure("required", { field: "attribute", attribute: "custom:team" }), "custom:team"],
    ] as const) {
      const { container, unmount } = render(NewPassword, props({ error }));
      expect(container.querySelector(`[data-error-for="${hook}"]`)).toHaveTextContent(errorMessage(error));
      expect(container.querySelector('[data-error="form"]')).toBeNull();
      unmount();
    }
  });

  it("is busy while the core is busy", () => {
    mockBackend();
    const { container } = render(NewPassword, props({ busy: true }));
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(container.querySelector('[data-action="complete-new-password"]')).toBeDisabled();
    expect(screen.getByLabelText("New password")).toBeDisabled();
  });
});
