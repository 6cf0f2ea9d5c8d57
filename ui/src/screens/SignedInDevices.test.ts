// The devices section and the "Remember this device?" prompt of the signed-in screen.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SignedIn from "./SignedIn.svelte";
import { deferred, failure, mockBackend, policy, signedIn, user as makeUser, view } from "../test/backend";
import { noticeMessage } from "../lib/messages";
import type { AuthView, DeviceSummary, UserSummary } from "../bindings";

const laptop: DeviceSummary = {
  key: "eu-west-1_0f1e2d3c-aaaa-bbbb-cccc-000000000001",
  name: "Erin's laptop",
  lastSignedInAt: "2026-11-26T09:30:00Z",
  remembered: true,
  current: true,
};
const phone: DeviceSummary = {
  key: "eu-west-1_0f1e2d3c-aaaa-bbbb-cccc-000000000002",
  name: null,
  lastSignedInAt: null,
  remembered: false,
  current: false,
};
const withDevices = makeUser({ devices: [laptop, phone] });
const prompting = makeUser({ devicePrompt: true });
const props = (user: UserSummary = withDevices, extra: Partial<AuthView> = {}) => ({ view: view(signedIn(user), extra), user, policy });
const hook = (container: HTMLElement, selector: string) => container.querySelector(selector) as HTMLElement | null;
const device = (container: HTMLElement, key: string) => hook(container, `[data-device="${key}"]`)!;
const action = (scope: HTMLElement, name: string) => scope.querySelector(`[data-action="${name}"]`) as HTMLButtonElement;
const settle = () => new Promise((done) => setTimeout(done, 20));

