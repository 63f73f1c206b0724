import { expect, type Locator, type Page } from "@playwright/test";

/** The question pages of the reporting wizard, in order, by the last part of their address. */
export const steps = [
  "suitability",
  "when-it-happened",
  "where-it-happened",
  "what-happened",
  "property",
  "suspect",
  "evidence",
  "about-you",
  "your-needs",
  "support",
  "your-rights",
  "contact",
] as const;
export type Step = (typeof steps)[number];

/** Every wizard page's `<h1>`, by its address. */
export const headings = {
  suitability: "Check this service is right for you",
  "when-it-happened": "When it happened",
  "where-it-happened": "Where it happened",
  "what-happened": "What happened",
  property: "Anything stolen or damaged",
  suspect: "The person who did it",
  evidence: "Evidence and witnesses",
  "about-you": "About you",
  "your-needs": "What you need from us",
  support: "Support for you",
  "your-rights": "Your rights",
  contact: "How we keep in touch",
  "check-your-answers": "Check your answers before sending your report",
  declaration: "Send your report",
} as const;
export type WizardPage = keyof typeof headings;

/** The answers of a bicycle theft reported by the victim (the same as server/tests/wizard.rs). */
export const bike = {
  date: { day: "3", month: "2", year: "2025" },
  location: "Bike racks outside the library, High Street",
  postcode: "b1 1bb",
  description: "My bike was locked up and had gone when I came back. <script>alert(1)</script>",
  property: "Red Raleigh bike",
  value: "450",
  identifiers: "Frame WTU123456",
  name: "Sam Patel",
  dob: { day: "3", month: "4", year: "1990" },
  email: "sam@example.com",
};

/** A question on a page: its fieldset, named by its legend. */
export function question(page: Page, legend: string | RegExp): Locator {
  return page.getByRole("group", { name: legend });
}

/** Types a date into the Day, Month and Year boxes of the date question `legend`. */
export async function fillDate(page: Page, legend: string | RegExp, date: { day: string; month: string; year: string }) {
  const group = question(page, legend);
  await group.getByLabel("Day").fill(date.day);
  await group.getByLabel("Month").fill(date.month);
  await group.getByLabel("Year").fill(date.year);
}

export function heading(page: Page): Locator {
  return page.getByRole("heading", { level: 1 });
}

export function continueButton(page: Page): Locator {
  return page.getByRole("button", { name: "Continue", exact: true });
}

/** Waits until the wizard shows `step`. */
export async function expectPage(page: Page, step: WizardPage) {
  await expect(page).toHaveURL(new RegExp(`/report/${step}(\\?.*)?$`));
  await expect(heading(page)).toHaveText(headings[step]);
}

