import { test, expect } from "./fixtures";
import { answer, continueButton, expectPage, fillJourneyUntil, question } from "./journey";
import type { Page } from "@playwright/test";

/** The text boxes and radios of the page's form a person can reach now. */
async function visibleFields(page: Page): Promise<number> {
  return page.locator("form input:not([type=hidden]), form textarea").filter({ visible: true }).count();
}

test("a follow-up question appears under the answer that calls for it, and reads clearly without JavaScript", async ({
  page,
  javaScriptEnabled,
  expectAccessible,
  errors,
}) => {
  test.setTimeout(120_000);
  await fillJourneyUntil(page, "when-it-happened");
  const exactDate = question(page, "When did it happen?");
  const earliest = question(page, "The earliest it could have happened");
  const knowDate = page.getByRole("radio", { name: "I know the date" });
  const between = page.getByRole("radio", { name: "It happened between two dates" });

  if (javaScriptEnabled) {
    // Only the question itself until it is answered: two radios, not twelve boxes.
    await expect(exactDate).toBeHidden();
    await expect(earliest).toBeHidden();
    expect(await visibleFields(page)).toBe(2);
    await expect(knowDate).toHaveAttribute("aria-controls", "conditional-when-known-exact");
    await expectAccessible();
    await knowDate.check();
    await expect(exactDate).toBeVisible();
    await expect(earliest).toBeHidden();
    expect(await visibleFields(page)).toBe(2 + 3 + 1);
    await expectAccessible();
    await between.check();
    await expect(exactDate).toBeHidden();
    await expect(earliest).toBeVisible();
    await expect(question(page, "The latest it could have happened")).toBeVisible();
    expect(await visibleFields(page)).toBe(2 + 3 + 3);
    await expectAccessible();
  } else {
    // Every follow-up shows, indented under the answer it belongs to; nothing claims to hide it.
    await expect(exactDate).toBeVisible();
    await expect(earliest).toBeVisible();
    await expect(page.locator(".radios__item:has(#when-known) + .radios__conditional")).toContainText("When did it happen?");
    await expect(page.locator(".radios__item:has(#when-known-between) + .radios__conditional")).toContainText(
      "The earliest it could have happened",
    );
    await expect(knowDate).not.toHaveAttribute("aria-controls");
    await expectAccessible();
  }
  await answer["when-it-happened"](page);
  await continueButton(page).click();
  for (const step of ["where-it-happened", "what-happened", "property", "suspect"] as const) {
    await expectPage(page, step);
    await answer[step](page);
    await continueButton(page).click();
  }

  await expectPage(page, "evidence");
  const witnessDetails = page.getByLabel("What do you know about the people who saw it?");
  const witnesses = question(page, "Did anyone else see what happened?");
  if (javaScriptEnabled) {
    await expect(witnessDetails).toBeHidden();
    await witnesses.getByRole("radio", { name: "Yes", exact: true }).check();
    await expect(witnessDetails).toBeVisible();
    await expectAccessible();
    await witnesses.getByRole("radio", { name: "No", exact: true }).check();
    await expect(witnessDetails).toBeHidden();
  } else {
    await expect(witnessDetails).toBeVisible();
    await expect(page.locator(".radios__item:has(#witnesses) + .radios__conditional")).toContainText(
      "What do you know about the people who saw it?",
    );
  }
  await answer.evidence(page);
  await continueButton(page).click();
  for (const step of ["about-you", "your-needs", "support", "your-rights"] as const) {
    await expectPage(page, step);
    await answer[step](page);
    await continueButton(page).click();
  }

  await expectPage(page, "contact");
  const ways = question(page, "How can we contact you?");
  const safeEmail = question(page, "Is it safe for us to email you?");
  const safeText = question(page, "Is it safe for us to text you?");
  if (javaScriptEnabled) {
    // Asked only about the ways chosen.
    await expect(safeEmail).toBeHidden();
    await expect(safeText).toBeHidden();
    await ways.getByRole("checkbox", { name: "Text message" }).check();
    await expect(safeText).toBeVisible();
    await expect(safeEmail).toBeHidden();
    await expectAccessible();
    await ways.getByRole("checkbox", { name: "Text message" }).uncheck();
    await expect(safeText).toBeHidden();
  } else {
    await expect(safeEmail).toBeVisible();
    await expect(page.locator(".checkboxes__item:has(#channels-text) + .checkboxes__conditional")).toContainText(
      "Is it safe for us to text you?",
    );
    await expectAccessible();
  }
  await answer.contact(page);
  await continueButton(page).click();
  await expectPage(page, "check-your-answers");
  // The date, the place and the account are one part of the report, each with its own Change link.
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { name: "What happened", level: 2 })).toHaveCount(1);
  for (const what of ["when it happened", "where it happened", "what happened"]) {
    await expect(main.getByRole("link", { name: `Change ${what}`, exact: true })).toHaveAttribute(
      "href",
      `/report/${what.replaceAll(" ", "-")}?return=check`,
    );
  }
  await expectAccessible();
  expect(errors).toEqual([]);
});
