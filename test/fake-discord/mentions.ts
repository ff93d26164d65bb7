import type { APIAllowedMentions, APIUser } from 'discord-api-types/v10';

/** Who a message actually pings, after `allowed_mentions` is applied. */
export interface ResolvedMentions {
  users: string[];
  roles: string[];
  everyone: boolean;
}

/**
 * Applies Discord's mention rules to `content`: with no `allowed_mentions`
 * every user, role and @everyone/@here mention pings (and a reply pings the
 * replied-to author); with `allowed_mentions` only what `parse` or the id
 * lists allow pings, and the replied user only when `replied_user` is true.
 * Unknown user ids (see `isKnownUser`) are dropped as Discord does.
 */
export function resolveMentions(
  content: string,
  allowed: APIAllowedMentions | undefined,
  isKnownUser: (id: string) => boolean,
  repliedTo?: APIUser,
): ResolvedMentions {
  const userIds = [...content.matchAll(/<@!?(\d{5,25})>/g)].map((m) => m[1]!).filter(isKnownUser);
  const roleIds = [...content.matchAll(/<@&(\d{5,25})>/g)].map((m) => m[1]!);
  const mentionsEveryone = /@(everyone|here)\b/.test(content);
  const parse = allowed ? (allowed.parse ?? []) : ['users', 'roles', 'everyone'];
  const users = userIds.filter((id) => parse.includes('users' as never) || (allowed?.users ?? []).includes(id));
  if (repliedTo && (allowed ? allowed.replied_user === true : true)) users.push(repliedTo.id);
  const roles = roleIds.filter((id) => parse.includes('roles' as never) || (allowed?.roles ?? []).includes(id));
  return {
    users: [...new Set(users)],
    roles: [...new Set(roles)],
    everyone: mentionsEveryone && parse.includes('everyone' as never),
  };
}
