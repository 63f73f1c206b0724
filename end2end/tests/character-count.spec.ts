import { test, expect } from "./fixtures";
import { continueButton, fillJourneyUntil } from "./journey";

test("a limited answer says its limit before it is reached, counts with JavaScript, and is marked invalid when too long", async ({
  page,
  javaScriptEnabled,
  expectAccessible,
  errors,
}) => {
  test.setTimeout(60_000);
  await fillJourneyUntil(page, "where-it-happened");
  const where = page.getByLabel("The address, or a description of the place");
  await expect(where).toHaveAccessibleDescription(/You can enter up to 500 characters/);
  await expect(where).not.toHaveAttribute("aria-invalid");
  const counts = page.getByText(/^You have [\d,]+ characters? (remaining|too many)$/).filter({ visible: true });
  if (javaScriptEnabled) {
    await expect(page.getByText("You have 500 characters remaining")).toBeVisible();
    await where.fill("x".repeat(498));
    await expect(page.getByText("You have 2 characters remaining")).toBeVisible();
    await where.fill("x".repeat(503));
    await expect(page.getByText("You have 3 characters too many")).toBeVisible();
    await expect(where).toHaveClass(/input--over-limit/);
    // Screen readers hear the count once typing pauses.
    await expect(page.locator("[aria-live=polite]", { hasText: "You have 3 characters too many" })).toHaveCount(1);
    await expectAccessible();
  } else {
    await expect(page.getByText("You can enter up to 500 characters")).toBeVisible();
    await expect(counts).toHaveCount(0);
    await expectAccessible();
  }

  await where.fill("x".repeat(501));
  await continueButton(page).click();
  await expect(page).toHaveTitle(/^Error: Where it happened/);
  await expect(page.getByRole("alert")).toContainText("Where it happened must be 500 characters or fewer (you have 501 characters)");
  await expect(where).toHaveAttribute("aria-invalid", "true");
  await expect(where).toHaveAccessibleDescription(/must be 500 characters or fewer.*You can enter up to 500 characters/);
  if (javaScriptEnabled) {
    // The count starts from what the page shows again, not from nothing.
    await expect(page.getByText("You have 1 character too many")).toBeVisible();
  } else {
    await expect(counts).toHaveCount(0);
  }
  await expectAccessible();
  expect(errors.filter((e) => !e.includes("422"))).toEqual([]);

  // The account has a page, and a limit, of its own.
  await where.fill("By the canal bridge");
  await continueButton(page).click();
  const account = page.getByLabel("Tell us what happened, in your own words");
  await expect(account).toHaveAccessibleDescription(/You can enter up to 5,000 characters/);
  if (javaScriptEnabled) await expect(page.getByText("You have 5,000 characters remaining")).toBeVisible();
});
