//! The fixed choices offered in the reporting wizard, each with the value sent by the form and
//! the words shown to the person.

use serde::{Deserialize, Serialize};

/// A fixed set of choices read from a form value.
pub trait Choice: Copy + Ord {
    /// The choice with this form value, if any.
    fn from_slug(slug: &str) -> Option<Self>;
}

macro_rules! choices {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $slug:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every choice, in the order shown.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value in the form and in storage.
            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            /// The words shown to the person.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The choice with this form value.
            pub fn from_slug(slug: &str) -> Option<Self> {
                match slug { $($slug => Some($name::$variant),)+ _ => None }
            }
        }

        impl Choice for $name {
            fn from_slug(slug: &str) -> Option<Self> {
                $name::from_slug(slug)
            }
        }
    };
}

choices! {
    /// The crimes that can be reported online (the force chooses which, by configuration).
    CrimeType {
        TheftOfVehicle = "theft-of-vehicle": "Theft of a vehicle",
        TheftFromVehicle = "theft-from-vehicle": "Theft from a vehicle",
        BicycleTheft = "bicycle-theft": "Bicycle theft",
        TheftFromPerson = "theft-from-person": "Theft from a person, such as a phone or bag taken from you",
        OtherTheft = "other-theft": "Other theft",
        DamageToVehicle = "damage-to-vehicle": "Damage to a vehicle",
        DamageToProperty = "damage-to-property": "Damage to a home, shed or other property",
        Graffiti = "graffiti": "Graffiti",
    }
}

choices! {
    /// Whose crime it is.
    ReportingFor {
        Myself = "myself": "Myself",
        SomeoneElse = "someone-else": "Someone else, for example my child or a person I care for",
    }
}

choices! {
    /// Whether the date is known exactly.
    WhenKnown {
        Exact = "exact": "I know the date",
        Between = "between": "It happened between two dates",
    }
}

choices! {
    /// A yes / no / not sure answer.
    YesNoUnsure {
        Yes = "yes": "Yes",
        No = "no": "No",
        NotSure = "not-sure": "I'm not sure",
    }
}

choices! {
    /// Footage that may show the crime.
    Footage {
        Cctv = "cctv": "CCTV",
        Doorbell = "doorbell": "A doorbell camera",
        Dashcam = "dashcam": "A dashcam",
        Phone = "phone": "Photos or video on a phone",
    }
}

choices! {
    /// Circumstances that give a victim enhanced rights under the Victims' Code.
    Circumstance {
        DomesticAbuse = "domestic-abuse": "The person who did it is, or was, a partner or family member",
        Hate = "hate": "It happened because of who I am, for example my race, religion, sexuality, disability or gender identity",
        Sexual = "sexual": "It involved a sexual offence",
        PersistentlyTargeted = "persistently-targeted": "It has happened to me before and I feel targeted",
        Disability = "disability": "I have a disability or illness, including mental health",
        Intimidated = "intimidated": "I feel frightened or intimidated",
    }
}

choices! {
    /// Needs that a partner service can help with.
    SupportNeed {
        MentalHealth = "mental-health": "My mental health",
        SubstanceMisuse = "substance-misuse": "Drugs or alcohol",
        OlderPerson = "older-person": "Being an older person living alone or needing care",
        AntiSocialBehaviour = "anti-social-behaviour": "Anti-social behaviour where I live",
        Children = "children": "Children in my home who were affected",
        FireSafety = "fire-safety": "Fire safety in my home",
        Family = "family": "Support for my whole family",
        Debt = "debt": "Money or debt worries",
        RestorativeJustice = "restorative-justice": "Talking to the person who did it (restorative justice)",
    }
}

choices! {
    /// Services a victim can be referred to, each needing its own consent.
    Agency {
        VictimSupport = "victim-support": "Victim Support",
        DomesticViolence = "domestic-violence": "A domestic abuse service",
        MentalHealth = "mental-health": "A mental health service",
        SubstanceMisuse = "substance-misuse": "A drug and alcohol service",
        ElderlyCare = "elderly-care": "Adult social care for older people",
        AntiSocialBehaviour = "anti-social-behaviour": "The anti-social behaviour team",
        ChildrenAndYoungPeople = "children-and-young-people": "A service for children and young people",
        FireSafety = "fire-safety": "The fire service's home safety check",
        ThinkFamily = "think-family": "Think Family (support for the whole family)",
        Debt = "debt": "A debt advice service",
        RestorativeJustice = "restorative-justice": "The restorative justice service",
    }
}

choices! {
    /// What the victim chose about a Victim Personal Statement.
    VpsChoice {
        Later = "later": "I would like to make a statement later",
        NotNow = "not-now": "Not now",
    }
}

choices! {
    /// Ways the force can keep in touch.
    Channel {
        Email = "email": "Email",
        Phone = "phone": "Phone call",
        Text = "text": "Text message",
        Letter = "letter": "Letter",
    }
}

choices! {
    /// How often the victim wants to hear from the force.
    Frequency {
        WhenNews = "when-news": "Only when there is news",
        Fortnightly = "fortnightly": "At least every 2 weeks",
        Monthly = "monthly": "At least every month",
    }
}

impl Agency {
    /// The agency a support need points to.
    pub fn for_need(need: SupportNeed) -> Agency {
        match need {
            SupportNeed::MentalHealth => Agency::MentalHealth,
            SupportNeed::SubstanceMisuse => Agency::SubstanceMisuse,
            SupportNeed::OlderPerson => Agency::ElderlyCare,
            SupportNeed::AntiSocialBehaviour => Agency::AntiSocialBehaviour,
            SupportNeed::Children => Agency::ChildrenAndYoungPeople,
            SupportNeed::FireSafety => Agency::FireSafety,
            SupportNeed::Family => Agency::ThinkFamily,
            SupportNeed::Debt => Agency::Debt,
            SupportNeed::RestorativeJustice => Agency::RestorativeJustice,
        }
    }
}

choices! {
    /// Why a victim is entitled to enhanced rights under the Victims' Code.
    EnhancedReason {
        UnderEighteen = "under-18": "You are under 18",
        DomesticAbuse = "domestic-abuse": "It involves domestic abuse",
        Hate = "hate": "It may be a hate crime",
        Sexual = "sexual": "It involves a sexual offence",
        PersistentlyTargeted = "persistently-targeted": "You have been targeted again and again",
        Vulnerable = "vulnerable": "You have a disability or illness",
        Intimidated = "intimidated": "You feel frightened or intimidated",
    }
}
