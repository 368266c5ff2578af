package fr.caducee.server.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Whether the services the server connects to at start answer: an external PostgreSQL (a real JDBC login) and an
 * external LDAP directory (a TCP connection to its URL), each within a short timeout so that a check never hangs.
 */
public final class Reachability {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private Reachability() {
    }

    /** Logs in to the database as the server would; empty when it answered, else why not. */
    public static java.util.Optional<String> database(String url, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        String seconds = String.valueOf(TIMEOUT.toSeconds());
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            return connection.isValid((int) TIMEOUT.toSeconds()) ? java.util.Optional.empty()
                : java.util.Optional.of("the database did not answer a query");
        } catch (SQLException e) {
            return java.util.Optional.of(oneLine(e.getMessage()));
        }
    }

    /** Connects to an {@code ldap://} or {@code ldaps://} URL's host and port; empty when it accepted, else why not. */
    public static java.util.Optional<String> ldap(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of("is not a URL: " + e.getMessage());
        }
        if (uri.getHost() == null || !"ldap".equals(uri.getScheme()) && !"ldaps".equals(uri.getScheme())) {
            return java.util.Optional.of("must be ldap://host:389 or ldaps://host:636, was '" + url + "'");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "ldaps".equals(uri.getScheme()) ? 636 : 389;
        return tcp(uri.getHost(), port);
    }

    static java.util.Optional<String> tcp(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.of(host + ":" + port + " cannot be reached (" + oneLine(e.getMessage()) + ")");
        }
    }

    private static String oneLine(String message) {
        return message == null ? "no reason given" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
