"""Parses a Prometheus text exposition with the official Python client's parser.

Usage: parse_metrics.py < metrics.txt

Prints one JSON object: {"families": [{"name", "type", "help", "samples": [{"name",
"labels", "value"}]}]}. A body the parser refuses exits 1 with its error, so a test fails on
output Prometheus itself would not read.
"""

import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def number(value):
    # JSON has no infinities: +Inf buckets' bounds stay in the labels, values are counts.
    return value if math.isfinite(value) else str(value)


def main():
    text = sys.stdin.read()
    families = []
    for family in text_string_to_metric_families(text):
        families.append(
            {
                "name": family.name,
                "type": family.type,
                "help": family.documentation,
                "samples": [
                    {"name": s.name, "labels": s.labels, "value": number(s.value)}
                    for s in family.samples
                ],
            }
        )
    json.dump({"families": families}, sys.stdout)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the parser's refusal is the test's failure
        print(f"the metrics do not parse: {error!r}", file=sys.stderr)
        sys.exit(1)
