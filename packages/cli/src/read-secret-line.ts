import type { CliIo } from './cli-io.js';

/**
 * One line of secret input: on a terminal, asked on stderr and read with echo off; otherwise the
 * first line of stdin (`echo "$TOKEN" | strata login ...`). Undefined at end of input.
 */
export async function readSecretLine(io: CliIo, prompt: string): Promise<string | undefined> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (stdin.isTTY === true && typeof stdin.setRawMode === 'function') {
    io.stderr.write(prompt);
    stdin.setRawMode(true);
    try {
      return await new Promise<string | undefined>((resolve) => {
        let line = '';
        const onData = (chunk: Buffer): void => {
          for (const char of chunk.toString('utf8')) {
            if (char === '\r' || char === '\n') return finish(line);
            if (char === '\u0003' || char === '\u0004') return finish(undefined);
            if (char === '\u007f') line = line.slice(0, -1);
            else line += char;
          }
        };
        const finish = (value: string | undefined): void => {
          stdin.off('data', onData);
          stdin.pause();
          io.stderr.write('\n');
          resolve(value);
        };
        stdin.on('data', onData);
        stdin.resume();
      });
    } finally {
      stdin.setRawMode(false);
    }
  }
  let text = '';
  for await (const chunk of io.stdin) {
    text += (chunk as Buffer).toString('utf8');
    const end = text.indexOf('\n');
    if (end >= 0) return text.slice(0, end);
  }
  return text === '' ? undefined : text;
}
