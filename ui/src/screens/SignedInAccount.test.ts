// The account sections of the signed-in screen: attributes, verifications, password, deletion.
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SignedIn from "./SignedIn.svelte";
import { attribute, deferred, failure, mockBackend, policy, signedIn, user as makeUser, view } from "../test/backend";
import type { AuthView, UserSummary } from "../bindings";

const phone = attribute({ name: "phone_number", label: "Phone number", kind: "phone", value: "+15555550100", verified: false });
const team = attribute({ name: "custom:team", label: "Team", kind: "text", value: "red", verified: null });
const id = attribute({ name: "custom:employee_id", label: "Employee id", kind: "number", value: "42", verified: null, editable: false });
const account = makeUser({ attributes: [attribute(), phone, team, id] });
const props = (user: UserSummary = account, extra: Partial<AuthView> = {}) => ({ view: view(signedIn(user), extra), user, policy });
const hook = (container: HTMLElement, selector: string) => container.querySelector(selector);
const input = (container: HTMLElement, name: string) => container.querySelector(`input[name="${name}"]`) as HTMLInputElement;

describe("SignedIn: attributes", () => {
  it("shows editable attributes as inputs, read-only ones as text, and what is verified", async () => {
    mockBackend();
    const { container } = render(SignedIn, props());
    const form = hook(container, 'form[data-section="attributes"]')!;
    expect(input(form as HTMLElement, "email").value).toBe("erin@example.com");
    expect(input(form as HTMLElement, "phone_number").value).toBe("+15555550100");
    expect(input(form as HTMLElement, "custom:team").value).toBe("red");
    expect(input(form as HTMLElement, "custom:employee_id")).toBeNull();
    expect(hook(container, '[data-attribute="custom:employee_id"]')).toHaveTextContent("42");
    expect(hook(container, '[data-verified-for="email"]')).toHaveTextContent("Verified");
    expect(hook(container, '[data-verified-for="phone_number"]')?.textContent?.trim()).toBe("Not verified");
    expect(hook(container, '[data-verified-for="custom:team"]')).toBeNull();
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription(/Verified/);
  });

  it("focuses the first field, and Enter saves only the changed values", async () => {
    const backend = mockBackend({ update_attributes: () => view(signedIn(account)) });
    const { container } = render(SignedIn, props());
    await waitFor(() => expect(input(container, "email")).toHaveFocus());
    await userEvent.clear(input(container, "custom:team"));
    await userEvent.clear(input(container, "phone_number"));
    await userEvent.type(input(container, "phone_number"), "+15555550199{Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([
        { command: "update_attributes", args: { attributes: { phone_number: "+15555550199", "custom:team": "" } } },
      ]),
    );
  });

  it("leaves the keyboard where it is when the core reports new values", async () => {
    mockBackend();
    const { container, rerender } = render(SignedIn, props());
    await waitFor(() => expect(input(container, "email")).toHaveFocus());
    input(container, "currentPassword").focus();
    const changed = makeUser({ attributes: [attribute(), { ...phone, verified: true }, team, id] });
    await rerender(props(changed));
    await new Promise((settled) => setTimeout(settled, 10));
    expect(input(container, "currentPassword")).toHaveFocus();
    expect(hook(container, '[data-verified-for="phone_number"]')).toHaveTextContent("Verified");
  });

  it("saves with the button, sending an empty map when nothing changed (the core says so)", async () => {
    const backend = mockBackend({ update_attributes: () => view(signedIn(account), { error: failure("nothingChanged") }) });
    const { container } = render(SignedIn, props());
    await userEvent.click(hook(container, '[data-action="save-attributes"]')!);
    await waitFor(() => expect(backend.calls).toEqual([{ command: "update_attributes", args: { attributes: {} } }]));
  });

  it("shows an attribute's error next to its input, and a field-less one once", async () => {
    mockBackend();
    const error = failure("invalidPhone", { field: "attribute", attribute: "phone_number" });
    const { container, rerender } = render(SignedIn, props(account, { error }));
    expect(hook(container, '[data-error-for="phone_number"]')).toHaveTextContent("country code");
    expect(input(container, "phone_number")).toHaveAttribute("aria-invalid", "true");
    expect(input(container, "phone_number")).toHaveAccessibleDescription(/country code/);
    expect(hook(container, '[data-error="form"]')).toBeNull();

    await rerender(props(account, { error: failure("nothingChanged") }));
    expect(container.querySelectorAll('[data-error="form"]')).toHaveLength(1);
    expect(hook(container, '[data-error="form"]')).toHaveTextContent("Nothing to save");
  });

  it("puts a field-less error in the section the user submitted, else at the top", async () => {
    mockBackend({ update_attributes: () => view(signedIn(account)), change_password: () => view(signedIn(account)) });
    const { container, rerender } = render(SignedIn, props());
    const formError = () => hook(container, '[data-error="form"]');
    await rerender(props(account, { error: failure("sessionEnded") }));
    expect(formError()?.closest("form")).toBeNull();

    await userEvent.click(hook(container, '[data-action="save-attributes"]')!);
    await rerender(props(account, { error: failure("nothingChanged") }));
    expect(formError()?.closest("form")).toHaveAttribute("data-section", "attributes");

    await userEvent.type(input(container, "currentPassword"), "x");
    await userEvent.click(hook(container, '[data-action="change-password"]')!);
    await rerender(props(account, { error: failure("limitExceeded") }));
    expect(formError()?.closest("form")).toHaveAttribute("data-section", "password");
    expect(container.querySelectorAll('[data-error="form"]')).toHaveLength(1);
  });

  it("is disabled while busy", () => {
    mockBackend();
    const { container } = render(SignedIn, props(account, { busy: true }));
    expect(input(container, "email")).toBeDisabled();
    expect(hook(container, '[data-action="save-attributes"]')).toBeDisabled();
    for (const action of ["verify-attribute", "resend-attribute-code", "change-password", "delete-account"]) {
      expect(hook(container, `[data-action="${action}"]`)).toBeDisabled();
    }
    expect(input(container, "currentPassword")).toBeDisabled();
  });

  it("focuses the heading when there is nothing to edit", async () => {
    mockBackend();
    render(SignedIn, props(makeUser({ attributes: [id] })));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 })).toHaveFocus());
    expect(document.querySelector('[data-action="save-attributes"]')).toBeNull();
  });
});

