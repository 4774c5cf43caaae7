// The messages the panel sends to the conversation: a product card, a carousel of cards, a link.
import { isWebURL } from './dom.js';

export const carouselMin = 2;
export const carouselMax = 10;

/** True when the product can be sent: a card needs a LINK action with a web URL. */
export function isSendable(product) {
  return isWebURL(product.productUrl);
}

/** The card of a product: title, price text, a "View product" link, and its image when it has one. */
export function productCard(product, t) {
  const card = {
    title: product.title,
    actions: [{ type: 'LINK', title: t.viewProduct, url: product.productUrl }],
  };
  const text = priceText(product, t);
  if (text) card.text = text;
  if (isWebURL(product.imageUrl)) card.image = { url: product.imageUrl, description: product.title };
  return card;
}

/** A carousel of the given products' cards, in the order given. */
export function carousel(products, t) {
  return { cards: products.map((product) => productCard(product, t)) };
}

/** The text put in the compose box by "Insert link". */
export function linkText(product) {
  return `${product.title} ${product.productUrl}`;
}

/** "90 € (instead of 99.90 €)" when on promotion, else the catalog price; "" when there is none. */
export function priceText(product, t) {
  if (product.pricePromotion && product.priceCatalog) return `${product.pricePromotion} (${t.instead(product.priceCatalog)})`;
  return product.pricePromotion || product.priceCatalog || '';
}
