#!/usr/bin/env python3
"""Drives DeskBridge's conversation panel app in headless Chromium (Debian's chromium and
chromium-driver, through selenium) against a test server started by PanelBrowserTests.swift.

The server serves the panel of the `demo` tenant (the Shopify simulator through the real adapter),
a stand-in for iAdvize's idzcpa library that records the commands the panel sends into
window.__recorded, and /test/jwt, which mints tokens signed with the tenant's secret.

Writes a JSON report: {"checks": [{"name", "ok", "detail"}], "timings": {...}, "screenshots": [...]}, one
check per scenario run (the screenshots scenario runs only with --screenshots).
Exits 0 when the report was written, whatever the checks say: the Swift test judges them.
"""
import argparse
import json
import statistics
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

PAGE_SIZE = 20
STRINGS = {
    'en': {'view': 'View product', 'instead': 'instead of', 'placeholder': 'Search products…', 'search': 'Search',
           'all': 'All categories', 'session': 'Your session has expired. Reload the panel to continue.',
           'shop': 'The shop is not answering right now. Try again in a moment.',
           'network': 'DeskBridge cannot be reached. Check your connection, then try again.'},
    'fr': {'view': 'Voir le produit', 'instead': 'au lieu de', 'placeholder': 'Rechercher un produit…',
           'search': 'Rechercher', 'all': 'Toutes les catégories',
           'session': 'Votre session a expiré. Rechargez le panneau pour continuer.',
           'shop': 'La boutique ne répond pas pour le moment. Réessayez dans un instant.',
           'network': 'DeskBridge est injoignable. Vérifiez votre connexion, puis réessayez.'},
}


class Failure(Exception):
    pass


def expect(condition, detail):
    if not condition:
        raise Failure(detail)


