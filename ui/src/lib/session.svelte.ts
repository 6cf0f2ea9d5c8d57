// The UI's only state: the core's latest AuthView, the last shell-level command failure, and how
// many times the profile was switched.
// Views arrive two ways, both from Rust: the `auth-view` event after every transition and the
// settled view a command answers with. The UI keeps no auth logic of its own.
import { commands, events, type AuthView, type IpcError } from "../bindings";

export type Reply<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

export const session = $state<{ view: AuthView | null; failure: IpcError | null; profileSwitches: number }>({
  view: null,
  failure: null,
  // Counts profile switches: the screens are re-created, so nothing typed for one user pool is
  // left on the form of another.
  profileSwitches: 0,
});

/** Applies a command's answer: the settled view, or a failure shown at the top of the card. */
export async function act(call: Promise<Reply<AuthView>>): Promise<void> {
  const reply = await call;
  if (reply.status === "ok") {
    session.view = reply.data;
    session.failure = null;
  } else {
    session.failure = reply.error;
  }
}

/** Follows the core: listen first, then read the current view so no transition is missed.
 * Events arrive in the order the core made them, but the answer to `get_view` may land after an
 * event about a later transition (a restored session found revoked while the page loaded): once
 * an event has been heard, that answer is older news and is dropped. */
export async function follow(): Promise<() => void> {
  let heard = false;
  const unlisten = await events.authView.listen((event) => {
    heard = true;
    session.view = event.payload;
  });
  const reply = await commands.getView();
  if (reply.status === "error") {
    session.failure = reply.error;
  } else if (!heard) {
    session.view = reply.data;
    session.failure = null;
  }
  return unlisten;
}

/** What a part needs to run a command: a screen's `InFlight`, or a wrapper around one. */
export type Runner = { run(call: () => Promise<Reply<AuthView>>): Promise<void> };

/** Tracks a screen's own command in flight, so the form is busy from the click on, even before
 * the core's `busy: true` view arrives. */
export class InFlight {
  #count = $state(0);

  get active(): boolean {
    return this.#count > 0;
  }

  async run(call: () => Promise<Reply<AuthView>>): Promise<void> {
    this.#count += 1;
    try {
      await act(call());
    } finally {
      this.#count -= 1;
    }
  }
}
