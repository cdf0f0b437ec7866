/**
 * The HTTP edge: Javalin routes, one error mapping ({@link com.mangahub.sync.web.ApiError} to status + JSON),
 * {@code /health} assembled from the checks each component registers, {@code /metrics}, and the reader's web page
 * at {@code /} ({@link com.mangahub.sync.web.ReaderPage}).
 */
package com.mangahub.sync.web;
