// Stand-in for iAdvize's idzcpa library in the browser tests. It records every command the panel
// sends in window.__recorded, gives tokens minted by the test server (/test/jwt), and takes the
// conversation's language and the kind of token from the page's query string (?lang=fr&token=expired).
(function () {
  const params = new URLSearchParams(location.search);
  const language = params.get('lang') || 'en';
  const tokenMode = params.get('token') || 'valid';
  const tenant = location.pathname.split('/')[2] || 'demo';
  window.__recorded = [];
  window.__jwtCalls = 0;
  const record = (name, value) => window.__recorded.push({ name, value: JSON.parse(JSON.stringify(value)) });
  const client = {
    context: { conversationId: 'c0ffee00-0000-4000-8000-000000000001', projectId: '3103', channel: 'CHAT', language },
    insertTextInComposeBox(text) { record('insertTextInComposeBox', text); },
    pushCardInConversationThread(card) { record('pushCardInConversationThread', card); },
    pushCardBundleInConversationThread(bundle) { record('pushCardBundleInConversationThread', bundle); },
    pushApplePayPaymentRequestInConversationThread(request) { record('pushApplePayPaymentRequestInConversationThread', request); return Promise.resolve(); },
    getJWT() {
      window.__jwtCalls += 1;
      return fetch(`/test/jwt?tenant=${encodeURIComponent(tenant)}&mode=${encodeURIComponent(tokenMode)}`).then((r) => r.text());
    },
  };
  window.idzCpa = { init: () => Promise.resolve(client) };
  // Tells a framing test page that the panel did load inside its frame.
  if (window.parent !== window) window.parent.postMessage({ panelLoaded: location.pathname }, '*');
})();
