/**
 * Runs a script's body and prints its error plainly. An uncaught error would instead reach the
 * wasm runtime's process handler, which rethrows and makes Node print a screen of minified source.
 */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  }
}
