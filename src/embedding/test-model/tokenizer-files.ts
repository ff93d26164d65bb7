import { SPECIAL_TOKENS, type SpecialToken, type VocabularyEntry } from './vocabulary.ts';

/** Largest sequence the tokenizer produces, as in all-MiniLM-L6-v2 and BERT. */
export const MODEL_MAX_LENGTH = 512;

type TemplatePiece = { SpecialToken: { id: SpecialToken; type_id: number } } | { Sequence: { id: 'A' | 'B'; type_id: number } };

function specialTokenIds(vocabulary: readonly VocabularyEntry[]): Record<SpecialToken, number> {
  const ids = {} as Record<SpecialToken, number>;
  for (const token of SPECIAL_TOKENS) {
    const id = vocabulary.findIndex((entry) => entry.token === token);
    if (id === -1) throw new Error(`vocabulary has no ${token} token`);
    ids[token] = id;
  }
  return ids;
}

/**
 * The Hugging Face `tokenizer.json` of an uncased BERT WordPiece tokenizer
 * over `vocabulary`: the files transformers.js (and the Rust `tokenizers`
 * library) read to tokenise exactly as bert-base-uncased does.
 */
export function tokenizerJson(vocabulary: readonly VocabularyEntry[]): object {
  const ids = specialTokenIds(vocabulary);
  const special = (id: SpecialToken, type_id: number): TemplatePiece => ({ SpecialToken: { id, type_id } });
  const sequence = (id: 'A' | 'B', type_id: number): TemplatePiece => ({ Sequence: { id, type_id } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((token) => ({
      id: ids[token],
      content: token,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: true,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0)],
      pair: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0), sequence('B', 1), special('[SEP]', 1)],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [ids['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [ids['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary.map((entry, id) => [entry.token, id])),
    },
  };
}

const SPECIAL_TOKENS_MAP = {
  cls_token: '[CLS]',
  mask_token: '[MASK]',
  pad_token: '[PAD]',
  sep_token: '[SEP]',
  unk_token: '[UNK]',
} as const;

/** `special_tokens_map.json`: which token plays which role. */
export function specialTokensMap(): object {
  return { ...SPECIAL_TOKENS_MAP };
}

/** `tokenizer_config.json`: the tokenizer class and settings transformers.js reads beside tokenizer.json. */
export function tokenizerConfig(): object {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    do_basic_tokenize: true,
    tokenize_chinese_chars: true,
    strip_accents: true,
    never_split: null,
    model_max_length: MODEL_MAX_LENGTH,
    clean_up_tokenization_spaces: true,
    ...SPECIAL_TOKENS_MAP,
  };
}

/** `vocab.txt`: one token per line in id order, for tools that read the classic BERT format. */
export function vocabTxt(vocabulary: readonly VocabularyEntry[]): string {
  return `${vocabulary.map((entry) => entry.token).join('\n')}\n`;
}
