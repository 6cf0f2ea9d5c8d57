import { errorMessage } from "../lib/messages";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SignUp from "./SignUp.svelte";
import { failure, mockBackend, signUpForm, view } from "../test/backend";

const form = signUpForm();
const signUpScreen = { kind: "signUp", form } as const;
const props = (extra = {}) => ({ view: view(signUpScreen, extra), form });

describe("SignUp", () => {
  it("renders username, one field per attribute and the password, username focused", async () => {
    mockBackend();
    const { container } = render(SignUp, props());
    expect(container.querySelector('[data-screen="signUp"]')).not.toBeNull();
    for (const name of ["username", "email", "phone_number", "custom:team", "password"]) {
      expect(container.querySelector(`input[name="${name}"]`)).not.toBeNull();
    }
    expect(screen.getByLabelText("Email")).toHaveAttribute("type", "email");
    expect(screen.getByLabelText(/Phone number/)).toHaveAttribute("type", "tel");
    expect(container).toHaveTextContent("+15551234567");
    await waitFor(() => expect(screen.getByLabelText("Username")).toHaveFocus());
  });

  it("sends sign_up on Enter with the attributes as a map, leaving out empty optional ones", async () => {
    const backend = mockBackend({
      sign_up: () => view({ kind: "confirmSignUp", username: "carol", delivery: null }),
    });
    render(SignUp, props());
    await userEvent.type(screen.getByLabelText("Username"), "carol");
    await userEvent.type(screen.getByLabelText("Email"), " carol@example.com ");
    await userEvent.type(screen.getByLabelText(/Team/), "blue");
    await userEvent.type(screen.getByLabelText("Password"), "Str0ng!pass{Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([
        {
          command: "sign_up",
          args: { username: "carol", password: "Str0ng!pass", attributes: { email: "carol@example.com", "custom:team": "blue" } },
        },
      ]),
    );
  });

  it("ticks off the password policy as the user types", async () => {
    mockBackend();
    const { container } = render(SignUp, props());
    const met = () =>
      Object.fromEntries(
        [...container.querySelectorAll("[data-policy] [data-rule]")].map((item) => [item.getAttribute("data-rule"), item.getAttribute("data-met")]),
      );
    expect(met()).toEqual({ length: "false", uppercase: "false", lowercase: "false", numbers: "false", symbols: "false" });
    await userEvent.type(screen.getByLabelText("Password"), "abcdEFG1");
    expect(met()).toEqual({ length: "true", uppercase: "true", lowercase: "true", numbers: "true", symbols: "false" });
    await userEvent.type(screen.getByLabelText("Password"), "^");
    expect(met().symbols).toBe("true");
  });

  it("shows field and attribute errors next to their field", () => {
    mockBackend();
    const cases = [
      [failure("required", { field: "username" }), "username"],
      [failure("invalidPassword", { field: "password" }), "password"],
      [failure("required", { field: "attribute", attribute: "phone_number" }), "phone_number"],
    ] as const;
    for (const [error, hook] of cases) {
      const { container, unmount } = render(SignUp, props({ error }));
      expect(container.querySelector(`[data-error-for="${hook}"]`)).toHaveTextContent(errorMessage(error));
      expect(container.querySelectorAll("[data-error-for]")).toHaveLength(1);
      expect(container.querySelector('[data-error="form"]')).toBeNull();
      unmount();
    }
  });

  it("shows an error without a field, or about an attribute not on the form, at the form", async () => {
    mockBackend();
    const { container, rerender } = render(SignUp, props({ error: failure("network") }));
    expect(container.querySelector('[data-error="form"]')).toHaveTextContent("could not be reached");
    await rerender(props({ error: failure("required", { field: "attribute", attribute: "name" }) }));
    expect(container.querySelector('[data-error="form"]')).toHaveTextContent("Enter your name.");
  });

  it("is busy while the core is busy", () => {
    mockBackend();
    const { container } = render(SignUp, props({ busy: true }));
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(container.querySelector('[data-action="sign-up"]')).toBeDisabled();
    expect(container.querySelector('[data-action="show-sign-in"]')).toBeDisabled();
    expect(screen.getByLabelText("Email")).toBeDisabled();
  });

  it("goes back to sign-in", async () => {
    const backend = mockBackend({ show_sign_in: () => view({ kind: "signIn", username: null, usernameField: "username" }) });
    const { container } = render(SignUp, props());
    await userEvent.click(container.querySelector('[data-action="show-sign-in"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["show_sign_in"]));
  });
});

describe("SignUp when the pool's email or phone attribute is the username", () => {
  const emailFields = [
    { name: "email", label: "Email", kind: "email", required: true },
    { name: "custom:team", label: "Team", kind: "text", required: false },
  ] as const;
  const propsFor = (form: ReturnType<typeof signUpForm>, extra = {}) => ({ view: view({ kind: "signUp", form }, extra), form });

  it.each(["email", "phoneNumber", "emailOrPhone"] as const)(
    "has no username input for %s and focuses the first attribute",
    async (usernameField) => {
      mockBackend();
      const fields = usernameField === "phoneNumber"
        ? [{ name: "phone_number", label: "Phone number", kind: "phone", required: true } as const, ...emailFields.slice(1)]
        : [...emailFields];
      const { container } = render(SignUp, propsFor(signUpForm({ fields, usernameField })));
      expect(container.querySelector('input[name="username"]')).toBeNull();
      expect(screen.queryByLabelText("Username")).toBeNull();
      const first = container.querySelector<HTMLInputElement>(`input[name="${fields[0].name}"]`)!;
      expect(first).toBeRequired();
      await waitFor(() => expect(first).toHaveFocus());
    },
  );

  it("sends sign_up with an empty username and the email attribute", async () => {
    const backend = mockBackend({
      sign_up: () => view({ kind: "confirmSignUp", username: "erin@example.com", delivery: null }),
    });
    render(SignUp, propsFor(signUpForm({ fields: [...emailFields], usernameField: "email" })));
    await userEvent.type(screen.getByLabelText("Email"), "erin@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "Str0ng!pass{Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([
        { command: "sign_up", args: { username: "", password: "Str0ng!pass", attributes: { email: "erin@example.com" } } },
      ]),
    );
  });

  it("shows the email error next to the email input, and a username error at the form", async () => {
    mockBackend();
    const form = signUpForm({ fields: [...emailFields], usernameField: "email" });
    const { container, rerender } = render(
      SignUp,
      propsFor(form, { error: failure("invalidEmail", { field: "attribute", attribute: "email" }) }),
    );
    expect(container.querySelector('[data-error-for="email"]')).toHaveTextContent("Enter a valid email address.");
    expect(container.querySelector('[data-error="form"]')).toBeNull();
    await rerender(propsFor(form, { error: failure("usernameExists", { field: "username" }) }));
    expect(container.querySelector('[data-error="form"]')).toHaveTextContent("An account with this username already exists.");
  });
});
