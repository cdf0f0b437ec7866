package com.mangahub.sync.web;

import java.util.function.Supplier;

/**
 * One part of the operator's status ({@code GET /api/admin/status}): a name and what it reports now (JSON-able
 * maps and lists, never secrets). The composition root registers one per component, as for {@link HealthCheck}, so
 * this package depends on none of them.
 */
public record StatusSection(String name, Supplier<Object> probe) {}
