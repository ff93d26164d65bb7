/** Discord's limits on what the bot sends (https://discord.com/developers/docs/resources/message). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  /** A modal's title (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal). */
  modalTitle: 45,
  /** A thread's name (https://discord.com/developers/docs/resources/channel#start-thread-from-message). */
  threadName: 100,
} as const;

/** Cuts `text` to `max` characters on a word boundary when possible, ending with an ellipsis; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (/[\uDC00-\uDFFF]/.test(text[cut] ?? '')) cut--;
  const space = text.lastIndexOf(' ', cut);
  if (space > max * 0.6) cut = space;
  // Drop a dangling escape backslash so the ellipsis isn't escaped.
  return `${text.slice(0, cut).replace(/\\+$/, '').trimEnd()}…`;
}

/** Characters counted towards the 6000 per-message embed total. */
export function embedLength(embed: {
  title?: string;
  description?: string;
  footer?: { text: string };
  author?: { name: string };
  fields?: Array<{ name: string; value: string }>;
}): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
