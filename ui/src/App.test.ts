import { render, waitFor } from "@testing-library/svelte";
import App from "./App.svelte";
import { mockBackend, policy, signUpFields, view } from "./test/backend";


const local = {
  version: "0.1.0",
  localPool: { endpoint: "http://127.0.0.1:1", region: "us-east-1", userPoolId: "us-east-1_x", clientId: "c" },
};

describe("App", () => {
  it("shows the current view, then follows auth-view events", async () => {
    const backend = mockBackend({
      get_view: () => view({ kind: "starting" }),
      app_info: () => local,
      list_outbox: () => [],
    });
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-screen="starting"]')).not.toBeNull());

    await backend.emit("auth-view", view({ kind: "signIn", username: null }));
    await waitFor(() => expect(container.querySelector('[data-screen="signIn"]')).not.toBeNull());
    expect(container.querySelector('[data-panel="outbox"]')).not.toBeNull();
  });

  it("has no outbox panel away from the local pool", async () => {
    mockBackend({ get_view: () => view({ kind: "signUp", form: { fields: signUpFields, policy } }), app_info: () => ({ version: "0.1.0", localPool: null }) });
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-screen="signUp"]')).not.toBeNull());
    expect(container.querySelector('[data-panel="outbox"]')).toBeNull();
  });
});