/** Fills in each question page through its labels, as the victim of the bicycle theft. */
export const answer: Record<Step, (page: Page) => Promise<void>> = {
  suitability: async (page) => {
    await question(page, /immediate danger/).getByRole("radio", { name: "No", exact: true }).check();
    await question(page, "What do you want to report?").getByRole("radio", { name: "Bicycle theft" }).check();
    await question(page, "Who are you reporting for?").getByRole("radio", { name: "Myself" }).check();
    await question(page, /are you 16 or over\?/).getByRole("radio", { name: "Yes", exact: true }).check();
  },
  "when-it-happened": async (page) => {
    await page.getByRole("radio", { name: "I know the date" }).check();
    await fillDate(page, "When did it happen?", bike.date);
  },
  "where-it-happened": async (page) => {
    await page.getByLabel("The address, or a description of the place").fill(bike.location);
    await page.getByLabel("Postcode, if you know it (optional)").fill(bike.postcode);
  },
  "what-happened": async (page) => {
    await page.getByLabel("Tell us what happened, in your own words").fill(bike.description);
  },
  property: async (page) => {
    await question(page, "Was anything stolen or damaged?").getByRole("radio", { name: "Yes", exact: true }).check();
    await page.getByLabel("What was stolen or damaged?").fill(bike.property);
    await page.getByLabel(/Roughly how much is it worth/).fill(bike.value);
    await page.getByLabel(/Serial numbers or marks/).fill(bike.identifiers);
  },
  suspect: async (page) => {
    await question(page, /Did you see the person who did it/).getByRole("radio", { name: "No", exact: true }).check();
  },
  evidence: async (page) => {
    await question(page, /camera footage or photos/).getByRole("checkbox", { name: "CCTV" }).check();
    await question(page, "Did anyone else see what happened?").getByRole("radio", { name: "No", exact: true }).check();
    await question(page, /touch, move or leave anything behind/).getByRole("radio", { name: "I'm not sure" }).check();
    await question(page, /stolen phone, laptop or other device/).getByRole("radio", { name: "No", exact: true }).check();
  },
  "about-you": async (page) => {
    await page.getByLabel("Your full name").fill(bike.name);
    await fillDate(page, "What is your date of birth?", bike.dob);
    await page.getByLabel("Email address").fill(bike.email);
    await question(page, /need an interpreter/).getByRole("radio", { name: "No", exact: true }).check();
  },
  "your-needs": async (page) => {
    await question(page, "Do any of these apply?").getByRole("checkbox", { name: "None of these" }).check();
    await question(page, "Would you like help with any of these?")
      .getByRole("checkbox", { name: "Money or debt worries" })
      .check();
  },
  support: async (page) => {
    await question(page, "Can we pass your details to Victim Support?").getByRole("radio", { name: "Yes", exact: true }).check();
    await question(page, "Can we pass your details to a debt advice service?")
      .getByRole("radio", { name: "No", exact: true })
      .check();
  },
  "your-rights": async (page) => {
    await page.getByRole("radio", { name: "I would like to make a statement later" }).check();
    await page.getByRole("checkbox", { name: "I have read my rights" }).check();
  },
  contact: async (page) => {
    await question(page, "How can we contact you?").getByRole("checkbox", { name: "Email", exact: true }).check();
    await question(page, "Is it safe for us to email you?")
      .getByRole("radio", { name: "Yes", exact: true })
      .check();
    await page.getByRole("radio", { name: "Only when there is news" }).check();
  },
};

/**
 * Starts a report from the start page and answers every question page before `until` ("check-your-answers"
 * answers them all), pressing Continue on each. `onPage` runs on each page as it arrives, before it
 * is filled in (for example, an accessibility check).
 */
export async function fillJourneyUntil(page: Page, until: WizardPage, onPage?: (step: WizardPage) => Promise<void>) {
  await page.goto("/");
  await page.getByRole("link", { name: "Start now" }).click();
  for (const step of steps) {
    await expectPage(page, step);
    if (step === until) return;
    await onPage?.(step);
    await answer[step](page);
    await continueButton(page).click();
  }
  await expectPage(page, "check-your-answers");
  if (until === "check-your-answers") return;
  await onPage?.("check-your-answers");
  await continueButton(page).click();
  await expectPage(page, "declaration");
}

/** Report references look like ABC-DEF-GHJ and tracking codes like ABCD-EFGH-JKMN. */
export const referencePattern = /^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}$/;
export const trackingCodePattern = /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/;

/** On the confirmation page: the reference in the panel, and the tracking code. */
export async function readConfirmation(page: Page): Promise<{ reference: string; trackingCode: string }> {
  await expect(page).toHaveURL(/\/report\/confirmation$/);
  await expect(heading(page)).toHaveText("Report sent");
  await expect(page.getByText("Your crime reference number")).toBeVisible();
  const reference = page.getByText(referencePattern);
  await expect(reference).toHaveCount(1);
  await expect(reference).toBeVisible();
  const trackingCode = page.getByText(trackingCodePattern);
  await expect(trackingCode).toHaveCount(1);
  return { reference: (await reference.textContent())!.trim(), trackingCode: (await trackingCode.textContent())!.trim() };
}
