import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small HTTP helpers shared by the emulator's handlers (node:http only, no framework). */

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendText(res, status, typeof body === 'string' ? body : JSON.stringify(body), headers);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The ARM error envelope, `ExtendedErrorInfo` (§3.6). */
export function armError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers = {},
): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Matches path segments against a pattern such as `subscriptions/:sub/providers/microsoft.commerce.admin`.
 * Literal segments compare case-insensitively, as ARM does; `:name` captures the decoded segment.
 */
export function matchPath(segments: string[], pattern: string): Record<string, string> | null {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part.toLowerCase() !== segment.toLowerCase()) return null;
  }
  return params;
}
