/**
 * Reads a streamed response (server-sent events) until `text` arrives or `ms` pass; returns what
 * arrived. The reader is released, so the caller may read on.
 */
export async function readUntil(res: Response, text: string, ms = 5000): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let received = '';
  const deadline = Date.now() + ms;
  while (!received.includes(text) && Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<{ value?: undefined; done?: boolean }>((r) => setTimeout(() => r({}), 200)),
    ]);
    if (chunk.done) break;
    if (chunk.value) received += decoder.decode(chunk.value);
  }
  reader.releaseLock();
  return received;
}
