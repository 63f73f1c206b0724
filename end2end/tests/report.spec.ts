import { test, expect } from "./fixtures";
import { baseURL } from "../playwright.config";
import {
  answer,
  bike,
  continueButton,
  expectPage,
  fillDate,
  fillJourneyUntil,
  heading,
  question,
  readConfirmation,
  referencePattern,
  trackingCodePattern,
} from "./journey";
import type { Page } from "@playwright/test";

/** The value shown for `key` on "Check your answers". */
function answerFor(page: Page, key: string) {
  return page.getByText(key, { exact: true }).locator("xpath=following-sibling::dd[1]");
}

test("a victim reports a bicycle theft from the start page to the confirmation", async ({
  page,
  errors,
  expectAccessible,
}) => {
  test.setTimeout(180_000);
  page.on("dialog", (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto("/");
  await expectAccessible();
  await fillJourneyUntil(page, "check-your-answers", async () => {
    await expect(page).toHaveTitle(/^(?!Error:)/);
    await expectAccessible();
  });

  await expectAccessible();
  await expect(answerFor(page, "What you are reporting")).toHaveText("Bicycle theft");
  await expect(answerFor(page, "When")).toHaveText("3 February 2025");
  await expect(answerFor(page, "Where")).toHaveText(bike.location);
  await expect(answerFor(page, "What happened")).toHaveText(bike.description, { useInnerText: true });
  await expect(answerFor(page, "What was stolen or damaged")).toHaveText(bike.property);
  await expect(answerFor(page, "Value")).toHaveText("£450.00");
  await expect(answerFor(page, "Date of birth")).toHaveText("3 April 1990");
  await expect(answerFor(page, "Help you would like")).toHaveText("Money or debt worries");

  await page.getByRole("link", { name: "Change anything stolen or damaged" }).click();
  await expect(page).toHaveURL(/\/report\/property\?return=check$/);
  await expect(heading(page)).toHaveText("Anything stolen or damaged");
  const description = page.getByLabel("What was stolen or damaged?");
  await expect(description).toHaveValue(bike.property);
  await expectAccessible();
  await description.fill("Red Raleigh Pioneer bike with a black basket");
  await continueButton(page).click();
  await expectPage(page, "check-your-answers");
  await expect(answerFor(page, "What was stolen or damaged")).toHaveText("Red Raleigh Pioneer bike with a black basket");

  await continueButton(page).click();
  await expectPage(page, "declaration");
  await expectAccessible();
  await page
    .getByRole("checkbox", { name: "I confirm the information I have given is true to the best of my knowledge" })
    .check();
  await page.getByRole("button", { name: "Send report" }).click();

  await readConfirmation(page);
  await expect(page.getByRole("heading", { name: "What happens next" })).toBeVisible();
  await expectAccessible();
  expect(errors).toEqual([]);
});

test("a wrong answer shows the problems, keeps what was typed and links to the fields", async ({
  page,
  errors,
  javaScriptEnabled,
  expectAccessible,
}) => {
  await fillJourneyUntil(page, "when-it-happened");
  await page.getByRole("radio", { name: "I know the date" }).check();
  await fillDate(page, "When did it happen?", { day: "31", month: "2", year: "2025" });
  await page.getByLabel("What time did it happen? (optional)").fill("25:99");
  await continueButton(page).click();

  await expectPage(page, "when-it-happened");
  await expect(page).toHaveTitle(/^Error: When it happened – /);
  const summary = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "There is a problem" }) });
  await expect(summary).toBeVisible();
  await expect(summary).toHaveAttribute("autofocus", "");
  if (javaScriptEnabled) {
    // Focused on arrival, so screen readers announce it first.
    // Polled: the browser applies autofocus once the page has loaded, not at the first paint.
    await expect
      .poll(() => page.evaluate(() => !!document.activeElement?.closest(".error-summary")))
      .toBe(true);
  }
  await expect(summary).toBeFocused();

  const dateLink = summary.getByRole("link", { name: "The date it happened must be a real date" });
  const timeLink = summary.getByRole("link", { name: /real time/ });
  await expect(dateLink).toHaveAttribute("href", "#date-day");
  await expect(timeLink).toHaveAttribute("href", "#time");

  // The messages are next to their fields, and part of what a screen reader reads for them; the
  // question answered stays open under its answer.
  const date = question(page, "When did it happen?");
  await expect(date.getByText("The date it happened must be a real date")).toBeVisible();
  await expect(date).toHaveAccessibleDescription(/Error: The date it happened must be a real date/);
  const timeBox = page.getByRole("textbox", { name: "What time did it happen? (optional)" });
  await expect(timeBox).toHaveAccessibleDescription(/Error: .*real time/);

  // What was typed is still there.
  await expect(page.getByRole("radio", { name: "I know the date" })).toBeChecked();
  await expect(date.getByLabel("Day")).toHaveValue("31");
  await expect(date.getByLabel("Month")).toHaveValue("2");
  await expect(date.getByLabel("Year")).toHaveValue("2025");
  await expect(timeBox).toHaveValue("25:99");
  await expectAccessible();

  await timeLink.click();
  await expect(page).toHaveURL(/#time$/);
  await expect(timeBox).toBeFocused();
  await expect(timeBox).toBeInViewport();
  await dateLink.click();
  await expect(page).toHaveURL(/#date-day$/);
  await expect(date.getByLabel("Day")).toBeFocused();

  // Put right, the page moves on.
  await date.getByLabel("Day").fill("3");
  await timeBox.fill("14:30");
  await continueButton(page).click();
  await expectPage(page, "where-it-happened");

  // A page of its own: nothing typed, the one problem.
  await continueButton(page).click();
  await expectPage(page, "where-it-happened");
  const placeLink = page.getByRole("alert").getByRole("link", { name: "Enter where it happened" });
  await expect(placeLink).toHaveAttribute("href", "#location");
  await expectAccessible();
  expect(errors).toEqual([]);
});