describe("SignedIn: devices", () => {
  it("has no devices section when the pool remembers none", () => {
    mockBackend();
    const { container } = render(SignedIn, props(makeUser()));
    expect(hook(container, '[data-section="devices"]')).toBeNull();
  });

  it("lists each device in a labelled list, with its name, last sign-in in the user's locale and This device", () => {
    mockBackend();
    const { container } = render(SignedIn, props());
    const list = screen.getByRole("list", { name: "Devices" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(2);
    expect(hook(container, '[data-section="devices"]')).toContainElement(list);

    const current = device(container, laptop.key);
    expect(current.querySelector("[data-device-name]")).toHaveTextContent("Erin's laptop");
    expect(current.querySelector("[data-device-current]")).toHaveTextContent("This device");
    expect(current.querySelector("[data-device-status]")).toHaveTextContent("Remembered");
    const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(laptop.lastSignedInAt!));
    expect(current.querySelector("time")).toHaveAttribute("datetime", laptop.lastSignedInAt);
    expect(current.querySelector("time")).toHaveTextContent(when);

    const other = device(container, phone.key);
    expect(other.querySelector("[data-device-name]")).toHaveTextContent("Unnamed device");
    expect(other.querySelector("[data-device-current]")).toBeNull();
    expect(other.querySelector("[data-device-status]")).toHaveTextContent("Not remembered");
    expect(other.querySelector("[data-device-last-sign-in]")).toHaveTextContent("Last sign-in: unknown");
    expect(other.querySelector("time")).toBeNull();
    expect(container.querySelectorAll("[data-device-current]")).toHaveLength(1);
  });

  it("offers don't remember for a remembered device and remember for the other, and sends the status", async () => {
    const backend = mockBackend({ set_device_remembered: () => view(signedIn(withDevices)) });
    const { container } = render(SignedIn, props());
    expect(action(device(container, laptop.key), "remember-device")).toBeNull();
    expect(action(device(container, phone.key), "dont-remember-device")).toBeNull();
    expect(action(device(container, laptop.key), "dont-remember-device")).toHaveAccessibleName("Don't remember Erin's laptop");

    await userEvent.click(action(device(container, laptop.key), "dont-remember-device"));
    await waitFor(() => expect(backend.calls).toHaveLength(1));
    await userEvent.click(action(device(container, phone.key), "remember-device"));
    await waitFor(() =>
      expect(backend.calls).toEqual([
        { command: "set_device_remembered", args: { deviceKey: laptop.key, remembered: false } },
        { command: "set_device_remembered", args: { deviceKey: phone.key, remembered: true } },
      ]),
    );
  });

  it("forgets a device in two clicks: the first arms and warns, the second sends its key", async () => {
    const backend = mockBackend({
      forget_device: () => view(signedIn(makeUser({ devices: [laptop] })), { notice: { kind: "deviceForgotten", destination: null } }),
    });
    const { container } = render(SignedIn, props());
    const forget = () => action(device(container, phone.key), "forget-device");
    expect(forget()).toHaveAttribute("data-armed", "false");
    await userEvent.click(forget());
    expect(forget()).toHaveAttribute("data-armed", "true");
    expect(forget()).toHaveTextContent("Yes, forget it");
    expect(forget()).toHaveAccessibleDescription(/Forget Unnamed device\? Its next sign-in asks for the second factor again/);
    expect(action(device(container, laptop.key), "forget-device")).toHaveAttribute("data-armed", "false");
    expect(backend.calls).toEqual([]);
    await userEvent.click(forget());
    await waitFor(() => expect(backend.calls).toEqual([{ command: "forget_device", args: { deviceKey: phone.key } }]));
  });

  it("warns that this device asks for the second factor again, and arms one device at a time", async () => {
    const backend = mockBackend();
    const { container } = render(SignedIn, props());
    const current = action(device(container, laptop.key), "forget-device");
    const other = action(device(container, phone.key), "forget-device");
    await userEvent.click(current);
    expect(current).toHaveAccessibleDescription(/Forget this device\? Your next sign-in here asks for the second factor again/);
    await userEvent.click(other);
    expect(current).toHaveAttribute("data-armed", "false");
    expect(other).toHaveAttribute("data-armed", "true");
    expect(backend.calls).toEqual([]);
  });

  it("disarms with Escape, or with Keep it, which gives the keyboard back to the forget button", async () => {
    const backend = mockBackend();
    const { container } = render(SignedIn, props());
    const forget = action(device(container, phone.key), "forget-device");
    await userEvent.click(forget);
    expect(forget).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(forget).toHaveAttribute("data-armed", "false");
    expect(action(device(container, phone.key), "cancel-forget-device")).toBeNull();

    await userEvent.click(forget);
    await userEvent.click(action(device(container, phone.key), "cancel-forget-device"));
    expect(forget).toHaveAttribute("data-armed", "false");
    expect(forget).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(forget).toHaveAttribute("data-armed", "true");
    expect(backend.calls).toEqual([]);
  });

  it("is disabled while busy", () => {
    mockBackend();
    const { container } = render(SignedIn, props(withDevices, { busy: true }));
    const section = hook(container, '[data-section="devices"]')!;
    const buttons = [...section.querySelectorAll("button")];
    expect(buttons).toHaveLength(4);
    for (const button of buttons) expect(button).toBeDisabled();
  });

  it("is busy from the second click until the core answers", async () => {
    const answer = deferred<unknown>();
    mockBackend({ forget_device: () => answer.promise });
    const { container } = render(SignedIn, props());
    const forget = () => action(device(container, phone.key), "forget-device");
    await userEvent.click(forget());
    await userEvent.click(forget());
    await waitFor(() => expect(forget()).toBeDisabled());
    expect(action(device(container, laptop.key), "dont-remember-device")).toBeDisabled();
    answer.resolve(view(signedIn(withDevices)));
    await waitFor(() => expect(forget()).not.toBeDisabled());
    expect(forget()).toHaveAttribute("data-armed", "false");
  });

  it("says what happened with the catalogue's sentences", async () => {
    mockBackend();
    const { container, rerender } = render(SignedIn, props(withDevices, { notice: { kind: "deviceForgotten", destination: null } }));
    expect(hook(container, "[data-notice]")).toHaveTextContent(noticeMessage({ kind: "deviceForgotten", destination: null }));
    expect(hook(container, "[data-notice]")).toHaveTextContent("The device is forgotten.");
    await rerender(props(withDevices, { notice: { kind: "deviceRemembered", destination: null } }));
    expect(hook(container, "[data-notice]")).toHaveTextContent("The device is remembered.");
    expect(hook(container, "[data-notice]")).toHaveAttribute("data-notice-kind", "deviceRemembered");
  });

  it("shows a refusal in the devices section, or at the top once the list is gone", async () => {
    mockBackend({ set_device_remembered: () => view(signedIn(withDevices)) });
    const { container, rerender } = render(SignedIn, props());
    await userEvent.click(action(device(container, phone.key), "remember-device"));
    await settle();
    await rerender(props(withDevices, { error: failure("tooManyRequests") }));
    const error = hook(container, '[data-error="form"]');
    expect(error?.closest('[data-section="devices"]')).not.toBeNull();
    expect(error).toHaveTextContent("Too many requests");
    await rerender(props(makeUser(), { error: failure("tooManyRequests") }));
    expect(hook(container, '[data-error="form"]')?.closest("[data-section]")).toBeNull();
    expect(container.querySelectorAll('[data-error="form"]')).toHaveLength(1);
  });
});

describe("SignedIn: Remember this device?", () => {
  it("asks only while the pool waits for an answer, at the top, with the keyboard on the question", async () => {
    mockBackend();
    const { container, unmount } = render(SignedIn, props(prompting));
    const prompt = hook(container, '[data-section="device-prompt"]')!;
    expect(prompt).toHaveAccessibleName("Remember this device?");
    expect(screen.getByRole("region", { name: "Remember this device?" })).toBe(prompt);
    await waitFor(() => expect(within(prompt).getByRole("heading", { level: 2 })).toHaveFocus());
    const forms = [...container.querySelectorAll("form")];
    expect(prompt.compareDocumentPosition(forms[0]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    unmount();

    const again = render(SignedIn, props(makeUser()));
    expect(hook(again.container, '[data-section="device-prompt"]')).toBeNull();
  });

  it("sends remember: true for Remember this device", async () => {
    const backend = mockBackend({
      remember_device: () => view(signedIn(makeUser()), { notice: { kind: "deviceRemembered", destination: null } }),
    });
    const { container } = render(SignedIn, props(prompting));
    await userEvent.click(action(container, "remember-this-device"));
    await waitFor(() => expect(backend.calls).toEqual([{ command: "remember_device", args: { remember: true } }]));
  });

  it("sends remember: false for Don't remember it, from the keyboard", async () => {
    const backend = mockBackend({ remember_device: () => view(signedIn(makeUser())) });
    const { container } = render(SignedIn, props(prompting));
    await waitFor(() => expect(screen.getByRole("heading", { name: "Remember this device?" })).toHaveFocus());
    await userEvent.tab();
    expect(action(container, "remember-this-device")).toHaveFocus();
    await userEvent.tab();
    expect(action(container, "not-this-device")).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(backend.calls).toEqual([{ command: "remember_device", args: { remember: false } }]));
  });

  it("is disabled while busy, and from the click until the core answers", async () => {
    mockBackend();
    const busy = render(SignedIn, props(prompting, { busy: true }));
    expect(action(busy.container, "remember-this-device")).toBeDisabled();
    expect(action(busy.container, "not-this-device")).toBeDisabled();
    busy.unmount();

    const answer = deferred<unknown>();
    const backend = mockBackend({ remember_device: () => answer.promise });
    const { container } = render(SignedIn, props(prompting));
    await userEvent.click(action(container, "remember-this-device"));
    await waitFor(() => expect(action(container, "not-this-device")).toBeDisabled());
    await userEvent.click(action(container, "remember-this-device"));
    expect(backend.commands()).toEqual(["remember_device"]);
    answer.resolve(view(signedIn(prompting)));
    await waitFor(() => expect(action(container, "remember-this-device")).not.toBeDisabled());
  });

  it("goes once answered, with the keyboard back on the heading and the sentence from the catalogue", async () => {
    mockBackend({ remember_device: () => view(signedIn(makeUser())) });
    const { container, rerender } = render(SignedIn, props(prompting));
    await userEvent.click(action(container, "remember-this-device"));
    await settle();
    await rerender(props(makeUser(), { notice: { kind: "deviceRemembered", destination: null } }));
    expect(hook(container, '[data-section="device-prompt"]')).toBeNull();
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 })).toHaveFocus());
    expect(hook(container, "[data-notice]")).toHaveTextContent(noticeMessage({ kind: "deviceRemembered", destination: null }));
  });

  it("shows a refusal of the answer in the prompt", async () => {
    mockBackend({ remember_device: () => view(signedIn(prompting)) });
    const { container, rerender } = render(SignedIn, props(prompting));
    await userEvent.click(action(container, "not-this-device"));
    await settle();
    await rerender(props(prompting, { error: failure("network") }));
    const error = hook(container, '[data-error="form"]');
    expect(error?.closest('[data-section="device-prompt"]')).not.toBeNull();
    expect(error).toHaveTextContent("could not be reached");
  });
});
