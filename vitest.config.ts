import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    globalSetup: ["test/global-setup.ts"],
    reporters: ["default", "./test/support-plain-summary.ts"],
  },
});
