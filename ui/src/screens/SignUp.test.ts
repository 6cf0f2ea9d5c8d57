import { errorMessage } from "../lib/messages";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SignUp from "./SignUp.svelte";
import { failure, mockBackend, policy, signUpFields, view } from "../test/backend";

const form = { fields: signUpFields, policy };
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
    const backend = mockBackend({ show_sign_in: () => view({ kind: "signIn", username: null }) });
    const { container } = render(SignUp, props());
    await userEvent.click(container.querySelector('[data-action="show-sign-in"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["show_sign_in"]));
  });
});
