// The UI's one message catalogue (English): the core and the app send kinds, this file writes the
// sentences. Each table is a `Record` over its kind, so a kind added on the Rust side without a
// sentence here fails to type-check. `detail` is used only by the kinds whose sentence needs it
// (a minimum length, a trigger's reason, the pool's own sentence, a challenge or attribute name);
// any other kind ignores it, so no raw pool text reaches the screen by accident.
import type {
  ErrorKind,
  Field,
  IpcError,
  IpcErrorKind,
  Notice,
  NoticeKind,
  PoolCheckError,
  PoolCheckErrorKind,
  ProfileError,
  ProfileErrorKind,
  UsernameField,
  ViewError,
} from "../bindings";

type Sentence<T> = (value: T) => string;

/** How a sentence names an attribute: "email address", "phone number", else its name without the
 * `custom:` prefix ("team"). */
export function attributeWords(name: string | null): string {
  if (name === null) return "value";
  if (name === "email") return "email address";
  if (name === "phone_number") return "phone number";
  return name.replace(/^custom:/, "").replace(/_/g, " ");
}

/** "Enter …" for an empty field, by which field it is. */
const REQUIRED: Record<Field, Sentence<ViewError>> = {
  username: () => "Enter a username.",
  password: () => "Enter a password.",
  newPassword: () => "Enter a new password.",
  currentPassword: () => "Enter your current password.",
  code: () => "Enter the code.",
  attribute: (error) => `Enter your ${attributeWords(error.attribute)}.`,
};

/** "Enter …" for the sign-in input, by what the pool signs users in with. */
const USERNAME_REQUIRED: Record<UsernameField, string> = {
  username: "Enter a username.",
  email: "Enter your email address.",
  phoneNumber: "Enter your phone number.",
  emailOrPhone: "Enter your email address or phone number.",
};

/** The pool's own sentence when it sent one (users search for Cognito's wording), else ours. */
const poolSentence = (fallback: string): Sentence<ViewError> => (error) => error.detail?.trim() || fallback;

const ERRORS: Record<ErrorKind, Sentence<ViewError>> = {
  required: (error) => (error.field ? REQUIRED[error.field](error) : "Fill in every field."),
  invalidUsername: () => "A username cannot contain spaces.",
  invalidEmail: () => "Enter a valid email address.",
  invalidPhone: () => "Enter the phone number with its country code, like +15555550100.",
  invalidNumber: () => "Enter a number.",
  invalidCode: () => "The code is six digits.",
  passwordTooShort: (error) =>
    error.detail ? `The password must be at least ${error.detail} characters long.` : "The password is too short.",
  passwordNeedsUppercase: () => "The password must contain an uppercase letter.",
  passwordNeedsLowercase: () => "The password must contain a lowercase letter.",
  passwordNeedsNumber: () => "The password must contain a number.",
  passwordNeedsSymbol: () => "The password must contain a symbol.",
  passwordUnchanged: () => "The new password must be different from the current one.",
  unknownAttribute: (error) =>
    error.detail ? `This form does not ask for ${error.detail}.` : "This form does not ask for that attribute.",
  nothingChanged: () => "Nothing to save: no value was changed.",
  mfaRequired: () => "This user pool requires a second factor: keep at least one on.",
  notOffered: () => "Choose one of the options offered.",
  attributeNotVerifiable: () => "Only an email address or a phone number can be verified.",
  incorrectCredentials: () => "Incorrect username or password.",
  passwordAttemptsExceeded: () => "Password attempts exceeded. Wait a while before trying again.",
  notAuthorized: poolSentence("The user pool refused the request."),
  userNotFound: () => "User does not exist.",
  userNotConfirmed: () => "This account is not confirmed yet.",
  passwordResetRequired: () =>
    "The password of this account must be reset. We sent you a code to choose a new one.",
  usernameExists: () => "An account with this username already exists.",
  aliasExists: (error) =>
    error.attribute
      ? `Another account already uses this ${attributeWords(error.attribute)}.`
      : "Another account already uses this email address or phone number.",
  invalidPassword: poolSentence("The password does not meet the pool's policy."),
  invalidParameter: poolSentence("The pool refused a value of the request."),
  codeMismatch: () => "Invalid verification code provided, please try again.",
  expiredCode: () => "This code has expired; request a new one.",
  limitExceeded: poolSentence("Attempt limit exceeded, please try again later."),
  // Throttling: the app already retried with backoff before saying so.
  tooManyRequests: () => "Too many requests: the user pool is throttling them. Wait a few seconds, then try again.",
  // The trigger's reason, verbatim: it is what the pool's owner wants the user to read.
  userLambdaValidation: poolSentence("The pool's sign-up or sign-in rules refused the request."),
  challengeExpired: () => "The sign-in took too long. Sign in again.",
  sessionEnded: () => "Your session has ended. Sign in again.",
  network: () => "The user pool could not be reached. Check your connection and try again.",
  poolTimeout: () => "The user pool is too slow to answer. Try again in a moment.",
  // `detail` is the pool's error code (`InternalErrorException`, `HTTP 503`), for a bug report.
  poolError: (error) =>
    error.detail?.trim()
      ? `The user pool failed on its side (${error.detail.trim()}). Try again in a moment.`
      : "The user pool failed on its side. Try again in a moment.",
  keyring: () => "The system keyring could not store or read the session.",
  unexpectedAction: () => "That action is not available right now.",
  unsupportedChallenge: (error) =>
    error.detail
      ? `The pool asked for ${error.detail}, which this version of Gatehouse does not support.`
      : "The pool asked for a sign-in step this version of Gatehouse does not support.",
  service: poolSentence("The user pool refused the request."),
};

