package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Clients whose TLS fails, as the server's one-line client errors and its TLS failure counts see them. */
final class FailingTlsClients {
    private FailingTlsClients() {
    }

    /** A client that speaks without TLS to an implicit TLS port, and reads until the server closes. */
    static void plainText(int port, String line) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // the server answers a TLS alert at most, then closes
            }
        }
    }

    /** {@code openssl s_client} with these options, its input closed at once, its output dropped. */
    static void openssl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    }
}
