"""The staff workspace under load, for scripts/bench-staff (which starts the server and cleans up).

Sends one bicycle theft through the wizard over HTTP, waits until the allocation job has assessed
it, seeds copies of it straight into SQLite (one transaction) with the derived queue columns
computed as server/src/store/queue.rs `refresh` does, enrols and signs in a supervisor through
the pages (TOTP computed here), then times the queue and a case page over one kept-alive
connection. Standard library only.
"""

import argparse
import base64
import gzip
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import sqlite3
import statistics
import struct
import subprocess
import sys
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

TARGET_MS = 50.0
PASSWORD = "correct horse battery staple"
EMAIL = "bench@example.police.uk"

# app/rules/src/codes.rs: A-Z without I, L, O, and 2-9; 8 random characters and a check
# character making sum((i + 1) * value(c_i)) over all nine a multiple of 31; groups of 3.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
VALUE = {c: i for i, c in enumerate(ALPHABET)}

CRIME_TYPES = [
    "theft-of-vehicle", "theft-from-vehicle", "bicycle-theft", "theft-from-person",
    "other-theft", "damage-to-vehicle", "damage-to-property", "graffiti",
]
# server/src/casework.rs priority_ranks / rules::staff::priority_rank.
PRIORITY_RANK = {"priority": 1, "non-urgent": 2, "scheduled": 3, "no-deployment": 4}

# The journey of server/tests/support/journey.rs.
JOURNEY = [
    ("suitability", [("danger", "no"), ("crime-type", "bicycle-theft"), ("reporting-for", "myself"),
                     ("over-16", "yes")]),
    ("when-it-happened", [("when-known", "exact"), ("date-day", "3"), ("date-month", "2"),
                          ("date-year", "2025"), ("time", "")]),
    ("where-it-happened", [("location", "Bike racks outside the library, High Street"),
                           ("location-postcode", "b1 1bb")]),
    ("what-happened", [("description", "My bike was locked up and had gone when I came back.")]),
    ("property", [("has-property", "yes"), ("property-description", "Red Raleigh bike"),
                  ("property-value", "450"), ("property-identifiers", "Frame WTU123456")]),
    ("suspect", [("suspect-seen", "no")]),
    ("evidence", [("footage", "cctv"), ("witnesses", "no"), ("forensic", "not-sure"), ("tracking", "no")]),
    ("about-you", [("full-name", "Sam Patel"), ("dob-day", "3"), ("dob-month", "4"), ("dob-year", "1990"),
                   ("email", "sam@example.com"), ("interpreter", "no")]),
    ("your-needs", [("circumstances", "none"), ("support", "debt")]),
    ("support", [("consent-victim-support", "yes"), ("consent-debt", "no")]),
    ("your-rights", [("vps", "later"), ("rights-read", "yes")]),
    ("contact", [("channels", "email"), ("safe-email", "yes"), ("frequency", "when-news")]),
]

# Tables whose rows for the original report are copied as they are for each seeded report (with
# its id, and timestamps moved by the same amount as its received time).
COPIED = [
    "report_person", "report_property", "report_suspect", "report_evidence", "report_needs",
    "code_compliance", "referral_consent", "contact_plan", "contact_channel", "referral",
    "status_event",
]
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


# The queue rows whose derived columns differ from what server/src/store/queue.rs `refresh`
# computes (its expressions, with the per-report subqueries as grouped joins).
REFRESHED_DIFFER = """
select count(*) from case_state c
left join assessment a on a.report_id = c.report_id
left join (select report_id, min(due_at) as due from deadline where met_at is null group by report_id) d
    on d.report_id = c.report_id
left join (select report_id, count(*) as n from victim_request where handled_at is null and kind <> 'contact'
           group by report_id) v on v.report_id = c.report_id
where c.state is not case
        when exists (select 1 from no_further_action n where n.report_id = c.report_id) then 'closed'
        when exists (select 1 from info_request i where i.report_id = c.report_id and i.closed_at is null)
            then 'with-victim'
        {answered_since_decided}
        when a.status in ('confirmed', 'overridden', 'decided') then
            case when a.outcome = 'filed-at-source' then 'filed' else 'allocated' end
        else 'to-review' end
    or c.urgent is not coalesce(json_array_length(a.decision, '$.thrive.flags') > 0, 0)
    or c.priority_rank is not case a.priority when 'priority' then 1 when 'non-urgent' then 2
        when 'scheduled' then 3 when 'no-deployment' then 4 else 0 end
    or c.next_due_at is not d.due
    or c.outcome is not a.outcome
    or c.review_required is not coalesce(a.review_required, 0)
    or c.requests_waiting is not coalesce(v.n, 0)
"""


