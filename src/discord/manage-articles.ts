import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { displayDate } from '../answer/display-date.ts';
import type { Engine } from '../engine.ts';
import { UserError } from '../errors.ts';
import { addArticle, fileTooLarge, type AddedArticle, type ArticleInput } from '../ingest/add-article.ts';
import { fetchRulesFrom } from '../ingest/fetch-rules.ts';
import { fetchUrl } from '../ingest/fetch-url.ts';
import type { DocumentRecord } from '../records/index.ts';
import { checkAttachmentUrl } from './attachment-source.ts';
import type { CommandContext } from './command.ts';
import { assertCollectionHere, engineHere } from './engine-here.ts';
import { ALREADY_RUNNING } from './error-boundary.ts';
import { assertMayManage } from './permissions.ts';
import { reindexWithProgress, reportReindexFailure } from './reindex-with-progress.ts';
import { deferReply, editReply, respondChoices, safeText } from './respond.ts';

export const REFUSED_ARTICLES = 'Only moderators can add or remove articles: you need the Manage Server permission or a moderator role.';

/**
 * /article add file:|url: — fetches the attachment (from Discord's CDN only) or the link (under
 * every safety rule of {@link fetchUrl}), stores it in the collection, reindexes incrementally
 * with progress in the private reply, and says what was added. A refusal is a private, specific
 * reply; when the index can't take the article, the collection's files are put back as they were.
 */
export async function addFromInteraction(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { config } = context;
  assertMayManage(interaction, config, REFUSED_ARTICLES, context.collections.mode);
  const file = interaction.options.getAttachment('file');
  const url = interaction.options.getString('url');
  if ((file === null) === (url === null)) {
    throw new UserError('article-refused', 'Give exactly one article: attach a file (file:) or paste a link (url:).');
  }
  const maxFileBytes = context.collections.config.maxFileBytes;
  if (file !== null && file.size > maxFileBytes) {
    throw fileTooLarge(file.size, maxFileBytes);
  }
  const source = file !== null ? checkAttachmentUrl(file.url, config.apiBase) : null;
  if ((await context.collections.loadedEngine(interaction.guildId))?.isReindexing) throw new UserError('reindex-running', ALREADY_RUNNING);
  context.addRateLimit.take(interaction.guildId!, file !== null ? 'file' : 'link');
  await deferReply(interaction, { ephemeral: true });
  // A server's first article creates its collection: after the defer, as loading may take a while.
  const engine = await engineHere(context, interaction.guildId, { create: true });
  if (engine.isReindexing) throw new UserError('reindex-running', ALREADY_RUNNING);
  await editReply(interaction, { content: file !== null ? 'Downloading the file…' : 'Fetching the page…' });

  const rules = fetchRulesFrom(context.ingest);
  let input: ArticleInput;
  if (file !== null) {
    // Discord's CDN is public; the API base's host is whatever the operator pointed the bot at.
    const fetched = await fetchUrl(file.url, {
      ...rules,
      maxBytes: maxFileBytes,
      // Only the address Discord gave: a redirect could lead off Discord's file servers.
      maxRedirects: 0,
      noun: 'file',
      ...(source?.viaApiBase ? { isAllowedAddress: () => true } : {}),
    });
    input = { kind: 'upload', bytes: fetched.bytes };
  } else {
    input = { kind: 'link', url: url! };
  }
  const { maxArticles, maxTotalBytes } = config.articleLimits;
  const added = await addArticle(input, {
    articles: engine.articles,
    maxFileBytes,
    addedBy: interaction.user.id,
    fetchRules: rules,
    limits: { maxArticles, maxTotalBytes },
  });
  context.logger.info('article stored', { user: interaction.user.id, guild: interaction.guildId, id: added.id, status: added.status });
  const reindexed = await reindexOrUndo(interaction, context, engine, `Adding “${safeText(added.title)}”: `, added.undo);
  if (!reindexed) return;
  const record = engine.sources().documents.find((d) => d.id === added.id);
  await editReply(interaction, { content: addedText(added, record) });
}

