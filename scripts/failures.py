"""Print each failed test of the given .trx files with the start of its message.

scripts/test.sh calls this just before its summary line, so that the last lines of a
run (all that a CI log tail may keep) name what failed and why.
"""
import sys
import xml.etree.ElementTree as ElementTree

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
MESSAGE_LINES = 6


def failures(path):
    for result in ElementTree.parse(path).getroot().iter(NS + "UnitTestResult"):
        if result.get("outcome") in ("Passed", "NotExecuted"):
            continue
        message = result.findtext(f"{NS}Output/{NS}ErrorInfo/{NS}Message") or "(no message)"
        yield result.get("testName"), result.get("outcome"), message.strip().splitlines()


def main(paths):
    for path in paths:
        try:
            found = list(failures(path))
        except (OSError, ElementTree.ParseError) as error:
            print(f"  {path}: unreadable ({error})")
            continue
        for name, outcome, lines in found:
            print(f"  {outcome}: {name}")
            for line in lines[:MESSAGE_LINES]:
                print(f"      {line}")
            if len(lines) > MESSAGE_LINES:
                print(f"      ... {len(lines) - MESSAGE_LINES} more lines in {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