# The first report of the default queue, in its order (store/queue.rs `list`, Sort::Queue).
TOP_OF_QUEUE = """
select r.reference from case_state c join report r on r.id = c.report_id where c.state = 'to-review'
order by c.urgent desc, c.priority_rank, c.next_due_at is null, c.next_due_at, c.received_at limit 1
"""


def fail(message):
    print(f"bench-staff: {message}", file=sys.stderr)
    sys.exit(1)


def ts(at):
    """RFC 3339 UTC with milliseconds, as store::ts writes it."""
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def parse_ts(text):
    return datetime.strptime(text.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z")


def reference(rng):
    chars = [rng.choice(ALPHABET) for _ in range(8)]
    weighted = sum((i + 1) * VALUE[c] for i, c in enumerate(chars))
    needed = (31 - weighted % 31) % 31
    chars.append(ALPHABET[needed * 7 % 31])
    text = "".join(chars)
    return f"{text[0:3]}-{text[3:6]}-{text[6:9]}"


def totp(secret, step):
    """RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps."""
    digest = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class Browser:
    """One kept-alive HTTP/1.1 connection with a cookie jar; redirects are not followed."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.conn = None

    def request(self, method, path, fields=None, accept_encoding=None):
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept": "text/html"}
        if accept_encoding:
            headers["Accept-Encoding"] = accept_encoding
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle kept-alive connection: open a new one, once.
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() != "set-cookie":
                continue
            pair, *attributes = value.split(";")
            key, _, val = pair.strip().partition("=")
            gone = any(a.strip().lower() in ("max-age=0",) for a in attributes) or val == ""
            if gone:
                self.cookies.pop(key, None)
            else:
                self.cookies[key] = val
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, response.getheader("Location", ""), data

    def text(self, data):
        try:
            return gzip.decompress(data).decode()
        except OSError:
            return data.decode()

    def post_expect_redirect(self, path, fields, what):
        status, location, _ = self.request("POST", path, fields)
        if status != 303:
            fail(f"{what}: POST {path} answered {status}, not 303")
        return location


def send_report(port):
    browser = Browser(port)
    for slug, fields in JOURNEY:
        location = browser.post_expect_redirect(f"/report/{slug}", fields + [("action", "continue")], slug)
        if location == f"/report/{slug}":
            fail(f"the wizard refused the answers on /report/{slug}")
    browser.post_expect_redirect("/report/declaration", [("declaration", "yes"), ("action", "continue")],
                                 "declaration")
    status, _, data = browser.request("GET", "/report/confirmation")
    found = re.search(r'class="reference">([^<]+)<', browser.text(data))
    if status != 200 or not found:
        fail(f"no reference on the confirmation page (status {status})")
    return found.group(1)


def wait_for_assessment(db_path, ref, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db = sqlite3.connect(db_path, timeout=30)
        try:
            row = db.execute(
                "select r.id from report r join assessment a on a.report_id = r.id where r.reference = ?",
                (ref,),
            ).fetchone()
        finally:
            db.close()
        if row:
            return row[0]
        time.sleep(0.2)
    fail(f"report {ref} was not assessed within {seconds} s")


def columns(db, table):
    return [row[1] for row in db.execute(f"pragma table_info({table})")]


def seed(db_path, original_id, total, rng):
    """Seeds total - 1 copies of report `original_id`; returns the seconds the transaction took
    (building the rows included), the seconds `analyze` took, and what was seeded."""
    started = time.monotonic()
    db = sqlite3.connect(db_path, timeout=60, isolation_level=None)
    db.row_factory = sqlite3.Row
    now = datetime.now(timezone.utc)

    def rows_of(table):
        return [dict(r) for r in db.execute(f"select * from {table} where report_id = ?", (original_id,))]

    report = dict(db.execute("select * from report where id = ?", (original_id,)).fetchone())
    assessment = rows_of("assessment")[0]
    deadlines = rows_of("deadline")
    case_state = rows_of("case_state")[0]
    copied = {table: rows_of(table) for table in COPIED}
    decision = json.loads(assessment["decision"])
    details = json.loads(report["details"]) if report.get("details") else None
    original_received = parse_ts(report["submitted_at"])
    taken = {r[0] for r in db.execute("select reference from report")}
    first_id = db.execute("select max(id) from report").fetchone()[0] + 1
    spread = 90 * 24 * 3600  # received over the last 90 days

    report_cols = columns(db, "report")
    case_cols = columns(db, "case_state")
    out = {t: [] for t in ["report", "assessment", "deadline", "case_state", "victim_request",
                           "no_further_action"] + COPIED}
    counts = {"urgent": 0, "states": {}, "requests": 0}

    def shift(value, delta):
        if isinstance(value, str) and TIMESTAMP.match(value):
            return ts(parse_ts(value) + delta)
        return value

    for n in range(total - 1):
        report_id = first_id + n
        ref = reference(rng)
        while ref in taken:
            ref = reference(rng)
        taken.add(ref)
        received = now - timedelta(seconds=rng.uniform(60, spread))
        delta = received - original_received
        crime = rng.choice(CRIME_TYPES)

        r = dict(report, id=report_id, reference=ref, crime_type=crime, submitted_at=ts(received))
        if details is not None:
            doc = dict(details, suitability=dict(details.get("suitability") or {}, crime_type=crime))
            r["details"] = json.dumps(doc, separators=(",", ":"))
        out["report"].append(tuple(r[c] for c in report_cols))
        for table in COPIED:
            for row in copied[table]:
                row = {k: shift(v, delta) for k, v in row.items() if k != "id"}
                row["report_id"] = report_id
                out[table].append(row)

        # Where the report stands, its assessment, and ~2 % with a THRIVE+ flag.
        roll = rng.random()
        state = ("to-review" if roll < 0.80 else "allocated" if roll < 0.90 else
                 "filed" if roll < 0.96 else "closed")
        urgent = state != "filed" and rng.random() < 0.02  # nothing flagged is filed at source
        if state == "filed":
            outcome = "filed-at-source"
        else:
            outcome = rng.choices(["iit", "fcid", "ppu", "filed-at-source"], [50, 15, 10, 25])[0]
            if outcome == "filed-at-source" and (urgent or state != "to-review"):
                outcome = "iit"
        priority = "priority" if urgent else rng.choices(list(PRIORITY_RANK), [10, 50, 25, 15])[0]
        status = "proposed" if state == "to-review" else "confirmed"
        review_required = 1 if urgent or (outcome == "filed-at-source" and rng.random() < 0.2) else 0
        # The decision as the rules write it (rules::allocation::Decision): outcome, priority
        # and flags where they stand in it.
        d = dict(decision)
        if outcome == "filed-at-source":
            d["outcome"] = {"outcome": "filed-at-source",
                            "victim_reason": "There is no line of enquiry we can follow at the moment.",
                            "if_new_information": "Tell us on your tracking page if you find out more."}
        else:
            d["outcome"] = {"outcome": "investigate", "team": outcome}
        d["review_required"] = bool(review_required)
        d["thrive"] = dict(d.get("thrive") or {}, priority=priority,
                           flags=["possible-continuing-danger"] if urgent else [])
        out["assessment"].append({
            **assessment, "report_id": report_id, "outcome": outcome, "status": status,
            "review_required": review_required, "priority": priority,
            "decision": json.dumps(d, separators=(",", ":")),
            "assessed_at": ts(received + timedelta(seconds=rng.uniform(0.5, 5))),
        })

        # Deadlines: the original's, moved; most of those past are met, and once the report is
        # decided so are recording and the decision explained.
        unmet = []
        for dl in deadlines:
            due = parse_ts(dl["due_at"]) + delta
            if due < now:
                done = rng.random() < (0.7 if state == "to-review" else 0.95)
            elif state != "to-review" and dl["kind"] in ("record", "decision-explained"):
                done = True
            else:
                done = rng.random() < 0.1
            met = received + (min(due, now) - received) * rng.uniform(0.1, 0.9) if done else None
            if met is None:
                unmet.append(due)
            out["deadline"].append({**dl, "report_id": report_id, "due_at": ts(due),
                                    "met_at": ts(met) if met else None})

        # Victims' requests: ~6 % of reports, half answered.
        waiting = 0
        if rng.random() < 0.06:
            for _ in range(rng.choice([1, 1, 1, 2])):
                kind = rng.choice(["information", "update", "complaint", "contact"])
                created = received + (now - received) * rng.uniform(0.1, 0.95)
                handled = created + (now - created) * rng.uniform(0.1, 0.9) if rng.random() < 0.5 else None
                if handled is None and kind != "contact":
                    waiting += 1
                out["victim_request"].append({
                    "report_id": report_id, "kind": kind, "body": "Seeded request from the benchmark.",
                    "created_at": ts(created), "handled_at": ts(handled) if handled else None,
                })
                counts["requests"] += 1
        if state == "closed":
            out["no_further_action"].append({
                "report_id": report_id, "suspect_interviewed": 0,
                "reason": "No line of enquiry is left to follow.",
                "decided_at": ts(received + (now - received) * 0.5),
            })

        counts["urgent"] += urgent
        counts["states"][state] = counts["states"].get(state, 0) + 1
        cs = dict(case_state)
        cs.update({
            "report_id": report_id, "state": state, "urgent": int(urgent),
            "priority_rank": PRIORITY_RANK[priority],
            "next_due_at": ts(min(unmet)) if unmet else None,
            "crime_type": crime, "outcome": outcome, "review_required": review_required,
            "requests_waiting": waiting, "claimed_by": None, "claimed_at": None, "decided_by": None,
            "received_at": ts(received), "updated_at": ts(now),
        })
        if "reference" in cs:
            cs["reference"] = ref
        if "decided_at" in cs:  # when staff (or an operator) decided it
            cs["decided_at"] = None if state == "to-review" else ts(received + (now - received) * 0.4)
        out["case_state"].append(tuple(cs[c] for c in case_cols))

    def insert(table, rows):
        if not rows:
            return
        if isinstance(rows[0], tuple):
            cols = columns(db, table)
            db.executemany(f"insert into {table} ({', '.join(cols)}) values ({', '.join('?' * len(cols))})", rows)
            return
        cols = list(rows[0])
        db.executemany(
            f"insert into {table} ({', '.join(cols)}) values ({', '.join(':' + c for c in cols)})", rows)

    db.execute("begin immediate")
    try:
        for table in ["report"] + COPIED + ["assessment", "deadline", "victim_request",
                                            "no_further_action", "case_state"]:
            insert(table, out[table])
        db.execute("commit")
    except BaseException:
        db.execute("rollback")
        raise
    seeded = time.monotonic()
    extra = os.environ.get("BENCH_STAFF_SQL", "").strip()
    if extra:  # e.g. an index to try, before analyze
        print(f"running BENCH_STAFF_SQL: {extra}")
        db.executescript(extra)
    db.execute("analyze")
    analyzed = time.monotonic()
    answered = ("when exists (select 1 from info_request i where i.report_id = c.report_id "
                "and i.closed_at > coalesce(c.decided_at, '')) then 'to-review'") if "decided_at" in case_cols else ""
    wrong = db.execute(REFRESHED_DIFFER.replace("{answered_since_decided}", answered)).fetchone()[0]
    if wrong:
        fail(f"{wrong} queue rows differ from what store/queue.rs refresh would compute")
    stored = db.execute("select count(*) from report").fetchone()[0]
    check = db.execute("select count(*) from case_state").fetchone()[0]
    db.close()
    if stored != total or check != total:
        fail(f"seeded {stored} reports and {check} queue rows, wanted {total}")
    return seeded - started, analyzed - seeded, counts


def enrol_and_sign_in(port, data_dir, binary):
    env = {"PORTAL_DATA_DIR": data_dir, "RUST_LOG": "warn", "PATH": "/usr/bin:/bin"}
    added = subprocess.run([binary, "staff", "add", EMAIL, "--role", "supervisor"], env=env,
                           capture_output=True, text=True)
    lines = [l for l in added.stdout.splitlines() if l.strip()]
    if added.returncode != 0 or not lines:
        fail(f"portal staff add failed ({added.returncode}): {added.stdout}{added.stderr}")
    path = urllib.parse.urlparse(lines[-1].strip()).path
    if not path.startswith("/staff/enrol/"):
        fail(f"no enrolment link on the last line of portal staff add: {lines[-1]!r}")
    browser = Browser(port)
    status, location, _ = browser.request("GET", path)
    if status not in (302, 303, 307) or location != "/staff/enrol":
        fail(f"GET /staff/enrol/<token> answered {status} to {location!r}")
    status, _, data = browser.request("GET", "/staff/enrol")
    found = re.search(r'<code class="secret-key">([^<]+)</code>', browser.text(data))
    if status != 200 or not found:
        fail(f"no secret on the enrolment page (status {status})")
    text = found.group(1).replace(" ", "").upper()
    secret = base64.b32decode(text + "=" * (-len(text) % 8))
    step = int(time.time()) // 30
    location = browser.post_expect_redirect(
        "/staff/enrol", [("password", PASSWORD), ("confirm", PASSWORD), ("code", totp(secret, step))], "enrol")
    if location != "/staff/sign-in":
        fail(f"enrolment was refused (redirected to {location})")
    location = browser.post_expect_redirect("/staff/sign-in", [("email", EMAIL), ("password", PASSWORD)],
                                            "sign-in")
    if location != "/staff/sign-in/code":
        fail(f"the password was refused (redirected to {location})")
    # The enrolment used this step's code; the server takes the next step's once.
    next_step = max(step + 1, int(time.time()) // 30)
    location = browser.post_expect_redirect("/staff/sign-in/code", [("code", totp(secret, next_step))],
                                            "sign-in code")
    if location != "/staff" or "portal-staff" not in browser.cookies:
        fail(f"the code was refused (redirected to {location})")
    return browser


def cpu_seconds(pid):
    """User and system CPU time of process `pid` so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pid, most=180.0):
    """Waits until the server uses under a tenth of a core over a second; (seconds, idle)."""
    started = time.monotonic()
    while True:
        before = cpu_seconds(pid)
        time.sleep(1)
        if cpu_seconds(pid) - before < 0.1:
            return time.monotonic() - started, True
        if time.monotonic() - started > most:
            return time.monotonic() - started, False


