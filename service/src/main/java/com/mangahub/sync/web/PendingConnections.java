package com.mangahub.sync.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Connections that have not sent a whole request's headers yet: at most {@code perAddress} of them per remote
 * address (one more is closed at once), and each is closed when its headers take longer than {@code headerTimeout}.
 * Jetty has neither: its idle timeout restarts with every byte, so a client that sends a header line every few
 * seconds holds its connection, and its buffers, for ever; 15,000 of them once held 307 MB. A connection is pending
 * from when it opens, and again after each request completes (a kept-alive connection owes its next request's headers
 * within the same time); from the end of its headers to the end of its answer it is not (an SSE stream lasts hours).
 * Closing without an answer is deliberate: a client that never finished its request has no request to answer.
 */
final class PendingConnections implements Connection.Listener, HttpChannel.Listener {
    static final String PER_ADDRESS = "pending_connections_per_address";
    static final String HEADER_TIMEOUT = "header_timeout";

    private final SlotCap<InetAddress> byAddress;
    private final Duration headerTimeout;
    private final Scheduler scheduler;
    private final LimitMeters meters;
    private final Map<EndPoint, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(InetAddress address, Scheduler.Task timer) {}

    PendingConnections(int perAddress, Duration headerTimeout, Scheduler scheduler, LimitMeters meters) {
        this.byAddress = new SlotCap<>(PER_ADDRESS, perAddress, meters);
        this.headerTimeout = headerTimeout;
        this.scheduler = scheduler;
        this.meters = meters;
    }

    @Override
    public void onOpened(Connection connection) {
        awaitHeaders(connection.getEndPoint());
    }

    @Override
    public void onClosed(Connection connection) {
        settle(connection.getEndPoint());
    }

    @Override
    public void onRequestBegin(Request request) {
        settle(request.getHttpChannel().getEndPoint());
    }

    @Override
    public void onComplete(Request request) {
        EndPoint endPoint = request.getHttpChannel().getEndPoint();
        if (endPoint.isOpen()) awaitHeaders(endPoint);
    }

    private void awaitHeaders(EndPoint endPoint) {
        InetAddress address = address(endPoint.getRemoteSocketAddress());
        if (address == null) return;
        if (!byAddress.tryTake(address)) {
            // not on Jetty's thread that is opening it: closing inside onOpened would run onClosed within it
            scheduler.schedule(endPoint::close, 0, TimeUnit.MILLISECONDS);
            return;
        }
        Scheduler.Task timer = scheduler.schedule(() -> timedOut(endPoint), headerTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        Pending previous = pending.put(endPoint, new Pending(address, timer));
        if (previous != null) release(previous);
    }

    private void timedOut(EndPoint endPoint) {
        if (settle(endPoint)) {
            meters.refused(HEADER_TIMEOUT);
            endPoint.close();
        }
    }

    /** The connection is no longer waiting for headers; whether it was. */
    private boolean settle(EndPoint endPoint) {
        Pending p = pending.remove(endPoint);
        if (p == null) return false;
        release(p);
        return true;
    }

    private void release(Pending p) {
        p.timer().cancel();
        byAddress.give(p.address());
    }

    private static InetAddress address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    /** Connections waiting for their headers now, all addresses together. */
    int pending() {
        return byAddress.total();
    }
}
