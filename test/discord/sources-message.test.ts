import { describe, expect, it } from 'vitest';
import { modelName, sourcesMessage } from '../../src/discord/sources-message.ts';
import { denseGate } from '../../src/indexing/dense-gate.ts';

describe('the /sources listing', () => {
  it('names the model without showing the host its folder is on', () => {
    expect(modelName('Xenova/all-MiniLM-L6-v2')).toBe('Xenova/all-MiniLM-L6-v2');
    expect(modelName('local:/srv/bot/.cache/generated-model')).toBe('generated-model');
    expect(modelName('local:./models/all-MiniLM-L6-v2/')).toBe('all-MiniLM-L6-v2');
    expect(modelName('local:C:\\bots\\models\\minilm')).toBe('minilm');
  });

  it('shows that name in the footer of every page', () => {
    const listing = { documents: [], model: 'local:/home/alice/secret-project/models/minilm', builtAt: '2025-01-01T00:00:00Z', chunks: 0, gate: denseGate(0.6, undefined) };
    const footer = sourcesMessage(listing, 1).embeds[0]!.footer!.text;
    expect(footer).toBe('Page 1/1 · model minilm');
  });

  it('shows the relevance gate\'s dense threshold and where it comes from', () => {
    const calibration = { questions: 275, questionSet: 'x', share: 0, denseThreshold: 0.6312, offTopic: { median: 0.3, p90: 0.5, p99: 0.6, max: 0.6311 } };
    const show = (gate: ReturnType<typeof denseGate>) =>
      sourcesMessage({ documents: [], model: 'm', builtAt: '', chunks: 0, gate }, 1).embeds[0]!.description!;
    expect(show(denseGate(undefined, calibration))).toContain('Relevance gate: dense score ≥ 0.63 (calibrated for this model: none of 275 off-topic questions reach it)');
    expect(show(denseGate(0.7, calibration))).toContain('Relevance gate: dense score ≥ 0.70 (set by MIN_DENSE_SCORE)');
    expect(show(denseGate(undefined, undefined))).toContain('dense score ≥ 0.55 (default; reindex to calibrate it for this model)');
  });
});
