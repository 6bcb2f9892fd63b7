/**
 * Python shared by the in-process test drivers (script-confirm-driver.ts, script-warm-driver.ts):
 * a pytest plugin object recording each test's outcome — failed if any phase failed, skipped if
 * skipped and not failed, else passed — and the ids that did not pass, which the confirming
 * pass runs again. Top-level code, to be placed before a driver's own.
 */
export const OUTCOME_RECORDER_PY = `
outcomes = {}


class Recorder:
    def pytest_runtest_logreport(self, report):
        before = outcomes.get(report.nodeid, "passed")
        if report.failed:
            outcomes[report.nodeid] = "failed"
        elif report.skipped and before == "passed":
            outcomes[report.nodeid] = "skipped"
        else:
            outcomes[report.nodeid] = before


def not_passed(test_ids):
    return [t for t in test_ids if outcomes.get(t) not in ("passed", "skipped")]
`;
