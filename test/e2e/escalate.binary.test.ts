export {};

// The escalation scenarios again, through the built binary (test/cli/escalate.test.ts with ONCALL_ESCALATE_MODE=binary).
process.env.ONCALL_ESCALATE_MODE = "binary";
await import("../cli/escalate.test");
