"""Checks an invite against RFC 5546 (iTIP) with a real parser (Python icalendar).

Usage: check_itip.py FILE

Parses FILE, checks the VCALENDAR and each VEVENT against the properties RFC 5546 requires
for its METHOD (REQUEST: section 3.2.2; CANCEL: section 3.2.5), and prints, as JSON, what a
mail client reads: the method and each event's UID, SEQUENCE, STATUS, ORGANIZER and
ATTENDEEs with their parameters. Exits 1, saying why, when a requirement is not met.
"""

import json
import sys

import icalendar

# Per method: the VEVENT properties that must appear exactly once, and at least once.
EXACTLY_ONCE = {
    "REQUEST": ["DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID"],
    "CANCEL": ["DTSTAMP", "ORGANIZER", "SEQUENCE", "UID"],
}
AT_LEAST_ONCE = {"REQUEST": ["ATTENDEE"], "CANCEL": ["ATTENDEE"]}
AT_MOST_ONCE = {
    "REQUEST": ["SEQUENCE", "DTEND", "LOCATION", "STATUS", "DESCRIPTION"],
    "CANCEL": ["DTSTART", "DTEND", "STATUS", "SUMMARY", "LOCATION", "DESCRIPTION"],
}


def fail(why):
    print(why, file=sys.stderr)
    sys.exit(1)


def count(component, name):
    value = component.get(name)
    if value is None:
        return 0
    return len(value) if isinstance(value, list) else 1


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def main(path):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    errors = [e for c in cal.walk() for e in c.errors]
    if errors:
        fail(f"parse errors: {errors}")
    for name in ["METHOD", "PRODID", "VERSION"]:
        if count(cal, name) != 1:
            fail(f"VCALENDAR has {count(cal, name)} {name}, RFC 5546 wants 1")
    method = str(cal["METHOD"])
    if method not in EXACTLY_ONCE:
        fail(f"METHOD {method} is not one this checker knows")
    events = []
    for ev in cal.walk("VEVENT"):
        for name in EXACTLY_ONCE[method]:
            if count(ev, name) != 1:
                fail(f"{method}: VEVENT has {count(ev, name)} {name}, RFC 5546 wants 1")
        for name in AT_LEAST_ONCE[method]:
            if count(ev, name) < 1:
                fail(f"{method}: VEVENT has no {name}, RFC 5546 wants 1 or more")
        for name in AT_MOST_ONCE[method]:
            if count(ev, name) > 1:
                fail(f"{method}: VEVENT has {count(ev, name)} {name}, RFC 5546 allows 1")
        sequence = int(ev.decoded("SEQUENCE")) if "SEQUENCE" in ev else 0
        if method == "CANCEL" and "STATUS" in ev and str(ev["STATUS"]) != "CANCELLED":
            fail("CANCEL: STATUS must be CANCELLED when present")
        organizer = ev["ORGANIZER"]
        attendees = []
        for a in as_list(ev.get("ATTENDEE")):
            attendees.append(
                {
                    "address": str(a),
                    "cn": str(a.params.get("CN", "")),
                    "rsvp": str(a.params.get("RSVP", "")),
                    "partstat": str(a.params.get("PARTSTAT", "")),
                    "role": str(a.params.get("ROLE", "")),
                }
            )
        events.append(
            {
                "uid": str(ev["UID"]),
                "sequence": sequence,
                "status": str(ev.get("STATUS", "")),
                "summary": str(ev.get("SUMMARY", "")),
                "location": str(ev.get("LOCATION", "")),
                "organizer": str(organizer),
                "organizerCn": str(organizer.params.get("CN", "")),
                "attendees": attendees,
            }
        )
    if not events:
        fail("no VEVENT")
    print(json.dumps({"method": method, "events": events}))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail(__doc__)
    main(sys.argv[1])
