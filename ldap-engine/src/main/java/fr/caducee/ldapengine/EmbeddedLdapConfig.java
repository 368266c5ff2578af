package fr.caducee.ldapengine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the embedded directory.
 *
 * @param dataFolder               where the journal and snapshots live ({@code <data>/var/directory} in the server)
 * @param baseDn                   the suffix; its entry and the four containers are created when absent
 * @param host                     the listener's address; loopback by default, the listener is for operators' tools
 * @param port                     the listener's port, 0 for an ephemeral one
 * @param admin                    the only identity that may bind to the listener; without it the listener is
 *                                 read-only and anonymous
 * @param compactionThresholdBytes journal size that triggers a snapshot (once it also exceeds the last snapshot)
 */
public record EmbeddedLdapConfig(Path dataFolder, String baseDn, String host, int port, Optional<Admin> admin,
                                 long compactionThresholdBytes) {

    public static final String DEFAULT_BASE_DN = "o=caducee";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 10389;
    public static final long DEFAULT_COMPACTION_THRESHOLD = 64L * 1024 * 1024;

    /** The listener's administrator: a DN that needs no entry, and its password. */
    public record Admin(String dn, String password) {
        public Admin {
            Objects.requireNonNull(dn, "dn");
            Objects.requireNonNull(password, "password");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("The directory administrator's password must not be empty");
            }
        }

        @Override
        public String toString() {
            return "Admin[dn=" + dn + "]";
        }
    }

    public EmbeddedLdapConfig {
        Objects.requireNonNull(dataFolder, "dataFolder");
        Objects.requireNonNull(baseDn, "baseDn");
        Objects.requireNonNull(host, "host");
        admin = Objects.requireNonNullElse(admin, Optional.empty());
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid directory port " + port);
        }
        if (compactionThresholdBytes < 1) {
            throw new IllegalArgumentException("The compaction threshold must be positive");
        }
    }

    /** Defaults: base o=caducee, 127.0.0.1:10389, no administrator, 64 MiB journal before a snapshot. */
    public static EmbeddedLdapConfig defaults(Path dataFolder) {
        return new EmbeddedLdapConfig(dataFolder, DEFAULT_BASE_DN, DEFAULT_HOST, DEFAULT_PORT, Optional.empty(),
                DEFAULT_COMPACTION_THRESHOLD);
    }

    public EmbeddedLdapConfig withBaseDn(String newBaseDn) {
        return new EmbeddedLdapConfig(dataFolder, newBaseDn, host, port, admin, compactionThresholdBytes);
    }

    public EmbeddedLdapConfig withListener(String newHost, int newPort) {
        return new EmbeddedLdapConfig(dataFolder, baseDn, newHost, newPort, admin, compactionThresholdBytes);
    }

    public EmbeddedLdapConfig withAdmin(String dn, String password) {
        return new EmbeddedLdapConfig(dataFolder, baseDn, host, port, Optional.of(new Admin(dn, password)),
                compactionThresholdBytes);
    }

    public EmbeddedLdapConfig withCompactionThreshold(long bytes) {
        return new EmbeddedLdapConfig(dataFolder, baseDn, host, port, admin, bytes);
    }
}
