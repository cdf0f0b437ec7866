package com.mangahub.sync.web;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One component's contribution to {@code GET /health}. The composition root registers one per component
 * (database, each workflow, MangaDex reachability) so this package depends on none of them.
 */
public record HealthCheck(String name, Supplier<Result> probe) {

    /** UP and WARN answer 200 (WARN: usable, but an operator should look); DOWN answers 503. */
    public enum Status { UP, WARN, DOWN }

    /** What a probe found: whether the component is usable, and details to show (never secrets). */
    public record Result(Status status, Map<String, Object> details) {
        public static Result up(Map<String, Object> details) {
            return new Result(Status.UP, details);
        }

        /** Usable, with something an operator should know (a role no live process serves). */
        public static Result warn(Map<String, Object> details) {
            return new Result(Status.WARN, details);
        }

        public static Result down(Map<String, Object> details) {
            return new Result(Status.DOWN, details);
        }

        public boolean up() {
            return status != Status.DOWN;
        }
    }
}
