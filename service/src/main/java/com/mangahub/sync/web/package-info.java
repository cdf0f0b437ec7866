/**
 * The HTTP edge: Javalin routes, one error mapping ({@link com.mangahub.sync.web.ApiError} to status + JSON),
 * the one way routes read their input ({@link com.mangahub.sync.web.RequestParams} for query and path parameters
 * through Javalin's typed validators, {@link com.mangahub.sync.web.JsonBody} for request bodies), every request body
 * capped while it is read on every route (a servlet filter in front of Javalin, {@code BodyCap}), Jetty's own error
 * answers (431, 400, 414) in the same JSON shape ({@code JsonErrorPages}), {@code /health}
 * assembled from the checks each component registers (UP, WARN or DOWN; {@link com.mangahub.sync.web.RolesHealth}
 * warns about a role no live process serves), {@code /metrics}, the operator's {@code /api/admin/status} assembled
 * from the sections each component registers ({@link com.mangahub.sync.web.StatusSection}), the API's own
 * description ({@code /openapi.json}, a hand-edited resource, and Swagger UI at {@code /docs}:
 * {@link com.mangahub.sync.web.ApiDocs}), and the reader's web app at {@code /} ({@link com.mangahub.sync.web.ReaderPage}).
 * {@link com.mangahub.sync.web.HttpServer} records every route as it is registered, so a test holds the description
 * to what is served. The limits every edge shares live here too: {@link com.mangahub.sync.web.SlotCap} (so many held
 * per reader or address), {@link com.mangahub.sync.web.HeapHeadroom} (admission by memory),
 * {@link com.mangahub.sync.web.LimitMeters} (their refusals and use on {@code /metrics}), and on Jetty's connector
 * {@code PendingConnections} (per-address cap and header timeout for requests whose headers never end).
 */
package com.mangahub.sync.web;
