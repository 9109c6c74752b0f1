// The API catalogue: the list of APIs with its tag filter (a plain GET form), an API's overview,
// an operation's page and its generated Try It form, filled by its labels and sent, with the
// answer checked against the document; accessibility and keyboard use. JavaScript on and off.
import { test, expect, expectNoA11yViolations, signUpForSandbox } from "./fixtures.mjs";

const STATUS_PATH = "/claims/attachments/v1/status/{id}";
// An id in the documented shape that no submission has.
const MADE_UP_ID = "att_0000000000madeUp000000";

const signUp = async (page) => (await signUpForSandbox(page, "Cato Catalogue")).secret;

/**
 * axe-core, with JavaScript on only: with it off the page runs no timers, so axe never finishes
 * (the JS-off pages are the same server-rendered markup).
 */
async function a11y(page, javaScriptEnabled) {
  if (javaScriptEnabled) await expectNoA11yViolations(page);
}

/** Waits for the enhancer (JS on) and marks the document, to tell an in-place update. */
async function ready(page, javaScriptEnabled) {
  if (!javaScriptEnabled) return;
  await page.locator("html[data-enhanced]").waitFor({ state: "attached" });
  await page.evaluate(() => (window.__sameDocument = true));
}

/** The responses the document at /apis/claims-attachments/openapi.json gives the status operation. */
async function documentedStatuses(request) {
  const response = await request.get("/apis/claims-attachments/openapi.json");
  expect(response.status()).toBe(200);
  const document = await response.json();
  return Object.keys(document.paths[STATUS_PATH].get.responses);
}

const card = (page, name) => page.locator(".api-card").filter({ has: page.getByRole("heading", { name, exact: true }) });

