package com.mangahub.sync.web;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One component's contribution to {@code GET /health}. The composition root registers one per component
 * (database, each workflow, MangaDex reachability) so this package depends on none of them.
 */
public record HealthCheck(String name, Supplier<Result> probe) {

    /** What a probe found: whether the component is usable, and details to show (never secrets). */
    public record Result(boolean up, Map<String, Object> details) {
        public static Result up(Map<String, Object> details) {
            return new Result(true, details);
        }

        public static Result down(Map<String, Object> details) {
            return new Result(false, details);
        }
    }
}
