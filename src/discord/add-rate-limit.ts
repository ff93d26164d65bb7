import type { ArticleLimits } from '../config.ts';
import { UserError } from '../errors.ts';
import type { Clock } from './cooldown.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * How often each server may use /article add: `addsPerHour` in all and `linksPerHour` of them
 * links, in any sliding hour. Links are held tighter because each one makes the bot fetch from
 * the internet on a moderator's word. Attempts count once they reach the download, refused or
 * not: the cost is the fetch, whatever the page turns out to be.
 */
export class AddRateLimit {
  private readonly uses = new Map<string, Array<{ at: number; link: boolean }>>();

  constructor(
    private readonly limits: Pick<ArticleLimits, 'addsPerHour' | 'linksPerHour'>,
    private readonly now: Clock = Date.now,
  ) {}

  /**
   * Records an add by `guildId`, or throws the refusal (with when to try again) when the server
   * is at a limit.
   */
  take(guildId: string, kind: 'link' | 'file'): void {
    const now = this.now();
    const recent = (this.uses.get(guildId) ?? []).filter((use) => use.at > now - HOUR_MS);
    const links = recent.filter((use) => use.link);
    const full =
      recent.length >= this.limits.addsPerHour
        ? { list: recent, limit: this.limits.addsPerHour, what: `article${this.limits.addsPerHour === 1 ? '' : 's'}` }
        : kind === 'link' && links.length >= this.limits.linksPerHour
          ? { list: links, limit: this.limits.linksPerHour, what: `link${this.limits.linksPerHour === 1 ? '' : 's'}` }
          : null;
    if (full) {
      this.uses.set(guildId, recent);
      const retryAt = full.list[full.list.length - full.limit]!.at + HOUR_MS;
      throw new UserError(
        'article-refused',
        `This server has added ${full.limit} ${full.what} in the last hour, the most allowed; try again <t:${Math.ceil(retryAt / 1000)}:R>.`,
      );
    }
    recent.push({ at: now, link: kind === 'link' });
    this.uses.set(guildId, recent);
  }
}
