// The Security and Authorization FAQ, read with and without JavaScript.
import { test, expect, expectNoA11yViolations } from "./fixtures.mjs";

const FAQ = "/faq/security-and-authorization";

for (const javaScriptEnabled of [true, false]) {
  test.describe(`FAQ with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("reads every question and follows a ToC link to its anchor", async ({ page }) => {
      await page.goto(FAQ);
      await expect(page).toHaveTitle(/Security and Authorization FAQ/);
      await expect(page.getByRole("heading", { level: 1, name: "Security and Authorization FAQ" })).toBeVisible();
      const question = page.getByRole("heading", { level: 2, name: "What grant types are currently supported?" });
      await expect(question).toHaveCount(1);

      const toc = page.getByRole("navigation", { name: "On this page" });
      await toc.getByRole("link", { name: "What grant types are currently supported?" }).click();
      await expect(page).toHaveURL(/#what-grant-types-are-currently-supported$/);
      await expect(question).toBeInViewport();
    });
  });
}

test("each question has a visible self-link to its own anchor", async ({ page }) => {
  await page.goto(FAQ);
  const selfLink = page.getByRole("link", { name: "Link to “What grant types are currently supported?”" });
  await expect(selfLink).toBeVisible();
  await expect(selfLink).toHaveAttribute("href", "#what-grant-types-are-currently-supported");
});

test("opening an anchor URL directly lands on the question", async ({ page }) => {
  await page.goto(`${FAQ}#what-grant-types-are-currently-supported`);
  await expect(page.getByRole("heading", { name: "What grant types are currently supported?" })).toBeInViewport();
});

test("the commented-out draft stays hidden", async ({ page }) => {
  await page.goto(FAQ);
  await expect(page.getByText("mutual TLS", { exact: false })).toHaveCount(0);
});

test("the FAQ page loads no script or wasm bundle", async ({ page }) => {
  const requested = [];
  page.on("request", (request) => requested.push(request.url()));
  await page.goto(FAQ);
  expect(requested.filter((url) => /\.(js|wasm)(\?|$)/.test(url))).toEqual([]);
});

test("the FAQ has no accessibility violations", async ({ page }) => {
  await page.goto(FAQ);
  await expectNoA11yViolations(page);
});
