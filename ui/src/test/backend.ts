// A mocked Rust side for component tests: records each command with its arguments and answers
// from per-command handlers; events go through Tauri's own event mocks.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { AuthView, Screen } from "../bindings";

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



export function view(screen: Screen, extra: Partial<AuthView> = {}): AuthView {
  return { screen, busy: false, error: null, notice: null, ...extra };
}

/** A promise the test settles by hand, to hold a command in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
