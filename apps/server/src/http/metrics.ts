import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus registry of one server instance. Later capabilities add their own counters
 * (usage per region, job runs, invoice runs…) to `registry`.
 */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  signInFailures: Counter<'reason'>;
  lockouts: Counter;
  rejectedCredentials: Counter<'kind'>;
  /** E-mails by template and result (sent, failed, not_configured). */
  mailSent: Counter<'template' | 'result'>;
  /** Outbox rows delivered, and rows given up after their last retry (the pending gauge is the dispatcher's). */
  mailOutboxSent: Counter<'template'>;
  mailOutboxFailed: Counter<'template'>;
  /** Response cache lookups: hit, miss (no entry) or stale (a table it read was written since). */
  responseCacheLookups: Counter<'result'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cms_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'cms_http_requests_total',
      help: 'HTTP requests answered, by route and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'cms_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by route',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    signInFailures: new Counter({
      name: 'cms_auth_sign_in_failures_total',
      help: 'Refused sign-ins, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    lockouts: new Counter({
      name: 'cms_auth_lockouts_total',
      help: 'Accounts locked out after consecutive failed sign-ins',
      registers: [registry],
    }),
    rejectedCredentials: new Counter({
      name: 'cms_auth_rejected_credentials_total',
      help: 'Requests whose API token or session was not valid, by kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    mailSent: new Counter({
      name: 'cms_mail_sent_total',
      help: 'E-mails the CMS tried to send, by template and result (sent, failed, not_configured)',
      labelNames: ['template', 'result'],
      registers: [registry],
    }),
    mailOutboxSent: new Counter({
      name: 'cms_mail_outbox_sent_total',
      help: 'E-mails of the outbox this process delivered, by template',
      labelNames: ['template'],
      registers: [registry],
    }),
    mailOutboxFailed: new Counter({
      name: 'cms_mail_outbox_failed_total',
      help: 'E-mails of the outbox this process gave up on after the last retry, by template',
      labelNames: ['template'],
      registers: [registry],
    }),
    responseCacheLookups: new Counter({
      name: 'cms_response_cache_lookups_total',
      help: 'Cached routes answered from the response cache (hit) or computed (miss, stale)',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}
