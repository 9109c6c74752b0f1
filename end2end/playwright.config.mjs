// Runs the real portal binary (PORTAL_BIN, built by `cargo test`) on a free loopback port with a
// fresh data folder, and drives it with Debian's Chromium. Playwright never downloads a browser.
import { defineConfig } from "@playwright/test";
import { createServer } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..");

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

// Workers inherit the environment, so the port and data folder are chosen once.
process.env.PORTAL_E2E_PORT ??= String(await freePort());
process.env.PORTAL_E2E_DATA ??= mkdtempSync(join(tmpdir(), "portal-e2e-"));
process.env.STUB_PORT ??= String(await freePort());
process.env.OIDC_E2E_PORT ??= String(await freePort());
const baseURL = `http://127.0.0.1:${process.env.PORTAL_E2E_PORT}`;

// The CIAM the console signs people in with: the test OpenID Connect provider (npm
// oidc-provider, server/tests/support/oidc-provider) with a fresh ES256 key.
const ciamIssuer = `http://127.0.0.1:${process.env.OIDC_E2E_PORT}`;
const ciamJwks = join(process.env.PORTAL_E2E_DATA, "ciam-jwks.json");
if (!process.env.OIDC_E2E_JWKS_WRITTEN) {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: "e2e", alg: "ES256", use: "sig" };
  writeFileSync(ciamJwks, JSON.stringify({ keys: [jwk] }));
  process.env.OIDC_E2E_JWKS_WRITTEN = "1";
}
const ciam = {
  clientId: "portal-e2e",
  clientSecret: "portal-e2e-secret",
  audience: "https://sandbox.portal.test/claims",
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
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
  webServer: [{
    command: "node stub-upstream.mjs",
    url: `http://127.0.0.1:${process.env.STUB_PORT}/healthz`,
    reuseExistingServer: false,
    env: { STUB_PORT: process.env.STUB_PORT },
  }, {
    command: `node "${join(repo, "server/tests/support/oidc-provider/provider.mjs")}"`,
    url: `${ciamIssuer}/.well-known/openid-configuration`,
    reuseExistingServer: false,
    stdout: "ignore",
    env: {
      OIDC_PORT: process.env.OIDC_E2E_PORT,
      OIDC_JWKS_FILE: ciamJwks,
      OIDC_CLIENT_ID: ciam.clientId,
      OIDC_CLIENT_SECRET: ciam.clientSecret,
      OIDC_REDIRECT_URIS: `${baseURL}/try-it/ciam/callback`,
      OIDC_POST_LOGOUT_REDIRECT_URIS: `${baseURL}/try-it`,
      OIDC_AUDIENCE: ciam.audience,
    },
  }, {
    command: `"${process.env.PORTAL_BIN ?? join(repo, "target/debug/portal")}" serve`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORTAL_ADDR: `127.0.0.1:${process.env.PORTAL_E2E_PORT}`,
      PORTAL_DATA_DIR: process.env.PORTAL_E2E_DATA,
      PORTAL_CONTENT_DIR: join(repo, "content"),
      PORTAL_SITE_DIR: join(repo, "target/site"),
      PORTAL_LOG: "warn",
      // Every test signs up from 127.0.0.1: the default 10 sign-ups an hour is too few for the suite.
      PORTAL_SIGNUP_RATE_LIMIT: "1000/hour",
      PORTAL_CIAM_ISSUER: ciamIssuer,
      PORTAL_CIAM_AUDIENCE: ciam.audience,
      PORTAL_CIAM_CLIENT_ID: ciam.clientId,
      PORTAL_CIAM_CLIENT_SECRET: ciam.clientSecret,
      // A second environment whose gateway answers 502, to show the console's explanation.
      PORTAL_ENVIRONMENTS: JSON.stringify([{
        id: "broken-gateway",
        name: "Broken gateway",
        api_base_url: `http://127.0.0.1:${process.env.STUB_PORT}`,
        v2_token_url: `http://127.0.0.1:${process.env.STUB_PORT}/apip/auth/v2/token`,
      }]),
    },
  }],
});
