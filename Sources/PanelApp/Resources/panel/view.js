// The panel's DOM: the fixed layout, product tiles and category buttons. Pure builders: the
// controller (app.js) owns the state and passes callbacks.
import { h, isImageURL } from './dom.js';
import { isSendable } from './cards.js';

/** The page's fixed parts, built once. */
export function layout(t) {
  const input = h('input', {
    id: 'search', type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false',
    placeholder: t.searchPlaceholder, 'aria-describedby': 'status', enterkeyhint: 'search', maxlength: '200',
  });
  const form = h('form', { class: 'search', role: 'search', 'aria-label': t.searchLabel },
    h('label', { for: 'search', class: 'visually-hidden' }, t.searchLabel),
    input,
    h('button', { type: 'submit', class: 'search-button' }, t.searchButton));
  const back = h('button', { type: 'button', class: 'back', hidden: true }, `← ${t.back}`);
  const heading = h('h2', { class: 'heading', tabindex: '-1' });
  const status = h('p', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const message = h('div', { class: 'message', hidden: true });
  const categories = h('ul', { class: 'categories', 'aria-label': t.categories });
  const products = h('ul', { class: 'products' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, t.moreResults);
  const count = h('span', { class: 'count' });
  const hint = h('span', { class: 'hint' });
  const send = h('button', { type: 'button', class: 'primary send-carousel' });
  const clear = h('button', { type: 'button', class: 'clear' }, t.clearSelection);
  const selection = h('section', { class: 'selection', hidden: true, 'aria-label': t.selectionLabel },
    h('p', { class: 'selection-text' }, count, ' ', hint), h('div', { class: 'selection-actions' }, clear, send));
  const toast = h('p', { class: 'toast', role: 'status', 'aria-live': 'polite' });
  const results = h('div', { class: 'results' }, categories, products, more);
  return {
    input, form, back, heading, status, message, categories, products, more, selection, count, hint, send, clear, toast,
    root: [h('header', { class: 'toolbar' }, form, h('nav', { class: 'trail' }, back, heading)), status, message, results, selection, toast],
  };
}

/** A category as a button: its label and product count. */
export function categoryItem(category, t, onOpen) {
  return h('li', {},
    h('button', { type: 'button', class: 'category', onclick: () => onOpen(category) },
      h('span', { class: 'category-label' }, category.label),
      Number.isInteger(category.productsCount) ? h('span', { class: 'category-count' }, t.productsInCategory(category.productsCount)) : null));
}

/**
 * A product tile. `actions` = { send, insert, toggle, isSelected, canSelect }.
 */
export function productItem(product, t, actions) {
  const sendable = isSendable(product);
  const selected = actions.isSelected(product);
  const checkbox = h('input', {
    type: 'checkbox', class: 'pick-box', 'aria-label': t.selectFor(product.title),
    disabled: !sendable || (!selected && !actions.canSelect()),
  });
  checkbox.checked = selected;
  checkbox.addEventListener('change', () => actions.toggle(product, checkbox.checked));
  const price = priceLine(product, t);
  const stock = product.available === true ? h('p', { class: 'stock in' }, t.inStock)
    : product.available === false ? h('p', { class: 'stock out' }, t.outOfStock) : null;
  return h('li', { class: 'product', 'data-id': product.id },
    thumbnail(product, t),
    h('div', { class: 'info' },
      h('h3', { class: 'title' }, product.title),
      price, stock,
      sendable ? null : h('p', { class: 'note' }, t.noLink)),
    h('div', { class: 'actions' },
      h('label', { class: 'pick' }, checkbox, h('span', { 'aria-hidden': 'true' }, t.select)),
      h('button', { type: 'button', class: 'primary send-card', disabled: !sendable, onclick: () => actions.send(product) }, t.sendCard),
      h('button', { type: 'button', class: 'insert-link', disabled: !sendable, onclick: () => actions.insert(product) }, t.insertLink)));
}

function priceLine(product, t) {
  if (product.pricePromotion && product.priceCatalog) {
    return h('p', { class: 'price' },
      h('strong', { class: 'now' }, product.pricePromotion), ' ',
      h('del', { class: 'was' }, h('span', { class: 'visually-hidden' }, `${t.instead('')} `.trimStart()), product.priceCatalog));
  }
  const amount = product.pricePromotion || product.priceCatalog;
  return amount ? h('p', { class: 'price' }, h('strong', { class: 'now' }, amount)) : null;
}

/** The product's image, or a placeholder when it has none or it fails to load. */
function thumbnail(product, t) {
  const frame = h('div', { class: 'thumb' });
  const placeholder = () => h('span', { class: 'placeholder', role: 'img', 'aria-label': t.noImage },
    (product.title || '?').trim().charAt(0).toUpperCase() || '?');
  if (isImageURL(product.imageUrl)) {
    const image = h('img', { alt: '', loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer', width: '64', height: '64' });
    image.addEventListener('error', () => frame.replaceChildren(placeholder()), { once: true });
    image.src = product.imageUrl;
    frame.appendChild(image);
  } else {
    frame.appendChild(placeholder());
  }
  return frame;
}

/** An error or empty-state box with an optional button. */
export function messageBox(text, { tone = 'info', button = null } = {}) {
  return [h('p', { class: `message-text ${tone}` }, text), button];
}
