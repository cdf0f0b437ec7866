package com.mangahub.sync.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.manga.Uuids;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.util.component.Container;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.javalin.validation.ValidationException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge (Javalin on Jetty): health, metrics and the routes each component contributes. Errors are mapped
 * here once: {@link ApiError} to its status, anything else to a 500 that reveals nothing internal.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /**
     * On every route a body is refused at this size while it is read ({@link BodyCap}), chunked or not: the largest
     * body is a library file to import (a Mihon backup of a large library runs to a few MB); JSON routes refuse
     * theirs far sooner ({@link JsonBody#MAX_BYTES}, or a route's own larger cap for long lists).
     */
    public static final int MAX_REQUEST_BYTES = 8 * 1024 * 1024;

    private static final int ACCEPT_QUEUE = 1024;

    private final Javalin app;
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();

    /** One registered route: what {@code /openapi.json} must describe. */
    public record Endpoint(String method, String path) {}

    public HttpServer(ObjectMapper json, PrometheusMeterRegistry metrics, List<HealthCheck> checks, List<Routes> routes) {
        this(json, metrics, checks, routes, Outage.NONE);
    }

    /**
     * @param outage what the API cannot answer without: while it is out, every {@code /api/} and {@code /notify/}
     *               request is answered at once with a JSON 503 and {@code Retry-After} (health, metrics, the page
     *               and the API description still answer), and a request that fails because of it answers the
     *               same 503 instead of a 500
     */
    public HttpServer(ObjectMapper json, PrometheusMeterRegistry metrics, List<HealthCheck> checks, List<Routes> routes,
                      Outage outage) {
        this(json, metrics, checks, routes, outage, Config.Limits.defaults(), new LimitMeters(metrics));
    }

    /**
     * @param limits what the connections of one address may hold before their requests are complete, and for how long
     *               (the per-reader caps are the routes' own)
     */
    public HttpServer(ObjectMapper json, PrometheusMeterRegistry metrics, List<HealthCheck> checks, List<Routes> routes,
                      Outage outage, Config.Limits limits, LimitMeters limitMeters) {
        this(json, metrics, checks, routes, outage, limits, limitMeters, TrustedProxies.NONE);
    }

    /** @param proxies the reverse proxies whose X-Forwarded-* headers are believed (from anyone else: ignored) */
    public HttpServer(ObjectMapper json, PrometheusMeterRegistry metrics, List<HealthCheck> checks, List<Routes> routes,
                      Outage outage, Config.Limits limits, LimitMeters limitMeters, TrustedProxies proxies) {
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.appData(JsonBody.MAPPER, json);
            config.jetty.modifyServletContextHandler(context -> {
                context.addFilter(new FilterHolder(new BodyCap(MAX_REQUEST_BYTES, json)), "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                // form bodies are read by Jetty itself, not through the filter's stream: same cap
                context.setMaxFormContentSize((int) MAX_REQUEST_BYTES);
                context.setErrorHandler(new JsonErrorPages(json));
            });
            // requests Jetty refuses before any route (431 headers too large, 400, 414) answer in our shape too
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorPages(json));
                // Javalin makes its connector when it starts: each one is guarded as Jetty adds it
                server.addEventListener(new Container.Listener() {
                    @Override
                    public void beanAdded(Container parent, Object child) {
                        if (child instanceof ServerConnector connector) {
                            guard(connector, limits, limitMeters);
                            var http = connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class);
                            if (http != null) http.getHttpConfiguration().addCustomizer(proxies);
                        }
                    }

                    @Override
                    public void beanRemoved(Container parent, Object child) { }
                });
            });
            config.jsonMapper(new JavalinJackson(ApiJson.answers(json), false));
            // the typed validators (ctx.queryParamAsClass and friends) read numbers as the routes always have,
            // spaces around them ignored, and ids only in canonical form
            config.validation.register(Long.class, text -> Long.valueOf(text.strip()));
            config.validation.register(UUID.class, text -> Uuids.parse(text).orElseThrow());
            config.staticFiles.add(ReaderPage::configure);
            config.staticFiles.add(ApiDocs::configureSwaggerUi);
            // every route as it is registered (before/after filters are not routes), so a test can hold the API
            // description to what the server really serves
            config.events.handlerAdded(meta -> {
                if (meta.getHttpMethod().isHttpMethod() && meta.getHttpMethod() != HandlerType.HEAD) {
                    endpoints.add(new Endpoint(meta.getHttpMethod().name(), meta.getPath()));
                }
            });
        });
        for (String gated : List.of("/api/*", "/notify/*")) {
            app.before(gated, ctx -> outage.current().ifPresent(why -> {
                throw ApiError.unavailable(why, outage.retryAfter());
            }));
        }
        new HealthRoutes(checks).register(app);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        new ApiDocs().register(app);
        routes.forEach(r -> r.register(app));
        app.exception(ApiError.class, (e, ctx) -> {
            e.retryAfter().ifPresent(after -> ctx.header("Retry-After", Long.toString(Math.max(1, after.toSeconds()))));
            if (e.status() == 413) {
                tooLarge(ctx, json, e);
            } else {
                Map<String, Object> body = errorBody(e.code(), e.getMessage(), e.field());
                if (e.limit() != null) body.put("limit", e.limit());
                ctx.status(e.status()).json(body);
            }
        });
        // routes turn validator failures into ApiErrors themselves; one that does not still answers in our shape
        app.exception(ValidationException.class, (e, ctx) -> {
            String field = e.getErrors().keySet().stream().findFirst().orElse(null);
            ctx.status(400).json(errorBody("bad_request", field + " is not valid", field));
        });
        app.exception(Exception.class, (e, ctx) -> {
            if (outage.explains(e)) {
                log.warn("{} {} failed during an outage: {}", ctx.method(), loggablePath(ctx.path()), e.getMessage());
                ctx.header("Retry-After", Long.toString(Math.max(1, outage.retryAfter().toSeconds())));
                // the cause's text names hosts and ports: it goes to the log, the client gets the outage's own words
                ctx.status(503).json(errorBody("unavailable", outage.current()
                        .orElse("the service lost its database during this request; try again shortly"), null));
                return;
            }
            if (outage.busy(e)) {
                log.warn("{} {} found the service busy: {}", ctx.method(), loggablePath(ctx.path()), e.getMessage());
                ctx.header("Retry-After", "1");
                ctx.status(503).json(errorBody("busy", "the service is busy (no database connection was free in time); "
                        + "try again in 1 s", null));
                return;
            }
            log.error("unhandled error on {} {}", ctx.method(), loggablePath(ctx.path()), e);
            ctx.status(500).json(errorBody("internal_error", "internal error; see the server log", null));
        });
    }

    /**
     * Silence in the middle of a request ends its connection after the idle timeout (an SSE stream's heartbeat is more
     * frequent); headers are due within the header timeout, and one address may keep only so many connections waiting
     * for theirs ({@link PendingConnections}).
     */
    private static void guard(ServerConnector connector, Config.Limits limits, LimitMeters meters) {
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        // the JDK's default backlog is 50: a burst of connections beyond it waits in the kernel, retrying its
        // handshake for seconds, before anything here can refuse or time it out (a flood of 2,000 at once left 88
        // connections unaccepted for over 10 s); the kernel caps this at net.core.somaxconn
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.addBean(new PendingConnections(limits.pendingPerAddress(), limits.headerTimeout(),
                connector.getScheduler(), meters));
    }

    /** A feed's path carries its secret token: the log shows which feed format, never which feed. */
    static String loggablePath(String path) {
        return path.replaceFirst("^/feeds/[^/]*?(\\.[a-z]+)?$", "/feeds/***$1");
    }

    /**
     * A 413 goes out at once and closes the connection: the rest of the body stays unread, and a client that reads
     * while it sends (as it should) stops sending the moment it sees the answer.
     */
    private static void tooLarge(Context ctx, ObjectMapper json, ApiError e) {
        ctx.status(413).contentType("application/json").header("Connection", "close");
        try {
            ctx.res().getOutputStream().write(json.writeValueAsBytes(errorBody(e.code(), e.getMessage(), e.field())));
            ctx.res().flushBuffer();
        } catch (IOException gone) {
            log.debug("client gone before its 413: {}", gone.toString());
        }
    }

    static Map<String, Object> errorBody(String code, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (field != null) body.put("field", field);
        return body;
    }

    public HttpServer start(String bind, int port) {
        app.start(bind, port);
        log.info("HTTP listening on http://{}:{}", bind, port());
        return this;
    }

    /** Every route registered, in registration order. */
    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting, lets in-flight requests finish (Jetty's graceful stop), then closes. */
    @Override
    public void close() {
        app.stop();
    }
}
