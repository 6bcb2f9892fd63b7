import { OUTCOME_RECORDER_PY } from "./outcome-recorder-script.js";

/**
 * The in-sandbox driver of a candidate's test run (Python, run with `python -c`): it runs the
 * selected tests, then once more only those that did not pass, to confirm them, in one sandbox
 * start. `sys.argv[1]` is a JSON object `{command, junit: [first, second], in_process}`, the test
 * ids follow. No second pass when the first exits 0. The exit status is the first pass's; the
 * second pass's output is discarded.
 *
 * With `in_process` (the profile runs `<python> -m pytest`) the first pass runs in the driver
 * itself through `pytest.main`, with `sys.argv` and `sys.path[0]` as `python -m pytest` sets
 * them, and a small plugin object records each test's outcome; the second pass is a fresh
 * process with only the tests that did not pass. Other commands run as plain processes and a
 * failing first pass re-runs every selected test. This is the one-shot way: with a sandbox
 * that has warm workers, coverage-selected runs fork both passes from a long-lived server
 * instead (script-warm-driver.ts), and come here only when the worker is lost.
 */
export const CONFIRM_DRIVER_SCRIPT = `
import json, os, subprocess, sys

spec = json.loads(sys.argv[1])
ids = sys.argv[2:]
command = spec["command"]
first_report, second_report = spec["junit"]


def run_process(test_ids, report, discard_output):
    sys.stdout.flush()
    sys.stderr.flush()
    out = subprocess.DEVNULL if discard_output else None
    done = subprocess.run(command + ["--junitxml=" + report] + test_ids, stdout=out, stderr=out)
    return 128 - done.returncode if done.returncode < 0 else done.returncode


${OUTCOME_RECORDER_PY}

if spec["in_process"]:
    import pytest
    import pytest.__main__ as pytest_main

    args = command[3:] + ["--junitxml=" + first_report] + ids
    sys.argv = [pytest_main.__file__] + args
    sys.path[0] = os.getcwd()
    code = int(pytest.main(args, plugins=[Recorder()]))
    if code != 0:
        again = not_passed(ids)
        if again:
            run_process(again, second_report, True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Leave without the interpreter's teardown, as pytest-forked's children do: the report is written.
    os._exit(code)


code = run_process(ids, first_report, False)
if code != 0 and ids:
    run_process(ids, second_report, True)
raise SystemExit(code)
`;
