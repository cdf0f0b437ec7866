package com.mangahub.sync.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /health}: 200 with status UP when every component is up, 200 with status WARN when one warns (and none
 * is down), else 503 with status DOWN. Bounded: the checks run side by side and the answer leaves within
 * {@link #DEADLINE} whatever they do; a check that has not answered by then is DOWN ("no answer"), and is not started
 * again while that run is still under way, so a hung database never piles up waiting checks.
 */
final class HealthRoutes {
    static final Duration DEADLINE = Duration.ofMillis(800);

    private final List<Bounded> checks;
    private final Duration deadline;
    private final Executor executor = Executors.newVirtualThreadPerTaskExecutor();

    HealthRoutes(List<HealthCheck> checks) {
        this(checks, DEADLINE);
    }

    HealthRoutes(List<HealthCheck> checks, Duration deadline) {
        this.checks = checks.stream().map(Bounded::new).toList();
        this.deadline = deadline;
    }

    void register(Javalin app) {
        app.get("/health", this::health);
    }

    private void health(Context ctx) {
        long end = System.nanoTime() + deadline.toNanos();
        List<CompletableFuture<HealthCheck.Result>> runs = new ArrayList<>();
        for (Bounded check : checks) runs.add(check.run(executor));
        Map<String, Object> components = new LinkedHashMap<>();
        boolean allUp = true;
        boolean warned = false;
        for (int i = 0; i < checks.size(); i++) {
            HealthCheck.Result result = await(runs.get(i), end);
            allUp &= result.up();
            warned |= result.status() == HealthCheck.Status.WARN;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", result.status().name());
            body.putAll(result.details());
            components.put(checks.get(i).check.name(), body);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !allUp ? "DOWN" : warned ? "WARN" : "UP");
        body.put("components", components);
        ctx.status(allUp ? 200 : 503).json(body);
    }

    private HealthCheck.Result await(CompletableFuture<HealthCheck.Result> run, long end) {
        try {
            return run.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return HealthCheck.Result.down(Map.of("error", "no answer within " + deadline.toMillis() + " ms"));
        } catch (ExecutionException e) {
            return HealthCheck.Result.down(Map.of("error", String.valueOf(e.getCause().getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheck.Result.down(Map.of("error", "interrupted"));
        }
    }

    /** One check with at most one run under way: a request that finds it still running waits on that run. */
    private static final class Bounded {
        private final HealthCheck check;
        private final AtomicReference<CompletableFuture<HealthCheck.Result>> running = new AtomicReference<>();

        Bounded(HealthCheck check) {
            this.check = check;
        }

        CompletableFuture<HealthCheck.Result> run(Executor executor) {
            while (true) {
                CompletableFuture<HealthCheck.Result> current = running.get();
                if (current != null && !current.isDone()) return current;
                CompletableFuture<HealthCheck.Result> next = new CompletableFuture<>();
                if (!running.compareAndSet(current, next)) continue;
                executor.execute(() -> {
                    try {
                        next.complete(check.probe().get());
                    } catch (RuntimeException e) {
                        next.complete(HealthCheck.Result.down(Map.of("error", String.valueOf(e.getMessage()))));
                    }
                });
                return next;
            }
        }
    }
}
