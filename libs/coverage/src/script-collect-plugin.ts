/**
 * A pytest plugin (`-p tracegen_collect`) writing every collected node id, so tests that execute
 * no measured line still appear in the map.
 * Embedded as text: the run plan writes it into the repository copy.
 */
export const COLLECT_PLUGIN_SCRIPT = `"""Written by @tracegen/coverage: a pytest plugin that records every collected node id in tests.json
beside this file, so tests that execute no measured line still appear in the coverage map."""
import json
import os


def pytest_collection_finish(session):
    if not session.items:  # an xdist controller collects nothing; its workers write the list
        return
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests.json")
    tmp = "%s.%d.tmp" % (out, os.getpid())
    with open(tmp, "w") as handle:
        json.dump([item.nodeid for item in session.items], handle)
    os.replace(tmp, out)
`;
