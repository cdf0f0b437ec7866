package com.mangahub.sync.cli;

import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where the client commands find the running service: its HTTP address, by default from the configuration. */
final class ClientOptions {
    @Option(names = "--server", paramLabel = "URL",
            description = "The service's HTTP address (default: http://127.0.0.1:MANGAHUB_HTTP_PORT).")
    URI server;

    ServiceClient client() {
        return new ServiceClient(server != null ? server : defaultServer(Config.fromEnvironment()), App.jsonMapper());
    }

    static URI defaultServer(Config config) {
        return URI.create("http://" + localHost(config.server().bind()) + ":" + config.server().httpPort());
    }

    /** A service bound to every interface is still reached on loopback. */
    static String localHost(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    }
}
