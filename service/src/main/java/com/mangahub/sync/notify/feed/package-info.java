/**
 * A reader's notifications as Atom 1.0, RSS 2.0 and JSON Feed 1.1 at {@code /feeds/{feed_token}.atom|.rss|.json},
 * and the reader's routes that make, show and end their feed token ({@code /api/me/feeds}). A feed reads the
 * notification log like any other channel and changes nothing in it (no read or delivery mark). Atom and RSS are
 * written by ROME over JDOM (every value escaped as XML; characters XML cannot hold are dropped first), JSON Feed by
 * the one Jackson mapper. Everything from MangaDex is untrusted text: it is never written as markup, and links leave
 * for http(s) only. Responses carry a strong ETag (a hash of the exact bytes) and Last-Modified, and answer
 * conditional requests with 304. The same feed token opens {@code /feeds/{feed_token}.ics}, the calendar of the
 * reader's expected chapters ({@link com.mangahub.sync.notify.feed.CalendarFeed}, RFC 5545 written by hand, from
 * {@link com.mangahub.sync.reader.Upcoming}), under the same validators and 404 rules.
 */
package com.mangahub.sync.notify.feed;
