package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.Secret;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users.",
        subcommands = UserCommand.Create.class)
final class UserCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a user on the running service and print their API token (shown this once only).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "NAME", description = "Letters, digits, '_', '.' or '-'.")
        String name;

        @Option(names = "--languages", split = ",", paramLabel = "CODE",
                description = "Chapter languages to be notified of (default: en).")
        List<String> languages = List.of("en");

        @Option(names = "--admin-token", paramLabel = "TOKEN",
                description = "Default: MANGAHUB_ADMIN_TOKEN, else the admin-token file in the data directory.")
        String adminToken;

        @Override
        public Integer call() {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name);
            languages.forEach(body.putArray("languages")::add);
            var created = options.client().call("POST", "/api/users", adminToken(), body.toString());
            PrintWriter out = spec.commandLine().getOut();
            out.println("created user " + created.path("name").asText() + " (id " + created.path("id").asLong() + ")");
            out.println("token: " + created.path("token").asText());
            out.println("keep it: it is not stored and cannot be shown again");
            out.flush();
            return ExitCode.OK;
        }

        private String adminToken() {
            if (adminToken != null) return adminToken;
            Config config = Config.fromEnvironment();
            return config.server().adminToken().map(Secret::value).orElseGet(() -> {
                Path file = config.storage().dataDir().resolve("admin-token");
                try {
                    return Files.readString(file).strip();
                } catch (IOException e) {
                    throw new IllegalStateException("no admin token: set MANGAHUB_ADMIN_TOKEN or start the service once "
                            + "so it writes " + file, e);
                }
            });
        }
    }
}
