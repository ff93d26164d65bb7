/** A model folder's JSON file as Hugging Face writes them: two-space indent, final newline. */
export const json = (value: object): string => `${JSON.stringify(value, null, 2)}\n`;
