// A mocked Rust side for component tests: records each command with its arguments and answers
// from per-command handlers; events go through Tauri's own event mocks.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type {
  AttributeField,
  AuthView,
  ErrorKind,
  PasswordPolicy,
  ProfileList,
  ProfileSummary,
  Screen,
  SignUpForm,
  UserAttribute,
  UserSummary,
  UsernameField,
  ViewError,
} from "../bindings";

export type Call = { command: string; args: Record<string, unknown> };
type Handler = (args: Record<string, unknown>) => unknown;

export function mockBackend(handlers: Record<string, Handler> = {}) {
  const calls: Call[] = [];
  mockIPC(
    (command, args) => {
      calls.push({ command, args: (args ?? {}) as Record<string, unknown> });
      const handler = handlers[command];
      if (!handler) throw { kind: "localPool", message: `unmocked command ${command}` };
      return handler((args ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  return {
    calls,
    commands: () => calls.map((call) => call.command),
    emit: (event: string, payload?: unknown) => emit(event, payload),
  };
}

/** Cognito's default policy, as the core sends it. */
export const policy: PasswordPolicy = {
  minimumLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
};

/** The embedded pool's sign-up attributes: email required, phone and team optional. */
export const signUpFields: AttributeField[] = [
  { name: "email", label: "Email", kind: "email", required: true },
  { name: "phone_number", label: "Phone number", kind: "phone", required: false },
  { name: "custom:team", label: "Team", kind: "text", required: false },
];

/** The embedded pool's sign-up form (a username pool); `extra` overrides. */
export function signUpForm(extra: Partial<SignUpForm> = {}): SignUpForm {
  return { fields: signUpFields, policy, usernameField: "username", ...extra };
}

/** The sign-in screen, pre-filled with `username`, for a pool signing in with `usernameField`. */
export function signInScreen(username: string | null = null, usernameField: UsernameField = "username"): Screen {
  return { kind: "signIn", username, usernameField };
}

/** The forgot-password screen, pre-filled with `username`, for a pool signing in with `usernameField`. */
export function forgotPasswordScreen(username: string | null = null, usernameField: UsernameField = "username"): Screen {
  return { kind: "forgotPassword", username, usernameField };
}

/** The signed-in user's email address, verified and editable; `extra` overrides. */
export function attribute(extra: Partial<UserAttribute> = {}): UserAttribute {
  return { name: "email", label: "Email", kind: "email", value: "erin@example.com", verified: true, editable: true, ...extra };
}

/** A signed-in user with no second factor, in a pool without MFA; `extra` overrides. */
export function user(extra: Partial<UserSummary> = {}): UserSummary {
  return {
    username: "erin",
    sub: "0b7c4f3e-1111-2222-3333-444455556666",
    email: "erin@example.com",
    emailVerified: true,
    phoneNumber: null,
    phoneNumberVerified: null,
    sessionExpiresAt: "2030-05-01T12:00:00Z",
    mfa: { available: [], enabled: [], preferred: null, required: false },
    attributes: [attribute()],
    devices: [],
    devicePrompt: false,
    ...extra,
  };
}

/** A view error; `field`, `attribute` and `detail` default to none. */
export function failure(kind: ErrorKind, extra: Partial<ViewError> = {}): ViewError {
  return { kind, field: null, attribute: null, detail: null, ...extra };
}

/** The signed-in screen for `who`, with Cognito's default policy. */
export function signedIn(who: UserSummary = user()): Screen {
  return { kind: "signedIn", user: who, policy };
}

/** A remote profile; `extra` overrides. */
export function profile(extra: Partial<ProfileSummary> = {}): ProfileSummary {
  return {
    name: "staging",
    kind: "remote",
    region: "eu-west-1",
    userPoolId: "eu-west-1_AbCdEf123",
    clientId: "1example23456789",
    hasClientSecret: false,
    ...extra,
  };
}

/** The embedded local profile, active, and `others`. */
export function profiles(others: ProfileSummary[] = [], active = "local"): ProfileList {
  const local: ProfileSummary = { name: "local", kind: "local", region: null, userPoolId: null, clientId: null, hasClientSecret: false };
  return { active, profiles: [local, ...others] };
}

export function view(screen: Screen, extra: Partial<AuthView> = {}): AuthView {
  return { screen, busy: false, error: null, notice: null, ...extra };
}

/** A promise the test settles by hand, to hold a command in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
