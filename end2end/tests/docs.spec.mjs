// A documentation page: highlighted code, tables and call-outs, readable on a phone.
import { test, expect, expectNoA11yViolations } from "./fixtures.mjs";

test("the token guide shows v1 and v2 side by side with highlighted code", async ({ page }) => {
  await page.goto("/docs/token-request-and-response");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("pre code span[class^='hl-']").first()).toBeVisible();
  await expect(page.getByRole("table").first()).toBeVisible();
  await expectNoA11yViolations(page);
});

test("code blocks can be reached and scrolled with the keyboard", async ({ page }) => {
  await page.goto("/docs/token-request-and-response");
  const block = page.locator(".code-block pre").first();
  await block.focus();
  await expect(block).toBeFocused();
});

test("pages fit a 320 px wide screen without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ["/", "/faq/security-and-authorization", "/docs/token-request-and-response", "/search?q=token"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});
