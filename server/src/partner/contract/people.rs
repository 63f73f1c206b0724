//! The fields of the steps about the people: about you, needs, support, rights, contact and the
//! declaration.

use super::list::*;
use super::*;

pub(super) fn about_you() -> StepFields {
    let mut fields = vec![text("full-name", max_chars::FULL_NAME, Need::Always, "The victim's full name.")];
    date(
        &mut fields,
        "dob",
        Need::Always,
        &format!("The victim's date of birth (a real date in the past, at most {MAX_AGE_YEARS} years ago)"),
    );
    let contact = "reporting-for is `myself` and neither of the other ways (email, phone, \
        address-line-1 with postcode) is given";
    let reporter_contact =
        "reporting-for is `someone-else` and the other of reporter-email and reporter-phone is not given";
    fields.extend([
        format("email", Format::Email, when(contact), "The victim's email address."),
        format("phone", Format::Phone, when(contact), "The victim's phone number."),
        text(
            "address-line-1",
            max_chars::ADDRESS_LINE_1,
            when(contact),
            "First line of the victim's address.",
        ),
        text("town", max_chars::TOWN, Need::Optional, "Town or city."),
        format("postcode", Format::Postcode, when(contact), "The victim's postcode."),
        text("language", max_chars::LANGUAGE, Need::Optional, "The language the victim prefers."),
        yes_no("interpreter", Need::Always, "Does the victim need an interpreter to speak to the police?"),
        text("accessibility", max_chars::ACCESSIBILITY, Need::Optional, "Accessibility needs."),
        text(
            "reporter-name",
            max_chars::REPORTER_NAME,
            when("reporting-for is `someone-else`"),
            "The reporter's full name.",
        ),
        text(
            "reporter-relationship",
            max_chars::REPORTER_RELATIONSHIP,
            when("reporting-for is `someone-else`"),
            "How the reporter knows the victim, for example parent or carer.",
        ),
        format("reporter-email", Format::Email, when(reporter_contact), "The reporter's email address."),
        format("reporter-phone", Format::Phone, when(reporter_contact), "The reporter's phone number."),
    ]);
    StepFields {
        step: Step::AboutYou,
        about: "The victim and, when reporting-for is `someone-else`, the person reporting, whom the \
            force then contacts. With `myself`, give an email, a phone number, or an address line \
            and postcode.",
        fields,
    }
}

pub(super) fn needs() -> StepFields {
    StepFields {
        step: Step::Needs,
        about: "What the victim needs; some circumstances give enhanced rights.",
        fields: vec![
            choices(
                "circumstances",
                slugs(Circumstance::ALL, Circumstance::slug),
                true,
                "Any that apply, or `none` on its own.",
            ),
            choices(
                "support",
                slugs(SupportNeed::ALL, SupportNeed::slug),
                true,
                "Help wanted, or `none` on its own. Each need offers an agency in the support step.",
            ),
        ],
    }
}

/// When the wizard offers `agency`, in words.
pub(super) fn offered_when(agency: Agency) -> String {
    let needs: Vec<String> = SupportNeed::ALL
        .iter()
        .filter(|&&n| Agency::for_need(n) == agency)
        .map(|n| format!("your-needs.support has `{}`", n.slug()))
        .collect();
    let mut reasons = Vec::new();
    if agency == Agency::DomesticViolence {
        reasons.push("your-needs.circumstances has `domestic-abuse`".to_string());
    }
    if agency == Agency::ChildrenAndYoungPeople {
        reasons.push("the victim is under 18".to_string());
    }
    reasons.extend(needs);
    reasons.join(", or ")
}

pub(super) fn support() -> StepFields {
    let fields = Agency::ALL
        .iter()
        .map(|&agency| {
            let need =
                if agency == Agency::VictimSupport { Need::Always } else { when(&offered_when(agency)) };
            yes_no(
                &format!("consent-{}", agency.slug()),
                need,
                &format!(
                    "Does the victim agree to their details being passed to this agency: {}?",
                    agency.label()
                ),
            )
        })
        .collect();
    StepFields {
        step: Step::Support,
        about: "One consent answer for each agency offered: Victim Support always, the others as \
            the answers in your-needs and the victim's age point to them.",
        fields,
    }
}

pub(super) fn rights() -> StepFields {
    StepFields {
        step: Step::Rights,
        about: "The victim's rights under the Victims' Code.",
        fields: vec![
            choice("vps", slugs(VpsChoice::ALL, VpsChoice::slug), Need::Always, "Victim Personal Statement."),
            choice("rights-read", vec!["yes"], Need::Always, "The victim has been told their rights."),
        ],
    }
}

pub(super) fn contact() -> StepFields {
    let mut fields = vec![choices(
        "channels",
        slugs(Channel::ALL, Channel::slug),
        false,
        "Ways to make contact. The details come from about-you (the reporter's with `someone-else`): \
         email needs an email address, phone and text a phone number, letter an address line and \
         postcode (only with `myself`). At least one chosen way must be safe.",
    )];
    for &channel in Channel::ALL {
        fields.push(yes_no(
            &format!("safe-{}", channel.slug()),
            when(&format!("channels has `{}`", channel.slug())),
            &format!("Is it safe to contact the victim by {}?", channel.label().to_lowercase()),
        ));
    }
    fields.push(choice("frequency", slugs(Frequency::ALL, Frequency::slug), Need::Always, "How often."));
    fields.push(text("safe-times", max_chars::SAFE_TIMES, Need::Optional, "Safe times to make contact."));
    StepFields { step: Step::Contact, about: "How the force keeps in touch.", fields }
}

pub(super) fn declaration() -> StepFields {
    StepFields {
        step: Step::Declaration,
        about: "The declaration.",
        fields: vec![choice(
            "declaration",
            vec!["yes"],
            Need::Always,
            "The information is true to the best of the victim's knowledge.",
        )],
    }
}
