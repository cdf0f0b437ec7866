/**
 * Server-sent events for web clients: {@code GET /api/me/notifications/stream} with the user's bearer token. The
 * notification id is the SSE event id, so a reconnecting browser resumes after {@code Last-Event-ID}; a comment
 * line every heartbeat keeps proxies from closing an idle stream and detects a gone client. A reader holds at most
 * their cap of streams (the newest beyond it is a JSON 429), and a stream the heap could not hold is a JSON 503.
 */
package com.mangahub.sync.notify.sse;
