//! The compliance page and its exports over real HTTP: reports sent through the wizard, decided
//! by staff through the workspace, and every figure the page shows checked against those facts,
//! in the page, the CSV and the JSON; the drill-down lists the reports behind a figure; exports
//! are audited; only supervisors see any of it.

mod support;

use reqwest::{Client, StatusCode};
use rules::staff::Role;
use support::{
    journey::{client, location, send_report},
    spawn_app_with_clock,
    staff::{count, dispatch, enrol_and_sign_in, sign_in},
    SettableClock, TestApp,
};

/// The words of a page without its tags, spaces collapsed.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x27;", "'").replace("&amp;", "&").split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn get(app: &TestApp, c: &Client, path: &str) -> (StatusCode, String) {
    let response = c.get(app.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

/// The queue links on a page, unescaped.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&"))
        .filter(|href| href.starts_with("/staff?"))
        .collect()
}

#[tokio::test]
async fn every_figure_on_the_page_and_in_both_exports_comes_from_the_facts() {
    let clock = SettableClock::now();
    let app = spawn_app_with_clock(&[("PORTAL_SUBMIT_RATE_PER_MINUTE", "600")], clock.clone()).await;
    let supervisor = enrol_and_sign_in(&app, &clock, "sup@midshire.police.uk", Role::Supervisor).await;
    let second = enrol_and_sign_in(&app, &clock, "second@midshire.police.uk", Role::Supervisor).await;
    let reviewer = enrol_and_sign_in(&app, &clock, "rev@midshire.police.uk", Role::Reviewer).await;
    let mut references = Vec::new();
    for _ in 0..3 {
        references.push(send_report(&app, &client()).await);
    }
    dispatch(&app, &clock).await;
    let post = |c: &Client, path: &str, reference: &str, fields: &[(&str, &str)]| {
        let mut fields: Vec<(String, String)> =
            fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        fields.push(("reference".into(), reference.into()));
        c.post(app.url(path)).form(&fields).send()
    };
    let s = &supervisor.client;
    let (a, (b, _), (c, c_code)) = (&references[0].0, &references[1], &references[2]);

    // A: recorded 10 minutes after it came. C: allocated after 12 minutes, no further action,
    // the victim asks for a review and another supervisor upholds it. B: nobody has looked at it.
    clock.advance(chrono::Duration::minutes(10));
    post(s, "/staff/case/open", a, &[("reason", "Reviewing the queue")]).await.unwrap();
    let done = post(s, "/staff/case/record", a, &[]).await.unwrap();
    assert!(location(&done).ends_with("?done=record"), "{}", location(&done));
    post(s, "/staff/case/open", c, &[("reason", "Reviewing the queue")]).await.unwrap();
    post(s, "/staff/case/claim", c, &[]).await.unwrap();
    let team: String = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select a.outcome from assessment a join report r on r.id = a.report_id where r.reference = $1"
    )
    .bind(c.as_str())
    .fetch_one(e)
    .await)
    .unwrap();
    let team = if team == "filed-at-source" { "iit".to_string() } else { team };
    clock.advance(chrono::Duration::minutes(2));
    let done =
        post(s, "/staff/case/allocate", c, &[("team", &team), ("reason", "Footage to check")]).await.unwrap();
    assert!(location(&done).ends_with("?done=allocate"), "{}", location(&done));
    let done = post(
        s,
        "/staff/case/no-further-action",
        c,
        &[("suspect-interviewed", "yes"), ("nfa-reason", "The footage did not show the face.")],
    )
    .await
    .unwrap();
    assert!(location(&done).ends_with("?done=no-further-action"), "{}", location(&done));
    let victim = client();
    victim
        .post(app.url("/track"))
        .form(&[("reference", c.as_str()), ("code", c_code.as_str())])
        .send()
        .await
        .unwrap();
    let asked = victim
        .post(app.url("/track/case/ask-for-a-review"))
        .form(&[("reasons", "I know who it was.")])
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::SEE_OTHER);
    post(&second.client, "/staff/case/open", c, &[("reason", "Review to decide")]).await.unwrap();
    let decided = post(
        &second.client,
        "/staff/case/review",
        c,
        &[("upheld", "yes"), ("review-reason", "We will interview the person you named.")],
    )
    .await
    .unwrap();
    assert!(location(&decided).ends_with("?done=review"), "{}", location(&decided));

    // Each report's record of the duties is written with it, at the moment it came (what the
    // duties' figures count on).
    let apart = "select count(*) from report r left join code_compliance c on c.report_id = r.id
                 where c.report_id is null or c.declaration_at <> r.submitted_at";
    assert_eq!(count(&app, apart).await, 0);

    // Two days on, B and C's "record" deadlines (24 hours) are overdue; A's was met.
    clock.advance(chrono::Duration::days(2));
    sign_in(&app, s, &clock, &supervisor.email, &supervisor.secret).await;
    sign_in(&app, &reviewer.client, &clock, &reviewer.email, &reviewer.secret).await;
    let (status, html) = get(&app, s, "/staff/compliance?period=4-weeks").await;
    assert_eq!(status, StatusCode::OK);
    let page = text_of(&html);
    for duty in [
        "Information on the Victims' Code given (Right 3) 100% (3 of 3) 69% 0",
        "Victim Personal Statement explained (Right 7) 100% (3 of 3) 46% 0",
        "Needs for support assessed (Right 4) 100% (3 of 3) Not measured 0",
        "Contact plan agreed (Right 6) 100% (3 of 3) 89% 0",
    ] {
        assert!(page.contains(duty), "{duty} in {page}");
    }
    let vps = "I would like to make a statement later 100% (3 of 3)";
    assert!(page.contains(vps), "{vps} in {page}");
    let record = rules::deadlines::DeadlineKind::Record.label();
    // B's and C's lateness so far, as the rules count working days (the day of the week this
    // runs on decides it).
    let due: server::store::At = server::on_db!(&app.pool, |e| sqlx::query_scalar(
        "select max(d.due_at) from deadline d join report r on r.id = d.report_id
         where d.kind = 'record' and r.reference = $1"
    )
    .bind(b.as_str())
    .fetch_one(e)
    .await)
    .unwrap();
    let calendar = rules::calendar::WorkingCalendar::england_and_wales().unwrap();
    let uk = rules::compliance::uk_date;
    let late = calendar.working_days_between(uk(due.0), uk(server::clock::Clock::now(&clock)));
    let late = if late == 1 { "1 working day".to_string() } else { format!("{late} working days") };
    let row = format!("{record} 33% (1 of 3) 1 0 2 0 {late}");
    assert!(page.contains(&row), "{row} in {page}");
    for figure in [
        "Reports received 3",
        "Reported online 3",
        "Sent by partners (API) 0",
        "Receipt to first review by a person: median 11 min",
        "Receipt to first review: 90% were reviewed within 12 min",
        "Not yet reviewed by a person 1",
        "Reviews of a decision asked for 1",
        "Reviews decided: upheld 100% (1 of 1)",
        "Complaints 0",
        "Victims invited 0",
        "Surveys answered 0",
        "Satisfied overall (very or fairly) No reports",
    ] {
        assert!(page.contains(figure), "{figure} in {page}");
    }
    assert!(
        html.contains("role=\"img\"") && html.contains("<title id=\"deadlines-chart-title\">"),
        "an SVG chart with its title"
    );
    assert!(html.contains("<desc id=\"received-chart-desc\">"), "and its description");

    // The overdue "record" figure lists B and C, not A.
    let overdue = links(&html)
        .into_iter()
        .find(|href| href.contains("deadline=record") && href.contains("standing=overdue"))
        .expect("a link behind the overdue count");
    let (_, list) = get(&app, s, &overdue).await;
    assert!(list.contains(b.as_str()) && list.contains(c.as_str()), "{overdue}");
    assert!(!list.contains(a.as_str()), "A was recorded on time");
    assert!(text_of(&list).contains("Showing 1 to 2 of 2 reports"));
    // The filters' counts are of the reports behind the figure too.
    assert!(text_of(&list).contains("All (2)"), "{}", text_of(&list));
    let team = links(&html)
        .into_iter()
        .find(|href| href.contains("received=1") && href.contains("outcome="))
        .unwrap();
    let (_, list) = get(&app, s, &team).await;
    assert!(text_of(&list).contains("Showing 1 to 3 of 3 reports"), "{team}");
    let unreviewed = links(&html).into_iter().find(|href| href.contains("unreviewed=1")).unwrap();
    let (_, list) = get(&app, s, &unreviewed).await;
    assert!(list.contains(b.as_str()) && !list.contains(a.as_str()) && !list.contains(c.as_str()));
    // Back from a list to the figures of the same period.
    assert!(list.contains("href=\"/staff/compliance?period=4-weeks\""), "the period kept");
    // C's review, asked for, decided and upheld; no complaints; all three came online.
    let only = |html: &str, which: &str| {
        let href = links(html).into_iter().find(|href| href.contains(which));
        href.unwrap_or_else(|| panic!("a link with {which}"))
    };
    for which in ["request=review", "decided=all", "decided=upheld"] {
        let (_, list) = get(&app, s, &only(&html, which)).await;
        assert!(list.contains(c.as_str()), "{which}");
        assert!(!list.contains(a.as_str()) && !list.contains(b.as_str()), "{which}");
    }
    for (which, shown) in [("request=complaint", 0), ("received=online", 3), ("received=partner", 0)] {
        let (_, list) = get(&app, s, &only(&html, which)).await;
        let shown = if shown == 0 {
            "No reports match these filters.".to_string()
        } else {
            format!("Showing 1 to {shown} of {shown} reports")
        };
        assert!(text_of(&list).contains(&shown), "{which}: {shown}");
    }

    // The exports say the same, and each is audited.
    let csv = s.get(app.url("/staff/compliance.csv?period=4-weeks")).send().await.unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let csv = csv.text().await.unwrap();
    for line in [
        "section,measure,label,count,of,detail",
        "duty,vps-explained,Victim Personal Statement explained (Right 7),3,3,100% (3 of 3)",
        "deadline,record,",
        "volume,received,Reports received,3,,",
        "volume,not-yet-reviewed,Not yet reviewed by a person,1,3,",
        "volume,reviews-upheld,Reviews decided and upheld,1,1,100% (1 of 1)",
        "survey,answered,Surveys answered,0,,",
        "vps-choice,later,I would like to make a statement later,3,3,100% (3 of 3)",
        "volume,first-review-median,\"Receipt to first review, median\",2,,11 min",
    ] {
        assert!(csv.contains(line), "{line} in {csv}");
    }
    assert!(csv.contains(&format!("deadline,record,{record},2,3,overdue")), "{csv}");
    let json =
        s.get(app.url("/staff/compliance.json?period=4-weeks")).send().await.unwrap().text().await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let lines = json["lines"].as_array().unwrap();
    let find = |section: &str, measure: &str, detail: &str| {
        lines
            .iter()
            .find(|l| l["section"] == section && l["measure"] == measure && l["detail"] == detail)
            .map(|l| (l["count"].as_u64().unwrap(), l["of"].as_u64()))
    };
    assert_eq!(find("deadline", "record", "met"), Some((1, Some(3))));
    assert_eq!(find("deadline", "record", "overdue"), Some((2, Some(3))));
    assert_eq!(find("volume", "received", ""), Some((3, None)));
    assert_eq!(find("volume", "reviews-upheld", "100% (1 of 1)"), Some((1, Some(1))));
    assert_eq!(find("duty", "contact-plan-agreed", "100% (3 of 3)"), Some((3, Some(3))));
    assert_eq!(count(&app, "select count(*) from audit_event where action = 'export-compliance-csv' and actor like 'staff:%'").await, 1);
    assert_eq!(
        count(&app, "select count(*) from audit_event where action = 'export-compliance-json'").await,
        1
    );

    // Filtered to another crime type, nothing counts.
    let (_, html) = get(&app, s, "/staff/compliance?period=4-weeks&crime=graffiti").await;
    let page = text_of(&html);
    assert!(page.contains("Only: Graffiti.") && page.contains("Reports received 0"), "{page}");
    assert!(page.contains("These figures are for every report, whatever crime type or team is chosen above"));
    let (_, html) = get(&app, s, "/staff/compliance?period=4-weeks&crime=bicycle-theft").await;
    assert!(text_of(&html).contains("Reports received 3"));

    // D, sent now and not yet assessed (the allocation has not run), is its own figure.
    let (d, _) = send_report(&app, &client()).await;
    clock.advance(chrono::Duration::minutes(1));
    let (_, html) = get(&app, s, "/staff/compliance?period=4-weeks").await;
    assert!(text_of(&html).contains("Not assessed yet 1"), "{}", text_of(&html));
    let (_, list) = get(&app, s, &only(&html, "unassessed=1")).await;
    assert!(list.contains(d.as_str()), "D is not assessed");
    assert!(text_of(&list).contains("Showing 1 to 1 of 1 reports"));

    // A period that cannot be read says why, next to the field, and keeps what was typed.
    let (status, html) = get(&app, s, "/staff/compliance?period=custom&from=2026-10-31&to=2026-10-01").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let page = text_of(&html);
    assert!(
        page.contains("There is a problem")
            && page.contains("The start date must be on or before the end date")
    );
    assert!(html.contains("value=\"2026-10-31\""));

    // A reviewer sees none of it, and nothing is audited for them.
    for path in ["/staff/compliance", "/staff/compliance.csv", "/staff/compliance.json"] {
        let (status, _) = get(&app, &reviewer.client, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        count(&app, "select count(*) from audit_event where action like 'export-compliance%'").await,
        2
    );
}
