import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createHmac } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { dataDir } from "../playwright.config";
import { answer, bike, continueButton, expectPage, heading, readConfirmation, steps } from "./journey";

const password = "tulip otter garage lantern";

/** Runs an operator command against the portal's database; returns what it printed. */
function portal(...args: string[]): string {
  return execFileSync("../target/release/portal", args, {
    env: { ...process.env, PORTAL_DATA_DIR: dataDir, RUST_LOG: "warn" },
    stdio: "pipe",
  }).toString();
}

/** RFC 4648 base32, as authenticator apps read it. */
function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/[\s=]/g, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The RFC 6238 code (HMAC-SHA-1, 6 digits, 30 s) for `secret`, `ahead` steps from now. */
function totp(secret: Buffer, ahead = 0): string {
  const step = Math.floor(Date.now() / 1000 / 30) + ahead;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

type Staff = { email: string; secret: Buffer };

/** Adds an account from the command line and enrols it in the browser, as a new member of staff would. */
async function enrol(page: Page, role: string, expectAccessible: () => Promise<void>, name: string): Promise<Staff> {
  const email = `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@midshire.police.uk`;
  const printed = portal("staff", "add", email, "--role", role).trim().split("\n");
  const link = new URL(printed[printed.length - 1]);
  expect(link.pathname).toMatch(/^\/staff\/enrol\/[A-Za-z0-9_-]{43}$/);
  await page.goto(link.pathname);
  await expect(page).toHaveURL(/\/staff\/enrol$/);
  await expect(heading(page)).toHaveText("Set up your account");
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expectAccessible();
  const secret = base32(await page.locator("code.secret-key").innerText());
  expect(secret.length).toBe(20);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Type the password again").fill(password);
  await page.getByLabel("Code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Set up account" }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  await expect(page.getByText("Your account is set up.")).toBeVisible();
  return { email, secret };
}

/** Signs in with the password and then a code the enrolment (or an earlier sign-in) did not use. */
async function signIn(page: Page, staff: Staff, expectAccessible: () => Promise<void>) {
  await page.goto("/staff/sign-in");
  await expectAccessible();
  await page.getByLabel("Email address").fill(staff.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(heading(page)).toHaveText("Enter the code from your authenticator app");
  await expectAccessible();
  await page.getByLabel("Code").fill(totp(staff.secret, 1));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(heading(page)).toHaveText("Reports");
}

/** Sends a bicycle theft whose account of what happened says the thief is still outside, from `email` if given. */
async function sendUrgentReport(page: Page, email?: string) {
  await page.goto("/");
  await page.getByRole("link", { name: "Start now" }).click();
  for (const step of steps) {
    await expectPage(page, step);
    await answer[step](page);
    if (step === "what-happened") {
      await page.getByLabel("Tell us what happened, in your own words").fill(`${bike.description} He is still outside now.`);
    }
    if (step === "about-you" && email) {
      await page.getByLabel("Email address").fill(email);
    }
    await continueButton(page).click();
  }
  await expectPage(page, "check-your-answers");
  await continueButton(page).click();
  await expectPage(page, "declaration");
  await page
    .getByRole("checkbox", { name: "I confirm the information I have given is true to the best of my knowledge" })
    .check();
  await page.getByRole("button", { name: "Send report" }).click();
  return readConfirmation(page);
}

async function victimSignIn(page: Page, reference: string, code: string) {
  await page.goto("/track");
  await page.getByLabel("Crime reference number").fill(reference);
  await page.getByLabel("Tracking code").fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/track\/case$/);
}

async function newPage(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  return context.newPage();
}

/** Opens the case from the queue, giving the reason asked for. */
async function openCase(page: Page, reference: string, reason: string, expectAccessible: () => Promise<void>) {
  await page.goto(`/staff/case/${reference}`);
  await expect(heading(page)).toHaveText("Why do you need to open this report?");
  await expectAccessible();
  await page.getByLabel("Reason").fill(reason);
  await page.getByRole("button", { name: "Open the report" }).click();
  await expect(heading(page)).toHaveText(`Report ${reference}`);
}

test("force contact finds a new report at the top of the queue, returns it for information and files it with a reason the victim reads", async ({
  page,
  browser,
  javaScriptEnabled,
  errors,
  expectAccessible,
}) => {
  test.setTimeout(240_000);
  const victim = await newPage(browser, javaScriptEnabled);
  const { reference, trackingCode } = await sendUrgentReport(victim);

  // Words of danger mark the report for review: only a supervisor may file it at source.
  const supervisor = await enrol(page, "supervisor", expectAccessible, "contact");
  await signIn(page, supervisor, expectAccessible);
  // The queue: people in danger first. Wait for the rules to assess the new report.
  const row = page.getByRole("row").filter({ hasText: reference });
  await expect(async () => {
    await page.goto("/staff");
    await expect(row).toContainText("Needs a person now", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const risks = await page.locator("tbody tr td:nth-child(4)").allTextContents();
  const position = (await page.locator("tbody tr td:first-child").allTextContents()).map((t) => t.trim()).indexOf(reference);
  expect(position).toBeGreaterThanOrEqual(0);
  expect(risks.slice(0, position).every((r) => r.includes("Needs a person now")), "only other urgent reports come before it").toBe(true);
  await expect(row).toContainText("Record the crime: due in");
  await expectAccessible();
  // The accounts page is for administrators only.
  const refused = await page.goto("/staff/accounts");
  expect(refused?.status()).toBe(403);
  await expect(heading(page)).toHaveText("You do not have access to this page");
  await expectAccessible();
  await page.goto("/staff");

  await row.getByRole("link", { name: reference }).click();
  await expect(heading(page)).toHaveText("Why do you need to open this report?");
  await expectAccessible();
  await page.getByLabel("Reason").fill("Top of the queue: words of danger");
  await page.getByRole("button", { name: "Open the report" }).click();
  await expect(heading(page)).toHaveText(`Report ${reference}`);
  await expect(page.getByRole("table", { name: /Ways of contact/ })).toContainText("Safe");
  await expect(page.getByText(bike.name).first()).toBeVisible();
  await expectAccessible();
  await page.getByRole("button", { name: "Claim this report" }).click();
  await expect(page.getByText("You have claimed this report.")).toBeVisible();

  // Override the proposed allocation: a reason is required.
  const proposed = await page.locator("input[name=team]:checked").getAttribute("value");
  const other = proposed === "fcid" ? "IIT" : "CID";
  await page.getByRole("group", { name: "Who investigates" }).getByLabel(other, { exact: true }).check();
  await page.getByRole("button", { name: "Save allocation" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Say why you are changing the proposed allocation");
  await expectAccessible();
  await page.getByRole("group", { name: "Who investigates" }).getByLabel(other, { exact: true }).check();
  await page.getByLabel("Reason, if you change the proposal").fill("A named suspect: CID have the case");
  await page.getByRole("button", { name: "Save allocation" }).click();
  await expect(page.getByText("The allocation is saved.")).toBeVisible();

  // Return it for information; the victim answers on their tracking page.
  await page.getByLabel("Ask the victim for more information").fill("Which way did he go when he left?");
  await page.getByRole("button", { name: "Ask the victim" }).click();
  await expect(page.getByText("Your question has been sent.")).toBeVisible();
  await victimSignIn(victim, reference, trackingCode);
  await expect(victim.getByText("Which way did he go when he left?").first()).toBeVisible();
  await victim.getByRole("link", { name: "Answer our question" }).click();
  await victim.getByLabel("What do you want to tell us?").fill("Towards the station, on foot.");
  await victim.getByRole("button", { name: "Send information" }).click();
  await expect(victim.getByText("We have added your information to your report")).toBeVisible();

  // Back in the queue, to review.
  await page.goto("/staff");
  await expect(page.getByRole("row").filter({ hasText: reference })).toContainText("To review");
  await page.getByRole("row").filter({ hasText: reference }).getByRole("link", { name: reference }).click();
  await expect(page.getByText("Towards the station, on foot.")).toBeVisible();

  // File at source with the reason the victim reads.
  await page.getByLabel("Reason for filing, for the victim").fill("We checked the station cameras and found nothing we can follow up, so we have filed your report.");
  await page.getByRole("button", { name: "File at source" }).click();
  await expect(page.getByText("The report is filed at source.")).toBeVisible();
  await expectAccessible();
  await victim.goto("/track/case");
  await expect(victim.getByText("We checked the station cameras and found nothing we can follow up, so we have filed your report.").first()).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(heading(page)).toHaveText("You have signed out");
  await expectAccessible();
  await page.goto("/staff");
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  // The one error the browser saw: the accounts page's deliberate 403.
  expect(errors.filter((e) => !e.includes("status of 403"))).toEqual([]);
});

test("a review is decided by a supervisor who took no part in the decision", async ({
  page,
  browser,
  javaScriptEnabled,
  errors,
  expectAccessible,
}) => {
  test.setTimeout(240_000);
  const victim = await newPage(browser, javaScriptEnabled);
  const { reference, trackingCode } = await sendUrgentReport(victim);
  const first = await enrol(page, "supervisor", expectAccessible, "first");
  await signIn(page, first, expectAccessible);
  await expect(async () => {
    portal("report", "allocate", reference, "iit");
  }).toPass({ timeout: 30_000 });
  await openCase(page, reference, "Reviewing the investigation's outcome", expectAccessible);
  await page.getByRole("group", { name: "Was a suspect interviewed?" }).getByLabel("Yes").check();
  await page.getByLabel("Reason, for the victim").first().fill("The person we interviewed could not be linked to the theft.");
  await page.getByRole("button", { name: "Record no further action" }).click();
  await expect(page.getByText("No further action is recorded.")).toBeVisible();

  await victimSignIn(victim, reference, trackingCode);
  await victim.getByRole("link", { name: "Ask for a review of our decision" }).first().click();
  await victim.getByLabel("Why do you think the decision should be looked at again?").fill("Another witness saw him take it.");
  await victim.getByRole("button", { name: "Ask for a review" }).click();
  await expect(victim.getByRole("heading", { name: "We have your request for a review" })).toBeVisible();

  await page.goto("/staff/requests");
  await expect(page.getByRole("row").filter({ hasText: reference })).toContainText("Review request");
  await expectAccessible();
  // The supervisor who decided is not offered the review.
  await page.goto(`/staff/case/${reference}`);
  await expect(page.getByText("You took part in the decision under review. Another supervisor must decide it")).toBeVisible();
  await expect(page.getByRole("button", { name: "Decide the review" })).toHaveCount(0);

  const second = await enrol(page, "supervisor", expectAccessible, "second");
  await signIn(page, second, expectAccessible);
  await openCase(page, reference, "Deciding the review request", expectAccessible);
  await page.getByRole("group", { name: "Is the victim's request for a review upheld?" }).getByLabel("Yes").check();
  await page.getByLabel("Reason, for the victim").last().fill("We will speak to the other witness and look again.");
  await page.getByRole("button", { name: "Decide the review" }).click();
  await expect(page.getByText("The review is decided.")).toBeVisible();
  await expectAccessible();
  await victim.goto("/track/case");
  await expect(victim.getByText("We will speak to the other witness and look again.").first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("an administrator adds an account on the accounts page and sees its link once", async ({ page, errors, expectAccessible }) => {
  test.setTimeout(120_000);
  const admin = await enrol(page, "admin", expectAccessible, "admin");
  // A wrong password: the same answer as an unknown address, the address kept, the password not.
  await page.goto("/staff/sign-in");
  await page.getByLabel("Email address").fill(admin.email);
  await page.getByLabel("Password").fill("not my password at all");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("The email address and password do not match");
  await expect(page.getByLabel("Email address")).toHaveValue(admin.email);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expectAccessible();
  await page.goto("/staff/sign-in");
  await page.getByLabel("Email address").fill(admin.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Code").fill(totp(admin.secret, 1));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/staff\/accounts$/);
  await expect(heading(page)).toHaveText("Staff accounts");
  await expectAccessible();
  const email = `new-${Date.now()}@midshire.police.uk`;
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel(/^Reviewer/).check();
  await page.getByRole("button", { name: "Add account" }).click();
  await expect(page.getByText("we will not show it again")).toBeVisible();
  await expect(page.locator(".panel code.secret-key")).toContainText("/staff/enrol/");
  await expectAccessible();
  await page.reload();
  await expect(page.getByText("we will not show it again")).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Waiting to enrol");
  await page.goto("/staff");
  await expect(page).toHaveURL(/\/staff\/accounts$/, { timeout: 5000 });
  expect(errors).toEqual([]);
});

test("a supervisor reads the compliance figures, a chart's table, and the reports behind a figure", async ({
  page,
  browser,
  javaScriptEnabled,
  errors,
  expectAccessible,
}) => {
  test.setTimeout(180_000);
  const victim = await newPage(browser, javaScriptEnabled);
  const { reference } = await sendUrgentReport(victim);
  const supervisor = await enrol(page, "supervisor", expectAccessible, "figures");
  await signIn(page, supervisor, expectAccessible);
  await openCase(page, reference, "Recording the crime", expectAccessible);
  await page.getByRole("button", { name: "Claim this report" }).click();
  await page.getByRole("button", { name: "Confirm the crime is recorded" }).click();
  await expect(page.getByText("The crime is recorded. The victim has been told.")).toBeVisible();

  await page.getByRole("link", { name: "Compliance" }).click();
  await expect(heading(page)).toHaveText("Victims' Code compliance");
  await expect(page.getByRole("heading", { name: /^Last 4 weeks/ })).toBeVisible();
  // Each chart is an image with a name and a description, and its numbers are in a table.
  const chart = page.getByRole("img", { name: /Deadlines met, late, overdue and not yet due, by kind/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator("desc")).toContainText("The table below gives the same numbers");
  await expectAccessible();
  // The report's deadline to be recorded falls due tomorrow: choose dates that take it in.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Dates you choose").check();
  await page.getByLabel("From (if you chose dates)").fill(day(-1));
  await page.getByLabel("To", { exact: true }).fill(day(7));
  await page.getByRole("button", { name: "Show figures" }).click();
  const deadlines = page.getByRole("table", { name: "Victims' Code deadlines that fell due in the period" });
  const recorded = deadlines.getByRole("row").filter({ hasText: "Record the crime" });
  await expect(recorded).toBeVisible();
  const received = page.getByRole("table", { name: "Reports received each day" });
  await expect(received.getByRole("row")).not.toHaveCount(1);
  await expect(page.getByRole("table", { name: /Duties owed to every victim/ })).toContainText("46%");
  await expectAccessible();

  // The CSV has the same figures.
  const csvHref = await page.getByRole("link", { name: "CSV (spreadsheet)" }).getAttribute("href");
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split("\r\n")[0]).toBe("section,measure,label,count,of,detail");

  // The count of those met on time lists the report that was recorded.
  await recorded.getByRole("cell").nth(1).getByRole("link").click();
  await expect(heading(page)).toHaveText("Reports");
  await expect(page.getByText(/Reports behind a compliance figure .*Record the crime: met/)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: reference })).toBeVisible();
  await expectAccessible();
  // Back to the figures of the same dates.
  await page.getByRole("link", { name: "Back to the compliance figures" }).click();
  await expect(heading(page)).toHaveText("Victims' Code compliance");
  await expect(page.getByLabel("From (if you chose dates)")).toHaveValue(day(-1));
  await expect(recorded).toBeVisible();

  // A period that cannot be: the problem is named next to the field, and what was typed stays.
  await page.goto("/staff/compliance");
  await page.getByLabel("Dates you choose").check();
  await page.getByLabel("From (if you chose dates)").fill("2026-10-31");
  await page.getByLabel("To", { exact: true }).fill("2026-10-01");
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    "The start date must be on or before the end date",
  );
  await expect(page.getByLabel("From (if you chose dates)")).toHaveValue("2026-10-31");
  await expectAccessible();
  // A quarter.
  await page.getByRole("radio", { name: "A quarter" }).check();
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(page.getByRole("heading", { name: /\(quarter \d of \d{4}\/\d{2}\)/ })).toBeVisible();
  await expectAccessible();
  // The backwards period was answered 400 on purpose (the browser logs that status); nothing else.
  expect(errors.filter((e) => !e.includes("status of 400"))).toEqual([]);
  expect(errors.length).toBeLessThanOrEqual(1);
});

/** The survey invitation mailed to `to` (the portal writes mail to files here), its quoted-printable soft breaks undone. */
function surveyMailTo(to: string): string | undefined {
  const dir = path.join(dataDir, "mail");
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".eml"));
  } catch {
    return undefined;
  }
  return names
    .map((n) => readFileSync(path.join(dir, n), "utf8").replace(/=\r?\n/g, ""))
    .find((m) => m.includes("Subject: How did we do?") && m.includes(to));
}

test("a victim follows the survey link from the email, answers, and the link then works no more", async ({
  page,
  browser,
  javaScriptEnabled,
  errors,
  expectAccessible,
}) => {
  test.setTimeout(180_000);
  const email = `victim-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  // The victim is the page checked with axe-core; the supervisor's pages are checked elsewhere.
  const victim = page;
  const staff = await newPage(browser, javaScriptEnabled);
  const checked = async () => {};
  const { reference } = await sendUrgentReport(victim, email);
  const supervisor = await enrol(staff, "supervisor", checked, "survey");
  await signIn(staff, supervisor, checked);
  await openCase(staff, reference, "Recording the crime", checked);
  await staff.getByRole("button", { name: "Claim this report" }).click();
  await staff.getByRole("button", { name: "Confirm the crime is recorded" }).click();
  await expect(staff.getByText("The crime is recorded. The victim has been told.")).toBeVisible();
  expect(portal("survey", "invite", reference)).toContain("Invited");

  let mail: string | undefined;
  await expect(async () => {
    mail = surveyMailTo(email);
    expect(mail).toBeDefined();
  }).toPass({ timeout: 60_000 });
  expect(mail).not.toContain(reference);
  const link = new URL(mail!.match(/https?:\/\/\S+\/survey\/[A-Za-z0-9_-]+/)![0]);

  await victim.goto(link.pathname);
  await expect(victim).toHaveURL(/\/survey$/);
  await expect(heading(victim)).toHaveText("Tell us how we did");
  await expect(victim.getByText(reference)).toHaveCount(0);
  await expectAccessible();
  // A missing answer is named by its question, and the comment typed stays.
  const group = (legend: RegExp) => victim.getByRole("group", { name: legend });
  await group(/kept you informed/).getByLabel("Fairly satisfied", { exact: true }).check();
  await group(/understood what would happen next/).getByLabel("Agree", { exact: true }).check();
  await group(/respectfully/).getByLabel("Very satisfied", { exact: true }).check();
  const comment = victim.getByLabel("Is there anything else you would like to tell us? (optional)");
  const words = `The officer called back when she said she would, ${Math.floor(Math.random() * 1e9)} times.`;
  await comment.fill(words);
  await victim.getByRole("button", { name: "Send your answers" }).click();
  await expect(victim.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
  await expect(comment).toHaveValue(words);
  await expectAccessible();
  await group(/Overall/).getByLabel("Fairly satisfied", { exact: true }).check();
  await victim.getByRole("button", { name: "Send your answers" }).click();
  await expect(victim).toHaveURL(/\/survey\/thank-you$/);
  await expect(victim.getByText("Thank you for your answers")).toBeVisible();
  await expectAccessible();
  // The link has done its work.
  await victim.goto(link.pathname);
  await expect(heading(victim)).toHaveText("This link has already been used or has expired");
  await expectAccessible();

  // The supervisor sees the comment on the compliance page, without whose it is.
  await staff.goto("/staff/compliance");
  await expect(staff.getByText(words)).toBeVisible();
  expect(errors).toEqual([]);
});
