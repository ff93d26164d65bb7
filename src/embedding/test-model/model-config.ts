import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MODEL_MAX_LENGTH } from './tokenizer-files.ts';

/** The `_name_or_path` written into a generated model's config.json. */
export const TEST_MODEL_ID = 'generated/bag-of-words';

/** The config.json key, set to true, that marks a folder as a generated test model. */
export const TEST_MODEL_MARKER = 'generated_test_model';

/** The `_name_or_path` of a generated word-vector model. */
export const WORD_VECTOR_MODEL_ID = 'generated/sif-word-vectors';

/** The config.json key, set to true, that marks a folder as a generated word-vector model. */
export const WORD_VECTOR_MODEL_MARKER = 'generated_word_vector_model';

/** Which generated model a config.json describes. */
export interface GeneratedModelIdentity {
  id: string;
  marker: string;
}

/**
 * config.json for a BERT-shaped model with no layers: `model_type: "bert"`
 * makes transformers.js pick BertModel and feed input_ids, attention_mask and
 * token_type_ids. One attention head keeps hidden_size divisible for any width.
 */
export function modelConfig(
  vocabSize: number,
  dimensions: number,
  identity: GeneratedModelIdentity = { id: TEST_MODEL_ID, marker: TEST_MODEL_MARKER },
): object {
  return {
    _name_or_path: identity.id,
    [identity.marker]: true,
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: vocabSize,
    hidden_size: dimensions,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: dimensions,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0,
    attention_probs_dropout_prob: 0,
    max_position_embeddings: MODEL_MAX_LENGTH,
    type_vocab_size: 2,
    initializer_range: 0.02,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    torch_dtype: 'float32',
  };
}

/** Whether `dir` holds a generated test model (its config.json carries the marker). */
export const isGeneratedTestModel = (dir: string): Promise<boolean> => hasModelMarker(dir, TEST_MODEL_MARKER);

/** Whether `dir` holds a generated word-vector model. */
export const isWordVectorModel = (dir: string): Promise<boolean> => hasModelMarker(dir, WORD_VECTOR_MODEL_MARKER);

/**
 * Whether the config.json in `dir` sets `marker` to true: how the project
 * recognises the model folders it generated. A folder without config.json is
 * simply not one; an unreadable or malformed config.json is an error, since
 * the caller cannot tell what it is.
 */
export async function hasModelMarker(dir: string, marker: string): Promise<boolean> {
  const file = path.join(dir, 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw new Error(`reading ${file}: ${(error as Error).message}`, { cause: error });
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new Error(`reading ${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return typeof config === 'object' && config !== null && (config as Record<string, unknown>)[marker] === true;
}
