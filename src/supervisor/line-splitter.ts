// Cuts a byte stream into lines without losing a partial last line: what a worker
// printed just before it crashed often has no newline yet.
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/** Calls onLine for every line of the stream; resolves when the stream has ended. */
export function forEachLine(stream: Readable, onLine: (line: string) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const emit = (text: string, final: boolean) => {
    rest += text;
    let nl = rest.indexOf('\n');
    while (nl !== -1) {
      onLine(rest.slice(0, rest[nl - 1] === '\r' ? nl - 1 : nl));
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
    if (final && rest !== '') {
      onLine(rest);
      rest = '';
    }
  };
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => emit(decoder.write(chunk), false));
    const done = () => {
      emit(decoder.end(), true);
      resolve();
    };
    stream.once('end', done);
    stream.once('error', done);
  });
}
