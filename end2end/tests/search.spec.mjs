// Search: a plain GET form, so it works without JavaScript.
import { test, expect, expectNoA11yViolations } from "./fixtures.mjs";

test.describe("search without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("finds a FAQ entry from the header box and opens its exact anchor", async ({ page }) => {
    await page.goto("/");
    const box = page.getByRole("search", { name: "Site" }).getByRole("searchbox");
    await box.fill("proxy error");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=proxy\+error/);
    await expect(page.getByRole("status")).toContainText("for “proxy error”");
    const results = page.locator(".search-hit");
    await expect(results.first()).toBeVisible();
    await expect(results.first().locator("mark").first()).toBeVisible();
    await results.first().getByRole("link").click();
    await expect(page).toHaveURL(/\/faq\/security-and-authorization#try-it-proxy-error$/);
  });
});

test("the results page has no accessibility violations", async ({ page }) => {
  await page.goto("/search?q=token");
  await expect(page.locator(".search-hit").first()).toBeVisible();
  await expectNoA11yViolations(page);
});

test("an empty search explains what to type", async ({ page }) => {
  await page.goto("/search");
  await expect(page.locator(".search-hint")).toBeVisible();
  await expectNoA11yViolations(page);
});
