// The console's user sign-in: "Sign in with the CIAM" on /try-it, the provider's own login page
// (the test OpenID Connect provider the config starts), back to the console with the claims
// shown, a Claims call with the user token showing the acting user, and sign-out; with
// JavaScript on and off. No token in the page, the URL after the redirect or browser storage.
import { test, expect } from "./fixtures.mjs";

/** The page's HTML and both storages hold no JWT (every token the CIAM issues is one). */
async function expectNoToken(page) {
  expect(await page.content(), "no token in the page").not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(storage, "no token in browser storage").not.toMatch(/eyJ/);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`user sign-in with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("signs in at the CIAM, calls a Claims operation with the user token, and signs out", async ({ page }) => {
      // The provider's development pages import a web font: served empty, offline.
      await page.route("https://fonts.googleapis.com/**", (route) =>
        route.fulfill({ status: 200, contentType: "text/css", body: "" }),
      );
      const login = `dev-${javaScriptEnabled ? "js" : "nojs"}-${Date.now()}`;
      await page.goto("/try-it");
      const panel = page.getByRole("region", { name: "User token (CIAM)" });
      await panel.getByRole("button", { name: "Sign in with the CIAM" }).click();

      // The provider's own login page.
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill("any password");
      await page.getByRole("button", { name: "Sign-in" }).click();
      // Its consent page, when it asks (the development pages do for the Claims scopes).
      const consent = page.getByRole("button", { name: "Continue" });
      await page.waitForURL((url) => url.pathname.startsWith("/try-it") || url.pathname.startsWith("/interaction"));
      if (await consent.isVisible()) await consent.click();

      await expect(page).toHaveURL(/\/try-it#user-token$/);
      expect(page.url(), "no code or state in the URL").not.toMatch(/[?&](code|state)=/);
      await expect(panel).toContainText(`Signed in as ${login}`);
      await expect(panel).toContainText("ID token claims");
      await expect(panel).toContainText(/expires in/);
      await expectNoToken(page);

      await page.goto("/apis/claims-attachments/submit-attachment");
      await page.getByLabel(/Use my user token/).check();
      await page.getByRole("button", { name: "Send request" }).click();
      const results = page.locator("#try-it-results");
      await expect(results).toContainText("201 Created");
      const id = (await results.locator(".response-body").textContent()).match(/att_[A-Za-z0-9_-]+/)?.[0];
      expect(id, "the answer holds the new attachment's id").toBeTruthy();

      await page.goto("/apis/claims-attachments/attachment-status");
      await page.getByLabel("id (required)").fill(id);
      await expect(page.getByLabel(/Use my user token/)).toBeChecked();
      await page.getByRole("button", { name: "Send request" }).click();
      await expect(page.locator("#try-it-results")).toContainText("200 OK");
      await expect(page.locator("#try-it-results .response-body")).toContainText(login);
      await expectNoToken(page);

      await page.goto("/try-it");
      await panel.getByRole("button", { name: "Sign out" }).click();
      // The provider asks before it ends its own session.
      await page.getByRole("button", { name: "Yes, sign me out" }).click();
      await expect(page).toHaveURL(/\/try-it/);
      await expect(panel.getByRole("button", { name: "Sign in with the CIAM" })).toBeVisible();
      await expect(panel).not.toContainText("Signed in as");
      await expectNoToken(page);
    });
  });
}
