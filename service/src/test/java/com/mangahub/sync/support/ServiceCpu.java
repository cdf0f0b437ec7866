package com.mangahub.sync.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The CPU a fan-out costs the service, sampled before and after it: this JVM's process CPU time (every thread, the
 * garbage collector and the JIT included) less the CPU of the benchmark's own client threads when they share the JVM
 * (named by the predicate, read per thread from {@link ThreadMXBean}), and, apart, the embedded PostgreSQL's (its
 * postmaster and every backend, from {@link ProcessHandle}). Garbage the client threads make is collected on the
 * service's account, so the service's figure errs high, never low.
 */
public final class ServiceCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Predicate<String> clientThread;
    private final long processBefore;
    private final Map<Long, Long> clientBefore;
    private final long postgresBefore;

    /** What one fan-out cost: the service's CPU (clients excluded), PostgreSQL's, and the client threads' own. */
    public record Spent(Duration service, Duration postgres, Duration clients, int clientThreads) {
        /** Deliveries per CPU-second of the service's JVM. */
        public double perServiceSecond(long deliveries) {
            return deliveries / Math.max(1e-9, service.toNanos() / 1e9);
        }

        /** Deliveries per CPU-second of the service and its database together. */
        public double perServiceAndDatabaseSecond(long deliveries) {
            return deliveries / Math.max(1e-9, service.plus(postgres).toNanos() / 1e9);
        }
    }

    private ServiceCpu(Predicate<String> clientThread) {
        this.clientThread = clientThread;
        this.clientBefore = clientCpu();
        this.postgresBefore = postgresCpu();
        this.processBefore = processCpu();
    }

    /** Starts measuring; {@code clientThread} names the threads (by name) that are the benchmark's clients. */
    public static ServiceCpu start(Predicate<String> clientThread) {
        return new ServiceCpu(clientThread);
    }

    /** Starts measuring a service whose clients run in another process. */
    public static ServiceCpu start() {
        return new ServiceCpu(name -> false);
    }

    public Spent stop() {
        long process = processCpu() - processBefore;
        long postgres = postgresCpu() - postgresBefore;
        long clients = 0;
        Map<Long, Long> after = clientCpu();
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            // a client thread started during the fan-out counts from zero
            clients += e.getValue() - clientBefore.getOrDefault(e.getKey(), 0L);
        }
        return new Spent(Duration.ofNanos(process - clients), Duration.ofNanos(postgres), Duration.ofNanos(clients),
                after.size());
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private Map<Long, Long> clientCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null || !clientThread.test(t.getThreadName())) continue;
            long nanos = THREADS.getThreadCpuTime(t.getThreadId());
            if (nanos >= 0) cpu.put(t.getThreadId(), nanos);
        }
        return cpu;
    }

    private static long postgresCpu() {
        ProcessHandle postmaster = PostgresExtension.postmaster();
        return cpuOf(postmaster) + postmaster.children().mapToLong(ServiceCpu::cpuOf).sum();
    }

    private static long cpuOf(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
