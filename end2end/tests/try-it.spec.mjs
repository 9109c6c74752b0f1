// The Try It console: from sign-up to tokens on /try-it, then submit, status and retrieve on the
// Claims operations' pages, with an app and with pasted credentials, with JavaScript on (in
// place) and off (plain forms); a failing gateway explained.
import { test, expect, expectNoA11yViolations, signUpForSandbox } from "./fixtures.mjs";


const signUp = (page) => signUpForSandbox(page, "Tess Tryit");

async function openConsole(page, javaScriptEnabled) {
  await page.goto("/try-it");
  if (javaScriptEnabled) {
    await page.locator("html[data-enhanced]").waitFor({ state: "attached" });
    await page.evaluate(() => (window.__sameDocument = true));
  }
}

/** Opens an operation page of the Claims Attachment API (waiting for the enhancer with JS). */
async function openOperation(page, operation, javaScriptEnabled) {
  await page.goto(`/apis/claims-attachments/${operation}`);
  await expect(page.getByRole("heading", { level: 2, name: "Try it" })).toBeVisible();
  if (javaScriptEnabled) {
    await page.locator("html[data-enhanced]").waitFor({ state: "attached" });
    await page.evaluate(() => (window.__sameDocument = true));
  }
}

/** Sends the operation's Try It form and waits for its answer in `#try-it-results`. */
async function sendRequest(page, operation, javaScriptEnabled, expected, secret) {
  await page.getByRole("button", { name: "Send request" }).click();
  const results = page.locator("#try-it-results");
  await expect(results).toContainText(expected);
  if (javaScriptEnabled) {
    expect(await page.evaluate(() => window.__sameDocument), "the form was sent in place").toBe(true);
  } else {
    await expect(page).toHaveURL(new RegExp(`/apis/claims-attachments/${operation}#try-it-results$`));
  }
  expect(await page.content(), "the secret never reaches the page").not.toContain(secret);
  return results;
}

/**
 * Tokens on /try-it, then submit, status and retrieve on the operations' pages. `credentials`
 * checks the operation form's credentials (the choice made on /try-it is kept); `pasteSecret`
 * pastes the secret again before the v1 token.
 */
async function tokenAndCalls(page, javaScriptEnabled, { secret, credentials, pasteSecret = async () => {} }) {
  await page.getByRole("button", { name: "Get v2 token" }).click();
  const v2 = page.locator("#token-results article").first();
  await expect(v2).toContainText("Token received");
  await expect(v2).toContainText("200 OK");
  // A pasted secret is used once and never kept, so it is pasted again for the v1 request.
  await pasteSecret();
  await page.getByRole("button", { name: "Get v1 token (legacy)" }).click();
  await expect(page.locator("#token-results article").nth(1)).toContainText("v1 token");
  await expect(page.locator("#token-results article").nth(1)).toContainText("Token received");
  // "2. Call an API" links to the operations' pages.
  await expect(page.locator("#call-results")).toContainText("No API call sent yet.");
  await expect(
    page.getByRole("region", { name: "2. Call an API" }).getByRole("link", { name: "Claims Attachment API" }),
  ).toHaveAttribute("href", "/apis/claims-attachments");

  // Submit with the pre-filled example body, using the token the console holds.
  await openOperation(page, "submit-attachment", javaScriptEnabled);
  await credentials();
  await expect(page.getByLabel("Body (application/json)")).toHaveValue(/TEST-CLAIM-0001/);
  let results = await sendRequest(page, "submit-attachment", javaScriptEnabled, "201 Created", secret);
  const answer = await results.locator(".response-body").textContent();
  const id = answer.match(/att_[A-Za-z0-9_-]+/)?.[0];
  expect(id, "the answer holds the new attachment's id").toBeTruthy();

  await openOperation(page, "attachment-status", javaScriptEnabled);
  await page.getByLabel("id (required)").fill(id);
  results = await sendRequest(page, "attachment-status", javaScriptEnabled, "200 OK", secret);
  await expect(results).toContainText(id);
  await expect(results.getByText("Not as documented")).toHaveCount(0);

  await openOperation(page, "retrieve-attachment", javaScriptEnabled);
  await page.getByLabel("id (required)").fill(id);
  results = await sendRequest(page, "retrieve-attachment", javaScriptEnabled, "200 OK", secret);
  await expect(results).toContainText("TEST-CLAIM-0001");
  await expect(results.getByText("Not as documented")).toHaveCount(0);

  // The console shows the last call too.
  await page.goto("/try-it");
  await expect(page.locator("#call-results")).toContainText("200 OK");
  await expect(page.locator("#call-results")).toContainText("TEST-CLAIM-0001");
  return id;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`Try It with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a new account gets a token and calls submit, status and retrieve with its app", async ({ page }) => {
      test.setTimeout(60_000);
      const { secret } = await signUp(page);
      await openConsole(page, javaScriptEnabled);
      await expect(page.getByRole("radio", { name: /First sandbox app/ })).toBeChecked();
      await tokenAndCalls(page, javaScriptEnabled, {
        secret,
        credentials: () => expect(page.getByRole("radio", { name: /First sandbox app \(mnc_/ })).toBeChecked(),
      });
      expect(await page.content()).not.toContain(secret);
    });

    test("pasted credentials work while signed out", async ({ page, browser }) => {
      test.setTimeout(60_000);
      const owner = await browser.newPage({ javaScriptEnabled: false });
      const { clientId, secret } = await signUp(owner);
      await owner.close();
      await openConsole(page, javaScriptEnabled);
      await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
      await page.getByLabel("Paste a client id and secret").check();
      await page.getByLabel("MN-ClientId", { exact: true }).fill(clientId);
      await page.getByLabel("MN-ClientSecret", { exact: true }).fill(secret);
      const secretCleared = async () => {
        await expect(page.getByLabel("MN-ClientSecret", { exact: true })).toHaveValue("");
        await expect(page.getByLabel("MN-ClientId", { exact: true })).toHaveValue(clientId);
      };
      await tokenAndCalls(page, javaScriptEnabled, {
        secret,
        // The operation form keeps the pasted client id (its token is held), never the secret.
        credentials: async () => {
          await expect(page.getByLabel("Paste a client id and secret")).toBeChecked();
          await secretCleared();
        },
        pasteSecret: async () => {
          await secretCleared();
          await page.getByLabel("MN-ClientSecret", { exact: true }).fill(secret);
        },
      });
      expect(await page.content()).not.toContain(secret);
    });
  });
}

test("a gateway that answers 502 is explained, not shown as a bare proxy error", async ({ page }) => {
  await openConsole(page, true);
  await page.getByLabel("Environment").selectOption({ label: "Broken gateway" });
  await page.getByLabel("Paste a client id and secret").check();
  await page.getByLabel("MN-ClientId", { exact: true }).fill("mnc_example");
  await page.getByLabel("MN-ClientSecret", { exact: true }).fill("mns_example");
  await page.getByRole("button", { name: "Get v2 token" }).click();
  const panel = page.locator("#token-results article").first();
  await expect(panel).toContainText("502");
  await expect(panel).toContainText("a gateway or proxy between the portal and the service failed");
  await expectNoA11yViolations(page);
});

test("the console with results has no accessibility violations and is keyboard-operable", async ({ page }) => {
  await signUp(page);
  await openConsole(page, true);
  await page.getByRole("button", { name: "Get v2 token" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#token-results article").first()).toContainText("Token received");
  await expect(page.locator(":focus")).toBeVisible();
  await expectNoA11yViolations(page);
});
