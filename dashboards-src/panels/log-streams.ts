/**
 * Loki stream selectors. Services ship their JSON logs with pino-loki (lib/logger.ts), which
 * labels each stream with `service` (the service's name), `env` and `level` (pino's level
 * mapped to debug/info/warning/error/critical). Fields inside each line: `level`, `msg`,
 * `trace_id`, `route`, `status_code`, `client_ip` (or `remote_addr`), `err.type` (`err_type`
 * after `| json`).
 */
export const logServices = ['api', 'exporters', 'notifier'] as const;

export const apiLogs = '{service="api"}';
export const errorLogs = `{service=~"${logServices.join('|')}", level=~"error|critical"}`;

/** The client address under either field name the HTTP logger may use. */
export const clientIpLabel = 'label_format client_ip="{{ or .client_ip .remote_addr }}"';
/** An error's kind: the serialized error's type, else its message. */
export const errorTypeLabel = 'label_format type="{{ or .err_type .msg }}"';
