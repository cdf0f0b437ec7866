package com.mangahub.sync.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: 200 with status UP when every component is up, 200 with status WARN when one warns (and none
 * is down), else 503 with status DOWN.
 */
final class HealthRoutes {
    private final List<HealthCheck> checks;

    HealthRoutes(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    void register(Javalin app) {
        app.get("/health", this::health);
    }

    private void health(Context ctx) {
        Map<String, Object> components = new LinkedHashMap<>();
        boolean allUp = true;
        boolean warned = false;
        for (HealthCheck check : checks) {
            HealthCheck.Result result;
            try {
                result = check.probe().get();
            } catch (RuntimeException e) {
                result = HealthCheck.Result.down(Map.of("error", String.valueOf(e.getMessage())));
            }
            allUp &= result.up();
            warned |= result.status() == HealthCheck.Status.WARN;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", result.status().name());
            body.putAll(result.details());
            components.put(check.name(), body);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !allUp ? "DOWN" : warned ? "WARN" : "UP");
        body.put("components", components);
        ctx.status(allUp ? 200 : 503).json(body);
    }
}