const sentTo = (notice: Notice, sent: string) =>
  notice.destination ? `${sent} to ${notice.destination}.` : `${sent}.`;

const NOTICES: Record<NoticeKind, Sentence<Notice>> = {
  accountReady: () => "Your account is ready. Sign in.",
  accountConfirmed: () => "Your account is confirmed. Sign in.",
  codeSent: (notice) => sentTo(notice, "We sent a code"),
  newCodeSent: (notice) => sentTo(notice, "We sent a new code"),
  passwordReset: () => "Your password has been reset. Sign in with your new password.",
  mfaSaved: () => "Your sign-in settings are saved.",
  authenticatorOn: () => "Your authenticator app is on.",
  signedOutEverywhere: () => "You are signed out on every device.",
  signedOutLocally: () =>
    "You are signed out on this device. The user pool could not be reached, so the session stays valid there until it expires.",
  attributesSaved: () => "Your details are saved.",
  verificationCodeSent: (notice) => `${sentTo(notice, "We sent a verification code")} Enter it to verify.`,
  attributeVerified: () => "Verified. Thank you.",
  passwordChanged: () => "Your password is changed.",
  accountDeleted: () => "Your account is deleted.",
  deviceRemembered: () => "The device is remembered.",
  deviceForgotten: () => "The device is forgotten. Its next sign-in asks for the second factor again.",
};

const field = (error: ProfileError) => (error.field ? `“${error.field}”` : null);

const PROFILE_ERRORS: Record<ProfileErrorKind, Sentence<ProfileError>> = {
  invalidJson: () => "This is not valid JSON.",
  missingField: (error) =>
    field(error) ? `The configuration has no ${field(error)}.` : "The configuration misses a required field.",
  invalidField: (error) =>
    field(error) ? `The configuration's ${field(error)} is not valid.` : "A field of the configuration is not valid.",
  unknownFormat: () =>
    "This is not an amplify_outputs.json, an aws-exports file or a Gatehouse profile.",
  duplicateName: () => "A profile with this name already exists.",
  unknownProfile: () => "There is no profile with this name.",
  cannotRemove: () => "The local profile and the profile in use cannot be removed.",
  keyring: () => "The system keyring could not store the client secret.",
  storage: () => "The profile could not be saved.",
};

const IPC_ERRORS: Record<IpcErrorKind, Sentence<IpcError>> = {
  notLocalMode: () => "This is only available with the embedded local pool.",
  localPool: () => "The local pool could not read its outbox.",
};

const POOL_CHECK_ERRORS: Record<PoolCheckErrorKind, Sentence<PoolCheckError>> = {
  noCredentials: () =>
    "No AWS credentials were found. Set AWS_PROFILE or AWS_ACCESS_KEY_ID before starting the app, or sign in with `aws sso login`.",
  invalidCredentials: () => "The pool did not accept your AWS credentials (unknown key or wrong secret).",
  accessDenied: () =>
    "Your AWS credentials may not read this pool: they need cognito-idp:DescribeUserPool, cognito-idp:DescribeUserPoolClient and cognito-idp:GetUserPoolMfaConfig.",
  poolNotFound: () => "There is no user pool with this profile's pool id in its region.",
  clientNotFound: () => "The pool has no app client with this profile's client id.",
  network: () => "The pool could not be reached. Check the connection and try again.",
  pool: (error) => (error.code ? `The pool refused the check (${error.code}).` : "The pool refused the check."),
  profile: () => "The profile in use could not be read.",
};

export function errorMessage(error: ViewError): string {
  return ERRORS[error.kind](error);
}

/** An empty sign-in input, named as the pool names it. */
export function usernameRequiredMessage(field: UsernameField): string {
  return USERNAME_REQUIRED[field];
}

export function noticeMessage(notice: Notice): string {
  return NOTICES[notice.kind](notice);
}

export function profileErrorMessage(error: ProfileError): string {
  // A shell-level failure (an older app, a broken IPC) arrives with a kind outside the table.
  const sentence = PROFILE_ERRORS[error.kind] as Sentence<ProfileError> | undefined;
  return sentence ? sentence(error) : "The profiles could not be read or changed.";
}

/** A command the app itself could not carry out (not an authentication failure). */
export function ipcErrorMessage(error: IpcError): string {
  // Tauri's own refusals (a command missing from the capability) arrive without our kinds.
  const sentence = IPC_ERRORS[error.kind] as Sentence<IpcError> | undefined;
  return sentence ? sentence(error) : "The app could not do that. Restart it and try again.";
}

/** Why "Check pool settings" could not read the pool. */
export function poolCheckErrorMessage(error: PoolCheckError): string {
  const sentence = POOL_CHECK_ERRORS[error.kind] as Sentence<PoolCheckError> | undefined;
  return sentence ? sentence(error) : "The pool could not be checked.";
}

/** Every kind, for tests that walk the catalogue. */
export const ERROR_KINDS = Object.keys(ERRORS) as ErrorKind[];
export const NOTICE_KINDS = Object.keys(NOTICES) as NoticeKind[];
export const PROFILE_ERROR_KINDS = Object.keys(PROFILE_ERRORS) as ProfileErrorKind[];
export const IPC_ERROR_KINDS = Object.keys(IPC_ERRORS) as IpcErrorKind[];
export const POOL_CHECK_ERROR_KINDS = Object.keys(POOL_CHECK_ERRORS) as PoolCheckErrorKind[];
