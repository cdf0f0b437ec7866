// The service worker: shows a Web Push as a notification (series and chapter as title, the detail as body, the cover
// as icon) and opens the chapter on a tap. The payload is the server's JSON {title, body, url, icon, tag}; a push
// without one still shows something, since a push that shows nothing costs the site its permission.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { body: event.data ? event.data.text() : '' };
  }
  const url = typeof data.url === 'string' && /^https?:\/\//.test(data.url) ? data.url : self.registration.scope;
  event.waitUntil(self.registration.showNotification(data.title || 'MangaHub Sync', {
    body: data.body || 'Something new in your library',
    icon: data.icon || new URL('icons/icon-192.png', self.registration.scope).href,
    badge: new URL('icons/icon-192.png', self.registration.scope).href,
    tag: data.tag,
    data: { url },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data && event.notification.data.url || self.registration.scope));
});
