package fr.caducee.webmail.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * What a session is bound to: the browser that logged in (its User-Agent, kept as a 64-bit digest) and the address
 * it logged in from. A cookie presented with another of either ends the session (see {@link Sessions}).
 *
 * @param agent  the first 8 bytes of the SHA-256 of the User-Agent header ("" when absent)
 * @param remote the client's IP address as the listener saw it
 */
public record Binding(long agent, String remote) {

    public Binding {
        Objects.requireNonNull(remote, "remote");
    }

    public static Binding of(String userAgent, String remote) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(Objects.requireNonNullElse(userAgent, "").getBytes(StandardCharsets.UTF_8));
            return new Binding(ByteBuffer.wrap(digest).getLong(), remote);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
