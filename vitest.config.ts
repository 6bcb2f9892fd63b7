import { defineConfig } from "vitest/config";

// Tests import workspace packages through their "source" export condition, so they run
// against src/ without a build.
export default defineConfig({
  resolve: { conditions: ["source", "module", "node", "default"] },
  ssr: { resolve: { conditions: ["source", "module", "node", "default"], externalConditions: ["source"] } },
  test: {
    include: [
      "libs/*/src/**/*.test.ts",
      "services/*/src/**/*.test.ts",
      "apps/*/src/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Under CI nothing may skip for want of a sandbox: setup.sh provides Docker and bwrap.
    env: process.env.CI === "true" ? { TRACEGEN_REQUIRE_DOCKER: "1", TRACEGEN_REQUIRE_BWRAP: "1" } : {},
  },
});
