package com.mangahub.sync.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Which share (0..1) of answered requests goes wrong, and how. The request-level shares are exclusive (one
 * request suffers at most one of them) and must add up to at most 1. {@code emptyPages} is separate: the share of
 * EMPTY list pages answered 204 with no body instead of 200 with {@code "data": []}, as MangaDex sometimes does.
 *
 * @param serverErrors    answered 500/502/503/504 with a MangaDex JSON error body
 * @param resets          the connection is cut without any answer
 * @param htmlErrors      answered 502/503 with an HTML page (a proxy's error page, not JSON)
 * @param truncatedBodies the full Content-Length is announced, half the body is sent, then the connection is cut
 * @param slowBodies      the body trickles out over {@code slowBodyTime}
 * @param random          decides which requests suffer (seed it for repeatable runs)
 */
public record FaultPlan(double serverErrors, double resets, double htmlErrors, double emptyPages,
                        double truncatedBodies, double slowBodies, Duration slowBodyTime, Random random) {

    public FaultPlan {
        Objects.requireNonNull(slowBodyTime, "slowBodyTime");
        Objects.requireNonNull(random, "random");
        for (double share : new double[] {serverErrors, resets, htmlErrors, emptyPages, truncatedBodies, slowBodies}) {
            if (share < 0 || share > 1) throw new IllegalArgumentException("fault shares must lie in 0..1: " + share);
        }
        if (serverErrors + resets + htmlErrors + truncatedBodies + slowBodies > 1.0000001) {
            throw new IllegalArgumentException("request fault shares add up to more than 1");
        }
    }

    public static FaultPlan none() {
        return new FaultPlan(0, 0, 0, 0, 0, 0, Duration.ofSeconds(2), new Random(0));
    }

    public FaultPlan withServerErrors(double share) {
        return new FaultPlan(share, resets, htmlErrors, emptyPages, truncatedBodies, slowBodies, slowBodyTime, random);
    }

    public FaultPlan withResets(double share) {
        return new FaultPlan(serverErrors, share, htmlErrors, emptyPages, truncatedBodies, slowBodies, slowBodyTime, random);
    }

    public FaultPlan withHtmlErrors(double share) {
        return new FaultPlan(serverErrors, resets, share, emptyPages, truncatedBodies, slowBodies, slowBodyTime, random);
    }

    public FaultPlan withEmptyPages(double share) {
        return new FaultPlan(serverErrors, resets, htmlErrors, share, truncatedBodies, slowBodies, slowBodyTime, random);
    }

    public FaultPlan withTruncatedBodies(double share) {
        return new FaultPlan(serverErrors, resets, htmlErrors, emptyPages, share, slowBodies, slowBodyTime, random);
    }

    public FaultPlan withSlowBodies(double share, Duration over) {
        return new FaultPlan(serverErrors, resets, htmlErrors, emptyPages, truncatedBodies, share, over, random);
    }

    public FaultPlan withSeed(long seed) {
        return new FaultPlan(serverErrors, resets, htmlErrors, emptyPages, truncatedBodies, slowBodies, slowBodyTime, new Random(seed));
    }

    /** Picks this request's fault; synchronized on the plan's Random so concurrent requests share one sequence. */
    Fault pick() {
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        if ((roll -= serverErrors) < 0) return Fault.SERVER_ERROR;
        if ((roll -= resets) < 0) return Fault.RESET;
        if ((roll -= htmlErrors) < 0) return Fault.HTML_ERROR;
        if ((roll -= truncatedBodies) < 0) return Fault.TRUNCATED;
        if (roll - slowBodies < 0) return Fault.SLOW;
        return Fault.NONE;
    }

    boolean emptyPageAs204() {
        if (emptyPages == 0) return false;
        synchronized (random) {
            return random.nextDouble() < emptyPages;
        }
    }

    /** One of the given statuses, drawn from the plan's Random. */
    int status(int... choices) {
        synchronized (random) {
            return choices[random.nextInt(choices.length)];
        }
    }

    enum Fault { NONE, SERVER_ERROR, RESET, HTML_ERROR, TRUNCATED, SLOW }
}
