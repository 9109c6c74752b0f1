// The token inspector (/sandbox/inspect) with JavaScript on (in place) and off (a plain form):
// a valid token of the person's own app, an expired one and one from another issuer; and the
// console's token panel, which shows the inspector's view and links to the request log.
//
// An expired token: the portal's tokens live an hour and the harness cannot move its clock, so
// the test re-signs a real token's claims with an expiry in the past, with the portal's own
// signing key (derived from the data folder's secret.key as the portal derives it).
import { test, expect, expectNoA11yViolations, signUpForSandbox } from "./fixtures.mjs";
import { createHmac, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";


const signUp = (page) => signUpForSandbox(page, "Ines Inspector");

/** A v2 token from outside the browser, as the developer's own code would get it. */
async function tokenFor(request, { clientId, secret }) {
  const response = await request.post("/apip/auth/v2/token", {
    headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    form: { grant_type: "client_credentials" },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).access_token;
}

const base64url = (value) => Buffer.from(value).toString("base64url");
const decode = (part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

/** `header.claims` signed with `key` (Ed25519) as a compact JWS. */
function signed(header, claims, key) {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${base64url(sign(null, Buffer.from(input), key))}`;
}

/** The portal's token-signing key: HMAC-SHA-256 of the purpose under the portal key. */
function portalSigningKey() {
  const portalKey = Buffer.from(readFileSync(join(process.env.PORTAL_E2E_DATA, "secret.key"), "utf8").trim(), "base64");
  const seed = createHmac("sha256", portalKey).update("mn-portal/v1/token-signing/ed25519").update(Buffer.from([1])).digest();
  // PKCS#8 wrapping of a raw Ed25519 seed.
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
}

/** The same token, re-signed by the portal's key, that expired three minutes ago. */
function expiredCopy(token) {
  const [header, claims] = token.split(".").slice(0, 2).map(decode);
  const now = Math.floor(Date.now() / 1000);
  return signed(header, { ...claims, iat: now - 3600 - 180, exp: now - 180 }, portalSigningKey());
}

/** A token of another identity provider (its own key, its own issuer). */
function foreignToken() {
  const { privateKey } = generateKeyPairSync("ed25519");
  const now = Math.floor(Date.now() / 1000);
  return signed(
    { alg: "EdDSA", typ: "at+jwt", kid: "login-example-2026" },
    { iss: "https://login.example.com", sub: "someone", aud: "claims-attachments-v1", iat: now, exp: now + 600, jti: "x1" },
    privateKey,
  );
}

async function openInspector(page, javaScriptEnabled) {
  await page.goto("/sandbox/inspect");
  await expect(page.getByRole("heading", { level: 1, name: "Token inspector" })).toBeVisible();
  if (javaScriptEnabled) {
    await page.locator("html[data-enhanced]").waitFor({ state: "attached" });
    await page.evaluate(() => (window.__sameDocument = true));
  }
}

/** Pastes `token`, sends the form and returns the result's region. */
async function inspect(page, token, javaScriptEnabled) {
  await openInspector(page, javaScriptEnabled);
  await page.getByLabel("Access token").fill(token);
  await page.getByRole("button", { name: "Inspect token" }).click();
  const result = page.getByRole("region", { name: "What this token is" });
  await expect(result).toBeVisible();
  if (javaScriptEnabled) {
    expect(await page.evaluate(() => window.__sameDocument), "inspected in place").toBe(true);
  }
  await expect(page.getByLabel("Access token"), "the token is not put back in the page").toHaveValue("");
  const signature = token.split(".")[2];
  if (signature) expect(await page.content()).not.toContain(signature);
  return result;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the token inspector with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a valid, an expired and a foreign token", async ({ page, request }) => {
      const credentials = await signUp(page);
      const token = await tokenFor(request, credentials);

      const valid = await inspect(page, token, javaScriptEnabled);
      await expect(valid).toContainText("Active: the sandbox accepts this token");
      await expect(valid).toContainText("First sandbox app");
      await expect(valid).toContainText("claims.attachments.read claims.attachments.write");
      await expect(valid).toContainText(/expires in (59 minutes|1 hour)/);
      await expect(valid.getByRole("link", { name: "The app's whole request log" })).toHaveAttribute(
        "href",
        `/sandbox/apps/${credentials.clientId}/requests`,
      );
      // Its issue is recorded within a moment; a second look lists it with a link to the entry.
      await expect(async () => {
        const again = await inspect(page, token, javaScriptEnabled);
        await expect(again.getByRole("link", { name: /^v2 token at / })).toHaveAttribute(
          "href",
          new RegExp(`^/sandbox/apps/${credentials.clientId}/requests/`),
          { timeout: 1000 },
        );
      }).toPass({ timeout: 15_000 });
      if (javaScriptEnabled) await expectNoA11yViolations(page);

      const expired = await inspect(page, expiredCopy(token), javaScriptEnabled);
      await expect(expired).toContainText("Expired: the sandbox refuses this token");
      await expect(expired).toContainText("expired 3 minutes ago");

      const foreign = await inspect(page, foreignToken(), javaScriptEnabled);
      await expect(foreign).toContainText("Not issued by this sandbox");
      await expect(foreign).toContainText("another environment or identity provider");
      await expect(foreign).toContainText("https://login.example.com");
      await expect(foreign.getByRole("heading", { name: "Claims (unverified)" })).toBeVisible();
      if (javaScriptEnabled) await expectNoA11yViolations(page);

      const garbage = await inspect(page, "not a token", javaScriptEnabled);
      await expect(garbage).toContainText("This cannot be read as a token");
    });
  });
}

test("the console's token panel shows the inspector's view and links to the request log", async ({ page }) => {
  const { clientId } = await signUp(page);
  await page.goto("/try-it");
  await page.locator("html[data-enhanced]").waitFor({ state: "attached" });
  await page.getByRole("button", { name: "Get v2 token" }).click();
  const v2 = page.locator("#token-results article").first();
  await expect(v2).toContainText("Token received");
  await expect(v2).toContainText("Valid: signed with this sandbox's key");
  await expect(v2.locator(".expiry-words").first()).toContainText(/expires in (59 minutes|1 hour)/);
  await expect(v2.getByRole("link", { name: "See it in your app's request log" })).toHaveAttribute(
    "href",
    new RegExp(`^/sandbox/apps/${clientId}/requests/`),
  );
  await expect(v2.getByRole("link", { name: "token inspector" })).toHaveAttribute("href", "/sandbox/inspect");
  await expectNoA11yViolations(page);
});
