//! A case as staff see it, and who may open it: opening a report you have claimed (or been
//! given) is audited as that; opening any other asks for the reason first, and the reason is
//! audited with every view for the rest of the session (Data Protection Act 2018, s.62).

use app::pages::{
    staff::{CaseActions, CaseChoice, CaseRequestView, CaseSection, ContactWay, DeadlineView, StaffCaseView},
    TimelineEntry,
};
use chrono::{DateTime, Utc};
use rules::{
    allocation::{Decision, Outcome},
    calendar::WorkingCalendar,
    deadlines::DeadlineKind,
    fields::reveal_direction_controls,
    staff::{allowed, CaseFacts, CaseState, Permission, StaffDecision},
    wizard::{Agency, Channel, Report, When},
};

use super::{
    queue::{nav, outcome_words, request_kind, risk, teams, when},
    StaffSession,
};
use crate::{
    store::{self, parse_ts, report_doc, Pool},
    track::audit::{self, Actor, Entry},
};

/// Words staff start an update from; they edit them before sending.
pub const TEMPLATES: [(&str, &str, &str); 3] = [
    (
        "progress",
        "Progress",
        "We are still investigating your report. We have been making enquiries and will update you again by the date shown on this page.",
    ),
    (
        "footage",
        "Footage checked",
        "We have looked at the camera footage you told us about. We will tell you what happens next.",
    ),
    (
        "officer",
        "Officer assigned",
        "An officer has been given your report and will contact you in the way you agreed with us.",
    ),
];

/// Whether `session` may open report `report_id` now without giving a reason: they have claimed
/// it or been given it, or gave a reason earlier in this session. The reason to audit, if so.
pub async fn standing_reason(
    pool: &Pool,
    session: &StaffSession,
    report_id: i64,
) -> store::Result<Option<String>> {
    let row = store::queue::row(pool, report_id).await?;
    if row.is_some_and(|r| r.claimed_by == Some(session.account_id)) {
        return Ok(Some("claimed or assigned".into()));
    }
    store::staff::access_reason(pool, session.session_id, report_id).await
}

