import type { CommandStore } from './command-store.ts';
import type { FakeGateway } from './gateway.ts';
import type { InteractionStore } from './interaction-store.ts';
import type { MessageStore } from './message-store.ts';
import type { FakeWorld } from './world.ts';

/** Everything the REST routes share: the world, stores, the gateway to announce changes on. */
export interface FakeState {
  world: FakeWorld;
  messages: MessageStore;
  interactions: InteractionStore;
  commands: CommandStore;
  gateway: FakeGateway;
  /** When set, a callback later than this after dispatch gets 10062 Unknown interaction (Discord's 3 s rule). */
  ackDeadlineMs: number | undefined;
  /** Notes something real Discord would reject or the fake cannot serve. */
  problem(message: string): void;
}
