// The conversation panel app: search and browse the tenant's catalog, send products to the
// conversation as cards, a carousel or a link. Talks to the Desk through iAdvize's idzcpa library.
import { CatalogAPI } from './api.js';
import { carousel, carouselMax, carouselMin, linkText, productCard } from './cards.js';
import { h, replace } from './dom.js';
import { pickLanguage, stringsFor } from './i18n.js';
import { Session } from './session.js';
import { categoryItem, layout, messageBox, productItem } from './view.js';

const pageSize = 20;
const categoryPageSize = 100;
const maxCategoryPages = 5;
const debounceMs = 250;
const initTimeoutMs = 10_000;

start();

async function start() {
  const root = document.getElementById('app');
  const library = window.idzCpa;
  if (!library || typeof library.init !== 'function') {
    fatal(root, stringsFor(navigator.language).errorLibrary);
    return;
  }
  let client;
  try {
    client = await withTimeout(library.init(), initTimeoutMs);
  } catch {
    fatal(root, stringsFor(navigator.language).errorNotInDesk);
    return;
  }
  const language = pickLanguage(client && client.context && client.context.language);
  document.documentElement.lang = language;
  const params = new URLSearchParams(location.search);
  const initialToken = params.get('jwt');
  if (initialToken) {
    // Keep the token out of the address bar and the history; the session holds it.
    params.delete('jwt');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : ''));
  }
  const panel = new Panel(root, client, stringsFor(language), new CatalogAPI(new Session(client, initialToken)));
  panel.showCategories(null);
}

function fatal(root, text) {
  root.removeAttribute('aria-busy');
  replace(root, h('div', { class: 'message' }, h('p', { class: 'message-text error', role: 'alert' }, text)));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    Promise.resolve(promise).then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); });
  });
}

class Panel {
  constructor(root, client, t, api) {
    this.client = client;
    this.t = t;
    this.api = api;
    this.ui = layout(t);
    this.trail = [];          // categories opened, outermost first: [{ id, label }]
    this.products = [];       // products shown, in order
    this.query = '';          // the search shown ('' when browsing)
    this.category = null;     // the category whose products are shown
    this.selected = new Map(); // id → product, in selection order
    this.controller = null;   // aborts the list load in flight
    this.serial = 0;          // the latest load; older answers are dropped
    this.debounce = 0;
    this.typedAt = 0;
    this.toastTimer = 0;
    root.removeAttribute('aria-busy');
    replace(root, this.ui.root);
    this.bind();
  }