/// Records `reason` for `session` opening report `report_id` (audited as it is given).
pub async fn give_reason(
    pool: &Pool,
    session: &StaffSession,
    report_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> store::Result<()> {
    let mut tx = store::begin(pool).await?;
    store::staff::grant_access(&mut tx, session.session_id, report_id, reason, now).await?;
    let entry = Entry {
        actor: Actor::Staff(session.account_id),
        action: "give-reason",
        report_id: Some(report_id),
        outcome: "granted",
        client: None,
        reason: Some(reason),
    };
    audit::record(&mut tx, entry, now).await?;
    tx.commit().await
}

/// Audits a view of report `report_id` by `session`, with the reason it stands on.
pub async fn audit_view(
    pool: &Pool,
    session: &StaffSession,
    report_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> store::Result<()> {
    let entry = Entry {
        actor: Actor::Staff(session.account_id),
        action: "view-case",
        report_id: Some(report_id),
        outcome: "shown",
        client: None,
        reason: Some(reason),
    };
    audit::record(pool, entry, now).await
}

fn shown(text: &str) -> String {
    reveal_direction_controls(text).into_owned()
}

fn opt(text: &Option<String>) -> String {
    text.as_deref().map(shown).unwrap_or_else(|| "Not given".into())
}

fn section(title: &str, rows: Vec<(&str, String)>) -> CaseSection {
    CaseSection { title: title.into(), rows: rows.into_iter().map(|(k, v)| (k.to_string(), v)).collect() }
}

fn report_sections(report: &Report) -> Vec<CaseSection> {
    let w = &report.what_happened;
    let when = match &w.when {
        When::On { date, time } => match time {
            Some(time) => format!("{} at {}", date.format("%-d %B %Y"), time.format("%H:%M")),
            None => date.format("%-d %B %Y").to_string(),
        },
        When::Between { from, to } => {
            format!("Between {} and {}", from.format("%-d %B %Y"), to.format("%-d %B %Y"))
        }
    };
    let mut sections = vec![section(
        "What happened",
        vec![
            ("Crime", report.suitability.crime_type.label().into()),
            ("Reporting for", report.suitability.reporting_for.label().into()),
            ("When", when),
            ("Where", shown(&w.location)),
            ("Postcode", opt(&w.postcode)),
            ("What happened", shown(&w.description)),
        ],
    )];
    if let Some(p) = &report.property {
        sections.push(section(
            "Property",
            vec![
                ("Description", shown(&p.description)),
                (
                    "Value",
                    p.value_pence
                        .map(|v| format!("£{}.{:02}", v / 100, v % 100))
                        .unwrap_or_else(|| "Not given".into()),
                ),
                ("Serial numbers or marks", opt(&p.identifiers)),
            ],
        ));
    }
    let s = &report.suspect;
    sections.push(section(
        "Suspect",
        vec![
            ("Seen", s.seen.label().into()),
            ("Description", opt(&s.description)),
            ("Name", opt(&s.name)),
            ("Vehicle registration", opt(&s.vehicle_registration)),
        ],
    ));
    let e = &report.evidence;
    sections.push(section(
        "Evidence",
        vec![
            (
                "Camera footage",
                if e.footage.is_empty() {
                    "None".into()
                } else {
                    e.footage.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ")
                },
            ),
            ("Witnesses", opt(&e.witnesses)),
            ("Forensic traces", e.forensic.label().into()),
            (
                "Device tracking",
                match &e.device_tracking {
                    None => "No".into(),
                    Some(details) => format!("Yes: {}", opt(details)),
                },
            ),
        ],
    ));
    let v = &report.people.victim;
    sections.push(section(
        "Victim",
        vec![
            ("Name", shown(&v.full_name)),
            ("Date of birth", v.date_of_birth.format("%-d %B %Y").to_string()),
            ("Email", opt(&v.email)),
            ("Phone", opt(&v.phone)),
            (
                "Address",
                [v.address_line_1.as_deref(), v.town.as_deref(), v.postcode.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(shown)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("Language", opt(&v.language)),
            ("Interpreter needed", if v.interpreter { "Yes".into() } else { "No".into() }),
            ("Access needs", opt(&v.accessibility_needs)),
        ],
    ));
    if let Some(r) = &report.people.reporter {
        sections.push(section(
            "Reported by",
            vec![
                ("Name", shown(&r.full_name)),
                ("Relationship", shown(&r.relationship)),
                ("Email", opt(&r.email)),
                ("Phone", opt(&r.phone)),
            ],
        ));
    }
    let list = |items: Vec<&str>| if items.is_empty() { "None".to_string() } else { items.join(", ") };
    sections.push(section(
        "Needs and consent",
        vec![
            ("Circumstances", list(report.needs.circumstances.iter().map(|c| c.label()).collect())),
            ("Support wanted", list(report.needs.support.iter().map(|s| s.label()).collect())),
            ("Victim Personal Statement", report.rights.vps.label().into()),
        ]
        .into_iter()
        .chain(report.consents.iter().map(|(agency, yes)| {
            (
                agency.label(),
                if *yes { "Agreed to a referral".to_string() } else { "Did not agree".to_string() },
            )
        }))
        .collect(),
    ));
    sections
}

fn assessment_sections(decision: &Decision, status: &str) -> Vec<CaseSection> {
    let t = &decision.thrive;
    let factor = |f: &rules::allocation::thrive::Factor| {
        let level = format!("{:?}", f.level);
        if f.evidence.is_empty() {
            level
        } else {
            format!("{level}: {}", f.evidence.join("; "))
        }
    };
    let outcome = match &decision.outcome {
        Outcome::Investigate { team } => outcome_words(Some(team.slug())).to_string(),
        Outcome::FiledAtSource { victim_reason, .. } => {
            format!("Filed at source. The victim reads: {victim_reason}")
        }
    };
    vec![
        section(
            "Outcome",
            vec![
                ("Outcome", outcome),
                ("Status", status.to_string()),
                ("Review required", if decision.review_required { "Yes".into() } else { "No".into() }),
                ("Rule set", decision.ruleset_version.clone()),
                ("Rationale", decision.rationale.clone()),
            ],
        ),
        section(
            "THRIVE+",
            vec![
                (
                    "Flags",
                    if t.flags.is_empty() {
                        "None".into()
                    } else {
                        t.flags.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>().join(", ")
                    },
                ),
                ("Priority", format!("{:?}", t.priority)),
                ("Threat", factor(&t.threat)),
                ("Harm", factor(&t.harm)),
                ("Risk", factor(&t.risk)),
                ("Investigation", factor(&t.investigation)),
                ("Vulnerability", factor(&t.vulnerability)),
                ("Engagement", factor(&t.engagement)),
                ("Prevention", if t.prevention.is_empty() { "None".into() } else { t.prevention.join("; ") }),
            ],
        ),
        CaseSection {
            title: "Lines of enquiry".into(),
            rows: if decision.lines.is_empty() {
                vec![("Lines".into(), "None found".into())]
            } else {
                decision.lines.iter().map(|l| (format!("{l:?}"), l.why().to_string())).collect()
            },
        },
        CaseSection {
            title: "Rules that applied".into(),
            rows: decision.rules_fired.iter().map(|f| (f.rule.clone(), f.because.clone())).collect(),
        },
    ]
}

/// The case page of report `report_id` for `session` (the view already audited by the caller).
#[allow(clippy::too_many_arguments)]
pub async fn view(
    pool: &Pool,
    session: &StaffSession,
    report_id: i64,
    now: DateTime<Utc>,
    calendar: &WorkingCalendar,
    template: Option<&str>,
    notice: Option<String>,
    form: app::form_controls::FormState,
) -> store::Result<Option<StaffCaseView>> {
    let Some(row) = store::queue::row(pool, report_id).await? else { return Ok(None) };
    let summary = store::reports::summary(pool, report_id).await?;
    let report = summary.details.as_deref().and_then(|d| report_doc::decode(d).ok());
    let assessment = store::assessment::for_staff(pool, report_id).await?;
    let decision: Option<Decision> = assessment.as_ref().and_then(|(_, _, d)| serde_json::from_str(d).ok());
    let state = CaseState::from_slug(&row.state).unwrap_or(CaseState::ToReview);
    let (risk_words, risk_class) = risk(row.urgent, row.priority_rank);

    let mut contact: Vec<ContactWay> = Vec::new();
    let channels = store::people::contact_channels(pool, report_id).await?;
    for (channel, safe) in channels {
        let Some(channel) = Channel::from_slug(&channel) else { continue };
        let detail = report.as_ref().map(|r| match channel {
            Channel::Email => r.people.contact_email().map(shown).unwrap_or_default(),
            Channel::Phone | Channel::Text => r.people.contact_phone().map(shown).unwrap_or_default(),
            Channel::Letter => {
                let v = &r.people.victim;
                [v.address_line_1.as_deref(), v.town.as_deref(), v.postcode.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(shown)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        });
        contact.push(ContactWay {
            channel: channel.label().into(),
            detail: detail.unwrap_or_default(),
            safe,
        });
    }
    let (frequency, safe_times) =
        store::people::contact_plan(pool, report_id).await?.unwrap_or_else(|| ("when-news".into(), None));

    let deadlines: Vec<DeadlineView> = store::assessment::deadline_states(pool, report_id)
        .await?
        .into_iter()
        .filter_map(|(kind, due, _basis, met)| {
            let kind = DeadlineKind::from_slug(&kind)?;
            let due = parse_ts(&due)?;
            let met = met.as_deref().and_then(parse_ts);
            let (status, tag) = match met {
                Some(met) if met <= due => (format!("Met {}", when(met)), "tag--green"),
                Some(met) => (format!("Met late {}", when(met)), "tag--yellow"),
                None if due < now => (rules::staff::due_words(due, now, calendar), "tag--red"),
                None => (rules::staff::due_words(due, now, calendar), "tag--grey"),
            };
            let status = capitalise(&status);
            Some(DeadlineView { what: kind.label(), due: when(due), status, tag })
        })
        .collect();

    let events = store::events::full_timeline(pool, report_id).await?;
    let acknowledged = events.iter().any(|(kind, ..)| kind == "acknowledged");
    let timeline = events
        .into_iter()
        .map(|(kind, message, visible, at)| TimelineEntry {
            date: parse_ts(&at).map(when).unwrap_or_default(),
            title: format!("{}{}", kind.replace('-', " "), if visible { "" } else { " (staff only)" }),
            detail: Some(shown(&message)),
        })
        .collect();

    let request_rows = store::queue::requests_of(pool, report_id).await?;
    let requests: Vec<CaseRequestView> = request_rows
        .iter()
        .filter(|r| r.kind != "contact")
        .map(|r| CaseRequestView {
            id: r.id,
            kind: request_kind(&r.kind).into(),
            received: parse_ts(&r.created_at).map(when).unwrap_or_default(),
            body: request_body(&r.body),
            answer: r.answer.clone().or_else(|| r.handled_at.as_ref().map(|_| "Read".to_string())),
            due: r
                .due_at
                .as_deref()
                .and_then(parse_ts)
                .map(|d| format!("Answer {}", rules::staff::due_words(d, now, calendar))),
            answerable: r.kind != "review" || r.handled_at.is_none(),
        })
        .collect();
    let review_open = request_rows.iter().any(|r| r.kind == "review" && r.handled_at.is_none());
    let decided_by = store::queue::decided_by(pool, report_id).await?;
    let facts = CaseFacts {
        state,
        assessed: assessment.is_some(),
        review_required: row.review_required,
        claimed_by_me: row.claimed_by.map(|id| id == session.account_id),
        review_open,
        took_part: decided_by == Some(session.account_id),
    };
    let may = |d: StaffDecision| allowed(d, session.role, &facts).is_ok();
    let record_open =
        deadlines.iter().any(|d| d.what == DeadlineKind::Record.label() && !d.status.starts_with("Met"));
    let referrals: Vec<CaseChoice> = store::assessment::referral_states(pool, report_id)
        .await?
        .into_iter()
        .filter(|(_, _, made)| made.is_none())
        .filter_map(|(agency, _, _)| Agency::from_slug(&agency))
        .map(|a| CaseChoice { value: a.slug().into(), label: a.label().into() })
        .collect();
    let reassign = if may(StaffDecision::Reassign) {
        store::staff::caseworkers(pool)
            .await?
            .into_iter()
            .map(|(id, email)| CaseChoice { value: id.to_string(), label: email })
            .collect()
    } else {
        Vec::new()
    };
    let mut allocate: Vec<CaseChoice> =
        teams().map(|(team, words)| CaseChoice { value: team.slug().into(), label: words.into() }).collect();
    if let Some(proposed) = row.outcome.as_deref() {
        if let Some(i) = allocate.iter().position(|c| c.value == proposed) {
            let first = allocate.remove(i);
            allocate.insert(0, CaseChoice { label: format!("{} (proposed)", first.label), ..first });
        }
    }
    let emailed = store::outbox::acknowledgement_outcome(pool, report_id)
        .await?
        .is_none_or(|outcome| !outcome.starts_with("no safe email"));
    let acknowledge = if !acknowledged && !emailed && may(StaffDecision::RecordAcknowledgement) {
        store::people::contact_channels(pool, report_id)
            .await?
            .into_iter()
            .filter(|(channel, safe)| *safe && channel != "email")
            .filter_map(|(channel, _)| Channel::from_slug(&channel))
            .map(|c| CaseChoice { value: c.slug().into(), label: c.label().into() })
            .collect()
    } else {
        Vec::new()
    };
    let crime_types = if may(StaffDecision::ChangeCrimeType) {
        rules::wizard::CrimeType::ALL
            .iter()
            .filter(|c| c.slug() != row.crime_type)
            .map(|c| CaseChoice { value: c.slug().into(), label: c.label().into() })
            .collect()
    } else {
        Vec::new()
    };
    let actions = CaseActions {
        crime_types,
        acknowledge,
        claim: may(StaffDecision::Claim),
        release: row.claimed_by.is_some() && may(StaffDecision::Release),
        reassign,
        confirm_recorded: record_open && may(StaffDecision::ConfirmRecorded),
        allocate: if may(StaffDecision::Allocate) { allocate } else { Vec::new() },
        proposed: row.outcome.clone().filter(|o| o != "filed-at-source"),
        file: may(StaffDecision::FileAtSource),
        return_to_victim: may(StaffDecision::ReturnToVictim),
        referrals: if may(StaffDecision::RecordReferral) { referrals } else { Vec::new() },
        update: may(StaffDecision::PostUpdate),
        templates: TEMPLATES
            .iter()
            .map(|(slug, label, _)| CaseChoice { value: (*slug).into(), label: (*label).into() })
            .collect(),
        no_further_action: may(StaffDecision::NoFurtherAction),
        answer: may(StaffDecision::AnswerRequest),
        decide_review: may(StaffDecision::DecideReview),
        review_note: match allowed(StaffDecision::DecideReview, session.role, &facts) {
            Err(refusal @ rules::staff::Refusal::TookPart) => Some(format!("{refusal}.")),
            _ => None,
        },
    };
    let open_question = store::queue::open_question(pool, report_id).await?.map(|(q, _, due)| {
        let due = parse_ts(&due)
            .map(|d| format!(" (back in the queue {})", rules::staff::due_words(d, now, calendar)))
            .unwrap_or_default();
        format!("{}{due}", shown(&q))
    });
    Ok(Some(StaffCaseView {
        nav: nav(session, "/staff"),
        reference: row.reference.clone(),
        crime_type: rules::wizard::CrimeType::from_slug(&row.crime_type)
            .map_or(row.crime_type.clone(), |c| c.label().into()),
        state: state.name().into(),
        risk: risk_words,
        risk_class,
        claimed: match (row.claimed_by, row.claimed_by_email) {
            (Some(id), _) if id == session.account_id => "Claimed by you".into(),
            (Some(_), Some(email)) => format!("Claimed by {email}"),
            _ => "Not claimed".into(),
        },
        notice,
        form,
        contact,
        safe_times: safe_times.map(|t| shown(&t)),
        contact_frequency: rules::wizard::Frequency::from_slug(&frequency)
            .map_or(frequency.clone(), |f| f.label().into()),
        report: report.as_ref().map(report_sections).unwrap_or_else(|| {
            vec![section(
                "Report",
                vec![("Answers", "This version of the portal cannot read the stored answers.".into())],
            )]
        }),
        assessment: match (&decision, &assessment) {
            (Some(d), Some((status, _, _))) => assessment_sections(d, status),
            _ => vec![section(
                "Assessment",
                vec![(
                    "State",
                    "Not assessed yet: the rules run within a minute of the report arriving.".into(),
                )],
            )],
        },
        deadlines,
        timeline,
        requests,
        open_question,
        actions,
        update_text: template
            .and_then(|t| TEMPLATES.iter().find(|(slug, _, _)| *slug == t))
            .map(|(_, _, text)| text.to_string())
            .unwrap_or_default(),
    }))
    .map(|view| view.filter(|_| session.may(Permission::ViewQueue)))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What the victim wrote in a request, as text.
fn request_body(body: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let mut parts = Vec::new();
    collect_text(&value, &mut parts);
    shown(&parts.join(" "))
}

fn collect_text(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_text(v, out)),
        serde_json::Value::Object(map) => {
            map.iter().filter(|(k, _)| k.as_str() != "kind").for_each(|(_, v)| collect_text(v, out))
        }
        _ => {}
    }
}
