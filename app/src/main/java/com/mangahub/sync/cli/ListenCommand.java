package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Observes the user's notifications over CoAP and prints one line per notification. The last id printed is kept in
 * a state file, and every (re)connection asks for what came after it, so a restart or a network outage neither
 * loses nor repeats a line.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = "Print your notifications as they arrive (CoAP push); resumes where the last run stopped.")
final class ListenCommand implements Callable<Integer> {
    private static final long RECONNECT_MILLIS = 2_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--token", required = true, defaultValue = "${env:MANGAHUB_TOKEN}", paramLabel = "TOKEN",
            description = "Your API token (default: MANGAHUB_TOKEN).")
    String token;

    @Option(names = "--host", paramLabel = "HOST", description = "Default: MANGAHUB_BIND (loopback when it is 0.0.0.0).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Default: MANGAHUB_COAP_PORT.")
    Integer port;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Where the last printed id is kept (default: under the data directory).")
    Path stateFile;

    @Option(names = "--count", paramLabel = "N", description = "Exit after printing N notifications (default: run until stopped).")
    long count;

    /** What the CoAP handler reports to the command's loop. */
    private sealed interface Event {
        record Notifications(JsonNode batch) implements Event {}

        record Refused() implements Event {}

        record Lost() implements Event {}
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        Config config = Config.fromEnvironment();
        ListenState state = new ListenState(stateFile != null ? stateFile : ListenState.defaultFile(config, token));
        String target = (host != null ? host : ClientOptions.localHost(config.server().bind())) + ":"
                + (port != null ? port : config.server().coapPort());
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        ObjectMapper json = App.jsonMapper();
        CoapEndpoint endpoint = clientEndpoint();
        try {
            while (count <= 0 || printed < count) {
                LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
                CoapClient client = observe(endpoint, json, target, state.lastId(), events);
                try {
                    printed += drain(events, state, out, printed);
                } finally {
                    client.shutdown();
                }
                if (count <= 0 || printed < count) TimeUnit.MILLISECONDS.sleep(RECONNECT_MILLIS);
            }
        } finally {
            endpoint.destroy();
        }
        return ExitCode.OK;
    }

    /** Prints until the observation is lost or enough lines are printed; returns how many were printed. */
    private long drain(LinkedBlockingQueue<Event> events, ListenState state, PrintWriter out, long before)
            throws InterruptedException, IOException {
        long printed = 0;
        while (count <= 0 || before + printed < count) {
            switch (events.take()) {
                case Event.Refused r -> throw new IllegalStateException("token refused by the CoAP server at 4.01");
                case Event.Lost l -> {
                    return printed;
                }
                case Event.Notifications n -> {
                    for (JsonNode notification : n.batch()) {
                        long id = notification.path("id").asLong();
                        if (id <= state.lastId() || (count > 0 && before + printed >= count)) continue;
                        out.println(NotificationLine.format(notification));
                        out.flush();
                        state.save(id);
                        printed++;
                    }
                }
            }
        }
        return printed;
    }

    private CoapClient observe(CoapEndpoint endpoint, ObjectMapper json, String target, long after,
                               LinkedBlockingQueue<Event> events) {
        CoapClient client = new CoapClient("coap://" + target + "/notifications?token=" + token + "&after=" + after);
        client.setEndpoint(endpoint);
        client.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                if (response.getCode().codeClass == 4) {
                    events.add(new Event.Refused());
                    return;
                }
                try {
                    events.add(new Event.Notifications(json.readTree(response.getPayload())));
                } catch (IOException e) {
                    events.add(new Event.Lost());
                }
            }

            @Override
            public void onError() {
                events.add(new Event.Lost());
            }
        });
        return client;
    }

    private static CoapEndpoint clientEndpoint() {
        CoapConfig.register();
        UdpConfig.register();
        return new CoapEndpoint.Builder().setConfiguration(Configuration.createStandardWithoutFile()).build();
    }
}
