package com.mangahub.sync.workflow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Secret;
import com.mangahub.sync.json.JsonText;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.store.Job;
import com.mangahub.sync.web.AdminGate;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Triggers and jobs: {@code POST /api/manga/{id}/sync} (runs now, answers what it found), {@code POST /api/jobs}
 * (202 with the id), {@code GET /api/jobs/{id}} and {@code /result}. Every trigger needs the admin token.
 */
final class SyncRoutes implements Routes {
    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() { };
    /** The longest kind is 14 characters; anything much longer is not one of them. */
    private static final int MAX_KIND = 64;

    private final Workflows workflows;
    private final JobRunner jobs;
    private final AdminGate adminGate;
    private final ObjectMapper json;
    private final int defaultImportSize;

    SyncRoutes(Workflows workflows, JobRunner jobs, Secret adminToken, ObjectMapper json, int defaultImportSize) {
        this.workflows = workflows;
        this.jobs = jobs;
        this.adminGate = new AdminGate(adminToken);
        this.json = json;
        this.defaultImportSize = defaultImportSize;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/manga/{id}/sync", this::syncSeries);
        app.post("/api/jobs", this::submit);
        app.get("/api/jobs/{id}", ctx -> ctx.json(status(job(ctx))));
        app.get("/api/jobs/{id}/result", this::result);
    }

    private void syncSeries(Context ctx) {
        requireAdmin(ctx);
        UUID id = RequestParams.pathUuid(ctx, "id", "a MangaDex manga id (uuid)");
        ctx.json(mapped(() -> workflows.syncSeries(id)));
    }

    private void submit(Context ctx) {
        requireAdmin(ctx);
        JsonBody body = JsonBody.read(ctx);
        Map<String, Object> params = json.convertValue(body.objectOrEmpty("params"), PARAMS);
        JobRequest request;
        try {
            request = JobRequest.parse(body.optionalText("kind", MAX_KIND), params, defaultImportSize);
        } catch (JobRequest.Invalid e) {
            throw ApiError.badRequest(e.field(), e.getMessage());
        }
        UUID id = jobs.submit(request);
        ctx.status(202).header("Location", "/api/jobs/" + id).json(Map.of("id", id, "status", "pending"));
    }

    private void result(Context ctx) {
        Job job = job(ctx);
        switch (job.status()) {
            case "completed" -> ctx.contentType("application/json").result(job.resultJson().orElse("null"));
            case "failed" -> throw new ApiError(409, "job_failed", job.error().orElse("failed"), null);
            default -> throw new ApiError(409, "job_not_finished", "job is " + job.status() + "; poll /api/jobs/"
                    + job.id() + " until it is completed", null);
        }
    }

    private Job job(Context ctx) {
        UUID id = RequestParams.pathUuid(ctx, "id", "a job id (uuid)");
        return jobs.find(id).orElseThrow(() -> ApiError.notFound("no job " + id));
    }

    private Map<String, Object> status(Job job) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", job.id());
        body.put("kind", job.kind());
        body.put("status", job.status());
        body.put("progress", job.progressJson()
                .map(progress -> JsonText.tree(json, progress, "job " + job.id() + "'s progress")).orElse(null));
        body.put("error", job.error().orElse(null));
        body.put("submitted_at", job.submittedAt());
        body.put("started_at", job.startedAt().orElse(null));
        body.put("finished_at", job.finishedAt().orElse(null));
        return body;
    }

    private void requireAdmin(Context ctx) {
        adminGate.require(ctx);
    }

    /** MangaDex and busy errors, mapped once for this edge. */
    private static <T> T mapped(Supplier<T> work) {
        try {
            return work.get();
        } catch (WorkflowBusy e) {
            throw new ApiError(409, "busy", e.getMessage(), null);
        } catch (MangaDexException.NotFound e) {
            throw ApiError.notFound(e.getMessage());
        } catch (MangaDexException e) {
            throw new ApiError(502, "mangadex_unavailable", "MangaDex did not answer usefully: " + e.getMessage(), null);
        }
    }
}
