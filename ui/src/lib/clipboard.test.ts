import { copyText } from "./clipboard";

function stubClipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
}

describe("copyText", () => {
  afterEach(() => {
    Reflect.deleteProperty(navigator, "clipboard");
    vi.restoreAllMocks();
  });

  it("uses the Clipboard API when the web view allows it", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    stubClipboard(writeText);
    expect(await copyText("ABCD")).toBe(true);
    expect(writeText).toHaveBeenCalledWith("ABCD");
  });

  it("falls back to copying a selected, temporary text area when the API is denied", async () => {
    stubClipboard(() => Promise.reject(new DOMException("denied", "NotAllowedError")));
    let selected: string | undefined;
    document.execCommand = vi.fn((command: string) => {
      if (command === "copy") selected = document.querySelector("textarea")?.value;
      return true;
    });
    expect(await copyText("ABCD")).toBe(true);
    expect(selected).toBe("ABCD");
    expect(document.querySelector("textarea")).toBeNull();
  });

  it("says so when nothing could copy", async () => {
    document.execCommand = vi.fn(() => false);
    expect(await copyText("ABCD")).toBe(false);
  });
});
