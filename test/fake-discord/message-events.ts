import { ChannelType, GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type { FakeState } from './fake-state.ts';
import type { StoredMessage } from './message-store.ts';
import { messageEventPayload } from './payloads.ts';

/**
 * Announces a message change over the gateway the way Discord filters it:
 * guild messages need GuildMessages, DMs need DirectMessages, ephemeral
 * messages are never sent, and without MessageContent a guild message's
 * content, embeds, attachments and components arrive empty unless the bot
 * wrote it or is mentioned in it.
 */
export function announceMessage(
  state: FakeState,
  event: GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate | GatewayDispatchEvents.MessageDelete,
  stored: StoredMessage,
): void {
  if (stored.ephemeral) return;
  const { world } = state;
  const { message } = stored;
  const inDm = world.textChannel(message.channel_id)?.type === ChannelType.DM;
  const needed = inDm ? GatewayIntentBits.DirectMessages : GatewayIntentBits.GuildMessages;
  state.gateway.dispatch(event, (intents) => {
    if ((intents & needed) === 0) return null;
    if (event === GatewayDispatchEvents.MessageDelete) {
      return { id: message.id, channel_id: message.channel_id, ...(inDm ? {} : { guild_id: world.guildId }) };
    }
    const payload = messageEventPayload(world, message);
    const botId = world.botUser.id;
    const readable =
      (intents & GatewayIntentBits.MessageContent) !== 0 ||
      inDm ||
      message.author.id === botId ||
      message.mentions.some((u) => u.id === botId);
    return readable ? payload : { ...payload, content: '', embeds: [], attachments: [], components: [] };
  });
}
