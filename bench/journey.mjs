// The developer's first minute, by many developers at once: sign up (the form and its post),
// read the credentials off /sandbox, get a v2 token, submit a Claims attachment, follow its
// status. Usage: node journey.mjs BASE_URL DEVELOPERS SECONDS. Prints one JSON line: journeys
// and requests completed, errors (with the first few), and p50/p99 of each step and of the
// whole journey, in milliseconds.
const [base, developers = "8", seconds = "10"] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;
const samples = { journey: [], sign_up: [], token: [], submit: [], status: [] };
const errors = [];
let requests = 0;

const SUBMISSION = JSON.stringify({
  claimReference: "BENCH-1",
  attachmentType: "other",
  fileName: "a.pdf",
  contentType: "application/pdf",
  document: "JVBERi0xLjQK",
});

async function request(url, options = {}) {
  requests += 1;
  const response = await fetch(url, { redirect: "manual", ...options });
  const body = await response.text();
  return { response, body };
}

function expect(ok, what) {
  if (!ok) throw new Error(what);
}

async function timed(step, work) {
  const started = performance.now();
  const result = await work();
  samples[step].push(performance.now() - started);
  return result;
}

async function journey(developer, n) {
  const email = `bench-${process.pid}-${developer}-${n}-${Math.random().toString(36).slice(2)}@example.com`;
  const { client_id, client_secret } = await timed("sign_up", async () => {
    const form = await request(`${base}/sandbox/signup`);
    expect(form.response.status === 200, `sign-up form: ${form.response.status}`);
    const cookie = form.response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const csrf = form.body.match(/name="csrf_token" value="([^"]+)"/)?.[1];
    expect(csrf, "no CSRF token on the sign-up form");
    const post = await request(`${base}/api/account/sign-up`, {
      method: "POST",
      headers: { cookie, origin: base, accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        csrf_token: csrf,
        name: "Bench Developer",
        email,
        organisation: "Bench",
        password: "correct horse battery staple",
        accept_terms: "yes",
      }),
    });
    expect(post.response.headers.get("location") === "/sandbox", `sign-up: ${post.response.status}`);
    const signedIn = post.response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") || cookie;
    const page = await request(`${base}/sandbox`, { headers: { cookie: signedIn } });
    const secret = page.body.match(/mns_[A-Za-z0-9_-]+/)?.[0];
    const id = page.body.match(/mnc_[A-Za-z0-9_-]+/)?.[0];
    expect(secret && id, `no credentials on /sandbox: ${page.response.status}`);
    return { client_id: id, client_secret: secret };
  });
  const token = await timed("token", async () => {
    const answer = await request(`${base}/apip/auth/v2/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${client_id}:${client_secret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    expect(answer.response.status === 200, `token: ${answer.response.status}`);
    return JSON.parse(answer.body).access_token;
  });
  const id = await timed("submit", async () => {
    const answer = await request(`${base}/claims/attachments/v1/submissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: SUBMISSION,
    });
    expect(answer.response.status === 201, `submit: ${answer.response.status}`);
    return JSON.parse(answer.body).attachmentId ?? JSON.parse(answer.body).id;
  });
  await timed("status", async () => {
    const answer = await request(`${base}/claims/attachments/v1/status/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.response.status === 200, `status: ${answer.response.status}`);
  });
}

async function developer(index) {
  for (let n = 0; Date.now() < deadline; n += 1) {
    const started = performance.now();
    try {
      await journey(index, n);
      samples.journey.push(performance.now() - started);
    } catch (error) {
      errors.push(String(error.message ?? error));
    }
  }
}

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(developers) }, (_, i) => developer(i)));
const elapsed = (performance.now() - started) / 1000;
const summary = { journeys: samples.journey.length, requests, errors: errors.length, first_errors: errors.slice(0, 3), seconds: Number(elapsed.toFixed(1)) };
for (const [step, values] of Object.entries(samples)) {
  summary[step] = { p50: percentile(values, 50), p99: percentile(values, 99) };
}
console.log(JSON.stringify(summary));
