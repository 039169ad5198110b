import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/engines.ts';

/**
 * Requests Node's HTTP parser refuses before Fastify sees them get a problem+json answer like
 * every other error (issue 9 §4). Sent over a real socket: inject() does not go through the parser.
 * SQLite only: nothing here reaches the database.
 */
let db: TestDatabase;
let t: TestApp;
let port: number;

beforeAll(async () => {
  db = await createTestDatabase('sqlite');
  t = await startTestApp(db.url);
  await t.server.listen({ host: '127.0.0.1', port: 0 });
  port = (t.server.server.address() as { port: number }).port;
});
afterAll(async () => {
  await t?.close();
  await db?.drop();
});

/** Sends raw bytes and reads the whole answer (the server closes the connection after it). */
function exchange(raw: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(raw);
  });
}

describe('errors of the HTTP parser', () => {
  it('answers headers over the size limit with 431 problem+json', async () => {
    const answer = await exchange(
      `GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ${'x'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(answer.body);
    expect(problem).toMatchObject({
      status: 431,
      code: 'headers_too_large',
      title: 'Request headers too large',
      field: 'header',
    });
    expect(problem.requestId).toBe(answer.headers['x-request-id']);
    expect(problem.detail).toBe('The request headers are too large.');
  });

  it('answers bytes that are not HTTP with 400 problem+json', async () => {
    const answer = await exchange('NOT HTTP AT ALL\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 400,
      code: 'validation_failed',
      field: 'request',
    });
  });

  it('still answers a normal request on the same server', async () => {
    const answer = await exchange('GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
