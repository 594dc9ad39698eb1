// Reads a download's body with a byte limit, for every adapter that fetches a posted file. A
// declared Content-Length over the limit is refused before reading; a body that lies about its
// size is cut off as soon as it passes the limit, so nothing beyond it is held in memory.

export async function readLimited(
  body: ReadableStream<Uint8Array>,
  contentLength: string | null,
  maxBytes: number,
  tooLarge: (bytes: number) => Error,
): Promise<Uint8Array> {
  const declared = Number(contentLength ?? NaN);
  if (declared > maxBytes) {
    await body.cancel();
    throw tooLarge(declared);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    received += chunk.byteLength;
    // Leaving the loop cancels the stream: nothing past the limit is read.
    if (received > maxBytes) throw tooLarge(received);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, received);
}
