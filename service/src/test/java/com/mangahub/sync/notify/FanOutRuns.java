package com.mangahub.sync.notify;

import com.mangahub.sync.support.ServiceCpu;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures every fan-out benchmark prints, one line per run and the spread over the runs: time from the trigger
 * to the last client, the same-run ceiling and the ratio to it, and deliveries per CPU-second of the service (the
 * anchor: Centrifugo's published benchmark, about 12,500 deliveries per second per core). The ratio and the
 * per-CPU-second figure are what hold on any machine of a kind; the time is the loaded machine's.
 * {@code -Dmangahub.bench.runs=5} runs a benchmark's measured fan-out five times.
 */
public final class FanOutRuns {
    public static final int RUNS = Integer.getInteger("mangahub.bench.runs", 1);
    public static final double RATIO_GOAL = 2.5;
    public static final double PER_CPU_SECOND_GOAL = 12_500;

    private final String what;
    private final int deliveries;
    private final double goalMs;
    private final List<Run> runs = new ArrayList<>();

    private record Run(Duration time, Duration ceiling, ServiceCpu.Spent cpu, double load) {
        double ratio() {
            return (double) time.toNanos() / ceiling.toNanos();
        }
    }

    public FanOutRuns(String what, int deliveries, double goalMs) {
        this.what = what;
        this.deliveries = deliveries;
        this.goalMs = goalMs;
    }

    /** Records and prints one run. */
    public void add(Duration time, Duration ceiling, ServiceCpu.Spent cpu) {
        Run r = new Run(time, ceiling, cpu, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        runs.add(r);
        System.out.printf("BENCHMARK %s, %,d deliveries, run %d of %d: %d ms from the trigger to the last (goal %.0f ms: "
                        + "%s); ceiling %d ms; ratio %.2f (goal %.1f: %s); service CPU %d ms → %,.0f deliveries per "
                        + "service-CPU-second (goal %,.0f: %s); PostgreSQL CPU %d ms → %,.0f per CPU-second of service and "
                        + "database; %d client threads in this JVM, %d ms (not counted); load average %.1f on %d cores%n",
                what, deliveries, runs.size(), RUNS, time.toMillis(), goalMs, time.toMillis() <= goalMs ? "met" : "MISSED",
                ceiling.toMillis(), r.ratio(), RATIO_GOAL, r.ratio() <= RATIO_GOAL ? "met" : "MISSED",
                cpu.service().toMillis(), cpu.perServiceSecond(deliveries), PER_CPU_SECOND_GOAL,
                cpu.perServiceSecond(deliveries) >= PER_CPU_SECOND_GOAL ? "met" : "MISSED", cpu.postgres().toMillis(),
                cpu.perServiceAndDatabaseSecond(deliveries), cpu.clientThreads(), cpu.clients().toMillis(), r.load(),
                Runtime.getRuntime().availableProcessors());
    }

    /** Min, median and max of each figure over the runs (nothing when there was one). */
    public void printSpread() {
        if (runs.size() < 2) return;
        System.out.printf("BENCHMARK %s, %,d deliveries, spread over %d runs (min / median / max): time %s ms, met %d of "
                        + "%d; ratio %s, met %d of %d; deliveries per service-CPU-second %s, met %d of %d; load average "
                        + "%s%n", what, deliveries, runs.size(), spread(r -> r.time().toMillis(), "%.0f"),
                runs.stream().filter(r -> r.time().toMillis() <= goalMs).count(), runs.size(),
                spread(Run::ratio, "%.2f"), runs.stream().filter(r -> r.ratio() <= RATIO_GOAL).count(), runs.size(),
                spread(r -> r.cpu().perServiceSecond(deliveries), "%,.0f"),
                runs.stream().filter(r -> r.cpu().perServiceSecond(deliveries) >= PER_CPU_SECOND_GOAL).count(),
                runs.size(), spread(Run::load, "%.1f"));
    }

    /**
     * The median ratio to the ceiling. The ceiling does less of the same work, so it is the faster, but on a shared
     * machine one run of it can land on a busier moment than the fan-out beside it: held over the runs, not in each.
     */
    public double medianRatio() {
        double[] v = runs.stream().mapToDouble(Run::ratio).sorted().toArray();
        return v[v.length / 2];
    }

    private String spread(ToDoubleFunction<Run> figure, String format) {
        double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
        return String.format(format + " / " + format + " / " + format, v[0], v[v.length / 2], v[v.length - 1]);
    }
}
