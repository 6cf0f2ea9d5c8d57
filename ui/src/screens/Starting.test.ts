import { render } from "@testing-library/svelte";
import Starting from "./Starting.svelte";

describe("Starting", () => {
  it("shows that the session is being restored", () => {
    const { container } = render(Starting);
    const root = container.querySelector('[data-screen="starting"]');
    expect(root).toHaveAttribute("aria-busy", "true");
    expect(root).toHaveTextContent("Restoring your session");
  });
});