  bind() {
    const { input, form, back, more, send, clear } = this.ui;
    input.addEventListener('input', () => {
      this.typedAt = performance.now();
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => this.searchNow(), debounceMs);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.typedAt = performance.now();
      clearTimeout(this.debounce);
      this.searchNow();
    });
    back.addEventListener('click', () => this.goBack());
    more.addEventListener('click', () => this.loadMore());
    send.addEventListener('click', () => this.sendCarousel());
    clear.addEventListener('click', () => {
      this.selected.clear();
      this.refreshSelection();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && event.target !== input && !this.ui.back.hidden) this.goBack();
    });
  }

  // MARK: Loading

  /**
   * Starts a list load: aborts the previous one; `work` gets a signal and an `isCurrent` check.
   * A new view that fails leaves no stale list under its error; a failed "More" keeps the list.
   */
  async load(work, { keepOnError = false } = {}) {
    clearTimeout(this.debounce);
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    const serial = ++this.serial;
    const isCurrent = () => serial === this.serial;
    this.setStatus(this.t.loading);
    this.ui.more.hidden = true;
    this.hideMessage();
    delete document.body.dataset.state;
    document.body.classList.add('loading');
    try {
      await work(controller.signal, isCurrent);
    } catch (error) {
      if (!isCurrent() || (error && error.name === 'AbortError')) return;
      if (!keepOnError) {
        this.products = [];
        replace(this.ui.products);
        replace(this.ui.categories);
      }
      this.showError(error, () => this.load(work, { keepOnError }));
    } finally {
      if (isCurrent()) {
        document.body.classList.remove('loading');
        this.controller = null;
      }
    }
  }

  searchNow() {
    const query = this.ui.input.value.trim();
    if (query === '') {
      if (this.query !== '') this.showCategories(null);
      return;
    }
    const typedAt = this.typedAt;
    this.ui.back.hidden = false;
    this.ui.heading.textContent = this.t.quoted(query);
    this.load(async (signal, isCurrent) => {
      const startedAt = performance.now();
      const page = await this.api.products({ searchQuery: query, limit: pageSize, offset: 0 }, signal);
      if (!isCurrent()) return;
      this.query = query;
      this.category = null;
      this.trail = [];
      this.renderTrail();
      replace(this.ui.categories);
      this.showProducts(page, false);
      if (page.length === 0) this.showMessage(this.t.noResults(query));
      measureRender(startedAt, typedAt);
    });
  }

  /** A level of the category tree: the top level (null), or a category's sub-categories and products. */
  showCategories(category) {
    this.load(async (signal, isCurrent) => {
      const [categories, products] = await Promise.all([
        this.allCategories(category ? category.id : null, signal),
        category ? this.api.products({ idCategory: category.id, limit: pageSize, offset: 0 }, signal) : Promise.resolve([]),
      ]);
      if (!isCurrent()) return;
      this.query = '';
      this.category = category;
      if (category && this.trail.at(-1)?.id !== category.id) this.trail.push(category);
      if (!category) this.trail = [];
      this.renderTrail();
      replace(this.ui.categories, categories.map((item) => categoryItem(item, this.t, (next) => this.open(next))));
      this.showProducts(products, categories.length > 0);
      if (!category && categories.length === 0) this.showMessage(this.t.noCategories);
      if (category && categories.length === 0 && products.length === 0) this.showMessage(this.t.noProducts);
      if (category) this.ui.heading.focus();
    });
  }

  async allCategories(idParent, signal) {
    const all = [];
    for (let page = 0; page < maxCategoryPages; page += 1) {
      const items = await this.api.categories({ idParent, limit: categoryPageSize, offset: all.length }, signal);
      all.push(...items);
      if (items.length < categoryPageSize) break;
    }
    return all;
  }

  open(category) {
    this.ui.input.value = '';
    this.showCategories({ id: category.id, label: category.label });
  }

  goBack() {
    if (this.query !== '') {
      this.ui.input.value = '';
      this.showCategories(null);
      return;
    }
    this.trail.pop();
    const parent = this.trail.pop() || null;
    this.showCategories(parent);
    if (!parent) this.ui.input.focus();
  }

  loadMore() {
    const offset = this.products.length;
    const params = this.query ? { searchQuery: this.query } : { idCategory: this.category ? this.category.id : undefined };
    const focusIndex = this.products.length;
    this.load(async (signal, isCurrent) => {
      const page = await this.api.products({ ...params, limit: pageSize, offset }, signal);
      if (!isCurrent()) return;
      this.appendProducts(page);
      const first = this.ui.products.children[focusIndex];
      const target = first && first.querySelector('.send-card');
      if (target && this.ui.more.hidden) target.focus();
    }, { keepOnError: true });
  }

  // MARK: Rendering

  showProducts(page, hasCategories) {
    this.products = [];
    replace(this.ui.products);
    this.appendProducts(page, hasCategories);
  }

  appendProducts(page, hasCategories = false) {
    const actions = {
      send: (product) => this.sendCard(product),
      insert: (product) => this.insertLink(product),
      toggle: (product, on) => this.toggle(product, on),
      isSelected: (product) => this.selected.has(product.id),
      canSelect: () => this.selected.size < carouselMax,
    };
    const seen = new Set(this.products.map((product) => product.id));
    const fresh = page.filter((product) => product && typeof product.id === 'string' && !seen.has(product.id));
    this.products.push(...fresh);
    this.ui.products.append(...fresh.map((product) => productItem(product, this.t, actions)));
    const more = page.length >= pageSize;
    this.ui.more.hidden = !more;
    const count = this.ui.categories.children.length;
    if (this.products.length > 0) this.setStatus(this.t.productCount(this.products.length, more));
    else if (hasCategories || count > 0) this.setStatus(this.t.categoryCount(count));
    else this.setStatus('');
  }

  renderTrail() {
    const { back, heading } = this.ui;
    if (this.query) {
      back.hidden = false;
      heading.textContent = this.t.quoted(this.query);
    } else if (this.trail.length > 0) {
      back.hidden = false;
      heading.textContent = this.trail.map((item) => item.label).join(' › ');
    } else {
      back.hidden = true;
      heading.textContent = this.t.allCategories;
    }
  }

  setStatus(text) {
    this.ui.status.textContent = text;
  }

  showMessage(text, options = {}) {
    const { message } = this.ui;
    replace(message, messageBox(text, options));
    message.hidden = false;
    message.setAttribute('role', options.tone === 'error' ? 'alert' : 'note');
  }

  hideMessage() {
    this.ui.message.hidden = true;
    replace(this.ui.message);
  }

  showError(error, retry) {
    const t = this.t;
    const kind = error && error.kind ? error.kind : 'generic';
    const text = {
      network: t.errorNetwork, session: t.errorSession, shop: t.errorShop, busy: t.errorShopBusy,
      notFound: t.errorNotFound, notConfigured: t.errorNotConfigured,
    }[kind] || t.errorGeneric;
    let button = null;
    if (kind === 'session') {
      button = h('button', { type: 'button', class: 'primary reload', onclick: () => location.reload() }, t.reload);
    } else if (kind !== 'notConfigured' && kind !== 'notFound') {
      button = h('button', { type: 'button', class: 'retry', onclick: () => retry() }, t.retry);
    }
    this.setStatus('');
    this.ui.more.hidden = true;
    document.body.dataset.state = `error-${kind}`;
    this.showMessage(text, { tone: 'error', button });
  }

  // MARK: Sending

  async sendCard(product) {
    await this.command(() => this.client.pushCardInConversationThread(productCard(product, this.t)), this.t.cardSent(product.title));
  }

  async insertLink(product) {
    await this.command(() => this.client.insertTextInComposeBox(linkText(product)), this.t.linkInserted);
  }

  async sendCarousel() {
    const products = [...this.selected.values()];
    if (products.length < carouselMin || products.length > carouselMax) return;
    const sent = await this.command(() => this.client.pushCardBundleInConversationThread(carousel(products, this.t)),
      this.t.carouselSent(products.length));
    if (sent) {
      this.selected.clear();
      this.refreshSelection();
    }
  }

  /** Runs one Desk command (which may return nothing or a promise) and says how it went. */
  async command(run, done) {
    try {
      await run();
      this.toast(done);
      return true;
    } catch {
      this.toast(this.t.sendFailed);
      return false;
    }
  }

  toggle(product, on) {
    if (on && this.selected.size < carouselMax) this.selected.set(product.id, product);
    else this.selected.delete(product.id);
    this.refreshSelection();
  }

  refreshSelection() {
    const { selection, count, hint, send } = this.ui;
    const n = this.selected.size;
    selection.hidden = n === 0;
    document.body.classList.toggle('has-selection', n > 0);
    count.textContent = this.t.selectedCount(n);
    hint.textContent = n < carouselMin ? this.t.carouselHint : n >= carouselMax ? this.t.carouselFull : '';
    send.textContent = this.t.sendCarousel(n);
    send.disabled = n < carouselMin;
    for (const item of this.ui.products.children) {
      const box = item.querySelector('.pick-box');
      const product = this.products.find((candidate) => candidate.id === item.dataset.id);
      if (!box || !product) continue;
      box.checked = this.selected.has(product.id);
      box.disabled = !item.querySelector('.send-card') || item.querySelector('.send-card').disabled
        || (!box.checked && n >= carouselMax);
    }
  }

  toast(text) {
    const { toast } = this.ui;
    toast.textContent = text;
    toast.classList.add('shown');
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => {
      toast.classList.remove('shown');
      toast.textContent = '';
    }, 4000);
  }
}

/**
 * Records how long the first results took to reach the screen: from the request (the debounce
 * over) and from the keystroke, to the frame after they were added to the page.
 */
function measureRender(startedAt, typedAt) {
  requestAnimationFrame(() => setTimeout(() => {
    const end = performance.now();
    performance.measure('panel:results', { start: startedAt, end });
    if (typedAt > 0 && typedAt <= startedAt) performance.measure('panel:results-from-keystroke', { start: typedAt, end });
  }, 0));
}
