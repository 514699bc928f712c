import type { Notice, NoticeItem } from './notice.ts';

/** Slack mrkdwn needs only &, < and > escaped. */
export const escapeMrkdwn = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export type Block = { type: string; [key: string]: unknown };

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

function itemBlocks(item: NoticeItem): Block[] {
  const blocks: Block[] = [];
  const heading = `*${item.marker ? `${item.marker} ` : ''}${escapeMrkdwn(item.heading)}*`;
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: clip(item.body ? `${heading}\n${escapeMrkdwn(item.body)}` : heading, 3000),
    },
  });
  if (item.fields.length)
    blocks.push({
      type: 'section',
      fields: item.fields.slice(0, 10).map(([label, value]) => ({
        type: 'mrkdwn',
        text: clip(`*${label}*\n${escapeMrkdwn(value)}`, 2000),
      })),
    });
  if (item.table) {
    const lines = item.table.rows.map((row) => row.join('  ·  '));
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(escapeMrkdwn([item.table.columns.join('  ·  '), ...lines].join('\n')), 3000),
      },
    });
  }
  const links = item.links.filter((l) => l.url.length <= 3000);
  if (links.length)
    blocks.push({
      type: 'actions',
      elements: links.map((link) => ({
        type: 'button',
        text: { type: 'plain_text', text: link.label },
        url: link.url,
      })),
    });
  return blocks;
}

/** Block Kit rendering of a Notice: a header, then per item a section, its fields and link buttons. */
export function slackMessage(notice: Notice): SlackMessage {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`${notice.marker} ${notice.title}`, 150) } },
  ];
  if (notice.intro)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(notice.intro) }] });
  notice.items.forEach((item, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...itemBlocks(item));
  });
  if (notice.footer)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(notice.footer) }] });
  return { text: `${notice.marker} ${notice.title}`, blocks: blocks.slice(0, 50) };
}
