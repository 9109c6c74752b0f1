// The catalogue's generated Postman collection for the Claims Attachment API, run in newman
// against the real sandbox with the environment a new app downloads from the sandbox page.
import { test, expect } from "./fixtures.mjs";
import { readFileSync } from "node:fs";
import newman from "newman";

const PASSWORD = "correct horse battery staple";
const uniqueEmail = () => `e2e-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`;

// The sign-up steps of accounts.spec.mjs (not exported there).
async function signUp(page, email) {
  await page.goto("/sandbox/signup");
  await page.getByLabel("Full name").fill("Erin Example");
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Organisation").fill("Example Health");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel(/I accept the sandbox terms/).check();
  await page.getByRole("button", { name: "Create sandbox account" }).click();
  await expect(page.getByRole("region", { name: /Credentials for/ })).toBeVisible();
  const secret = (await page.locator("#new-client-secret").textContent()).trim();
  expect(secret).toMatch(/^mns_/);
  return secret;
}

async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).first().click()]);
  return JSON.parse(readFileSync(await file.path(), "utf8"));
}

function runNewman(collection, environment, secret) {
  return new Promise((resolve, reject) => {
    newman.run(
      { collection, environment, envVar: [{ key: "MN-ClientSecret", value: secret }], reporters: [] },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

test.use({ acceptDownloads: true });

test("the Claims Attachment API's generated collection runs green with a new app's environment", async ({ page, request }) => {
  test.setTimeout(60_000);
  const secret = await signUp(page, uniqueEmail());
  const environment = await download(page, "Download Postman environment");
  expect(environment.values.find((v) => v.key === "MN-ClientSecret").value).toBe("");

  const response = await request.get("/apis/claims-attachments/postman-collection.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/json");
  expect(response.headers()["content-disposition"]).toBe(
    'attachment; filename="claims-attachments.postman_collection.json"',
  );
  const collection = await response.json();
  expect(collection.info.schema).toContain("v2.1.0");
  expect(JSON.stringify(collection)).toContain("{{MN-ClientSecret}}");

  const summary = await runNewman(collection, environment, secret);
  expect(summary.run.failures.map((f) => `${f.source?.name}: ${f.error?.message}`)).toEqual([]);
  const requests = summary.run.executions.map((e) => `${e.item.name}: ${e.response?.code}`);
  expect(requests).toContain("Submit an attachment: 201");
  expect(requests).toContain("Check an attachment's status: 200");
  expect(requests).toContain("Retrieve an attachment: 200");
  expect(summary.run.stats.assertions.failed).toBe(0);
  expect(summary.run.stats.assertions.total).toBe(3);
});

test("the API overview links to the collection", async ({ page }) => {
  await page.goto("/apis/claims-attachments");
  const link = page.getByRole("link", { name: "Postman collection" });
  await expect(link).toHaveAttribute("href", "/apis/claims-attachments/postman-collection.json");
  await expect(link).toHaveAttribute("download", "");
});
