/** Says once, up front, whether the PostgreSQL half of the suite runs; CI must never skip it. */
export default function setup(): void {
  if (process.env.CASEDESK_TEST_DATABASE_URL) return;
  const how =
    'PostgreSQL tests are SKIPPED: set CASEDESK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<fresh database> ' +
    '(createdb first) to run every storage and API test on PostgreSQL too, as .ci/run does.';
  if (process.env.CI) throw new Error(`CI must run the PostgreSQL tests. ${how}`);
  console.warn(`\n⚠ ${how}\n`);
}
