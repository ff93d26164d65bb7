import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIEmbed } from 'discord.js';
import type { SourcesListing } from '../engine.ts';
import { describeDenseGate } from '../indexing/dense-gate.ts';
import { sourceLine } from './answer-message.ts';
import { LIMITS, truncate } from './limits.ts';
import type { BotReply } from './respond.ts';

export const SOURCES_PAGE_SIZE = 10;

/** Custom id of the sources page buttons: `sources:page:<n>`. */
export const sourcesButtonId = (page: number) => `sources:page:${page}`;
export const parseSourcesButton = (customId: string): number | null => {
  const match = /^sources:page:(\d+)$/.exec(customId);
  return match ? Number(match[1]) : null;
};

/**
 * The model's name as members may see it: a hub id as is, a local folder by
 * its own name only (`local:/srv/bot/models/minilm` is `minilm`), since the
 * host's folders are none of their business.
 */
export function modelName(modelId: string): string {
  if (!modelId.startsWith('local:')) return modelId;
  return modelId.slice('local:'.length).split(/[\\/]/).filter(Boolean).at(-1) ?? 'local model';
}

/** Page `page` (1-based, clamped to the pages there are) of a /sources listing: its number, the page count and its articles. */
export function sourcesPage<T>(documents: readonly T[], page: number): { pages: number; current: number; slice: T[] } {
  const pages = Math.max(1, Math.ceil(documents.length / SOURCES_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  return { pages, current, slice: documents.slice((current - 1) * SOURCES_PAGE_SIZE, current * SOURCES_PAGE_SIZE) };
}

/**
 * One page of the indexed articles (1-based `page`, clamped), with Previous/Next buttons and totals.
 * `notes` adds to an article's line (how it was added, see provenance-notes.ts).
 */
export function sourcesMessage(listing: SourcesListing, page: number, notes?: ReadonlyMap<string, string>): BotReply & {
  embeds: APIEmbed[];
  components: ActionRowBuilder<ButtonBuilder>[];
} {
  const { pages, current, slice } = sourcesPage(listing.documents, page);
  const lines = slice.map(
    (doc, i) => `${(current - 1) * SOURCES_PAGE_SIZE + i + 1}. ${sourceLine({ ...doc, documentId: doc.id }, 150, { time: true })} · ${doc.chunks} passage${doc.chunks === 1 ? '' : 's'}${notes?.has(doc.id) ? ` · ${notes.get(doc.id)}` : ''}`,
  );
  const built = Date.parse(listing.builtAt);
  const totals =
    `**${listing.documents.length}** articles · **${listing.chunks}** passages` +
    (Number.isFinite(built) ? ` · built <t:${Math.floor(built / 1000)}:R>` : '');
  const embed: APIEmbed = {
    title: 'Indexed articles',
    description: truncate(`${totals}\n${describeDenseGate(listing.gate)}\n\n${lines.join('\n') || 'Nothing is indexed yet.'}`, LIMITS.embedDescription),
    footer: { text: truncate(`Page ${current}/${pages} · model ${modelName(listing.model)}`, LIMITS.footer) },
  };
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(sourcesButtonId(current - 1))
      .setLabel('Previous')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(current <= 1),
    new ButtonBuilder()
      .setCustomId(sourcesButtonId(current + 1))
      .setLabel('Next')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(current >= pages),
  );
  return { embeds: [embed], components: pages > 1 ? [row] : [] };
}
