package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
        subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Disable.class,
                UserCommand.Enable.class, UserCommand.Delete.class, UserCommand.RotateToken.class,
                UserCommand.Invite.class})
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
            var created = options.client().call("POST", "/api/users", resolveAdminToken(adminToken), body.toString());
            PrintWriter out = spec.commandLine().getOut();
            out.println("created user " + created.path("name").asText() + " (id " + created.path("id").asLong() + ")");
            out.println("token: " + created.path("token").asText());
            out.println("keep it: it is not stored and cannot be shown again");
            out.flush();
            return ExitCode.OK;
        }
    }

    /** The admin token: the option, else MANGAHUB_ADMIN_TOKEN, else the file the service wrote into the data directory. */
    static String resolveAdminToken(String explicit) {
        if (explicit != null) return explicit;
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

    /** What the operator's commands share: where the service is and the admin token. */
    abstract static class AdminCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions options;

        @Option(names = "--admin-token", paramLabel = "TOKEN",
                description = "Default: MANGAHUB_ADMIN_TOKEN, else the admin-token file in the data directory.")
        String adminToken;

        JsonNode call(String method, String path) {
            return options.client().call(method, path, resolveAdminToken(adminToken), null);
        }

        void print(String line) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(line);
            out.flush();
        }

        static String describe(JsonNode u) {
            List<String> languages = new java.util.ArrayList<>();
            u.path("languages").forEach(l -> languages.add(l.asText()));
            return u.path("id").asLong() + "\t" + u.path("name").asText() + "\t" + String.join(",", languages) + "\t"
                    + (u.path("disabled").asBoolean() ? "disabled since " + u.path("disabled_at").asText() : "active")
                    + "\ttoken issued " + u.path("token_issued_at").asText();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the readers: id, name, languages, state, when their token was issued.")
    static final class ListUsers extends AdminCommand {
        @Override
        public Integer call() {
            long after = 0;
            while (true) {
                JsonNode page = call("GET", "/api/users?limit=1000&after=" + after);
                page.path("users").forEach(u -> print(describe(u)));
                if (page.path("next_after").isNull() || page.path("next_after").isMissingNode()) return ExitCode.OK;
                after = page.path("next_after").asLong();
            }
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a reader: their token is refused and their open streams and observations end now.")
    static final class Disable extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The reader's id (see `user list`).")
        long id;

        @Override
        public Integer call() {
            print(describe(call("POST", "/api/users/" + id + "/disable")));
            return ExitCode.OK;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Enable a disabled reader again, with the token they hold.")
    static final class Enable extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The reader's id (see `user list`).")
        long id;

        @Override
        public Integer call() {
            print(describe(call("POST", "/api/users/" + id + "/enable")));
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a reader with their library and notification log (cannot be undone).")
    static final class Delete extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The reader's id (see `user list`).")
        long id;

        @Override
        public Integer call() {
            call("DELETE", "/api/users/" + id);
            print("deleted reader " + id + " with their library and notifications");
            return ExitCode.OK;
        }
    }

    @Command(name = "invite", mixinStandardHelpOptions = true,
            description = "Make a single-use, expiring invitation link: whoever opens it picks a reader name and is "
                    + "signed in, with no token to copy.")
    static final class Invite extends AdminCommand {
        @Option(names = "--languages", split = ",", paramLabel = "CODE",
                description = "The new reader's chapter languages (default: en).")
        List<String> languages = List.of("en");

        @Option(names = "--valid-for", paramLabel = "HOURS",
                description = "Hours the link stays valid (default: MANGAHUB_INVITATION_VALIDITY, 7 days).")
        Integer validForHours;

        @Override
        public Integer call() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            languages.forEach(body.putArray("languages")::add);
            if (validForHours != null) body.put("valid_for_hours", validForHours);
            ServiceClient client = options.client();
            JsonNode made = client.call("POST", "/api/invitations", resolveAdminToken(adminToken), body.toString());
            // without MANGAHUB_PUBLIC_URL the service cannot know its outside address: the one this command used
            String link = made.path("url").isTextual() ? made.path("url").asText()
                    : client.base().toString().replaceAll("/+$", "") + made.path("path").asText();
            print("invitation: " + link);
            print("expires: " + made.path("expires_at").asText() + " (single use; it is not stored and cannot be "
                    + "shown again)");
            return ExitCode.OK;
        }
    }

    @Command(name = "rotate-token", mixinStandardHelpOptions = true,
            description = "Replace your token: prints the new one once; the old one stops working now.")
    static final class RotateToken implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions options;

        @Option(names = "--token", required = true, defaultValue = "${env:MANGAHUB_TOKEN}", paramLabel = "TOKEN",
                description = "Your current API token (default: MANGAHUB_TOKEN).")
        String token;

        @Override
        public Integer call() {
            JsonNode rotated = options.client().call("POST", "/api/me/token", token, null);
            PrintWriter out = spec.commandLine().getOut();
            out.println("token: " + rotated.path("token").asText());
            out.println("the old token no longer works; keep this one: it is not stored and cannot be shown again");
            if (!rotated.path("token_expires_at").isNull()) out.println("expires: " + rotated.path("token_expires_at").asText());
            out.flush();
            return ExitCode.OK;
        }
    }
}