test("someone in danger is told to call 999", async ({ page, errors, expectAccessible }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Start now" }).click();
  await expectPage(page, "suitability");
  await question(page, /immediate danger/).getByRole("radio", { name: "Yes", exact: true }).check();
  await continueButton(page).click();
  await expect(page).toHaveURL(/\/report\/call-999$/);
  await expect(heading(page)).toHaveText("Call 999 now");
  await expect(page.getByRole("alert")).toContainText("call 999");
  await expect(page.getByRole("main").getByText(/text relay on 18000/)).toBeVisible();
  await expectAccessible();
  expect(errors).toEqual([]);
});

test("a saved report comes back in another browser with the resume code", async ({
  page,
  browser,
  errors,
  javaScriptEnabled,
  expectAccessible,
}) => {
  await fillJourneyUntil(page, "property");
  await answer.property(page);
  await page.getByRole("button", { name: "Save and come back later" }).click();
  await expect(heading(page)).toHaveText("Your answers have been saved");
  // It names the start page's link, links to the start page, and says where continuing leads.
  await expect(page.getByText(/choose ‘Continue a saved report’ and enter this code/)).toBeVisible();
  await expect(page.getByText(/You will go back to the page you saved, ‘Anything stolen or damaged’/)).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "start of this service" })).toHaveAttribute("href", "/");
  await expect(page.getByRole("link", { name: "Continue with your report now" })).toHaveAttribute("href", "/report/property");
  // The saved page is the answer to a POST: with JavaScript off, the accessibility twin could not
  // open it again, so axe-core runs on it only in the hydrated project.
  if (javaScriptEnabled) await expectAccessible();
  expect.soft(errors, "the saved page runs its scripts").toEqual([]);
  errors.length = 0;
  // The code is plain text in the page; its element has no role or label of its own.
  const code = (await page.locator(".resume-code").textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  try {
    const other = await context.newPage();
    const otherErrors: string[] = [];
    other.on("console", (message) => {
      if (message.type() === "error" && !message.text().includes("422")) otherErrors.push(message.text());
    });
    await other.goto("/");
    await other.getByRole("link", { name: "Continue a saved report" }).click();
    await expect(other).toHaveURL(/\/report\/resume$/);
    await expect(heading(other)).toHaveText("Continue a saved report");

    await other.getByLabel("Your code").fill("ABCD-EFGH-JKMN");
    await continueButton(other).click();
    await expect(other).toHaveTitle(/^Error: Continue a saved report/);
    await expect(other.getByRole("alert")).toContainText("We could not find a saved report with that code");
    expect.soft(otherErrors, "the resume page runs its scripts").toEqual([]);

    await other.getByLabel("Your code").fill(code.toLowerCase());
    await continueButton(other).click();
    // Back on the page saved from, with what was typed there, and not marked wrong.
    await expectPage(other, "property");
    await expect(other.getByLabel("What was stolen or damaged?")).toHaveValue(bike.property);
    await expect(other.getByLabel(/Serial numbers or marks/)).toHaveValue(bike.identifiers);
    await expect(other.getByRole("heading", { name: "There is a problem" })).toHaveCount(0);
    // The pages before it kept their answers.
    await other.getByRole("link", { name: "Back", exact: true }).click();
    await expectPage(other, "what-happened");
    await expect(other.getByLabel("Tell us what happened, in your own words")).toHaveValue(bike.description);
    await other.getByRole("link", { name: "Back", exact: true }).click();
    await expectPage(other, "where-it-happened");
    await expect(other.getByLabel("The address, or a description of the place")).toHaveValue(bike.location);
    await other.getByRole("link", { name: "Back", exact: true }).click();
    await expectPage(other, "when-it-happened");
    await expect(question(other, "When did it happen?").getByLabel("Day")).toHaveValue("3");
    await other.getByRole("link", { name: "Back", exact: true }).click();
    await expectPage(other, "suitability");
    await expect(other.getByRole("radio", { name: "Bicycle theft" })).toBeChecked();
    await expect(question(other, "Who are you reporting for?").getByRole("radio", { name: "Myself" })).toBeChecked();
  } finally {
    await context.close();
  }

  // The first browser no longer opens the draft.
  await page.goto("/report/property");
  await expectPage(page, "suitability");
  expect(errors.filter((e) => !e.includes("422"))).toEqual([]);
});

