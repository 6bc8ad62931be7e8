"""The report lines of the boto3 scripts: one a check, PASS <check> or FAIL <check>: <why>.

A script imports it from its own folder (python puts the script's folder first on the path).
"""


def check(name, body):
    try:
        body()
        print(f"PASS {name}", flush=True)
    except Exception as e:  # every failure is a line of the report
        print(f"FAIL {name}: {type(e).__name__} {' '.join(str(e).split())}", flush=True)


def expect(condition, what):
    if not condition:
        raise AssertionError(what)
