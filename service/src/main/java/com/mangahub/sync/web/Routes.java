package com.mangahub.sync.web;

import io.javalin.Javalin;

/** A group of HTTP routes. Each edge (sync API, notifications, triggers) contributes one; App hands them over. */
@FunctionalInterface
public interface Routes {
    void register(Javalin app);
}
