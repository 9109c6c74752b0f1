// Unknown paths answer 404 with a page that offers a way on.
import { test, expect, expectNoA11yViolations } from "./fixtures.mjs";

test.use({ expectedConsoleErrors: [/status of 404 \(Not Found\)/] });

test("an unknown page is a real 404 with helpful links", async ({ page }) => {
  const response = await page.goto("/faq/no-such-question");
  expect(response.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "search" })).toBeVisible();
  await expectNoA11yViolations(page);
});
