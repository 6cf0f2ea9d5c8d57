import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";

// Unmount first and let the components' asynchronous unlisten calls finish while the mocked IPC
// still answers; only then remove the mocks.
afterEach(async () => {
  cleanup();
  await new Promise((settled) => setTimeout(settled, 0));
  clearMocks();
});
