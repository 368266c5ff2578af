package fr.caducee.directory.ldap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;

import fr.caducee.ldapengine.EmbeddedLdapConfig;
import fr.caducee.ldapengine.EmbeddedLdapServer;

/** The store on the embedded directory, in process: the contract holds on the server the mail server ships. */
class EmbeddedLdapDirectoryStoreTest extends LdapDirectoryStoreContract {

    private Path data;
    private EmbeddedLdapServer embedded;

    @Override
    LdapDirectoryStore open(TestDirectoryServer unused) {
        try {
            data = Files.createTempDirectory("embedded-store");
            embedded = EmbeddedLdapServer.start(CaduceeSchema.tree(), EmbeddedLdapConfig.defaults(data).withListener("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
        return new LdapDirectoryStore(embedded.directory(), embedded.baseDn());
    }

    @Override
    LDAPInterface raw() {
        return embedded.directory();
    }

    @AfterEach
    void closeEmbedded() throws IOException {
        embedded.close();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
