// Shared test fixtures: every page is watched for console errors, uncaught exceptions and CSP
// violations (any of which fails the test), and `expectNoA11yViolations` runs axe-core.
import { test as base, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export const test = base.extend({
  // Console errors a test expects (for example the 404 of the document it opens on purpose).
  expectedConsoleErrors: [[], { option: true }],
  page: async ({ page, expectedConsoleErrors }, use) => {
    const problems = [];
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      if (expectedConsoleErrors.some((pattern) => pattern.test(message.text()))) return;
      problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`uncaught exception: ${error.message}`));
    // Reported as they happen, so a violation on a page the test has since left still counts.
    await page.exposeFunction("__reportCspViolation", (violation) => problems.push(`CSP violation: ${violation}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        window.__reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
      });
    });
    await use(page);
    expect(problems, "the page logged no errors and broke no CSP rule").toEqual([]);
  },
});

/** Runs axe-core on the current page and fails with a readable list of violations. */
export async function expectNoA11yViolations(page) {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
    );
  });
  expect(violations, "axe-core violations").toEqual([]);
}

/** The password every test account uses. */
export const PASSWORD = "correct horse battery staple";

/** An e-mail address no other test uses. */
export const uniqueEmail = (prefix = "e2e") =>
  `${prefix}-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`;

/** Signs up through the real form as `name`; returns the first app's credentials, shown once. */
export async function signUpForSandbox(page, name) {
  await page.goto("/sandbox/signup");
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Work e-mail").fill(uniqueEmail(name.split(" ")[0].toLowerCase()));
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

export { expect };
