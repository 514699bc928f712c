/**
 * What a notification says, independent of where it goes. Alerts, deployments and the digest
 * are turned into a Notice once; Slack (Block Kit), email (HTML and text) and the log render
 * the same Notice, so every channel carries the same content.
 */
export interface Notice {
  /** `[FIRING:2] HighErrorRate (api)`; also the email subject and Slack's fallback text. */
  title: string;
  marker: string;
  intro?: string;
  items: NoticeItem[];
  footer?: string;
}

export interface NoticeItem {
  marker?: string;
  heading: string;
  body?: string;
  fields: Array<[label: string, value: string]>;
  links: NoticeLink[];
  /** A small table (the digest's cargo by category, staffing gaps). */
  table?: { columns: string[]; rows: string[][] };
}

export interface NoticeLink {
  label: string;
  url: string;
}

export const markers = {
  critical: '🔴',
  warning: '🟠',
  info: '🔵',
  resolved: '✅',
  deployment: '🚀',
  failed: '❌',
  digest: '📊',
} as const;