describe("SignedIn: verifying an email address or phone number", () => {
  it("offers a verification only for the unverified ones", () => {
    mockBackend();
    const { container } = render(SignedIn, props());
    expect([...container.querySelectorAll("[data-verify-for]")].map((box) => box.getAttribute("data-verify-for"))).toEqual([
      "phone_number",
    ]);
    expect(hook(container, '[data-verify-for="phone_number"] input[name="code"]')).not.toBeNull();
  });

  it("sends the code on Enter and clears it once verified", async () => {
    const verified = makeUser({ attributes: [attribute(), { ...phone, verified: true }] });
    const backend = mockBackend({ verify_attribute: () => view(signedIn(verified), { notice: { kind: "attributeVerified", destination: null } }) });
    const { container } = render(SignedIn, props());
    const code = hook(container, '[data-verify-for="phone_number"] input[name="code"]') as HTMLInputElement;
    await userEvent.type(code, " 123456 {Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([{ command: "verify_attribute", args: { attribute: "phone_number", code: "123456" } }]),
    );
    await waitFor(() => expect(code.value).toBe(""));
  });

  it("asks for a new code", async () => {
    const backend = mockBackend({ resend_attribute_code: () => view(signedIn(account)) });
    const { container } = render(SignedIn, props());
    await userEvent.click(hook(container, '[data-verify-for="phone_number"] [data-action="resend-attribute-code"]')!);
    await waitFor(() => expect(backend.calls).toEqual([{ command: "resend_attribute_code", args: { attribute: "phone_number" } }]));
  });

  it("shows a wrong code next to the code of that attribute, and says where a code went", () => {
    mockBackend();
    const two = makeUser({ attributes: [attribute({ verified: false }), phone] });
    const { container } = render(SignedIn, props(two, {
      error: failure("codeMismatch", { field: "code", attribute: "phone_number" }),
      notice: { kind: "verificationCodeSent", destination: "+*******0100" },
    }));
    expect(hook(container, '[data-verify-for="phone_number"] [data-error-for="code"]')).toHaveTextContent("Invalid verification code");
    expect(hook(container, '[data-verify-for="email"] [data-error-for="code"]')).toBeNull();
    expect(hook(container, '[data-verify-for="phone_number"] input[name="code"]')).toHaveAttribute("aria-invalid", "true");
    expect(hook(container, "[data-notice]")).toHaveTextContent("We sent a verification code to +*******0100.");
    const ids = [...container.querySelectorAll("[id]")].map((element) => element.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("SignedIn: changing the password", () => {
  it("ticks off the policy as typed and sends both passwords on Enter, then clears them", async () => {
    const backend = mockBackend({ change_password: () => view(signedIn(account), { notice: { kind: "passwordChanged", destination: null } }) });
    const { container } = render(SignedIn, props());
    const form = hook(container, 'form[data-section="password"]')!;
    expect(form.querySelector("[data-policy]")).not.toBeNull();
    await userEvent.type(input(container, "currentPassword"), "Old!pass1");
    await userEvent.type(input(container, "newPassword"), "New!pass2");
    expect(form.querySelector('[data-rule="length"]')).toHaveAttribute("data-met", "true");
    await userEvent.type(input(container, "newPassword"), "{Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([{ command: "change_password", args: { current: "Old!pass1", newPassword: "New!pass2" } }]),
    );
    await waitFor(() => expect(input(container, "currentPassword").value).toBe(""));
    expect(input(container, "newPassword").value).toBe("");
  });

  it("keeps what was typed when the pool refuses", async () => {
    mockBackend({ change_password: () => view(signedIn(account), { error: failure("incorrectCredentials") }) });
    const { container } = render(SignedIn, props());
    await userEvent.type(input(container, "currentPassword"), "Wrong!1");
    await userEvent.type(input(container, "newPassword"), "New!pass2");
    await userEvent.click(hook(container, '[data-action="change-password"]')!);
    await new Promise((settled) => setTimeout(settled, 20));
    expect(input(container, "newPassword").value).toBe("New!pass2");
  });

  it("shows each password's error next to it", async () => {
    mockBackend();
    const { container, rerender } = render(SignedIn, props(account, { error: failure("required", { field: "currentPassword" }) }));
    expect(hook(container, '[data-error-for="currentPassword"]')).toHaveTextContent("Enter your current password.");
    expect(input(container, "currentPassword")).toHaveAttribute("aria-invalid", "true");
    await rerender(props(account, { error: failure("passwordTooShort", { field: "newPassword", detail: "8" }) }));
    expect(hook(container, '[data-error-for="newPassword"]')).toHaveTextContent("at least 8 characters");
    await rerender(props(account, { error: failure("invalidPassword", { field: "password", detail: "Password not long enough" }) }));
    expect(hook(container, '[data-error-for="newPassword"]')).toHaveTextContent("Password not long enough");
    expect(hook(container, '[data-error="form"]')).toBeNull();
  });
});

describe("SignedIn: deleting the account", () => {
  it("arms on the first click and deletes on the second", async () => {
    const backend = mockBackend({ delete_account: () => view({ kind: "signIn", username: null, usernameField: "username" }, { notice: { kind: "accountDeleted", destination: null } }) });
    const { container } = render(SignedIn, props());
    const button = () => hook(container, '[data-action="delete-account"]')!;
    expect(button()).toHaveAttribute("data-armed", "false");
    await userEvent.click(button());
    expect(button()).toHaveAttribute("data-armed", "true");
    expect(button()).toHaveTextContent("Yes, delete my account");
    expect(backend.calls).toEqual([]);
    await userEvent.click(button());
    await waitFor(() => expect(backend.commands()).toEqual(["delete_account"]));
  });

  it("disarms with Keep my account or Escape", async () => {
    const backend = mockBackend();
    const { container } = render(SignedIn, props());
    const button = () => hook(container, '[data-action="delete-account"]')!;
    await userEvent.click(button());
    await userEvent.click(hook(container, '[data-action="cancel-delete-account"]')!);
    expect(button()).toHaveAttribute("data-armed", "false");
    await userEvent.click(button());
    await userEvent.keyboard("{Escape}");
    expect(button()).toHaveAttribute("data-armed", "false");
    expect(backend.calls).toEqual([]);
  });

  it("is busy from the click until the core answers", async () => {
    const answer = deferred<unknown>();
    mockBackend({ delete_account: () => answer.promise });
    const { container } = render(SignedIn, props());
    const button = () => hook(container, '[data-action="delete-account"]')!;
    await userEvent.click(button());
    await userEvent.click(button());
    await waitFor(() => expect(button()).toBeDisabled());
    expect(input(container, "email")).toBeDisabled();
    answer.resolve(view(signedIn(account)));
    await waitFor(() => expect(button()).not.toBeDisabled());
  });
});
