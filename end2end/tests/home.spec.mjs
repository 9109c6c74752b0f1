// The home page: what the portal offers, and the way in.
import { test, expect, expectNoA11yViolations } from "./fixtures.mjs";

test("the home page leads to the FAQ, sign-up and the console", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Get sandbox credentials" })).toHaveAttribute("href", "/sandbox/signup");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "FAQ" }).click();
  await expect(page).toHaveURL(/\/faq$/);
  await page.getByRole("link", { name: "Security and Authorization FAQ" }).first().click();
  await expect(page).toHaveURL(/\/faq\/security-and-authorization$/);
});

test("the home page has no accessibility violations", async ({ page }) => {
  await page.goto("/");
  await expectNoA11yViolations(page);
});

test("the docs index lists the guides", async ({ page }) => {
  await page.goto("/docs");
  await expect(page.getByRole("main").getByRole("link", { name: /Getting started/i })).toBeVisible();
  await expectNoA11yViolations(page);
});
