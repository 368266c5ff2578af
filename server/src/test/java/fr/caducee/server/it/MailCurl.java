package fr.caducee.server.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.trust.pki.DevPki;

/**
 * curl as a mail client (IMAP and SMTP over TLS, checked against the development root), its secrets (password,
 * token, key password) given in a config on its standard input rather than on its command line; {@code -v}, so that
 * the output shows the dialogue.
 */
final class MailCurl {
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private String upload;

    private MailCurl(CaduceeProcess server, String url) {
        arguments.addAll(List.of("curl", "-v", "-s", "--max-time", "30", "--cacert",
            server.pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE).toString()));
        arguments.add(url);
    }

    /** IMAPS (implicit TLS) at {@code path}, e.g. {@code /INBOX?SUBJECT%20x} (a SEARCH). */
    static MailCurl imaps(CaduceeProcess server, String path) {
        return new MailCurl(server, "imaps://localhost:" + server.ports().imaps() + path);
    }

    /** Submission with STARTTLS required. */
    static MailCurl submission(CaduceeProcess server) {
        return new MailCurl(server, "smtp://localhost:" + server.ports().submission()).option("--ssl-reqd");
    }

    /** Submission over implicit TLS. */
    static MailCurl submissions(CaduceeProcess server) {
        return new MailCurl(server, "smtps://localhost:" + server.ports().submissions());
    }

    MailCurl option(String... options) {
        arguments.addAll(List.of(options));
        return this;
    }

    /** {@code --user login:password}. */
    MailCurl user(String login, String password) {
        secrets.put("user", login + ":" + password);
        return this;
    }

    MailCurl bearer(String token) {
        secrets.put("oauth2-bearer", token);
        return this;
    }

    /** A client certificate from a PKCS#12 file. */
    MailCurl certificate(Path p12, char[] password) {
        arguments.addAll(List.of("--cert-type", "P12"));
        secrets.put("cert", p12 + ":" + new String(password));
        return this;
    }

    /** A message sent from {@code from} to {@code to}. */
    MailCurl mail(String from, String to, String subject) {
        arguments.addAll(List.of("--mail-from", from, "--mail-rcpt", to));
        upload = "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: "
            + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\nMessage-ID: <"
            + System.nanoTime() + "@caducee.localhost>\r\n\r\nBonjour.\r\n";
        return this;
    }

    record Result(int exit, String output) {
    }

    Result run() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(arguments);
        command.addAll(1, List.of("--config", "-"));
        // The config takes the standard input: a message to send goes through a file.
        Path message = null;
        if (upload != null) {
            message = Files.createTempFile("curl-message-", ".eml");
            Files.writeString(message, upload);
            command.addAll(List.of("--upload-file", message.toString()));
        }
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream config = curl.getOutputStream()) {
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                config.write((secret.getKey() + " = \"" + secret.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\"\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!curl.waitFor(60, TimeUnit.SECONDS)) {
            curl.destroyForcibly();
        }
        if (message != null) {
            Files.deleteIfExists(message);
        }
        return new Result(curl.exitValue(), output);
    }
}
