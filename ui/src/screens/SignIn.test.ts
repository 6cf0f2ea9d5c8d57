import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SignIn from "./SignIn.svelte";
import { deferred, failure, signedIn, mockBackend, policy, signInScreen as signInScreenFor, signUpFields, user, view } from "../test/backend";
import { session } from "../lib/session.svelte";

const signInScreen = { kind: "signIn", username: null, usernameField: "username" } as const;


describe("SignIn", () => {
  it("renders the sign-in form with the first field focused", async () => {
    mockBackend();
    const { container } = render(SignIn, { view: view(signInScreen), username: null });
    expect(container.querySelector('[data-screen="signIn"]')).not.toBeNull();
    await waitFor(() => expect(screen.getByLabelText("Username")).toHaveFocus());
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "password");
  });

  it("pre-fills the username and focuses the password", async () => {
    mockBackend();
    render(SignIn, { view: view({ kind: "signIn", username: "alice", usernameField: "username" }), username: "alice" });
    expect(screen.getByLabelText("Username")).toHaveValue("alice");
    await waitFor(() => expect(screen.getByLabelText("Password")).toHaveFocus());
  });

  it("sends sign_in with what was typed when Enter is pressed", async () => {
    const welcome = view(signedIn(user({ username: "alice" })));
    const backend = mockBackend({ sign_in: () => welcome });
    render(SignIn, { view: view(signInScreen), username: null });

    await userEvent.type(screen.getByLabelText("Username"), "alice");
    await userEvent.type(screen.getByLabelText("Password"), "Passw0rd!{Enter}");

    await waitFor(() => expect(backend.calls).toEqual([{ command: "sign_in", args: { username: "alice", password: "Passw0rd!" } }]));
    await waitFor(() => expect(session.view).toEqual(welcome));
  });

  it("shows a field error next to its field and a field-less error at the form", async () => {
    mockBackend();
    const fieldErr = view(signInScreen, { error: failure("userNotFound", { field: "username" }) });
    const { container, rerender } = render(SignIn, { view: fieldErr, username: null });
    expect(container.querySelector('[data-error-for="username"]')).toHaveTextContent("User does not exist.");
    expect(screen.getByLabelText("Username")).toHaveAttribute("aria-invalid", "true");
    expect(container.querySelector('[data-error="form"]')).toBeNull();

    await rerender({ view: view(signInScreen, { error: failure("incorrectCredentials") }), username: null });
    expect(container.querySelector('[data-error="form"]')).toHaveTextContent("Incorrect username or password.");
    expect(container.querySelector("[data-error-for]")).toBeNull();
  });

  it("is busy while the core is busy: aria-busy, disabled button and fields", () => {
    mockBackend();
    const { container } = render(SignIn, { view: view(signInScreen, { busy: true }), username: null });
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(container.querySelector('[data-action="sign-in"]')).toBeDisabled();
    expect(screen.getByLabelText("Username")).toBeDisabled();
  });

  it("is busy from the click until the command answers, and sends only once", async () => {
    const answer = deferred<unknown>();
    const backend = mockBackend({ sign_in: () => answer.promise });
    const { container } = render(SignIn, { view: view(signInScreen), username: "bob" });
    await userEvent.type(screen.getByLabelText("Password"), "x");
    await userEvent.click(container.querySelector('[data-action="sign-in"]')!);
    await waitFor(() => expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true"));
    await userEvent.click(container.querySelector('[data-action="sign-in"]')!);

    answer.resolve(view(signInScreen));
    await waitFor(() => expect(container.querySelector("form")).toHaveAttribute("aria-busy", "false"));
    expect(backend.commands()).toEqual(["sign_in"]);
  });

  it("switches to sign-up", async () => {
    const backend = mockBackend({ show_sign_up: () => view({ kind: "signUp", form: { fields: signUpFields, policy, usernameField: "username" } }) });
    const { container } = render(SignIn, { view: view(signInScreen), username: null });
    await userEvent.click(container.querySelector('[data-action="show-sign-up"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["show_sign_up"]));
  });

  it("goes to forgot-password with the username typed so far", async () => {
    const backend = mockBackend({ show_forgot_password: () => view({ kind: "forgotPassword", username: "alice", usernameField: "username" }) });
    const { container } = render(SignIn, { view: view(signInScreen), username: null });
    await userEvent.type(screen.getByLabelText("Username"), "alice");
    await userEvent.click(container.querySelector('[data-action="forgot-password"]')!);
    await waitFor(() => expect(backend.calls).toEqual([{ command: "show_forgot_password", args: { username: "alice" } }]));
  });

  it("goes to forgot-password with no username when none was typed", async () => {
    const backend = mockBackend({ show_forgot_password: () => view({ kind: "forgotPassword", username: null, usernameField: "username" }) });
    const { container } = render(SignIn, { view: view(signInScreen), username: null });
    await userEvent.click(container.querySelector('[data-action="forgot-password"]')!);
    await waitFor(() => expect(backend.calls).toEqual([{ command: "show_forgot_password", args: { username: null } }]));
  });
});

describe("SignIn with the pool's username attributes", () => {
  it.each([
    ["email", "Email", "email"],
    ["phoneNumber", "Phone number", "tel"],
    ["emailOrPhone", "Email or phone number", "text"],
  ] as const)("labels the username input for %s, keeps its name and focuses it", async (field, label, type) => {
    mockBackend();
    const { container } = render(SignIn, { view: view(signInScreenFor(null, field)), username: null, usernameField: field });
    const input = screen.getByLabelText(label);
    expect(input).toBe(container.querySelector('input[name="username"]'));
    expect(input).toHaveAttribute("type", type);
    expect(input).toHaveAttribute("autocomplete", "username");
    expect(screen.queryByLabelText("Username")).toBeNull();
    await waitFor(() => expect(input).toHaveFocus());
  });

  it("sends sign_in with the email as the username, and names an empty input by what it asks for", async () => {
    const backend = mockBackend({ sign_in: () => view(signedIn(user())) });
    const { container, rerender } = render(SignIn, { view: view(signInScreenFor(null, "email")), username: null, usernameField: "email" });
    await userEvent.type(screen.getByLabelText("Email"), "erin@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "Passw0rd!{Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([{ command: "sign_in", args: { username: "erin@example.com", password: "Passw0rd!" } }]),
    );
    await rerender({
      view: view(signInScreenFor(null, "email"), { error: failure("required", { field: "username" }) }),
      username: null,
      usernameField: "email",
    });
    expect(container.querySelector('[data-error-for="username"]')).toHaveTextContent("Enter your email address.");
  });

  it("pre-fills the email after sign-up and focuses the password", async () => {
    mockBackend();
    render(SignIn, { view: view(signInScreenFor("erin@example.com", "email")), username: "erin@example.com", usernameField: "email" });
    expect(screen.getByLabelText("Email")).toHaveValue("erin@example.com");
    await waitFor(() => expect(screen.getByLabelText("Password")).toHaveFocus());
  });
});