/**
 * /article remove article: — deletes the article's file from the collection (its folder or the database) and reindexes, so it
 * leaves the answers at once. `article` is a document id offered by autocomplete; a typed title
 * that matches exactly one article is accepted too.
 */
export async function removeFromInteraction(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { config } = context;
  assertMayManage(interaction, config, REFUSED_ARTICLES, context.collections.mode);
  await assertCollectionHere(context, interaction.guildId);
  await deferReply(interaction, { ephemeral: true });
  const engine = await engineHere(context, interaction.guildId);
  const wanted = interaction.options.getString('article', true);
  const documents = engine.sources().documents;
  const byTitle = documents.filter((d) => d.title.toLowerCase() === wanted.trim().toLowerCase());
  const doc = documents.find((d) => d.id === wanted) ?? (byTitle.length === 1 ? byTitle[0] : undefined);
  if (!doc) {
    throw new UserError('article-refused', `No article “${wanted}” is in the collection; pick one from the list that appears as you type.`);
  }
  if (engine.isReindexing) throw new UserError('reindex-running', ALREADY_RUNNING);
  const read = await engine.articles.read(doc.id, Number.MAX_SAFE_INTEGER);
  if (!read.ok) {
    throw new UserError('article-refused', `“${doc.title}” is no longer in the collection's articles; run /reindex to bring the list up to date.`);
  }
  const bytes = read.value;
  await engine.articles.remove(doc.id);
  context.logger.info('article removed', { user: interaction.user.id, guild: interaction.guildId, id: doc.id });
  const restore = () => engine.articles.write(doc.id, bytes);
  const reindexed = await reindexOrUndo(interaction, context, engine, `Removing “${safeText(doc.title)}”: `, restore);
  if (!reindexed) return;
  await editReply(interaction, { content: `**Removed** ${describe(doc)}. It is no longer used in answers.` });
}

/** Autocomplete for `/article remove article:`: the collection's articles whose title, outlet or file name contain what was typed. */
export async function articleChoices(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  const typed = interaction.options.getFocused().trim().toLowerCase();
  const engine = await context.collections.forGuild(interaction.guildId);
  if (!engine) return;
  const matches = engine
    .sources()
    .documents.filter((d) => typed === '' || [d.title, d.outlet ?? '', d.id].some((field) => field.toLowerCase().includes(typed)))
    .sort((a, b) => a.title.localeCompare(b.title));
  await respondChoices(
    interaction,
    matches.map((d) => ({ name: [d.title, d.outlet, displayDate(d.date)].filter(Boolean).join(' — '), value: d.id })),
  );
}

/** Reindexes with progress; on failure puts the collection's files back and says why. Returns whether it succeeded. */
async function reindexOrUndo(
  interaction: ChatInputCommandInteraction,
  context: CommandContext,
  engine: Engine,
  prefix: string,
  undo: () => Promise<void>,
): Promise<boolean> {
  try {
    await reindexWithProgress(interaction, context, engine, prefix);
    return true;
  } catch (error) {
    await undo().catch((undoError: unknown) =>
      context.logger.error('could not put the articles back after a failed reindex', { error: String(undoError) }),
    );
    await reportReindexFailure(interaction, context, error, 'reindex for an article change', {
      abandoned: 'Abandoned: the bot is shutting down. Nothing was changed; try again after the restart.',
      failed: (reason) => `${reason}\nThe article change was undone.`,
    });
    return false;
  }
}

function describe(doc: { title: string; outlet: string | null; date: string | null }): string {
  const details = [doc.outlet, displayDate(doc.date)].filter(Boolean).map((d) => safeText(d!)).join(', ');
  return `“${safeText(doc.title)}”${details ? ` (${details})` : ''}`;
}

function addedText(added: AddedArticle, record: DocumentRecord | undefined): string {
  const passages = record ? `: ${record.chunks} passage${record.chunks === 1 ? '' : 's'}` : '';
  const verb = added.status === 'added' ? '**Added**' : '**Updated** (it was already in the collection)';
  return `${verb} ${describe(added)}${passages}. Questions are answered from it now.`;
}
