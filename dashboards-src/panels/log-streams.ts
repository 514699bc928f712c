/**
 * Loki stream selectors. The API pushes its JSON logs with pino-loki (lib/logger.ts), which
 * labels each stream `service`, `env` and `level` (pino's level mapped to
 * debug/info/warning/error/critical). Promtail (stack/promtail/promtail.yml) ships the stdout of
 * the stack's other containers with `service`, `env` (production) and `level` (pino's name:
 * info, warn, error, fatal), and skips the API's, so each line reaches Loki once.
 *
 * Fields in the lines (lib/http/request-logger.ts, error-handler.ts): `msg`, `trace_id`,
 * `method`, `route`, `path`, `status`, `duration_ms`, and `err` (`err_type` after `| json`).
 * The client address is read from `client_ip`, or `remote_addr`.
 */
export const logServices = ['api', 'exporters', 'notifier'] as const;

export const apiLogs = '{service="api", env=~".+"}';
export const errorLogs = `{service=~"${logServices.join('|')}", env=~".+", level=~"error|critical"}`;

/** The client address under either field name. */
export const clientIpLabel = 'label_format client_ip="{{ or .client_ip .remote_addr }}"';
/** An error's kind: the error's type, else the HTTP status of a failed request, else the message. */
export const errorTypeLabel =
  'label_format type="{{ if .err_type }}{{ .err_type }}{{ else if .status }}HTTP {{ .status }}{{ else }}{{ .msg }}{{ end }}"';
