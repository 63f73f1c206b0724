import { defineConfig } from "@playwright/test";
import os from "node:os";
import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 3456);
export const baseURL = `http://127.0.0.1:${port}`;
/**
 * The portal's data folder for this run, known to the tests so that they can run operator
 * commands (`portal report ...`) against the same database. Emptied when the server starts.
 */
export const dataDir = path.join(os.tmpdir(), `portal-e2e-${port}`);
/** Where "Exit this page" goes in the tests; the browser tests answer it themselves. */
export const exitURL = "https://www.bbc.co.uk/weather";

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: [["list"]],
  use: {
    baseURL,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "hydrated", use: { javaScriptEnabled: true } },
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `bash -c 'rm -rf "${dataDir}" && mkdir -p "${dataDir}" && exec env PORTAL_DATA_DIR="${dataDir}" ../target/release/portal'`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORTAL_ADDR: `127.0.0.1:${port}`,
      PORTAL_SITE_ROOT: "../target/site",
      PORTAL_EXIT_URL: exitURL,
      // Every browser test posts from 127.0.0.1: lift the per-client submission limit.
      PORTAL_SUBMIT_RATE_PER_MINUTE: "1000000",
      PORTAL_LOOKUP_RATE_PER_MINUTE: "1000000",
      PORTAL_NEW_DRAFTS_PER_HOUR: "1000000",
      RUST_LOG: "warn",
    },
  },
});
