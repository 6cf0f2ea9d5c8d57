import { render } from "@testing-library/svelte";
import ScreenRouter from "./ScreenRouter.svelte";
import { mockBackend, view } from "./test/backend";
import type { Screen } from "./bindings";


const screens: [Screen, string][] = [
  [{ kind: "starting" }, "starting"],
  [{ kind: "signIn", username: null }, "signIn"],
  [{ kind: "signUp" }, "signUp"],
  [{ kind: "confirmSignUp", username: "f", delivery: null }, "confirmSignUp"],
  [
    {
      kind: "signedIn",
      user: { username: "f", sub: "s", email: null, emailVerified: null, sessionExpiresAt: "2030-01-01T00:00:00Z" },
    },
    "signedIn",
  ],
];

describe("ScreenRouter", () => {
  it.each(screens)("shows exactly one screen for %o", (screen, hook) => {
    mockBackend();
    const { container } = render(ScreenRouter, { view: view(screen) });
    const shown = [...container.querySelectorAll("[data-screen]")].map((node) => node.getAttribute("data-screen"));
    expect(shown).toEqual([hook]);
  });
});
