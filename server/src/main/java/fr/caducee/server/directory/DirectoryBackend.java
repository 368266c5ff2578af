package fr.caducee.server.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.unboundid.ldap.sdk.LDAPException;

import fr.caducee.directory.ldap.CaduceeSchema;
import fr.caducee.directory.ldap.LdapDirectoryStore;
import fr.caducee.directory.ldap.LdapSettings;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.ldapengine.EmbeddedLdapConfig;
import fr.caducee.ldapengine.EmbeddedLdapServer;

/** The store behind the directory, embedded in this process or an external LDAP server, and how to close it. */
final class DirectoryBackend implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DirectoryBackend.class);
    /** Who may bind to the embedded listener (to read, e.g. with ldapsearch -D ... -y FILE); nobody else may. */
    static final String ADMIN_DN = "cn=directory-admin";
    static final String ADMIN_SECRET_FILE = "directory-admin.secret";

    private final Optional<EmbeddedLdapServer> embedded;
    private final LdapDirectoryStore store;
    private final String description;

    private DirectoryBackend(Optional<EmbeddedLdapServer> embedded, LdapDirectoryStore store, String description) {
        this.embedded = embedded;
        this.store = store;
        this.description = description;
    }

    static DirectoryBackend open(DirectorySettings settings, Path varDirectory) throws IOException, LDAPException {
        if (settings.mode() == DirectorySettings.Mode.EXTERNAL) {
            LdapSettings ldap = new LdapSettings(settings.externalUrls(), settings.externalBindDn(),
                settings.externalPassword(), settings.baseDn(), settings.externalPoolSize(), settings.externalTimeout(),
                settings.externalTimeout());
            LdapDirectoryStore store = LdapDirectoryStore.connect(ldap);
            int created = store.prepareTree();
            if (created > 0) {
                LOGGER.info("Directory: created {} missing entries of the tree under {}", created, settings.baseDn());
            }
            String description = "external LDAP " + String.join(" ", settings.externalUrls()) + " base " + settings.baseDn();
            LOGGER.info("Directory: {}", description);
            return new DirectoryBackend(Optional.empty(), store, description);
        }
        Path folder = varDirectory.resolve("directory");
        // The journal and snapshots hold password hashes: only this account may read them.
        SecureFolder.create(folder);
        Path secret = varDirectory.resolve(ADMIN_SECRET_FILE);
        EmbeddedLdapServer server = EmbeddedLdapServer.start(CaduceeSchema.tree(), EmbeddedLdapConfig.defaults(folder)
            .withBaseDn(settings.baseDn())
            .withListener(settings.embeddedHost(), settings.embeddedPort())
            .withAdmin(ADMIN_DN, SecureFolder.secret(secret))
            .withCompactionThreshold(settings.compactAfterBytes()));
        String description = "embedded LDAP in " + folder + ", listener ldap://" + server.host() + ":"
            + server.port() + " base " + server.baseDn() + " (bind as " + ADMIN_DN + ", password in " + secret + ")";
        LOGGER.info("Directory: {} ({} entries)", description, server.entryCount());
        return new DirectoryBackend(Optional.of(server), new LdapDirectoryStore(server.directory(), settings.baseDn(),
            "embedded directory"), description);
    }

    DirectoryStore store() {
        return store;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        store.close();
        embedded.ifPresent(server -> {
            try {
                server.close();
            } catch (IOException e) {
                LOGGER.warn("The embedded directory did not close cleanly; its journal is replayed at next start", e);
            }
        });
    }
}
