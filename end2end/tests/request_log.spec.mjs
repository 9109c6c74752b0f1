// The request log: sign up, send a bad and a good token request from outside the browser
// (Node's fetch, as a developer's own code would), and find both in the app's log with the
// explanation — live, without a reload, with JavaScript; after pressing Refresh without it.
// axe-core runs with JavaScript on (it needs timers, which a page without JavaScript lacks);
// the markup it checks is the same either way.
import { test, expect, expectNoA11yViolations, signUpForSandbox } from "./fixtures.mjs";

const WRONG_SECRET = "invalid_client: the client secret is wrong";

const signUp = (page) => signUpForSandbox(page, "Logan Logger");

/** axe-core on the current page, where it can run (see above). */
async function checkA11y(page, javaScriptEnabled) {
  if (javaScriptEnabled) await expectNoA11yViolations(page);
}

/** A v2 token request from outside the browser, with HTTP Basic; returns the status. */
async function tokenRequest(baseURL, clientId, secret) {
  const response = await fetch(`${baseURL}/apip/auth/v2/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
      "User-Agent": "e2e-billing-service/1.0",
    },
    body: "grant_type=client_credentials",
  });
  return response.status;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`request log with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a bad and a good token request from outside appear with their explanation", async ({ page, baseURL }) => {
      test.setTimeout(60_000);
      const { clientId, secret } = await signUp(page);
      await page.goto("/sandbox");
      await page.getByRole("link", { name: "Request log of First sandbox app" }).click();
      await expect(page).toHaveURL(new RegExp(`/sandbox/apps/${clientId}/requests$`));
      await expect(page.getByRole("heading", { level: 1, name: "Requests of First sandbox app" })).toBeVisible();
      await expect(page.getByText("No requests yet.")).toBeVisible();
      await expect(page.getByText(/curl -u/)).toContainText(clientId);
      if (javaScriptEnabled) {
        await page.locator("html[data-enhanced]").waitFor({ state: "attached" });
        await expect(page.getByText("Live: new requests appear at the top of the list as they arrive.")).toBeVisible();
        await page.evaluate(() => (window.__sameDocument = true));
      } else {
        await expect(page.getByText(/Live updates need JavaScript/)).toBeVisible();
      }
      await checkA11y(page, javaScriptEnabled);

      expect(await tokenRequest(baseURL, clientId, "mns_not-the-secret")).toBe(401);
      expect(await tokenRequest(baseURL, clientId, secret)).toBe(200);

      const rows = page.locator("#request-rows tr");
      if (javaScriptEnabled) {
        await expect(rows).toHaveCount(2);
        await expect(page.getByRole("status").filter({ hasText: "2 new requests at the top of the list." })).toBeVisible();
        expect(await page.evaluate(() => window.__sameDocument), "the rows arrived without a reload").toBe(true);
        await expect(page.getByText("No requests yet.")).toBeHidden();
        // The reader can pause and resume them from the keyboard.
        await page.getByRole("button", { name: "Pause live updates" }).focus();
        await page.keyboard.press("Enter");
        await expect(page.getByText("Live updates are paused.")).toBeVisible();
        await page.getByRole("button", { name: "Resume live updates" }).press("Enter");
        await expect(page.getByText("Live: new requests appear at the top of the list as they arrive.")).toBeVisible();
      } else {
        await expect
          .poll(async () => {
            await page.getByRole("link", { name: "Refresh" }).click();
            return rows.count();
          }, { timeout: 10_000 })
          .toBe(2);
      }
      await expect(rows.first()).toContainText("Token issued");
      await expect(rows.nth(1)).toContainText(WRONG_SECRET);
      await expect(rows.nth(1)).toContainText("Outside");
      await checkA11y(page, javaScriptEnabled);

      await page.getByRole("link", { name: WRONG_SECRET }).click();
      await expect(page.getByRole("heading", { level: 1, name: "v2 token · 401" })).toBeVisible();
      const explanation = page.getByRole("note");
      await expect(explanation).toContainText(WRONG_SECRET);
      await expect(explanation).toContainText("neither its current secret nor the one it had before the last rotation");
      await expect(explanation).toContainText("Next: Check that the secret was copied whole");
      await expect(page.getByText("e2e-billing-service/1.0")).toBeVisible();
      await checkA11y(page, javaScriptEnabled);

      await page.getByRole("link", { name: /^Open in the console/ }).click();
      await expect(page).toHaveURL(new RegExp(`/try-it\\?app=${clientId}&api=v2$`));
      await expect(page.getByText(/Opened from the request log/)).toBeVisible();
      await expect(page.getByLabel(`First sandbox app (${clientId})`)).toBeChecked();
    });
  });
}
