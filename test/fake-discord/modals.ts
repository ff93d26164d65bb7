import { ComponentType } from 'discord-api-types/v10';
import { FormErrors } from './discord-errors.ts';

/** Discord's documented modal limits. */
export const MODAL_LIMITS = {
  title: 45,
  customId: 100,
  components: 5,
  label: 45,
  labelDescription: 100,
  textInputLength: 4000,
  placeholder: 100,
  selectOptions: 25,
  optionText: 100,
} as const;

type Path = readonly (string | number)[];
type Json = Record<string, any>;

const length = (value: unknown) => (typeof value === 'string' ? [...value].length : 0);

function text(errors: FormErrors, path: Path, value: unknown, max: number, required: boolean, min = 1): void {
  if (value === undefined || value === null) {
    if (required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (typeof value !== 'string' || length(value) < min || length(value) > max) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }
}

/** A text input: custom id, style 1 (short) or 2 (paragraph), lengths; its own `label` only outside a Label component. */
function checkTextInput(errors: FormErrors, path: Path, input: Json, inLabel: boolean, ids: Set<string>): void {
  customId(errors, path, input, ids);
  if (input.style !== 1 && input.style !== 2) errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2}.');
  if (inLabel && input.label !== undefined) errors.add([...path, 'label'], 'COMPONENT_INVALID_FIELD', 'label is not allowed in a text input inside a Label component');
  if (!inLabel) text(errors, [...path, 'label'], input.label, MODAL_LIMITS.label, true);
  text(errors, [...path, 'placeholder'], input.placeholder, MODAL_LIMITS.placeholder, false);
  text(errors, [...path, 'value'], input.value, MODAL_LIMITS.textInputLength, false, 0);
  for (const key of ['min_length', 'max_length'] as const) {
    const value = input[key];
    if (value !== undefined && (!Number.isInteger(value) || value < (key === 'min_length' ? 0 : 1) || value > MODAL_LIMITS.textInputLength)) {
      errors.add([...path, key], 'NUMBER_TYPE_MAX', `${key} must be between ${key === 'min_length' ? 0 : 1} and 4000.`);
    }
  }
}

