package fr.caducee.gateway;

import java.util.Objects;

/**
 * The MLLP connection a frame came on, for the audit trail.
 *
 * @param id          the connection's number in this process, as the log names it
 * @param remote      the client's IP address
 * @param certificate the subject of the client certificate; empty on the plain development listener
 */
public record Connection(String id, String remote, String certificate) {
    public Connection {
        Objects.requireNonNull(id, "id");
        remote = Objects.requireNonNullElse(remote, "");
        certificate = Objects.requireNonNullElse(certificate, "");
    }
}
