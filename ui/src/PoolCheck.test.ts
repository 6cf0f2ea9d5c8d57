import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import PoolCheck from "./PoolCheck.svelte";
import { deferred, mockBackend } from "./test/backend";
import type { Report } from "./bindings";

const report: Report = {
  userPoolId: "eu-west-1_AbC",
  poolName: "acme",
  clientId: "c",
  clientName: "desktop",
  findings: [
    { check: "deletion-protection", severity: "ok", found: "Deletion protection is on.", why: "w", fix: null },
    {
      check: "email-uniqueness",
      severity: "error",
      found: "Users sign in with a username and email is an alias.",
      why: "SignUp can create a second account for an email in use.",
      fix: "Create the pool with UsernameAttributes [email].",
    },
  ],
};
const hook = (selector: string) => document.querySelector(selector);

describe("PoolCheck", () => {
  it("checks the pool when opened and lists the findings worst first", async () => {
    const backend = mockBackend({ check_pool: () => report });
    render(PoolCheck, { onclose: () => {} });
    await waitFor(() => expect(hook("[data-pool-check-summary]")?.textContent).toContain("1 error, 1 fine"));
    expect(backend.commands()).toEqual(["check_pool"]);
    const rows = [...document.querySelectorAll("[data-finding]")];
    expect(rows.map((row) => row.getAttribute("data-finding"))).toEqual(["email-uniqueness", "deletion-protection"]);
    expect(rows[0]).toHaveTextContent("Email uniqueness");
    expect(rows[0]).toHaveTextContent("Change: Create the pool with UsernameAttributes [email].");
    // A passing check shows what was found, not a reason or a fix.
    expect(rows[1]).not.toHaveTextContent("Change:");
    expect(screen.getByRole("heading", { name: "Pool settings" })).toHaveFocus();
  });

  it("says why the pool could not be read, and checks again on request", async () => {
    let calls = 0;
    const backend = mockBackend({
      check_pool: () => {
        calls += 1;
        if (calls === 1) throw { kind: "accessDenied", code: null };
        return report;
      },
    });
    render(PoolCheck, { onclose: () => {} });
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("cognito-idp:DescribeUserPool"));
    await userEvent.click(screen.getByRole("button", { name: "Check again" }));
    await waitFor(() => expect(hook("[data-finding]")).not.toBeNull());
    expect(screen.queryByRole("alert")).toBeNull();
    expect(backend.commands()).toEqual(["check_pool", "check_pool"]);
  });

  it("names the pool's refusal by its code only", async () => {
    mockBackend({ check_pool: () => { throw { kind: "pool", code: "ThrottlingException" }; } });
    render(PoolCheck, { onclose: () => {} });
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("The pool refused the check (ThrottlingException)."));
  });

  it("shows that it is reading and does not run twice at once", async () => {
    const pending = deferred<Report>();
    const backend = mockBackend({ check_pool: () => pending.promise });
    render(PoolCheck, { onclose: () => {} });
    await waitFor(() => expect(screen.getByText("Reading the pool's settings…")).toBeInTheDocument());
    expect(screen.getByRole("button", { name: "Check again" })).toBeDisabled();
    pending.resolve(report);
    await waitFor(() => expect(hook("[data-finding]")).not.toBeNull());
    expect(backend.commands()).toEqual(["check_pool"]);
  });

  it("closes through its callback", async () => {
    mockBackend({ check_pool: () => report });
    const onclose = vi.fn();
    render(PoolCheck, { onclose });
    await userEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(onclose).toHaveBeenCalledOnce();
  });
});
