import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { dataDir } from "../playwright.config";
import { fillJourneyUntil, heading, readConfirmation } from "./journey";

/** Sends the bicycle theft through the wizard; returns its reference and tracking code. */
async function sendReport(page: Page) {
  await fillJourneyUntil(page, "declaration");
  await page
    .getByRole("checkbox", { name: "I confirm the information I have given is true to the best of my knowledge" })
    .check();
  await page.getByRole("button", { name: "Send report" }).click();
  return readConfirmation(page);
}

/** Runs an operator command against the portal's database, as the force would. */
function portal(...args: string[]) {
  execFileSync("../target/release/portal", args, {
    env: { ...process.env, PORTAL_DATA_DIR: dataDir, RUST_LOG: "warn" },
    stdio: "pipe",
  });
}

async function signIn(page: Page, reference: string, code: string) {
  await page.goto("/track");
  await page.getByLabel("Crime reference number").fill(reference);
  await page.getByLabel("Tracking code").fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/track\/case$/);
  await expect(heading(page)).toHaveText("Your report");
}

/** Browser errors other than the 422 status of a page that shows the problems with a form. */
function unexpected(errors: string[]) {
  return errors.filter((e) => !e.includes("status of 422"));
}

/** A day such as "Monday 7 December 2026". */
const day = /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ 20\d\d/;

test("a victim checks their report, adds information and changes how we contact them", async ({
  page,
  errors,
  expectAccessible,
}) => {
  test.setTimeout(180_000);
  const { reference, trackingCode } = await sendReport(page);

  // The confirmation page says where to check the report.
  await page.getByRole("link", { name: "check your report" }).click();
  await expect(page).toHaveURL(/\/track$/);
  await expectAccessible();
  await page.getByLabel("Crime reference number").fill(reference);
  await page.getByLabel("Tracking code").fill("ABCD-EFGH-JKMN");
  await page.getByRole("button", { name: "Continue" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("The reference number and tracking code do not match");
  await expect(summary).toBeFocused();
  await expect(page.getByLabel("Crime reference number")).toHaveValue(reference);
  await expect(page.getByLabel("Tracking code")).toHaveValue("");
  await expectAccessible();

  await signIn(page, reference, trackingCode);
  await expect(page.getByText(`Reference ${reference}`, { exact: true })).toBeVisible();
  const status = page.locator("main");
  await expect(status).toContainText(/Received|Being assessed/);
  const next = page.getByRole("heading", { name: "When you will hear from us next" }).locator("xpath=following-sibling::*[1]");
  await expect(next).toContainText(day);
  await expect(page.getByText("Report received")).toBeVisible();
  await expect(page.getByRole("link", { name: /review/i })).toHaveCount(0);
  await expect(page.getByText(/make a complaint/i).first()).toBeVisible();
  await expectAccessible();

  await page.getByRole("link", { name: "Add information" }).click();
  await expect(heading(page)).toHaveText("Add information to your report");
  await expectAccessible();
  await page.getByRole("button", { name: "Send information" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    "Enter the information you want to add to your report",
  );
  await expectAccessible();
  await page.getByLabel("What do you want to tell us?").fill("A neighbour's camera points at the bike racks.");
  await page.getByRole("button", { name: "Send information" }).click();
  await expect(page).toHaveURL(/\/track\/case\?done=add-information$/);
  await expect(page.getByRole("heading", { name: "We have added your information to your report" })).toBeVisible();
  await expect(page.getByText("You added information")).toBeVisible();
  await expectAccessible();

  await page.getByRole("link", { name: "Change how we contact you" }).first().click();
  await expect(heading(page)).toHaveText("Change how we contact you");
  await expect(page.getByRole("group", { name: "How can we contact you?" }).getByRole("checkbox", { name: "Email", exact: true })).toBeChecked();
  await expectAccessible();
  await page.getByRole("radio", { name: "At least every month" }).check();
  await page.getByLabel(/Are there times when it is best/).fill("Weekdays after 6pm");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: "We have changed how we contact you" })).toBeVisible();
  await expect(page.getByText("At least every month")).toBeVisible();
  await expect(page.getByText("Weekdays after 6pm")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(heading(page)).toHaveText("You have signed out");
  await page.goto("/track/case");
  await expect(page).toHaveURL(/\/track$/);
  expect(unexpected(errors)).toEqual([]);
});

test("a victim asks for a review of a decision not to take further action", async ({
  page,
  errors,
  expectAccessible,
}) => {
  test.setTimeout(180_000);
  const { reference, trackingCode } = await sendReport(page);
  // A team has the report (once the rules have assessed it), then the investigation ends.
  await expect(async () => portal("report", "allocate", reference, "iit")).toPass({ timeout: 30_000 });
  portal("report", "no-further-action", reference, "interviewed", "There is not enough evidence to charge anyone.");

  await signIn(page, reference, trackingCode);
  await expect(page.getByText("Investigation ended").first()).toBeVisible();
  await expect(page.getByText("There is not enough evidence to charge anyone.").first()).toBeVisible();
  await expect(page.getByText(/You have the right to ask for this decision to be reviewed until/)).toBeVisible();
  await expectAccessible();

  await page.getByRole("link", { name: "Ask for a review of our decision" }).first().click();
  await expect(heading(page)).toHaveText("Ask for a review of our decision");
  await expect(page.getByText("There is not enough evidence to charge anyone.")).toBeVisible();
  await expectAccessible();
  await page.getByRole("button", { name: "Ask for a review" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    "Tell us why you think the decision should be looked at again",
  );
  await page.getByLabel("Why do you think the decision should be looked at again?").fill("The man was on camera.");
  await page.getByRole("button", { name: "Ask for a review" }).click();
  await expect(page.getByRole("heading", { name: "We have your request for a review" })).toBeVisible();
  await expect(page.getByText(/You asked for a review on/)).toBeVisible();
  const rights = page.getByRole("heading", { name: "Your rights" }).locator("xpath=following-sibling::*");
  await expect(rights.getByText(new RegExp(`We will confirm we have your request by ${day.source}\\.`))).toBeVisible();
  await expect(rights.getByText(new RegExp(`We will tell you the result by ${day.source}\\.`))).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a review of our decision" })).toHaveCount(0);
  await expectAccessible();
  expect(unexpected(errors)).toEqual([]);
});
