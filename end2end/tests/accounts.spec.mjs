// Sign-up to working credentials, Postman files that run green in newman, sign-out/in, and
// app management — with JavaScript on (in place) and off (plain forms).
import { test, expect, expectNoA11yViolations } from "./fixtures.mjs";
import { readFileSync } from "node:fs";
import newman from "newman";

const PASSWORD = "correct horse battery staple";
const uniqueEmail = () => `e2e-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`;

async function signUp(page, email, alreadyThere = false) {
  if (!alreadyThere) await page.goto("/sandbox/signup");
  await page.getByLabel("Full name").fill("Erin Example");
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Organisation").fill("Example Health");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel(/I accept the sandbox terms/).check();
  await page.getByRole("button", { name: "Create sandbox account" }).click();
  const panel = page.getByRole("region", { name: /Credentials for/ });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText("it will not be shown again");
  const clientId = (await page.locator("#new-client-id").textContent()).trim();
  const secret = (await page.locator("#new-client-secret").textContent()).trim();
  expect(clientId).toMatch(/^mnc_/);
  expect(secret).toMatch(/^mns_/);
  return { clientId, secret };
}

async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).first().click()]);
  return JSON.parse(readFileSync(await file.path(), "utf8"));
}

function runNewman(collection, environment, secret) {
  return new Promise((resolve, reject) => {
    newman.run(
      { collection, environment, envVar: [{ key: "MN-ClientSecret", value: secret }], reporters: [] },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

async function tokenStatus(request, clientId, secret) {
  const response = await request.post("/apip/auth/v2/token", {
    headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    form: { grant_type: "client_credentials" },
  });
  return response.status();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`accounts with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled, acceptDownloads: true });

    test("sign up, download Postman files that run green, sign out and in, add an app, rotate", async ({ page, request }) => {
      test.setTimeout(90_000);
      const email = uniqueEmail();
      if (javaScriptEnabled) {
        await page.goto("/sandbox/signup");
        await page.locator("html[data-enhanced]").waitFor({ state: "attached" });
        await page.evaluate(() => (window.__sameDocument = true));
      }
      const { clientId, secret } = await signUp(page, email, javaScriptEnabled);
      if (javaScriptEnabled) {
        expect(await page.evaluate(() => window.__sameDocument), "updated in place, no reload").toBe(true);
      }
      await expect(page.getByRole("link", { name: "Try it now" })).toHaveAttribute("href", "/try-it");

      const collection = await download(page, "Download Postman collection");
      const environment = await download(page, "Download Postman environment");
      expect(collection.info.schema).toContain("v2.1.0");
      expect(environment.values.find((v) => v.key === "MN-ClientSecret").value).toBe("");
      const summary = await runNewman(collection, environment, secret);
      expect(summary.run.failures.map((f) => `${f.source?.name}: ${f.error?.message}`)).toEqual([]);
      expect(summary.run.stats.requests.total).toBe(5);
      expect(summary.run.stats.assertions.failed).toBe(0);
      expect(summary.run.stats.assertions.total).toBeGreaterThan(10);

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
      await page.goto("/login");
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your sandbox" })).toBeVisible();
      await expect(page.getByText("Signed in as", { exact: false }).first()).toBeVisible();
      await expect(page.locator("#new-client-secret")).toHaveCount(0);

      await page.getByLabel("App name").fill("E2E second app");
      await page.getByRole("button", { name: "Add app" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Added “E2E second app”." })).toBeVisible();
      await expect(page.locator("#new-client-secret")).toContainText("mns_");

      const first = page.locator(".app-item").filter({ hasText: clientId });
      await first.getByText("Rotate secret", { exact: true }).first().click();
      await first.getByLabel("I understand the current secret stops working at once.").check();
      await first.getByRole("button", { name: "Rotate secret" }).click();
      await expect(page.getByText("The old secret no longer works.")).toBeVisible();
      const rotated = (await page.locator("#new-client-secret").textContent()).trim();
      expect(rotated).not.toBe(secret);
      expect(await tokenStatus(request, clientId, secret)).toBe(401);
      expect(await tokenStatus(request, clientId, rotated)).toBe(200);
    });
  });
}

test("the sign-up form shows every problem next to its field, accessibly", async ({ page }) => {
  await page.goto("/sandbox/signup");
  await expectNoA11yViolations(page);
  await page.getByLabel("Work e-mail").fill("not-an-email");
  await page.getByRole("button", { name: "Create sandbox account" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("There is a problem");
  await expect(summary).toBeFocused();
  const email = page.getByLabel("Work e-mail");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveValue("not-an-email");
  await expect(email).toHaveAccessibleDescription(/like name@example.com/);
  await expectNoA11yViolations(page);
});

test("sign-in and the sandbox pages have no accessibility violations", async ({ page }) => {
  await page.goto("/login");
  await expectNoA11yViolations(page);
  await signUp(page, uniqueEmail());
  await expectNoA11yViolations(page);
  await page.goto("/sandbox");
  await expectNoA11yViolations(page);
});
