package com.mangahub.sync.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/admin/status} (admin token): what an operator looks at beyond {@code /health} — each workflow's
 * last run and state, the MangaDex rate gate and breaker, the outbox's depth and age, delivery failures. A section
 * that cannot be read says so in its place instead of failing the others.
 */
public final class AdminStatusRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(AdminStatusRoutes.class);
    private final AdminGate admin;
    private final List<StatusSection> sections;

    public AdminStatusRoutes(AdminGate admin, List<StatusSection> sections) {
        this.admin = admin;
        this.sections = List.copyOf(sections);
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/admin/status", this::status);
    }

    private void status(Context ctx) {
        admin.require(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        for (StatusSection section : sections) {
            try {
                body.put(section.name(), section.probe().get());
            } catch (RuntimeException e) {
                log.warn("status section {} failed: {}", section.name(), e.toString());
                body.put(section.name(), Map.of("error", "unavailable: " + e.getClass().getSimpleName()));
            }
        }
        ctx.json(body);
    }
}
