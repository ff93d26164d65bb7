import { describe, expect, it } from 'vitest';
import { modelName, sourcesMessage } from '../../src/discord/sources-message.ts';

describe('the /sources listing', () => {
  it('names the model without showing the host its folder is on', () => {
    expect(modelName('Xenova/all-MiniLM-L6-v2')).toBe('Xenova/all-MiniLM-L6-v2');
    expect(modelName('local:/srv/bot/.cache/generated-model')).toBe('generated-model');
    expect(modelName('local:./models/all-MiniLM-L6-v2/')).toBe('all-MiniLM-L6-v2');
    expect(modelName('local:C:\\bots\\models\\minilm')).toBe('minilm');
  });

  it('shows that name in the footer of every page', () => {
    const listing = { documents: [], model: 'local:/home/alice/secret-project/models/minilm', builtAt: '2025-01-01T00:00:00Z', chunks: 0 };
    const footer = sourcesMessage(listing, 1).embeds[0]!.footer!.text;
    expect(footer).toBe('Page 1/1 · model minilm');
  });
});
