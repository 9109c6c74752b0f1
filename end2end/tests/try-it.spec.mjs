// The Try It console: from sign-up to a successful status call, with an app and with pasted
// credentials, with JavaScript on (in place) and off (plain forms); a failing gateway explained.
import { test, expect, expectNoA11yViolations } from "./fixtures.mjs";

const PASSWORD = "correct horse battery staple";
const uniqueEmail = () => `try-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`;

async function signUp(page) {
  await page.goto("/sandbox/signup");
  await page.getByLabel("Full name").fill("Tess Tryit");
  await page.getByLabel("Work e-mail").fill(uniqueEmail());
  await page.getByLabel("Organisation").fill("Example Health");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel(/I accept the sandbox terms/).check();
  await page.getByRole("button", { name: "Create sandbox account" }).click();
  await expect(page.locator("#new-client-secret")).toBeVisible();
  return {
    clientId: (await page.locator("#new-client-id").textContent()).trim(),
    secret: (await page.locator("#new-client-secret").textContent()).trim(),
  };
}

async function openConsole(page, javaScriptEnabled) {
  await page.goto("/try-it");
  if (javaScriptEnabled) {
    await page.locator("html[data-enhanced]").waitFor({ state: "attached" });
    await page.evaluate(() => (window.__sameDocument = true));
  }
}

async function tokenAndCalls(page, pasteSecret = async () => {}) {
  await page.getByRole("button", { name: "Get v2 token" }).click();
  const v2 = page.locator("#token-results article").first();
  await expect(v2).toContainText("Token received");
  await expect(v2).toContainText("200 OK");
  // A pasted secret is used once and never kept, so it is pasted again for the v1 request.
  await pasteSecret();
  await page.getByRole("button", { name: "Get v1 token (legacy)" }).click();
  await expect(page.locator("#token-results article").nth(1)).toContainText("v1 token");
  await expect(page.locator("#token-results article").nth(1)).toContainText("Token received");

  await page.getByRole("button", { name: "Send: Submit an attachment" }).click();
  const results = page.locator("#call-results");
  await expect(results).toContainText("201 Created");
  await expect(page.getByLabel("Attachment id").first()).toHaveValue(/^att_/);
  await page.getByRole("button", { name: "Send: Check an attachment's status" }).click();
  await expect(results).toContainText("200 OK");
  await expect(results).toContainText("Check an attachment's status");
  await page.getByRole("button", { name: "Send: Retrieve an attachment" }).click();
  await expect(results).toContainText("Retrieve an attachment");
  await expect(results).toContainText("TEST-CLAIM-0001");
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`Try It with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a new account gets a token and calls submit, status and retrieve with its app", async ({ page }) => {
      test.setTimeout(60_000);
      const { secret } = await signUp(page);
      await openConsole(page, javaScriptEnabled);
      await expect(page.getByRole("radio", { name: /First sandbox app/ })).toBeChecked();
      await tokenAndCalls(page);
      if (javaScriptEnabled) expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
      expect(await page.content()).not.toContain(secret);
    });

    test("pasted credentials work while signed out", async ({ page, browser }) => {
      test.setTimeout(60_000);
      const owner = await browser.newPage({ javaScriptEnabled: false });
      const { clientId, secret } = await signUp(owner);
      await owner.close();
      await openConsole(page, javaScriptEnabled);
      await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
      await page.getByLabel("Paste a client id and secret").check();
      await page.getByLabel("MN-ClientId", { exact: true }).fill(clientId);
      await page.getByLabel("MN-ClientSecret", { exact: true }).fill(secret);
      await tokenAndCalls(page, async () => {
        await expect(page.getByLabel("MN-ClientSecret", { exact: true })).toHaveValue("");
        await expect(page.getByLabel("MN-ClientId", { exact: true })).toHaveValue(clientId);
        await page.getByLabel("MN-ClientSecret", { exact: true }).fill(secret);
      });
      expect(await page.content()).not.toContain(secret);
    });
  });
}

test("a gateway that answers 502 is explained, not shown as a bare proxy error", async ({ page }) => {
  await openConsole(page, true);
  await page.getByLabel("Environment").selectOption({ label: "Broken gateway" });
  await page.getByLabel("Paste a client id and secret").check();
  await page.getByLabel("MN-ClientId", { exact: true }).fill("mnc_example");
  await page.getByLabel("MN-ClientSecret", { exact: true }).fill("mns_example");
  await page.getByRole("button", { name: "Get v2 token" }).click();
  const panel = page.locator("#token-results article").first();
  await expect(panel).toContainText("502");
  await expect(panel).toContainText("a gateway or proxy between the portal and the service failed");
  await expectNoA11yViolations(page);
});

test("the console with results has no accessibility violations and is keyboard-operable", async ({ page }) => {
  await signUp(page);
  await openConsole(page, true);
  await page.getByRole("button", { name: "Get v2 token" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#token-results article").first()).toContainText("Token received");
  await expect(page.locator(":focus")).toBeVisible();
  await expectNoA11yViolations(page);
});
