// The controls the settings forms are made of: a set of checkboxes for a closed list (content ratings,
// demographics), an on/off switch, and a picker of named things (languages, tags, groups) that shows names and keeps
// ids. Each control answers value() with what the API takes; nothing here talks to the server except through the
// suggest function a picker is given.

import { el, labelled } from './dom.js';

/** MangaDex's language codes (its own, not BCP 47: es-la, pt-br, ja-ro…), the common ones first. */
export const LANGUAGES = ['en', 'ja', 'ja-ro', 'ko', 'ko-ro', 'zh', 'zh-hk', 'zh-ro', 'es', 'es-la', 'pt', 'pt-br', 'fr',
  'de', 'it', 'ru', 'uk', 'pl', 'id', 'vi', 'th', 'tr', 'ar', 'fa', 'he', 'hi', 'bn', 'ms', 'tl', 'my', 'mn', 'ne', 'ta',
  'te', 'kk', 'uz', 'az', 'ka', 'ro', 'hu', 'cs', 'sk', 'nl', 'sv', 'no', 'da', 'fi', 'el', 'bg', 'sr', 'hr', 'lt', 'lv',
  'et', 'ca', 'la', 'eo'];
export const RATINGS = ['safe', 'suggestive', 'erotica', 'pornographic'];
export const DEMOGRAPHICS = ['shounen', 'shoujo', 'josei', 'seinen', 'none'];

// MangaDex's romanized variants have no BCP 47 tag Intl knows; its Latin-American Spanish is es-419
const ROMANIZED = { 'ja-ro': 'ja', 'ko-ro': 'ko', 'zh-ro': 'zh' };
const BCP47 = { 'es-la': 'es-419' };
let displayNames = null;

/** A language's name in the page's language ("French", "Brazilian Portuguese", "Japanese (romanized)"). */
export function languageName(code) {
  try {
    displayNames ??= new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'language' });
    if (ROMANIZED[code]) return displayNames.of(ROMANIZED[code]) + ' (romanized)';
    const name = displayNames.of(BCP47[code] || code);
    return name && name !== code ? name : code;
  } catch (e) {
    return code;
  }
}

/** A language as a picker option: its code kept, its name shown. */
export function languageOption(code) {
  return { value: code, name: languageName(code) };
}

/** MangaDex's languages as picker options; a code typed as it is ("es-la") is taken too. */
export function languagePicker({ id, label, codes, empty }) {
  return namedPicker({ id, label, empty, chosen: codes.map(languageOption), suggest: fromList(LANGUAGES.map(languageOption)),
    accept: (text) => (/^[a-z]{2,3}(-[a-z]{2,4})?$/i.test(text) ? languageOption(text.toLowerCase()) : null) });
}

/**
 * Checkboxes for a closed list, where the API's empty list means "no filter": everything checked is answered as [],
 * and nothing checked is refused (it would read as "no filter" too), with a message saying so.
 */
export function checkboxes({ id, legend, values, selected, labels = {} }) {
  const fieldset = el('fieldset', 'choices');
  fieldset.id = id;
  fieldset.append(el('legend', null, legend));
  const all = selected.length === 0;
  const boxes = values.map((value) => {
    const { label, control: box } = labelled('input', id + '-' + value, labels[value] || value);
    box.type = 'checkbox';
    box.value = value;
    box.checked = all || selected.includes(value);
    const span = el('span', 'choice');
    span.append(box, label);
    fieldset.append(span);
    return box;
  });
  return {
    node: fieldset,
    value() {
      const checked = boxes.filter((b) => b.checked).map((b) => b.value);
      if (checked.length === 0) throw new Error(legend + ': check at least one');
      return checked.length === values.length ? [] : checked;
    },
  };
}

/** An on/off switch for a boolean. */
export function toggle({ id, label, checked }) {
  const row = el('div', 'row switch');
  const { label: l, control: box } = labelled('input', id, label);
  box.type = 'checkbox';
  box.setAttribute('role', 'switch');
  box.checked = Boolean(checked);
  row.append(box, l);
  return { node: row, value: () => box.checked };
}

/**
 * A picker of named things: the chosen ones as a list with a Remove button each, and a text box with suggestions
 * (a datalist of names) and an Add button. suggest(text) answers [{value, name}]; the typed name, or a value pasted
 * as it is (a code, an id), is added; anything else is refused by name in the picker's own message.
 */
export function namedPicker({ id, label, chosen, suggest, empty, accept }) {
  const fieldset = el('fieldset', 'picker');
  fieldset.id = id;
  fieldset.append(el('legend', null, label));
  const list = el('ul', 'chips picked');
  const none = el('p', 'meta', empty);
  const { label: inputLabel, control: input } = labelled('input', id + '-input', 'Add');
  input.type = 'text';
  input.maxLength = 100;
  input.autocomplete = 'off';
  const options = el('datalist');
  options.id = id + '-options';
  input.setAttribute('list', options.id);
  const add = el('button', 'add', 'Add');
  add.type = 'button';
  const message = el('p', 'field-error');
  message.id = id + '-message';
  message.setAttribute('aria-live', 'polite');
  input.setAttribute('aria-describedby', message.id);
  const row = el('div', 'row');
  row.append(inputLabel, input, options, add);
  fieldset.append(list, none, row, message);

  let picked = chosen.map((c) => ({ value: c.value, name: c.name || c.value }));
  const render = () => {
    list.replaceChildren(...picked.map((c) => {
      const li = el('li');
      li.dataset.value = c.value;
      const remove = el('button', 'remove', '×');
      remove.type = 'button';
      remove.setAttribute('aria-label', 'Remove ' + c.name);
      remove.addEventListener('click', () => {
        picked = picked.filter((p) => p.value !== c.value);
        render();
        input.focus();
      });
      li.append(el('span', null, c.name), ' ', remove);
      return li;
    }));
    none.hidden = picked.length > 0;
  };
  const refresh = async () => {
    let suggestions = [];
    try {
      suggestions = await suggest(input.value.trim());
    } catch (e) {
      // no suggestions (a server without the route, a network blip): codes and ids pasted as they are still work
    }
    options.replaceChildren(...suggestions.filter((s) => !picked.some((p) => p.value === s.value))
      .map((s) => { const o = el('option'); o.value = s.name; return o; }));
    return suggestions;
  };
  const addTyped = async () => {
    const text = input.value.trim();
    if (!text) return;
    const found = await refresh();
    const lower = text.toLowerCase();
    const match = found.find((s) => s.name.toLowerCase() === lower || s.value.toLowerCase() === lower)
      || (accept && accept(text));
    if (!match) {
      message.textContent = 'Nothing called "' + text + '" here: pick one of the suggestions.';
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    message.textContent = '';
    input.removeAttribute('aria-invalid');
    if (!picked.some((p) => p.value === match.value)) picked.push(match);
    input.value = '';
    render();
    refresh();
  };
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault(); // Enter adds what was typed; it does not save the whole form
    addTyped();
  });
  add.addEventListener('click', () => addTyped());
  input.addEventListener('focus', refresh, { once: true }); // asked when wanted, not for every picker on the page
  render();
  return { node: fieldset, value: () => picked.map((p) => p.value), add: addTyped };
}

/** A picker's suggestions from a fixed list: the options whose name contains the text. */
export function fromList(options) {
  return async (text) => {
    const lower = text.toLowerCase();
    return options.filter((o) => o.name.toLowerCase().includes(lower) || o.value.toLowerCase() === lower).slice(0, 60);
  };
}
