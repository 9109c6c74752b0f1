// Keyboard-only use: the skip link is the first stop and jumps past the header.
import { test, expect } from "./fixtures.mjs";

test("the skip link appears on the first Tab and moves focus to the content", async ({ page }) => {
  await page.goto("/faq/security-and-authorization");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.keyboard.press("Tab");
  const inMain = await page.evaluate(() => !!document.activeElement?.closest("main"));
  expect(inMain, "the next Tab stays in the content").toBe(true);
});

test("focus is visible on links", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  expect(outline).not.toBe("none");
});