/** A string select inside a Label: custom id, 1-25 options with values unique and texts of at most 100, no `disabled` (not allowed in modals). */
function checkStringSelect(errors: FormErrors, path: Path, select: Json, ids: Set<string>): void {
  customId(errors, path, select, ids);
  if (select.disabled !== undefined) errors.add([...path, 'disabled'], 'COMPONENT_INVALID_FIELD', 'disabled is not allowed in modals');
  const options: unknown = select.options;
  if (!Array.isArray(options) || options.length < 1 || options.length > MODAL_LIMITS.selectOptions) {
    errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MODAL_LIMITS.selectOptions} in length.`);
    return;
  }
  const values = new Set<string>();
  options.forEach((option: Json, i) => {
    text(errors, [...path, 'options', i, 'label'], option?.label, MODAL_LIMITS.optionText, true);
    text(errors, [...path, 'options', i, 'value'], option?.value, MODAL_LIMITS.optionText, true);
    if (values.has(option?.value)) errors.add([...path, 'options', i, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Select options must have unique values');
    values.add(option?.value);
  });
  const min = select.min_values ?? 1;
  const max = select.max_values ?? 1;
  if (!Number.isInteger(min) || min < 0 || min > options.length) errors.add([...path, 'min_values'], 'NUMBER_TYPE_MAX', 'min_values is out of range');
  if (!Number.isInteger(max) || max < 1 || max > options.length || max < min) errors.add([...path, 'max_values'], 'NUMBER_TYPE_MAX', 'max_values is out of range');
}

function customId(errors: FormErrors, path: Path, component: Json, ids: Set<string>): void {
  text(errors, [...path, 'custom_id'], component.custom_id, MODAL_LIMITS.customId, true);
  if (typeof component.custom_id !== 'string') return;
  if (ids.has(component.custom_id)) errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  ids.add(component.custom_id);
}

/**
 * Checks a MODAL callback's data like Discord: a custom id (1-100), a title
 * (1-45), 1-5 components, each a Label (label ≤ 45, description ≤ 100)
 * holding a text input or a string select, a text display, or a legacy action
 * row with one text input; custom ids unique.
 */
export function validateModal(data: unknown, prefix: Path = ['data']): FormErrors {
  const errors = new FormErrors();
  const modal = (data ?? {}) as Json;
  text(errors, [...prefix, 'custom_id'], modal.custom_id, MODAL_LIMITS.customId, true);
  text(errors, [...prefix, 'title'], modal.title, MODAL_LIMITS.title, true);
  const components: unknown = modal.components;
  if (!Array.isArray(components) || components.length < 1 || components.length > MODAL_LIMITS.components) {
    errors.add([...prefix, 'components'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MODAL_LIMITS.components} in length.`);
    return errors;
  }
  const ids = new Set<string>();
  components.forEach((component: Json, i) => {
    const at = [...prefix, 'components', i];
    if (component?.type === ComponentType.Label) {
      text(errors, [...at, 'label'], component.label, MODAL_LIMITS.label, true);
      text(errors, [...at, 'description'], component.description, MODAL_LIMITS.labelDescription, false);
      const inner = component.component as Json | undefined;
      if (inner?.type === ComponentType.TextInput) checkTextInput(errors, [...at, 'component'], inner, true, ids);
      else if (inner?.type === ComponentType.StringSelect) checkStringSelect(errors, [...at, 'component'], inner, ids);
      else errors.add([...at, 'component', 'type'], 'UNION_TYPE_CHOICES', 'The fake serves text inputs and string selects inside labels');
    } else if (component?.type === ComponentType.ActionRow) {
      const inner: unknown = component.components;
      if (!Array.isArray(inner) || inner.length !== 1 || inner[0]?.type !== ComponentType.TextInput) {
        errors.add([...at, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'An action row in a modal holds exactly one text input');
      } else checkTextInput(errors, [...at, 'components', 0], inner[0], false, ids);
    } else if (component?.type !== ComponentType.TextDisplay) {
      errors.add([...at, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 10, 18).');
    }
  });
  return errors;
}

/** What a user typed or chose, by component custom id: text for a text input, the chosen values for a select. */
export type ModalValues = Record<string, string | readonly string[]>;

/**
 * The `data` of the MODAL_SUBMIT a user sends after filling in `modal`.
 * Throws (a user could not do it) for a value given to an unknown field, a
 * choice not among a select's options or outside its min/max, a required
 * field left empty, or a text outside the input's lengths. A select left
 * alone submits its default options.
 */
export function modalSubmitData(modal: Json, values: ModalValues): Json {
  const known = new Set<string>();
  let nextId = 1;
  const fill = (component: Json): Json => {
    const id = component.custom_id as string;
    known.add(id);
    const given = values[id];
    if (component.type === ComponentType.TextInput) {
      if (Array.isArray(given)) throw new Error(`FakeDiscord: "${id}" is a text input; give it a string`);
      const value = (given as string | undefined) ?? component.value ?? '';
      const required = component.required ?? true;
      if (required && value === '') throw new Error(`FakeDiscord: "${id}" is required; Discord would not send the form without it`);
      if (value !== '' && (length(value) < (component.min_length ?? 0) || length(value) > (component.max_length ?? MODAL_LIMITS.textInputLength))) {
        throw new Error(`FakeDiscord: "${id}" takes ${component.min_length ?? 0}-${component.max_length ?? 4000} characters`);
      }
      return { type: ComponentType.TextInput, id: nextId++, custom_id: id, value };
    }
    const options = (component.options ?? []) as Json[];
    const chosen = given === undefined ? options.filter((o) => o.default).map((o) => o.value as string) : typeof given === 'string' ? [given] : [...given];
    for (const value of chosen) {
      if (!options.some((o) => o.value === value)) throw new Error(`FakeDiscord: "${value}" is not an option of "${id}" (options: ${options.map((o) => o.value).join(', ')})`);
    }
    const min = (component.required ?? true) ? Math.max(1, component.min_values ?? 1) : (component.min_values ?? 0);
    if (chosen.length < min || chosen.length > (component.max_values ?? 1)) throw new Error(`FakeDiscord: "${id}" takes ${min}-${component.max_values ?? 1} choices`);
    return { type: ComponentType.StringSelect, id: nextId++, custom_id: id, values: chosen };
  };
  const components = (modal.components as Json[]).flatMap((component): Json[] => {
    if (component.type === ComponentType.Label) return [{ type: ComponentType.Label, id: nextId++, component: fill(component.component) }];
    if (component.type === ComponentType.ActionRow) return [{ type: ComponentType.ActionRow, id: nextId++, components: (component.components as Json[]).map(fill) }];
    return [];
  });
  const unknown = Object.keys(values).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new Error(`FakeDiscord: the form has no field ${unknown.map((k) => `"${k}"`).join(', ')} (fields: ${[...known].join(', ')})`);
  return { custom_id: modal.custom_id, components };
}
