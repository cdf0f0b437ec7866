package com.mangahub.sync.web;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Admission by memory: something that holds heap for as long as it lives (an SSE stream, a CoAP observation) is
 * admitted only while the heap, with its estimated cost added, keeps {@code reservePercent} of the maximum free;
 * whatever the per-reader caps say, so many readers together, or a cap set too high, meet a 503 instead of an
 * {@code OutOfMemoryError}. The heap in use counts garbage not yet collected, so a refusal is checked once more after
 * a full collection, at most one per {@link #COLLECT_EVERY_NANOS}: without it dead objects in the old generation
 * (which only a full collection frees) could refuse streams the heap has room for, for as long as nothing else
 * allocates.
 */
public final class HeapHeadroom {
    public static final String LIMIT = "heap_reserve";
    private static final long COLLECT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final long max;
    private final long reserve;
    private final LongSupplier used;
    private final Runnable collect;
    private final LongSupplier nanos;
    private final LimitMeters meters;
    private long lastCollect;
    private boolean collected;

    /**
     * @param max     the heap's maximum in bytes
     * @param used    the heap in use now, in bytes
     * @param collect a full collection (System.gc in the service)
     * @param nanos   a monotonic clock in nanoseconds, for how often {@code collect} may run
     */
    public HeapHeadroom(int reservePercent, long max, LongSupplier used, Runnable collect, LongSupplier nanos,
                        LimitMeters meters) {
        this.max = max;
        this.reserve = max / 100 * reservePercent;
        this.used = used;
        this.collect = collect;
        this.nanos = nanos;
        this.meters = meters;
        meters.watch(LIMIT, used::getAsLong, reserve);
    }

    /** This JVM's heap; {@code reservePercent} 0 admits everything. */
    public static HeapHeadroom ofThisJvm(int reservePercent, LimitMeters meters) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long max = memory.getHeapMemoryUsage().getMax();
        return new HeapHeadroom(reservePercent, max > 0 ? max : Runtime.getRuntime().maxMemory(),
                () -> memory.getHeapMemoryUsage().getUsed(), System::gc, System::nanoTime, meters);
    }

    /** Whether something costing {@code costBytes} may be admitted now; a refusal is counted. */
    public boolean admits(long costBytes) {
        if (reserve == 0 || fits(costBytes)) return true;
        collectIfDue();
        // measured again whoever collected: a refusal racing another's collection sees what it freed
        if (fits(costBytes)) return true;
        meters.refused(LIMIT);
        return false;
    }

    private boolean fits(long costBytes) {
        return max - used.getAsLong() - costBytes >= reserve;
    }

    /** Runs a full collection unless one ran lately. */
    private synchronized void collectIfDue() {
        long now = nanos.getAsLong();
        if (collected && now - lastCollect < COLLECT_EVERY_NANOS) return;
        collected = true;
        lastCollect = now;
        collect.run();
    }

    /** Bytes that must stay free. */
    public long reserve() {
        return reserve;
    }
}
