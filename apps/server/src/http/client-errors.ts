import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppError, toProblem } from './errors.ts';

/**
 * Answers a request Node's HTTP parser refused before Fastify saw it (headers over the size limit,
 * a timeout, bytes that are not HTTP) with a problem+json body like every other error: a client
 * sees one error format whatever layer refused it. Written straight to the socket, which is then
 * closed, because no request object exists to answer through.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new AppError('headers_too_large', 'The request headers are too large.', [
          { field: 'header', message: 'The headers together exceed the size this server accepts.' },
        ])
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new AppError('request_timeout', 'The request took too long to arrive.')
        : new AppError('validation_failed', 'The request is not valid HTTP.', [
            { field: 'request', message: 'Not a valid HTTP request.' },
          ]);
  const requestId = randomUUID();
  if (socket.writable) {
    const body = JSON.stringify(toProblem(problem, '', requestId));
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
