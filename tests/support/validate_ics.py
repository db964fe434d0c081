"""Usage: python3 validate_ics.py FILE UID SEQUENCE STATUS [FILE UID SEQUENCE STATUS ...]"""
import sys
import icalendar

def check(path, uid, seq, status):
    raw = open(path, "rb").read()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in l and b"\r" not in l for l in lines), "not CRLF-only"
    assert all(len(l) <= 75 for l in lines), "a physical line exceeds 75 octets"
    raw.decode("utf-8")  # raises if a fold split a UTF-8 sequence
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.name == "VCALENDAR" and str(cal.get("VERSION")) == "2.0", "not a 2.0 VCALENDAR"
    errors = [e for c in cal.walk() for e in c.errors]
    assert not errors, f"parse errors: {errors}"
    assert [str(t["TZID"]) for t in cal.walk("VTIMEZONE")] == ["Europe/London"], "bad VTIMEZONE"
    events = [e for e in cal.walk("VEVENT") if str(e.get("UID")) == uid]
    assert len(events) == 1, f"expected one VEVENT with UID {uid!r}, found {len(events)}"
    ev = events[0]
    assert ev.decoded("SEQUENCE") == int(seq), f"SEQUENCE {ev.decoded('SEQUENCE')} != {seq}"
    assert str(ev.get("STATUS")) == status, f"STATUS {ev.get('STATUS')} != {status}"
    start = ev["DTSTART"]  # London local time, or UTC for the repeated autumn hour
    assert start.params.get("TZID") == "Europe/London" or start.to_ical().endswith(b"Z"), "DTSTART is floating"
    assert ev.decoded("DTEND") > ev.decoded("DTSTART"), "DTEND not after DTSTART"

args = sys.argv[1:]
if not args or len(args) % 4:
    sys.exit(__doc__)
failed = 0
for i in range(0, len(args), 4):
    try:
        check(*args[i:i + 4])
        print(f"ok   {args[i]}")
    except Exception as e:  # report every file, then fail
        failed += 1
        print(f"FAIL {args[i]}: {type(e).__name__}: {e}", file=sys.stderr)
sys.exit(1 if failed else 0)
