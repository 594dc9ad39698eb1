// A whole class at once, through Slack's real boundary: npm run bench:load -- [--students 200]
// [--seconds 60] [--photos 50] [--photo-seconds 10] [--double-click-rate 0.2] ... (see --help).
// It prints ack and reply percentiles per kind of request, every refusal the members saw, the
// database's count of scored answers, photos, Postgres sessions and peak RSS; it exits 1 when an
// acknowledged answer was lost or anyone was told "Something went wrong". A benchmark, not a test.
import { readLoadOptions } from './lib/load/options.ts';
import { printReport, problemsOf } from './lib/load/report.ts';
import { runLoad } from './lib/load/run.ts';
import { runMain } from './lib/run-main.ts';

await runMain(async () => {
  const options = readLoadOptions(process.argv.slice(2));
  const result = await runLoad(options, (line) => console.error(`[bench:load] ${line}`));
  printReport(result);
  process.exitCode = problemsOf(result).length ? 1 : 0;
});
// The classifier's worker threads and pools would keep the process alive a while; the figures are out.
process.exit();