class PanelDriver:
    def __init__(self, args):
        self.base = args.base.rstrip('/')
        self.port = int(self.base.rsplit(':', 1)[1])
        self.sandbox = args.sandbox.rstrip('/')
        self.screenshot_dir = args.screenshots
        self.checks = []
        self.timings = {}
        self.screenshots = []
        options = Options()
        options.binary_location = args.chromium
        for flag in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars',
                     '--force-device-scale-factor=1', '--window-size=360,640', '--lang=en-US',
                     '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'):
            options.add_argument(flag)
        options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
        self.driver = webdriver.Chrome(service=Service(executable_path=args.chromedriver), options=options)
        self.driver.set_page_load_timeout(20)
        self.driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride',
                                    {'width': 360, 'height': 640, 'deviceScaleFactor': 1, 'mobile': False})

    # MARK: Plumbing

    def run(self, name, scenario):
        started = time.monotonic()
        try:
            scenario()
            self.checks.append({'name': name, 'ok': True, 'detail': f'{time.monotonic() - started:.1f}s'})
        except Exception as error:  # every failure is reported, the next scenario still runs
            detail = str(error) if isinstance(error, Failure) else traceback.format_exc(limit=3)
            self.checks.append({'name': name, 'ok': False, 'detail': detail[:2000]})

    def http(self, method, url, body=None, headers=None):
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def token(self, tenant='demo', mode='valid'):
        return self.http('GET', f'{self.base}/test/jwt?tenant={tenant}&mode={mode}')[2].decode()

    def api(self, route, tenant='demo', **params):
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        status, _, body = self.http('GET', f'{self.base}/panel/{tenant}/api/{route}?{query}',
                                    headers={'Authorization': f'Bearer {self.token(tenant)}'})
        expect(status == 200, f'API {route}?{query}: HTTP {status} {body[:200]!r}')
        return json.loads(body)

    def all_products(self, tenant='demo', **params):
        products, offset = [], 0
        while True:
            page = self.api('products', tenant, limit=250, offset=offset, **params)
            products += page
            if len(page) < 250:
                return products
            offset += 250

    def fault(self, rule):
        status, _, body = self.http('POST', f'{self.sandbox}/_sandbox/faults', json.dumps(rule).encode(),
                                    {'Content-Type': 'application/json'})
        expect(status == 201, f'sandbox fault: {status} {body!r}')

    def clear_faults(self):
        self.http('DELETE', f'{self.sandbox}/_sandbox/faults')

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def wait(self, condition, detail, timeout=10):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(lambda _: condition())
        except TimeoutException:
            raise Failure(f'timed out waiting for {detail}')

    def open(self, tenant='demo', lang=None, token=None, extra=''):
        query = '&'.join(part for part in (f'lang={lang}' if lang else '', f'token={token}' if token else '', extra) if part)
        self.driver.get(f'{self.base}/panel/{tenant}/' + (f'?{query}' if query else ''))
        # 30 s: a cold start reads the categories, one count per collection, and the whole suite
        # shares two cores with the browser.
        self.wait(lambda: self.js("return !!document.getElementById('search') && !document.body.classList.contains('loading')"),
                  'the panel to start', timeout=30)

    def idle(self):
        return self.js("return !document.body.classList.contains('loading')")

    def search(self, text, wait=True):
        box = self.driver.find_element(By.ID, 'search')
        box.send_keys(Keys.CONTROL, 'a')
        box.send_keys(Keys.DELETE)
        box.send_keys(text)
        if wait:
            # 30 s: a loaded CI machine once held a cold search past 10 s (the timings report the
            # real figures; this only bounds a hang).
            self.wait(lambda: self.heading() in (f'“{text}”', f'« {text} »') and self.idle(), f'results for {text!r}', timeout=30)

    def heading(self):
        return self.js("return document.querySelector('.heading').textContent")

    def shown_ids(self):
        return self.js("return [...document.querySelectorAll('.product')].map((li) => li.dataset.id)")

    def recorded(self):
        return self.js('return window.__recorded')

    def status_text(self):
        return self.js("return document.getElementById('status').textContent")

    def state(self):
        return self.js('return document.body.dataset.state || ""')

    def message(self):
        return self.js("const m = document.querySelector('.message-text'); return m ? m.textContent : ''")

    def click(self, element):
        """Clicks like a person who scrolled the element into the middle of the panel first."""
        self.js("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def tile(self, product_id):
        return self.driver.find_element(By.CSS_SELECTOR, f'.product[data-id="{product_id}"]')

    def fits_width(self, where):
        width = self.js('return [document.documentElement.scrollWidth, document.documentElement.clientWidth]')
        expect(width[0] <= width[1], f'{where}: horizontal scrolling ({width[0]} px of content in {width[1]} px)')

    def screenshot(self, name):
        if not self.screenshot_dir:
            return
        self.js('window.scrollTo(0, 0)')
        time.sleep(0.3)
        path = f'{self.screenshot_dir}/{name}.png'
        self.driver.save_screenshot(path)
        self.screenshots.append(path)

    @staticmethod
    def expected_card(product, lang='en'):
        words = STRINGS[lang]
        card = {'title': product['title'], 'actions': [{'type': 'LINK', 'title': words['view'], 'url': product['productUrl']}]}
        if product.get('pricePromotion') and product.get('priceCatalog'):
            card['text'] = f"{product['pricePromotion']} ({words['instead']} {product['priceCatalog']})"
        elif product.get('pricePromotion') or product.get('priceCatalog'):
            card['text'] = product.get('pricePromotion') or product.get('priceCatalog')
        if product.get('imageUrl'):
            card['image'] = {'url': product['imageUrl'], 'description': product['title']}
        return card

    # MARK: Scenarios

    def search_shows_products(self):
        self.open()
        expect(self.heading() == 'All categories', f'start heading: {self.heading()!r}')
        self.search('robe')
        expected = [p['id'] for p in self.api('products', searchQuery='robe', limit=PAGE_SIZE, offset=0)]
        expect(len(expected) > 0, 'the demo catalog has robes')
        expect(self.shown_ids() == expected, f'shown {self.shown_ids()} != API {expected}')
        more = len(expected) == PAGE_SIZE
        expect(self.status_text() == f"{len(expected)}{'+' if more else ''} products", f'status {self.status_text()!r}')
        expect(self.js("return document.getElementById('status').getAttribute('aria-live')") == 'polite', 'aria-live status')
        # A product on promotion shows both prices, the catalog one struck through.
        products = self.api('products', searchQuery='robe', limit=PAGE_SIZE, offset=0)
        promoted = [p for p in products if p.get('pricePromotion')]
        if promoted:
            tile = self.tile(promoted[0]['id'])
            expect(tile.find_element(By.CSS_SELECTOR, 'del.was').text.endswith(promoted[0]['priceCatalog']), 'struck catalog price')
            expect(tile.find_element(By.CSS_SELECTOR, 'strong.now').text == promoted[0]['pricePromotion'], 'promotion price')
        # Shop data is shown as text: the demo's "Bougie <3 Amour" never becomes markup.
        self.search('bougie')
        titles = self.js("return [...document.querySelectorAll('.product .title')].map((e) => e.textContent)")
        expect(any('<3' in title for title in titles), f'"<3" kept as text: {titles[:5]}')
        self.fits_width('search results')

    def send_card(self):
        self.open()
        self.search('robe')
        products = self.api('products', searchQuery='robe', limit=PAGE_SIZE, offset=0)
        first = products[0]
        self.click(self.tile(first['id']).find_element(By.CSS_SELECTOR, '.send-card'))
        self.wait(lambda: len(self.recorded()) == 1, 'the card command')
        recorded = self.recorded()[0]
        expect(recorded['name'] == 'pushCardInConversationThread', f'command {recorded["name"]}')
        expect(recorded['value'] == self.expected_card(first), f'card {recorded["value"]} != {self.expected_card(first)}')
        expect(recorded['value']['actions'][0]['url'].startswith('https://demo-shop.example/products/'), 'LINK url')
        # A product without an image: the card has no image at all, the tile a placeholder.
        bare = next((p for p in self.all_products() if not p['imageUrl'] and p['productUrl']), None)
        expect(bare is not None, 'the demo catalog has a product without an image')
        self.search(bare['title'])
        for _ in range(10):
            if bare['id'] in self.shown_ids():
                break
            self.click(self.driver.find_element(By.CSS_SELECTOR, '.more'))
            self.wait(self.idle, 'more results')
        tile = self.tile(bare['id'])
        expect(tile.find_elements(By.CSS_SELECTOR, '.placeholder'), 'placeholder for a missing image')
        self.click(tile.find_element(By.CSS_SELECTOR, '.send-card'))
        self.wait(lambda: len(self.recorded()) == 2, 'the second card command')
        card = self.recorded()[1]['value']
        expect('image' not in card, f'no image key: {card}')
        expect(card == self.expected_card(bare), f'card {card}')
        toast = self.js("return document.querySelector('.toast').textContent")
        expect(toast == f"Card sent: {bare['title']}", f'toast {toast!r}')

    def send_carousel(self):
        self.open()
        self.search('robe')
        products = self.api('products', searchQuery='robe', limit=PAGE_SIZE, offset=0)
        chosen = [products[0], products[2], products[4]]
        send = self.driver.find_element(By.CSS_SELECTOR, '.send-carousel')
        self.click(self.tile(chosen[0]['id']).find_element(By.CSS_SELECTOR, '.pick-box'))
        expect(not send.is_enabled(), 'one product is not a carousel')
        for product in chosen[1:]:
            self.click(self.tile(product['id']).find_element(By.CSS_SELECTOR, '.pick-box'))
        expect(self.js("return document.querySelector('.selection .count').textContent") == '3 products selected', 'count')
        expect(send.text == 'Send carousel (3)' and send.is_enabled(), f'send button {send.text!r}')
        self.fits_width('selection')
        send.click()
        self.wait(lambda: len(self.recorded()) == 1, 'the carousel command')
        recorded = self.recorded()[0]
        expect(recorded['name'] == 'pushCardBundleInConversationThread', recorded['name'])
        expected = {'cards': [self.expected_card(p) for p in chosen]}
        expect(recorded['value'] == expected, f"carousel {recorded['value']} != {expected}")
        expect(self.js("return document.querySelector('.selection').hidden"), 'selection cleared after sending')
        # At most 10 cards: the eleventh box is disabled.
        boxes = self.driver.find_elements(By.CSS_SELECTOR, '.pick-box')
        for box in boxes[:10]:
            self.click(box)
        expect(not boxes[10].is_enabled(), 'an eleventh product cannot be selected')
        expect(self.js("return document.querySelector('.selection .hint').textContent") == 'A carousel holds at most 10 products.', 'hint')
        self.driver.find_element(By.CSS_SELECTOR, '.selection .clear').click()
        expect(boxes[10].is_enabled(), 'selection cleared')

    def insert_link(self):
        self.open()
        self.search('robe')
        first = self.api('products', searchQuery='robe', limit=PAGE_SIZE, offset=0)[1]
        self.click(self.tile(first['id']).find_element(By.CSS_SELECTOR, '.insert-link'))
        self.wait(lambda: len(self.recorded()) == 1, 'the insert command')
        expect(self.recorded()[0] == {'name': 'insertTextInComposeBox', 'value': f"{first['title']} {first['productUrl']}"},
               f'insert {self.recorded()[0]}')

    def category_browsing(self):
        self.open()
        categories = self.api('categories', limit=100)
        labels = self.js("return [...document.querySelectorAll('.category-label')].map((e) => e.textContent)")
        expect(labels == [c['label'] for c in categories], f'categories {labels[:5]}… != API')
        expect(self.status_text() == f'{len(categories)} categories', f'status {self.status_text()!r}')
        expect(self.js("return document.querySelector('.back').hidden"), 'no Back at the top level')
        target = next(c for c in categories if c['productsCount'] > 0)
        index = categories.index(target)
        self.click(self.driver.find_elements(By.CSS_SELECTOR, '.category')[index])
        self.wait(lambda: self.heading() == target['label'] and self.idle(), 'the category')
        expected = [p['id'] for p in self.api('products', idCategory=target['id'], limit=PAGE_SIZE, offset=0)]
        expect(self.shown_ids() == expected, f'category products {self.shown_ids()} != {expected}')
        expect(self.js("return document.activeElement.classList.contains('heading')"), 'focus moves to the category heading')
        expect(self.js("return document.querySelectorAll('.category').length") == 0, 'Shopify collections have no sub-categories')
        self.driver.find_element(By.CSS_SELECTOR, '.back').click()
        self.wait(lambda: self.heading() == 'All categories' and self.idle(), 'back at the top level')
        expect(len(self.driver.find_elements(By.CSS_SELECTOR, '.category')) == len(categories), 'categories again')
        # Escape goes back too.
        self.click(self.driver.find_elements(By.CSS_SELECTOR, '.category')[index])
        self.wait(lambda: self.heading() == target['label'] and self.idle(), 'the category again')
        self.driver.find_element(By.TAG_NAME, 'body').send_keys(Keys.ESCAPE)
        self.wait(lambda: self.heading() == 'All categories' and self.idle(), 'Escape back at the top level')

    def more_results(self):
        self.open()
        query, everything = None, []
        for candidate in ('café', 'thé', 'robe', 'bougie'):
            everything = self.all_products(searchQuery=candidate)
            if len(everything) > 2 * PAGE_SIZE:
                query = candidate
                break
        expect(query is not None, 'a query with more than two pages')
        self.search(query)
        expect(len(self.shown_ids()) == PAGE_SIZE, 'a first page')
        clicks = 0
        while self.js("return !document.querySelector('.more').hidden") and clicks < 30:
            before = len(self.shown_ids())
            self.click(self.driver.find_element(By.CSS_SELECTOR, '.more'))
            self.wait(lambda: self.idle() and len(self.shown_ids()) >= before, 'the next page')
            clicks += 1
        expected = [p['id'] for p in everything]
        expect(self.shown_ids() == expected, f'{len(self.shown_ids())} shown after {clicks} pages, API has {len(expected)}')
        expect(clicks >= 2, f'{clicks} More clicks')
        expect(self.status_text() == f'{len(expected)} products', f'final status {self.status_text()!r}')
        self.fits_width('many results')

    def french(self):
        self.open(lang='fr')
        expect(self.js('return document.documentElement.lang') == 'fr', 'html lang')
        box = self.driver.find_element(By.ID, 'search')
        expect(box.get_attribute('placeholder') == STRINGS['fr']['placeholder'], box.get_attribute('placeholder'))
        expect(self.driver.find_element(By.CSS_SELECTOR, '.search-button').text == 'Rechercher', 'button')
        expect(self.heading() == STRINGS['fr']['all'], self.heading())
        self.search('robe')
        expect(self.status_text().endswith('produits'), self.status_text())
        products = self.api('products', searchQuery='robe', limit=PAGE_SIZE, offset=0)
        product = next((p for p in products if p.get('pricePromotion')), products[0])
        tile = self.tile(product['id'])
        expect(tile.find_element(By.CSS_SELECTOR, '.send-card').text == 'Envoyer la fiche', 'send label')
        self.click(tile.find_element(By.CSS_SELECTOR, '.send-card'))
        self.wait(lambda: len(self.recorded()) == 1, 'the card command')
        card = self.recorded()[0]['value']
        expect(card == self.expected_card(product, 'fr'), f'French card {card}')
        # An unknown language falls back to English; a regional tag picks its language.
        self.open(lang='de')
        expect(self.heading() == 'All categories', f'fallback {self.heading()!r}')
        self.open(lang='fr-CA')
        expect(self.heading() == STRINGS['fr']['all'], f'fr-CA {self.heading()!r}')

    def refused_tokens(self):
        for mode, code in (('expired', 'token_expired'), ('wrong-secret', 'token_signature'),
                           ('wrong-aud', 'token_audience'), ('wrong-iss', 'token_issuer')):
            # The API refuses the token itself...
            status, _, body = self.http('GET', f'{self.base}/panel/demo/api/products?limit=1',
                                        headers={'Authorization': f'Bearer {self.token(mode=mode)}'})
            expect(status == 401 and json.loads(body)['error'] == code, f'{mode}: {status} {body[:120]!r}')
            # ...and the page says the session expired, after asking the Desk for a new token once.
            self.open(token=mode)
            self.wait(lambda: self.state() == 'error-session', f'{mode}: the session-expired state')
            expect(self.message() == STRINGS['en']['session'], f'{mode}: {self.message()!r}')
            expect(self.driver.find_elements(By.CSS_SELECTOR, '.message .reload'), f'{mode}: a Reload button')
            expect(self.js('return window.__jwtCalls') >= 2, f'{mode}: token refreshed after the 401')
        # A valid token in the iframe URL is used first, and removed from the address bar.
        good = self.token()
        self.open(token='expired', extra=f'jwt={good}')
        expect(self.state() == '', f'URL token: state {self.state()!r}')
        expect(len(self.driver.find_elements(By.CSS_SELECTOR, '.category')) > 0, 'categories with the URL token')
        expect(self.js('return window.__jwtCalls') == 0, 'no getJWT call while the URL token is fresh')
        expect('jwt=' not in self.driver.current_url, f'token left in the URL: {self.driver.current_url}')
        # No token at all.
        status, _, body = self.http('GET', f'{self.base}/panel/demo/api/categories')
        expect(status == 401 and json.loads(body)['error'] == 'token_missing', f'no token: {status}')

    def shop_errors(self):
        self.open()
        self.fault({'kind': 'status', 'status': 503, 'body': '{"errors":"down"}', 'simulator': 'shopify', 'count': 100})
        try:
            self.search('zz-down', wait=False)
            self.wait(lambda: self.state() == 'error-shop', 'the shop error state')
            expect(self.message() == STRINGS['en']['shop'], self.message())
        finally:
            self.clear_faults()
        self.driver.find_element(By.CSS_SELECTOR, '.message .retry').click()
        self.wait(lambda: self.state() == '' and self.idle() and 'No product matches' in self.message(), 'the retry')
        # Network down: the browser cannot reach DeskBridge at all.
        self.driver.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
        try:
            self.search('zz-offline', wait=False)
            self.wait(lambda: self.state() == 'error-network', 'the network error state')
            expect(self.message() == STRINGS['en']['network'], self.message())
        finally:
            self.driver.delete_network_conditions()

    def sandbox_faults_injected(self):
        status, _, body = self.http('GET', f'{self.sandbox}/_sandbox/stats')
        expect(status == 200, f'sandbox stats: {status} {body[:200]!r}')
        return json.loads(body)['faultsInjected']

    def stale_answers_dropped(self):
        self.open()
        # Every list load the page makes is recorded when the page is done with it: when it failed
        # (aborted, say), or once its body was read and the page's own code that awaited it ran (the
        # record is pushed by a task queued after that code's microtasks).
        self.js("""
            window.__settled = [];
            const original = window.fetch;
            window.fetch = (input, init) => original(input, init).then((response) => {
                const json = response.json.bind(response);
                response.json = () => json().finally(() => setTimeout(() => window.__settled.push(String(input)), 0));
                return response;
            }, (error) => {
                setTimeout(() => window.__settled.push(String(input)), 0);
                throw error;
            });
        """)
        # The first search is held 1.5 s by the shop; the second, typed meanwhile, must win.
        injected = self.sandbox_faults_injected()
        self.fault({'kind': 'latency', 'milliseconds': 1500, 'simulator': 'shopify', 'count': 1})
        try:
            self.search('chemise', wait=False)
            # The shop holds the first search once the fault fired for it.
            self.wait(lambda: self.sandbox_faults_injected() > injected, 'the shop to hold the first search')
            self.search('linen', wait=False)
            self.wait(lambda: self.heading() == '“linen”' and self.idle(), 'the second search')
            # The gateway answers the same query only once the shop's slow answer came back (the call
            # joins the one in flight, or finds its answer in the cache)...
            self.api('products', searchQuery='chemise', limit=PAGE_SIZE, offset=0)
            # ...and the page is done with its own request for it, whether it aborted it or read it.
            self.wait(lambda: any('searchQuery=chemise' in url for url in self.js('return window.__settled')),
                      'the page to be done with the first search')
        finally:
            self.clear_faults()
        expected = [p['id'] for p in self.api('products', searchQuery='linen', limit=PAGE_SIZE, offset=0)]
        expect(self.heading() == '“linen”', f'heading after the slow answer: {self.heading()!r}')
        expect(self.shown_ids() == expected, f'stale results shown: {self.shown_ids()} != {expected}')

    def empty_state(self):
        self.open()
        self.search('zzqxj')
        expect(self.shown_ids() == [], 'no products')
        expect(self.message() == 'No product matches “zzqxj”. Check the spelling or try a shorter word.', self.message())
        expect(self.js("return document.querySelector('.more').hidden"), 'no More button')

    def keyboard(self):
        self.open()
        self.js('document.activeElement.blur()')
        body = self.driver.find_element(By.TAG_NAME, 'body')
        body.send_keys(Keys.TAB)
        expect(self.js('return document.activeElement.id') == 'search', 'Tab reaches the search box first')
        self.driver.switch_to.active_element.send_keys(Keys.TAB)
        expect(self.js("return document.activeElement.className") == 'search-button', 'then the Search button')
        self.driver.switch_to.active_element.send_keys(Keys.TAB)
        expect(self.js("return document.activeElement.className") == 'category', 'then the first category')
        outline = self.js('return getComputedStyle(document.activeElement).outlineStyle')
        expect(outline == 'solid', f'visible focus: outline {outline!r}')
        # Enter searches at once; Tab walks each tile's controls, all native.
        box = self.driver.find_element(By.ID, 'search')
        box.send_keys(Keys.CONTROL, 'a')
        box.send_keys('robe', Keys.ENTER)
        self.wait(lambda: self.heading() == '“robe”' and self.idle(), 'Enter to search')
        tags = self.js("return [...document.querySelectorAll('.product')][0].querySelectorAll('button, input').length")
        expect(tags == 3, f'three controls per tile, got {tags}')
        expect(self.js("return [...document.querySelectorAll('[onclick], div[tabindex], span[tabindex]')].length") == 0, 'no fake buttons')
        order = []
        self.driver.find_element(By.ID, 'search').click()
        for _ in range(6):
            self.driver.switch_to.active_element.send_keys(Keys.TAB)
            order.append(self.js("const e = document.activeElement; return e.className || e.tagName"))
        expect(order == ['search-button', 'back', 'pick-box', 'primary send-card', 'insert-link', 'pick-box'], f'tab order {order}')
        # Enter on a focused "Send card" sends it.
        self.driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
        self.driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
        self.driver.switch_to.active_element.send_keys(Keys.ENTER)
        self.wait(lambda: len(self.recorded()) == 1, 'Enter on Send card')
        expect(self.recorded()[0]['name'] == 'pushCardInConversationThread', 'card sent from the keyboard')

    def content_security_policy(self):
        status, headers, _ = self.http('GET', f'{self.base}/panel/demo/')
        lowered = {k.lower(): v for k, v in headers.items()}
        csp = lowered.get('content-security-policy', '')
        expect('frame-ancestors https://sd.iadvize.com https://ha.iadvize.com' in csp, csp)
        expect("script-src 'self'" in csp and 'unsafe-inline' not in csp, csp)
        expect('x-frame-options' not in lowered, 'no X-Frame-Options on the panel')
        # Normal use raised no CSP violation (the console would say so).
        problems = [entry['message'] for entry in self.driver.get_log('browser') if 'Content Security Policy' in entry['message']]
        expect(problems == [], f'violations in normal use: {problems[:3]}')
        # Inline scripts and styles are refused.
        self.open()
        self.js("""
            window.__violations = [];
            document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.effectiveDirective));
            const script = document.createElement('script');
            script.textContent = 'window.__inlineRan = true';
            document.body.appendChild(script);
            const style = document.createElement('style');
            style.textContent = 'body { background-color: rgb(255, 0, 0) !important; }';
            document.head.appendChild(style);
        """)
        self.wait(lambda: len(self.js('return window.__violations')) >= 2, 'the violation reports')
        expect(self.js('return window.__inlineRan === undefined'), 'the inline script ran')
        expect(self.js('return getComputedStyle(document.body).backgroundColor') != 'rgb(255, 0, 0)', 'the inline style applied')
        expect(set(self.js('return window.__violations')) >= {'script-src-elem', 'style-src-elem'}, str(self.js('return window.__violations')))

    def framing(self):
        panel = f'http://127.0.0.1:{self.port}/panel/demo/'
        # From an origin the CSP does not list (this very server), the frame stays empty.
        self.driver.get(f'http://127.0.0.1:{self.port}/test/frame.html?src={urllib.parse.quote(panel)}')
        time.sleep(3)
        expect(self.js('return window.__frameMessages') == [], f"blocked frame loaded: {self.js('return window.__frameMessages')}")
        # From an origin the test lists (http://localhost:<port>), it loads: the check above can fail.
        self.driver.get(f'http://localhost:{self.port}/test/frame.html?src={urllib.parse.quote(panel)}')
        self.wait(lambda: len(self.js('return window.__frameMessages')) > 0, 'the allowed frame to load')

    def timing(self):
        """First results on screen after typing, from the request (debounce over) and from the last
        keystroke, cold (the shop is asked) and warm (the gateway's cache answers)."""
        self.open()
        cold, warm, cold_key, warm_key = [], [], [], []
        for query in ('robe', 'café', 'thé', 'mug', 'bougie', 'chemise', 'tapis', 'carnet'):
            for bucket, key_bucket in ((cold, cold_key), (warm, warm_key)):
                self.js('performance.clearMeasures()')
                self.search(query)
                self.wait(lambda: self.js("return performance.getEntriesByName('panel:results').length") > 0, 'the measure')
                bucket.append(self.js("return performance.getEntriesByName('panel:results')[0].duration"))
                key = self.js("const m = performance.getEntriesByName('panel:results-from-keystroke'); return m.length ? m[0].duration : null")
                if key is not None:
                    key_bucket.append(key)
                self.search('zz', wait=True)  # another view between the two runs

        def summary(values):
            return {'n': len(values), 'median_ms': round(statistics.median(values), 1), 'max_ms': round(max(values), 1),
                    'min_ms': round(min(values), 1)} if values else {}
        self.timings = {'cold_from_request': summary(cold), 'warm_from_request': summary(warm),
                        'cold_from_keystroke': summary(cold_key), 'warm_from_keystroke': summary(warm_key)}
        expect(len(warm) == 8, 'eight warm measures')

    def screenshots_of_states(self):
        expect(self.screenshot_dir, 'screenshots need a folder (--screenshots); main() runs this scenario only with one')
        for lang in ('en', 'fr'):
            self.open(tenant='showcase', lang=lang)
            self.search('robe')
            self.screenshot(f'panel-results-{lang}')
            for box in self.driver.find_elements(By.CSS_SELECTOR, '.pick-box')[:3]:
                self.click(box)
            self.screenshot(f'panel-carousel-{lang}')
            self.driver.find_element(By.CSS_SELECTOR, '.selection .clear').click()
            self.search('zzqxj')
            self.screenshot(f'panel-empty-{lang}')
            self.fault({'kind': 'status', 'status': 503, 'body': '{"errors":"down"}', 'simulator': 'shopify', 'count': 100})
            try:
                self.search(f'zz-down-{lang}', wait=False)
                self.wait(lambda: self.state() == 'error-shop', 'the error state')
                self.screenshot(f'panel-error-{lang}')
            finally:
                self.clear_faults()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--base', required=True, help='the test server, http://127.0.0.1:<port>')
    parser.add_argument('--sandbox', required=True, help='the Shopify simulator, http://127.0.0.1:<port>')
    parser.add_argument('--output', required=True, help='where to write the JSON report')
    parser.add_argument('--screenshots', default='', help='a folder for the PNG screenshots (none when empty)')
    parser.add_argument('--chromium', default='/usr/bin/chromium')
    parser.add_argument('--chromedriver', default='/usr/bin/chromedriver')
    parser.add_argument('--only', default='', help='comma-separated scenario names')
    args = parser.parse_args()
    driver = PanelDriver(args)
    scenarios = [
        ('search shows products', driver.search_shows_products),
        ('send a card (exact object, image only when present)', driver.send_card),
        ('send a carousel of 3', driver.send_carousel),
        ('insert a link', driver.insert_link),
        ('browse categories and come back', driver.category_browsing),
        ('more results pages to the end', driver.more_results),
        ('French UI from context.language', driver.french),
        ('refused tokens: 401 and the session-expired state', driver.refused_tokens),
        ('shop and network errors, then retry', driver.shop_errors),
        ('a slow stale answer never replaces a newer one', driver.stale_answers_dropped),
        ('empty state', driver.empty_state),
        ('keyboard: focus order, Enter, visible focus', driver.keyboard),
        ('CSP: no violation in use, inline script and style refused', driver.content_security_policy),
        ('CSP: framing by an unlisted origin is blocked', driver.framing),
        ('timing of first results', driver.timing),
    ]
    # The screenshots check nothing: they run, and count as a check, only when a folder is given.
    if args.screenshots:
        scenarios.append(('screenshots', driver.screenshots_of_states))
    only = {name.strip() for name in args.only.split(',') if name.strip()}
    try:
        for name, scenario in scenarios:
            if not only or scenario.__name__ in only:
                driver.run(name, scenario)
    finally:
        driver.driver.quit()
        with open(args.output, 'w', encoding='utf-8') as report:
            json.dump({'checks': driver.checks, 'timings': driver.timings, 'screenshots': driver.screenshots}, report, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
