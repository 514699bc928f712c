import type { Notice, NoticeItem } from './notice.ts';

export interface EmailBody {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function itemText(item: NoticeItem): string {
  const lines = [`${item.marker ? `${item.marker} ` : ''}${item.heading}`];
  if (item.body) lines.push(item.body);
  for (const [label, value] of item.fields) lines.push(`${label}: ${value}`);
  if (item.table) {
    lines.push(item.table.columns.join(' | '));
    for (const row of item.table.rows) lines.push(row.join(' | '));
  }
  for (const link of item.links) lines.push(`${link.label}: ${link.url}`);
  return lines.join('\n');
}

function itemHtml(item: NoticeItem): string {
  const parts = [`<h3>${item.marker ? `${item.marker} ` : ''}${escapeHtml(item.heading)}</h3>`];
  if (item.body) parts.push(`<p>${escapeHtml(item.body)}</p>`);
  if (item.fields.length)
    parts.push(
      `<table>${item.fields
        .map(
          ([label, value]) =>
            `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`,
    );
  if (item.table)
    parts.push(
      `<table border="1" cellpadding="4" style="border-collapse:collapse"><tr>${item.table.columns
        .map((c) => `<th>${escapeHtml(c)}</th>`)
        .join('')}</tr>${item.table.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
        .join('')}</table>`,
    );
  if (item.links.length)
    parts.push(
      `<p>${item.links.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(' | ')}</p>`,
    );
  return parts.join('\n');
}

/** The same Notice as a plain-text and an HTML part: identical content, two formats. */
export function emailBody(notice: Notice): EmailBody {
  const title = `${notice.marker} ${notice.title}`;
  const text = [title, notice.intro, ...notice.items.map(itemText), notice.footer]
    .filter((s): s is string => Boolean(s))
    .join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>${escapeHtml(title)}</h2>`,
    notice.intro ? `<p>${escapeHtml(notice.intro)}</p>` : '',
    notice.items.map(itemHtml).join('\n<hr>\n'),
    notice.footer ? `<p><em>${escapeHtml(notice.footer)}</em></p>` : '',
    '</body></html>',
  ]
    .filter(Boolean)
    .join('\n');
  return { subject: notice.title, text: `${text}\n`, html };
}
