package fr.caducee.server.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The options of every command that talks to a running server. */
final class WebAdminOptions {
    @Option(names = "--webadmin", paramLabel = "URL",
        description = "The server's WebAdmin (default $CADUCEE_WEBADMIN, else " + WebAdminClient.DEFAULT_URL + ").")
    String webAdmin;

    @Option(names = "--data", paramLabel = "DIR",
        description = "The server's data folder, whose operator key signs each request (default $CADUCEE_DATA, else ./data).")
    Path data;

    WebAdminClient client() {
        return WebAdminClient.of(webAdmin, data);
    }
}
