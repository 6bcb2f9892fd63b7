import { OUTCOME_RECORDER_PY } from "./outcome-recorder-script.js";

/**
 * A candidate's test run in a warm worker's child (see `Sandbox.runWarm`): the same two passes
 * as the confirming driver (script-confirm-driver.ts) with pytest already imported. The child
 * runs the selected tests through `pytest.main`, with `sys.argv` and `sys.path[0]` as
 * `python -m pytest` sets them, recording each test's outcome; when some did not pass, it asks
 * for a continuation: the worker forks another child from its clean parent (pytest imported,
 * none of the repository's modules) that runs only those tests again in the same tree, to the
 * second report, its output discarded. `sys.argv[1]` is `{args, junit: [first, second], pass}`,
 * the test ids follow. The exit status is the first pass's.
 */
export const WARM_CONFIRM_SCRIPT = `
import json, os, sys
import pytest
import pytest.__main__ as pytest_main

spec = json.loads(sys.argv[1])
ids = sys.argv[2:]
first = spec["pass"] == 1
${OUTCOME_RECORDER_PY}

args = spec["args"] + ["--junitxml=" + spec["junit"][0 if first else 1]] + ids
sys.argv = [pytest_main.__file__] + args
sys.path[0] = os.getcwd()
code = int(pytest.main(args, plugins=[Recorder()] if first else []))
if first and code != 0:
    again = not_passed(ids)
    if again:
        __warm_continue__([json.dumps(dict(spec, **{"pass": 2}))] + again)
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
`;