for (const javaScriptEnabled of [true, false]) {
  test.describe(`The API catalogue with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("lists the APIs as cards and filters them by tag with a GET form", async ({ page }) => {
      await page.goto("/apis");
      await expect(page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
      await expect(card(page, "Claims Attachment API")).toBeVisible();
      await expect(card(page, "Authorization (OAuth 2.0)")).toBeVisible();
      await expect(card(page, "Claims Attachment API").getByRole("link", { name: "Claims Attachment API" }))
        .toHaveAttribute("href", "/apis/claims-attachments");
      await expect(card(page, "Claims Attachment API")).toContainText("3 operations");
      await a11y(page, javaScriptEnabled);

      await page.getByLabel("Tag", { exact: true }).selectOption("claims");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page).toHaveURL(/\/apis\?tag=claims$/);
      await expect(page.getByLabel("Tag", { exact: true })).toHaveValue("claims");
      await expect(card(page, "Claims Attachment API")).toBeVisible();
      await expect(card(page, "Authorization (OAuth 2.0)")).toHaveCount(0);
      await expect(page.locator(".catalogue-count")).toContainText("1 API tagged “claims”");

      // A card's tag links to the same filter; "show all" clears it.
      await page.getByRole("link", { name: "show all" }).click();
      await expect(page).toHaveURL(/\/apis$/);
      await card(page, "Authorization (OAuth 2.0)").getByRole("link", { name: "oauth", exact: true }).click();
      await expect(page).toHaveURL(/\/apis\?tag=oauth$/);
      await expect(card(page, "Authorization (OAuth 2.0)")).toBeVisible();
      await expect(card(page, "Claims Attachment API")).toHaveCount(0);
    });

    test("from the overview to an operation: a made-up id's status is sent and checked against the document", async ({ page, request }) => {
      test.setTimeout(60_000);
      const secret = await signUp(page);
      await page.goto("/apis");
      await page.getByRole("link", { name: "Claims Attachment API" }).click();
      await expect(page).toHaveURL(/\/apis\/claims-attachments$/);
      await expect(page.getByRole("heading", { level: 1, name: "Claims Attachment API" })).toBeVisible();
      await expect(page.getByRole("link", { name: "OpenAPI document (JSON)" }))
        .toHaveAttribute("href", "/apis/claims-attachments/openapi.json");
      await a11y(page, javaScriptEnabled);

      await page.getByRole("link", { name: /Check an attachment's status/ }).click();
      await expect(page).toHaveURL(/\/apis\/claims-attachments\/attachment-status$/);
      await expect(page.getByRole("heading", { level: 1, name: "Check an attachment's status" })).toBeVisible();
      await ready(page, javaScriptEnabled);

      // No token is held yet: the server gets one for the app by itself.
      await expect(page.getByRole("radio", { name: /First sandbox app \(mnc_/ })).toBeChecked();
      await expect(page.getByLabel("Environment")).toHaveValue("sandbox");
      await page.getByLabel("id (required)").fill(MADE_UP_ID);
      await page.getByRole("button", { name: "Send request" }).click();

      const results = page.locator("#try-it-results");
      await expect(results).toContainText("404 Not Found");
      await expect(results).toContainText(`/claims/attachments/v1/status/${MADE_UP_ID}`);
      if (javaScriptEnabled) {
        expect(await page.evaluate(() => window.__sameDocument), "sent in place").toBe(true);
      } else {
        await expect(page).toHaveURL(/\/apis\/claims-attachments\/attachment-status#try-it-results$/);
      }

      const notAsDocumented = results.locator(".message.warning", { hasText: "Not as documented" });
      if ((await documentedStatuses(request)).includes("404")) {
        await expect(notAsDocumented, "404 is documented, so nothing is flagged").toHaveCount(0);
      } else {
        await expect(notAsDocumented).toContainText("404");
      }
      await a11y(page, javaScriptEnabled);
      expect(await page.content()).not.toContain(secret);
    });

    test("the submit page's generated body, edited, is accepted", async ({ page }) => {
      test.setTimeout(60_000);
      await signUp(page);
      await page.goto("/apis/claims-attachments");
      await page.getByRole("link", { name: /Submit an attachment/ }).click();
      await expect(page).toHaveURL(/\/apis\/claims-attachments\/submit-attachment$/);
      await ready(page, javaScriptEnabled);

      const body = page.getByLabel("Body (application/json)");
      const example = JSON.parse(await body.inputValue());
      expect(example.claimReference).toBe("TEST-CLAIM-0001");
      await body.fill(JSON.stringify({ ...example, claimReference: "TEST-CLAIM-0042" }, null, 2));
      await page.getByRole("button", { name: "Send request" }).click();
      const results = page.locator("#try-it-results");
      await expect(results).toContainText("201 Created");
      await expect(results.locator(".response-body")).toContainText(/att_/);
      await expect(results.locator(".message.warning", { hasText: "Not as documented" })).toHaveCount(0);
      // (axe on this page is the separate deep-schema test below.)
    });
  });
}

test("an operation page with a deep schema (submit) has no accessibility violations", async ({ page }) => {
  await page.goto("/apis/claims-attachments/submit-attachment");
  await ready(page, true);
  // Open every folded part (schema trees, examples), so axe sees all of the reference.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  await expectNoA11yViolations(page);
});

test("the operation form is reachable with Tab and sent with Enter", async ({ page }) => {
  test.setTimeout(60_000);
  await signUp(page);
  await page.goto("/apis/claims-attachments/attachment-status");
  await ready(page, true);
  await page.getByLabel("Environment").focus();
  // Tab through the form, noting each control reached, until the send button.
  const reached = [];
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      return element?.id || element?.textContent?.trim() || element?.tagName;
    });
    reached.push(focused);
    if (focused === "Send request") break;
  }
  expect(reached).toEqual(expect.arrayContaining(["try-app-0", "try-param-path-id", "try-send-anyway", "Send request"]));
  await expect(page.getByRole("button", { name: "Send request" })).toBeFocused();
  await page.getByLabel("id (required)").fill(MADE_UP_ID);
  await page.getByRole("button", { name: "Send request" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#try-it-results")).toContainText("404 Not Found");
  // Focus lands on what changed, visibly.
  await expect(page.locator(":focus")).toBeVisible();
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
});
