import { render, waitFor } from "@testing-library/svelte";
import OutboxPanel from "./OutboxPanel.svelte";
import { mockBackend } from "./test/backend";
import type { OutboxEntry } from "./bindings";

const message = (username: string, code: string, sentAt: string): OutboxEntry => ({
  poolId: "us-east-1_local",
  username,
  destination: `${username}@example.com`,
  medium: "EMAIL",
  purpose: "SignUp",
  code,
  sentAt,
});


describe("OutboxPanel", () => {
  it("lists the messages in the order Rust gives them (newest first) with code and username", async () => {
    mockBackend({
      list_outbox: () => [message("gina", "222222", "2030-01-01T00:02:00Z"), message("gina", "111111", "2030-01-01T00:01:00Z")],
    });
    const { container } = render(OutboxPanel);
    await waitFor(() => expect(container.querySelectorAll("[data-outbox-message]")).toHaveLength(2));
    const codes = [...container.querySelectorAll("[data-outbox-code]")].map((node) => node.textContent);
    expect(codes).toEqual(["222222", "111111"]);
    expect(container.querySelector("[data-outbox-username]")).toHaveTextContent("gina");
    expect(container.querySelector("[data-outbox-medium]")).toHaveTextContent("EMAIL");
    expect(container.querySelector("[data-outbox-purpose]")).toHaveTextContent("SignUp");
    expect(container.querySelector('[data-panel="outbox"]')).not.toBeNull();
  });

  it("refreshes when the pool sends a message", async () => {
    let outbox: OutboxEntry[] = [];
    const backend = mockBackend({ list_outbox: () => outbox });
    const { container } = render(OutboxPanel);
    await waitFor(() => expect(backend.commands()).toContain("list_outbox"));
    expect(container.querySelectorAll("[data-outbox-message]")).toHaveLength(0);

    outbox = [message("hal", "333333", "2030-01-01T00:03:00Z")];
    await backend.emit("outbox-changed");
    await waitFor(() => expect(container.querySelector("[data-outbox-code]")).toHaveTextContent("333333"));
  });

  it("says why when the outbox cannot be read", async () => {
    mockBackend({
      list_outbox: () => {
        throw { kind: "localPool", message: "The local pool could not read its outbox." };
      },
    });
    const { getByRole } = render(OutboxPanel);
    await waitFor(() => expect(getByRole("alert")).toHaveTextContent("could not read its outbox"));
  });
});
