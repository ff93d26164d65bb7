/**
 * Appends votes to FEEDBACK_FILE as fast as it can, forever, the way the bot
 * does (FeedbackLog: one fsynced write per line); prints `ready` after 20, so
 * a test can kill it mid-stream.
 */
import { loadFeedbackConfig } from '../../../src/config.ts';
import { FeedbackLog } from '../../../src/feedback/feedback-log.ts';

const { file, keepDays } = loadFeedbackConfig();
const log = new FeedbackLog(file, { keepDays });
// Large records (about 64 kB each), so a kill is likely to land during a write.
const comment = 'The passage quoted is about another soldier. '.repeat(1400);
for (let i = 0; ; i++) {
  await log.append({
    time: new Date().toISOString(),
    guildId: '100000000000000001',
    channelId: '200000000000000001',
    userId: String(300000000000000000n + BigInt(i)),
    answerId: 'A00000000001',
    question: `Question ${i}?`,
    answer: 'An answer.',
    citations: [{ n: 1, documentId: 'soldier.md' }],
    vote: 'down',
    reason: 'wrong-passage',
    comment,
    answered: true,
  });
  if (i === 20) process.stdout.write('ready\n');
}
