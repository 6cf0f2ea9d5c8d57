import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SetUpTotp from "./SetUpTotp.svelte";
import { failure, mockBackend, signedIn, view } from "../test/backend";
import type { TotpSetup, TotpSetupOrigin } from "../bindings";

const setup: TotpSetup = {
  secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
  uri: "otpauth://totp/Gatehouse:kim?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Gatehouse",
  qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><rect width="29" height="29" fill="#fff"/><path d="M0 0h7v7H0z"/></svg>',
  issuer: "Gatehouse",
  account: "kim",
};
const props = (origin: TotpSetupOrigin, extra = {}) => ({
  view: view({ kind: "setUpTotp", username: "kim", setup, origin }, extra),
  setup,
  origin,
});

describe("SetUpTotp", () => {
  it("shows the QR code, the key and the link, and focuses the code field", async () => {
    mockBackend();
    const { container } = render(SetUpTotp, props("account"));
    expect(container.querySelector('[data-screen="setUpTotp"]')).not.toBeNull();
    expect(container.querySelector("[data-totp-qr] svg path")).not.toBeNull();
    const secret = container.querySelector("[data-totp-secret]")!;
    expect(secret.textContent).toBe(setup.secret);
    expect([...secret.children].map((group) => group.textContent)).toEqual(["JBSW", "Y3DP", "EHPK", "3PXP", "JBSW", "Y3DP", "EHPK", "3PXP"]);
    expect(container.querySelector("[data-totp-uri]")).toHaveTextContent(setup.uri);
    await waitFor(() => expect(screen.getByLabelText("Code from the app")).toHaveFocus());
  });

  it("copies the key without spaces", async () => {
    mockBackend();
    const clipboard = userEvent.setup();
    const { container } = render(SetUpTotp, props("account"));
    await clipboard.click(container.querySelector('[data-action="copy-totp-secret"]')!);
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Key copied."));
    expect(await navigator.clipboard.readText()).toBe(setup.secret);
  });

  it("sends verify_totp with the code and the device name on Enter", async () => {
    const backend = mockBackend({ verify_totp: () => view(signedIn()) });
    render(SetUpTotp, props("signIn"));
    await userEvent.type(screen.getByLabelText(/Device name/), " Work phone ");
    await userEvent.type(screen.getByLabelText("Code from the app"), "123456{Enter}");
    await waitFor(() =>
      expect(backend.calls).toEqual([{ command: "verify_totp", args: { code: "123456", deviceName: "Work phone" } }]),
    );
  });

  it("sends no device name when none was given", async () => {
    const backend = mockBackend({ verify_totp: () => view(signedIn()) });
    render(SetUpTotp, props("account"));
    await userEvent.type(screen.getByLabelText("Code from the app"), "123456{Enter}");
    await waitFor(() => expect(backend.calls).toEqual([{ command: "verify_totp", args: { code: "123456", deviceName: null } }]));
  });

  it("offers cancel only when set up from the account", async () => {
    const backend = mockBackend({ cancel_totp_setup: () => view(signedIn()) });
    const { container, unmount } = render(SetUpTotp, props("account"));
    await userEvent.click(container.querySelector('[data-action="cancel-totp"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["cancel_totp_setup"]));
    unmount();

    const fromSignIn = render(SetUpTotp, props("signIn")).container;
    expect(fromSignIn.querySelector('[data-action="cancel-totp"]')).toBeNull();
    expect(fromSignIn.querySelector('[data-action="show-sign-in"]')).not.toBeNull();
  });

  it("shows a wrong code next to the field and is busy while the core is busy", async () => {
    mockBackend();
    const wrong = failure("codeMismatch", { field: "code" });
    const { container, rerender } = render(SetUpTotp, props("account", { error: wrong }));
    expect(container.querySelector('[data-error-for="code"]')).toHaveTextContent("Invalid verification code provided");
    expect(container.querySelector('[data-error="form"]')).toBeNull();
    await rerender(props("account", { busy: true }));
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(container.querySelector('[data-action="verify-totp"]')).toBeDisabled();
    expect(container.querySelector('[data-action="cancel-totp"]')).toBeDisabled();
    expect(screen.getByLabelText("Code from the app")).toBeDisabled();
  });
});
