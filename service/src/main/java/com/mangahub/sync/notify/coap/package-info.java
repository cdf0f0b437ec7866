/**
 * CoAP push over UDP (RFC 7252 + Observe RFC 7641, Eclipse Californium). A client observes
 * {@code coap://host:port/notifications?token=T&after=ID}; the server answers the registration with an empty JSON
 * array, then sends what the client missed and every new notification as CONFIRMABLE notifications, each a JSON
 * array of up to 1024 bytes, oldest first. One notification is in flight per observer: the next is sent when the
 * client acknowledges the previous one, and only an acknowledgement moves the observer's cursor, so catch-up is
 * exact and ordered. Datagrams over 1024 bytes, malformed ones, and a source's traffic above its rate are dropped
 * and counted before Californium sees them; an address that never authenticated gets no more bytes than it sent.
 */
package com.mangahub.sync.notify.coap;
