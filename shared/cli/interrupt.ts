/**
 * Ctrl-C in the middle of long work: say what was kept and how to go on, then exit 130 (the shell's code for
 * SIGINT). A second Ctrl-C while the message is being put together exits at once.
 */
export function exitWithMessageOnInterrupt(message: () => Promise<string>): () => void {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    message()
      .catch(() => 'interrupted')
      .then((text) => {
        process.stderr.write(`\nviscura: ${text}\n`);
        process.exit(signal === 'SIGTERM' ? 143 : 130);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
