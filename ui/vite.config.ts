/// <reference types="vitest/config" />
// The UI is served by Tauri's custom protocol from ui/dist (no remote content, strict CSP).
// `svelteTesting` makes Vitest resolve Svelte's browser build for component tests.
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // Keep everything in files served by 'self': no inline scripts for the CSP to allow.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.ts"],
  },
});
