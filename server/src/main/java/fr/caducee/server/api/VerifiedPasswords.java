package fr.caducee.server.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.model.BoxAddress;

/**
 * The password checks of the HTTPS API, remembered for a minute once they succeed. A box's password is stored as
 * PBKDF2 (hundreds of thousands of iterations, by design slow: about 60 ms of CPU here), and software sends it with
 * every request; checking it each time would cost more than answering. What is kept is an HMAC of the password under
 * a key drawn at start and never written anywhere, so the memory holds no password and nothing usable elsewhere.
 * A failed check is never remembered; a password changed elsewhere stops being accepted here within a minute, as in
 * Dovecot's authentication cache. Whether the box is still active is asked of the directory at every request.
 */
final class VerifiedPasswords {
    static final Duration REMEMBERED = Duration.ofMinutes(1);

    private final Directory directory;
    private final SecretKeySpec key;
    private final Cache<String, byte[]> verified;

    VerifiedPasswords(Directory directory) {
        this.directory = directory;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.verified = Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(10_000).build();
    }

    boolean matches(BoxAddress login, String password) {
        byte[] proof = proof(login, password);
        byte[] known = verified.getIfPresent(login.address());
        if (known != null && MessageDigest.isEqual(known, proof)) {
            return true;
        }
        if (!directory.authenticate(login, password)) {
            return false;
        }
        verified.put(login.address(), proof);
        return true;
    }

    private byte[] proof(BoxAddress login, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(login.address().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
