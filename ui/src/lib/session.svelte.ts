// The UI's only state: the core's latest AuthView and the last shell-level command failure.
// Views arrive two ways, both from Rust: the `auth-view` event after every transition and the
// settled view a command answers with. The UI keeps no auth logic of its own.
import { commands, events, type AuthView, type IpcError } from "../bindings";

type Reply<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

export const session = $state<{ view: AuthView | null; failure: IpcError | null }>({
  view: null,
  failure: null,
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

/** Follows the core: listen first, then read the current view so no transition is missed. */
export async function follow(): Promise<() => void> {
  const unlisten = await events.authView.listen((event) => {
    session.view = event.payload;
  });
  await act(commands.getView());
  return unlisten;
}

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
