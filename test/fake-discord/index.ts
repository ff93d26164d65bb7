/**
 * A local fake Discord (REST + gateway) for end-to-end tests with the real
 * discord.js client. Start with {@link FakeDiscord}.
 */
export { FakeDiscord, type FakeDiscordOptions, type PostMessageInput } from './fake-discord.ts';
export type { InteractionHandle } from './interaction-handle.ts';
export type { AutocompleteInput, ButtonClickInput, FakeAttachment, InteractionActor, SlashCommandInput } from './interaction-payloads.ts';
export type { RecordedRequest } from './request-log.ts';
export type { FaultRule } from './rest-server.ts';
export { validateMessageBody } from './limits.ts';
