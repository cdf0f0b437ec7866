/**
 * The HTTP edge: Javalin routes, one error mapping ({@link com.mangahub.sync.web.ApiError} to status + JSON),
 * the one way routes read their input ({@link com.mangahub.sync.web.RequestParams} for query and path parameters
 * through Javalin's typed validators, {@link com.mangahub.sync.web.JsonBody} for request bodies), {@code /health}
 * assembled from the checks each component registers (UP, WARN or DOWN; {@link com.mangahub.sync.web.RolesHealth}
 * warns about a role no live process serves), {@code /metrics}, and the reader's web page at {@code /}
 * ({@link com.mangahub.sync.web.ReaderPage}).
 */
package com.mangahub.sync.web;
