/**
 * The command line (picocli): {@code serve}, {@code version}, {@code db status} and the commands later
 * components add. Each error is one line on stderr; exit 0 ok, 1 runtime failure, 2 usage or configuration.
 */
package com.mangahub.sync.cli;