test("sending twice makes one report and the same confirmation", async ({ page, errors }) => {
  test.setTimeout(60_000);
  await fillJourneyUntil(page, "declaration");
  // The same report open in a second tab, left there while the first one sends it.
  const staleTab = await page.context().newPage();
  await staleTab.goto("/report/declaration");
  await expectPage(staleTab, "declaration");

  const declaration = "I confirm the information I have given is true to the best of my knowledge";
  await page.getByRole("checkbox", { name: declaration }).check();
  await page.getByRole("button", { name: "Send report" }).dblclick();
  const { reference } = await readConfirmation(page);

  // Back does not show the sent form again: the declaration page now leads to the confirmation.
  await page.goBack();
  await expect(page).toHaveURL(/\/report\/confirmation$/);
  await expect(page.getByText(referencePattern)).toHaveText(reference);

  // Sending again from the page left open makes no second report.
  await staleTab.getByRole("checkbox", { name: declaration }).check();
  await staleTab.getByRole("button", { name: "Send report" }).click();
  await expect(staleTab).toHaveURL(/\/report\/confirmation$/);
  await expect(staleTab.getByText(referencePattern)).toHaveText(reference);
  expect(errors).toEqual([]);
});

test("after sending, the code can be hidden, and the next person to start on the device gets a fresh report", async ({
  page,
  errors,
  expectAccessible,
}) => {
  test.setTimeout(120_000);
  await fillJourneyUntil(page, "declaration");
  const declaration = "I confirm the information I have given is true to the best of my knowledge";
  await page.getByRole("checkbox", { name: declaration }).check();
  await page.getByRole("button", { name: "Send report" }).click();
  const { reference, trackingCode } = await readConfirmation(page);
  await expect(page.getByText(/This page shows it for 10 minutes after you sent your report, only on this device/)).toBeVisible();
  await expectAccessible();

  // The next person on this device presses "Start now": a fresh report, no code.
  await page.goto("/");
  await page.getByRole("link", { name: "Start now" }).click();
  await expectPage(page, "suitability");
  await expect(page.getByText(trackingCode)).toHaveCount(0);

  // The sender, back on the confirmation within the window, hides the code for good.
  await page.goto("/report/confirmation");
  await page.getByRole("button", { name: "I have written it down: hide my code" }).click();
  await expect(page).toHaveURL(/\/report\/confirmation$/);
  await expect(page.getByText(trackingCodePattern)).toHaveCount(0);
  await expect(page.getByText(reference)).toBeVisible();
  await expect(page.getByText(/it is not shown again/)).toBeVisible();
  await expectAccessible();
  expect(errors).toEqual([]);
});
