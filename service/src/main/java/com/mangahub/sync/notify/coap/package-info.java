/**
 * CoAP push over UDP (RFC 7252 + Observe RFC 7641, Eclipse Californium). A client observes
 * {@code coap://host:port/notifications?token=T&after=ID}; the server answers the registration with an empty JSON
 * array, then sends what the client missed and every new notification as CONFIRMABLE notifications, each a JSON
 * array of up to 1024 bytes, oldest first. One notification is in flight per observer: the next is sent when the
 * client acknowledges the previous one, and only an acknowledgement moves the observer's cursor, so catch-up is
 * exact and ordered. When the ACK of the one in flight is overdue (it is being retransmitted) and more is waiting,
 * everything since the last acknowledged id goes as a new message in its place, so a lost ACK costs one
 * retransmission interval, not the observation. Datagrams over 1024 bytes, malformed ones, and unauthenticated
 * traffic above its source IP's rate are dropped and counted before Californium sees them; an address and port that
 * presented a valid token has a budget of its own, and an address that never authenticated gets no more bytes than
 * it sent. An observation whose token stops working (rotated, reader disabled or deleted, expired) ends with a 4.01.
 * A reader's token holds at most its cap of observations (beyond it 4.29, RFC 8516), and one the heap could not hold
 * is answered 5.03; both with Max-Age as the time to wait.
 */
package com.mangahub.sync.notify.coap;