def percentile(sorted_values, p):
    """Nearest-rank percentile."""
    rank = max(1, min(len(sorted_values), -(-len(sorted_values) * p // 100)))
    return sorted_values[int(rank) - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    if args.reports < 1 or args.requests < 1:
        fail("reports and requests must be at least 1")
    db_path = f"{args.data}/portal.db"
    rng = random.Random(20261202)

    ref = send_report(args.port)
    original_id = wait_for_assessment(db_path, ref)
    print(f"report {ref} sent through the wizard and assessed")

    seconds, analyze_seconds, counts = seed(db_path, original_id, args.reports, rng)
    states = ", ".join(f"{k} {v}" for k, v in sorted(counts["states"].items()))
    print(f"seeded {args.reports - 1} more reports in {seconds:.1f} s (one transaction; analyze "
          f"{analyze_seconds:.1f} s): {states}; {counts['urgent']} urgent; {counts['requests']} victims' requests")

    staff = enrol_and_sign_in(args.port, args.data, args.bin)
    print(f"{EMAIL} (supervisor) enrolled and signed in")

    # The case page: the top of the default queue (taken from the database, so that it does not
    # depend on the queue page answering), opened with a reason and claimed.
    db = sqlite3.connect(db_path, timeout=30)
    case_ref = db.execute(TOP_OF_QUEUE).fetchone()[0]
    db.close()
    staff.post_expect_redirect("/staff/case/open", [("reference", case_ref),
                                                    ("reason", "Benchmark of the case page")], "open")
    staff.post_expect_redirect("/staff/case/claim", [("reference", case_ref)], "claim")
    crime = "bicycle-theft"
    pages = [
        ("case page (claimed)", f"/staff/case/{case_ref}"),
        ("queue (default)", "/staff"),
        ("queue, received desc, page 40", "/staff?sort=received&dir=desc&page=40"),
        ("queue, urgent", "/staff?urgent=1"),
        (f"queue, {crime}, overdue", f"/staff?crime={crime}&overdue=1"),
    ]
    encoding = "gzip, deflate, br"
    times = {path: [] for _, path in pages}
    failed = {}  # path: what it answered; a page that fails is not asked again
    budget = float(os.environ.get("BENCH_STAFF_BUDGET_SECS", "120"))
    over_budget = set()
    warm_up = 5

    # One page at a time: a warm-up, then its requests (at most `budget` seconds of them), each
    # page starting once the server is idle, so that a query still running after a timed-out
    # request does not slow the next page.
    for _, path in pages:
        waited, idle = wait_until_idle(args.server_pid)
        if not idle:
            print(f"bench-staff: the server was still busy after {waited:.0f} s; timing {path} anyway",
                  file=sys.stderr)
        elif waited > 5:
            print(f"bench-staff: waited {waited:.0f} s for the server to be idle before {path}", file=sys.stderr)
        spent = 0.0
        for n in range(warm_up + args.requests):
            started = time.perf_counter()
            status, location, _ = staff.request("GET", path, accept_encoding=encoding)
            elapsed = time.perf_counter() - started
            spent += elapsed
            if status != 200:
                failed[path] = f"{status} {location}".rstrip() + f" after {elapsed * 1000:.0f} ms"
                print(f"bench-staff: GET {path} answered {failed[path]}", file=sys.stderr)
                break
            if n >= warm_up:
                times[path].append(elapsed * 1000)
                if spent > budget:
                    over_budget.add(path)
                    break

    print(f"{args.reports} reports; up to {args.requests} requests a page after {warm_up} to warm up, one "
          f"kept-alive connection, one page at a time, Accept-Encoding: {encoding}")
    print(f"{'page':<32} {'requests':>8} {'median':>9} {'p99':>9} {'max':>9}  "
          f"{'p99 < ' + str(int(TARGET_MS)) + ' ms':<12} address")
    all_ok = True
    for name, path in pages:
        values = sorted(times[path])
        if path in failed or not values:
            all_ok = False
            print(f"{name:<32} {len(values):>8} {'-':>9} {'-':>9} {'-':>9}  {'FAILED':<12} {path}: "
                  f"{failed.get(path, 'no answer in time')}")
            continue
        p99 = percentile(values, 99)
        ok = p99 < TARGET_MS
        all_ok &= ok
        note = f" (stopped after {budget:.0f} s)" if path in over_budget else ""
        print(f"{name:<32} {len(values):>8} {statistics.median(values):>6.1f} ms {p99:>6.1f} ms "
              f"{values[-1]:>6.1f} ms  {'yes' if ok else 'NO':<12} {path}{note}")
    if failed:
        fail(f"{len(failed)} page(s) did not answer 200")
    print("ok: every p99 is under the target" if all_ok else "over target: see which page above")


if __name__ == "__main__":
    main()
