package com.mangahub.sync.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The API's own description: {@code GET /openapi.json} (the OpenAPI 3.1 document, a resource edited by hand beside
 * the routes it describes, so adding a route's entry is one edit of {@code openapi.json}) and {@code GET /docs}
 * (Swagger UI from its Maven webjar, served from this jar, never from a CDN). Swagger UI sets inline styles, so its
 * page allows them; scripts stay this origin's own, as on the reader's page.
 */
final class ApiDocs {
    static final String DOCUMENT = "/openapi.json";
    static final String DOCS_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
            + "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final String SWAGGER_UI_PATH = "/docs/swagger-ui";

    private final byte[] document = resource("/openapi/openapi.json");
    private final byte[] docsPage = resource("/docs/index.html");

    void register(Javalin app) {
        app.get(DOCUMENT, ctx -> ctx.contentType("application/json").header("Cache-Control", "no-cache")
                .result(document));
        app.get("/docs", this::docs);
    }

    private void docs(Context ctx) {
        ctx.contentType("text/html; charset=utf-8")
                .header("Content-Security-Policy", DOCS_CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .result(docsPage);
    }

    /** Swagger UI's files under /docs/swagger-ui/, from the webjar's versioned folder. */
    static void configureSwaggerUi(StaticFileConfig files) {
        files.hostedPath = SWAGGER_UI_PATH;
        files.directory = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion();
        files.location = Location.CLASSPATH;
        files.headers = Map.of("X-Content-Type-Options", "nosniff", "Cache-Control", "max-age=86400");
    }

    /** The webjar's version from its own Maven metadata, so upgrading it is one edit of the pom. */
    private static String swaggerUiVersion() {
        try (InputStream in = ApiDocs.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("the swagger-ui webjar is not on the classpath");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(path + " is missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
