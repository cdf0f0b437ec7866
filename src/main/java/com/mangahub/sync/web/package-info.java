/**
 * The HTTP edge: Javalin routes, one error mapping ({@link com.mangahub.sync.web.ApiError} to status + JSON),
 * {@code /health} assembled from the checks each component registers, and {@code /metrics}.
 */
package com.mangahub.sync.web;
