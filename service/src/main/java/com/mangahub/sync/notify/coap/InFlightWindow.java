package com.mangahub.sync.notify.coap;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * A cap on confirmable notifications awaiting acknowledgement across all observers. A fan-out to ten thousand
 * observers sent at once overflows socket buffers (ours for the acknowledgements, the clients' for the
 * notifications), and every lost datagram then waits a whole ACK_TIMEOUT for its retransmission; sending at the
 * pace acknowledgements come back is faster than sending everything at once.
 */
final class InFlightWindow {
    private final int size;
    private final Executor executor;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    InFlightWindow(int size, Executor executor) {
        this.size = size;
        this.executor = executor;
    }

    /** Takes a slot, or parks {@code retry} to run when one frees up. */
    synchronized boolean tryEnter(Runnable retry) {
        if (inFlight < size) {
            inFlight++;
            return true;
        }
        waiting.add(retry);
        return false;
    }

    /** Frees a slot and wakes one parked sender. */
    void leave() {
        Runnable next;
        synchronized (this) {
            inFlight--;
            next = waiting.poll();
        }
        if (next != null) executor.execute(next);
    }
}
