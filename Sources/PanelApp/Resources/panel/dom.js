// A tiny element builder. Text always goes in through textContent and attributes through
// setAttribute: data from the shop is never parsed as HTML.

/**
 * h('button', { class: 'primary', type: 'button', onclick: fn }, 'Send') builds an element.
 * Keys starting with "on" add listeners; "class", "aria-*", "data-*" and other strings become
 * attributes; booleans toggle attributes. Children are nodes or strings (as text).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (value === true) {
      element.setAttribute(key, '');
    } else {
      element.setAttribute(key, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else if (child instanceof Node) element.appendChild(child);
    else element.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces every child of `element`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** An image the panel may show: a web URL, or an inline data: image (the CSP allows both). */
export function isImageURL(value) {
  return isWebURL(value) || (typeof value === 'string' && value.startsWith('data:image/'));
}

/** True for an absolute http(s) URL: links, and images sent in cards, are used only then. */
export function isWebURL(value) {
  if (typeof value !== 'string' || value === '') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
