/**
 * Server-sent events for web clients: {@code GET /api/me/notifications/stream} with the user's bearer token. The
 * notification id is the SSE event id, so a reconnecting browser resumes after {@code Last-Event-ID}; a comment
 * line every heartbeat keeps proxies from closing an idle stream and detects a gone client.
 */
package com.mangahub.sync.notify.sse;
