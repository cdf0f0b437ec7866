package com.mangahub.sync.simulator;

import com.mangahub.sync.time.Sleeper;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every MangaDex request goes through here: logged on arrival, refused by the {@link Gate} or answered by its
 * handler, delayed by the configured latency, then written, or broken as the current {@link FaultPlan} says.
 */
final class RequestPipeline {
    private static final Logger log = LoggerFactory.getLogger(RequestPipeline.class);
    private static final String HTML_ERROR = "<html><head><title>%d</title></head><body><center><h1>%d</h1></center>"
            + "<hr><center>nginx</center></body></html>";

    private final World world;
    private final Gate gate;
    private final TrafficLog traffic;
    private final Duration latency;
    private final Duration jitter;
    private final Random jitterRandom;
    private final Sleeper sleeper;
    final AtomicReference<FaultPlan> faults = new AtomicReference<>(FaultPlan.none());

    RequestPipeline(World world, Gate gate, TrafficLog traffic, SimulatorOptions options, Sleeper sleeper) {
        this.world = world;
        this.gate = gate;
        this.traffic = traffic;
        this.latency = options.latency();
        this.jitter = options.jitter();
        this.jitterRandom = new Random(options.seed() ^ 0x5EED);
        this.sleeper = sleeper;
    }

    void handle(Context ctx, String endpoint, Function<QueryParams, Reply> handler) throws InterruptedException {
        traffic.arrived(ctx.ip(), System.nanoTime());
        String request = ctx.method().name() + " " + endpoint;
        if (gate.down.get()) {
            traffic.answered(request, "reset");
            cut(ctx);
            return;
        }
        Reply reply = gate.refusal(ctx, world.now());
        boolean passed = reply == null;
        if (passed) reply = answer(handler, new QueryParams(ctx.queryParamMap()));
        sleeper.sleep(delay());
        FaultPlan plan = faults.get();
        FaultPlan.Fault fault = passed ? plan.pick() : FaultPlan.Fault.NONE;
        if (fault == FaultPlan.Fault.NONE && reply.emptyPage() && plan.emptyPageAs204()) reply = Reply.noContent();
        write(ctx, request, reply, fault, plan);
    }

    private static Reply answer(Function<QueryParams, Reply> handler, QueryParams params) {
        try {
            return handler.apply(params);
        } catch (MangaDexError e) {
            return Gate.error(e);
        } catch (RuntimeException e) {
            // a simulator bug must still look like an API failure to the client under test, not a Jetty page
            log.error("simulator failed to answer", e);
            return Gate.error(new MangaDexError(500, "internal_server_error", "The simulator failed: " + e));
        }
    }

    private Duration delay() {
        if (jitter.isZero()) return latency;
        synchronized (jitterRandom) {
            return latency.plusNanos((long) (jitterRandom.nextDouble() * jitter.toNanos()));
        }
    }

    /**
     * Writes the reply (or the fault in its place). The statistics learn the outcome before the last byte leaves, so a
     * client that has its answer always finds it counted; a client that went away mid-answer is reclassified.
     */
    private void write(Context ctx, String request, Reply reply, FaultPlan.Fault fault, FaultPlan plan)
            throws InterruptedException {
        if (fault == FaultPlan.Fault.RESET) {
            traffic.answered(request, "reset");
            cut(ctx);
            return;
        }
        reply = substitute(reply, fault, plan);
        String label = fault == FaultPlan.Fault.TRUNCATED ? "truncated" : Integer.toString(reply.status());
        ctx.status(reply.status());
        reply.headers().forEach(ctx::header);
        if (reply.contentType() != null) ctx.contentType(reply.contentType());
        traffic.answered(request, label);
        try {
            ServletOutputStream out = ctx.res().getOutputStream();
            ctx.res().setContentLength(reply.body().length);
            if (fault == FaultPlan.Fault.TRUNCATED) {
                out.write(Arrays.copyOf(reply.body(), reply.body().length / 2));
                out.flush();
                cut(ctx);
                return;
            }
            if (fault == FaultPlan.Fault.SLOW) trickle(out, reply.body(), plan.slowBodyTime());
            else out.write(reply.body());
        } catch (IOException e) {
            log.debug("client went away while we answered: {}", e.toString());
            traffic.reclassified(request, label, "client-gone");
        }
    }

    /** The answer an error fault puts in place of the real one. */
    private static Reply substitute(Reply reply, FaultPlan.Fault fault, FaultPlan plan) {
        return switch (fault) {
            case SERVER_ERROR -> Gate.error(new MangaDexError(plan.status(500, 502, 503, 504),
                    "internal_server_error", "An internal error occurred"));
            case HTML_ERROR -> {
                int status = plan.status(502, 503);
                yield Reply.html(status, HTML_ERROR.formatted(status, status));
            }
            default -> reply;
        };
    }

    private void trickle(ServletOutputStream out, byte[] body, Duration over) throws IOException, InterruptedException {
        int pieces = 10;
        int step = Math.max(1, (body.length + pieces - 1) / pieces);
        for (int from = 0; from < body.length; from += step) {
            out.write(body, from, Math.min(step, body.length - from));
            out.flush();
            sleeper.sleep(over.dividedBy(pieces));
        }
    }

    /** Closes the connection without (the rest of) an answer, as a crashed proxy or a reset would. */
    private static void cut(Context ctx) {
        Request base = Request.getBaseRequest(ctx.req());
        if (base == null) throw new UncheckedIOException(new IOException("no Jetty request to abort"));
        base.getHttpChannel().abort(new IOException("simulated connection reset"));
    }
}
