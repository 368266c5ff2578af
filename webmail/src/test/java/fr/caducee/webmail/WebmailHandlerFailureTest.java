package fr.caducee.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.webmail.store.StoreException;

class WebmailHandlerFailureTest {

    @Test
    void theDirectoryTheDatabaseOrTheTrailOutOfReachIsUnavailability() {
        assertThat(WebmailHandler.unavailable(new DirectoryUnavailableException("LDAP down", null))).isTrue();
        assertThat(WebmailHandler.unavailable(new AuditUnavailableException("disk full", null))).isTrue();
        assertThat(WebmailHandler.unavailable(new StoreException("reading",
            new SQLException("Connection refused", "08001")))).isTrue();
        assertThat(WebmailHandler.unavailable(new StoreException("reading",
            new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(WebmailHandler.unavailable(new IllegalStateException(
            new SQLTransientConnectionException("pool exhausted")))).isTrue();
        assertThat(WebmailHandler.unavailable(new StoreException("reading",
            new SQLException("Cannot get a connection, pool error Timeout waiting for idle object")))).isTrue();
    }

    @Test
    void aFaultOfOursIsNot() {
        assertThat(WebmailHandler.unavailable(new StoreException("reading",
            new SQLException("syntax error at or near", "42601")))).isFalse();
        assertThat(WebmailHandler.unavailable(new IllegalStateException("bug"))).isFalse();
        assertThat(WebmailHandler.unavailable(new NullPointerException())).isFalse();
    }

    @Test
    void pathsAreUnderTheirNavigationEntry() {
        assertThat(WebmailHandler.section("/conversations/3f2a")).isEqualTo("messages");
        assertThat(WebmailHandler.section("/messages/x/pieces/0")).isEqualTo("messages");
        assertThat(WebmailHandler.section("/nouveau")).isEqualTo("messages");
        assertThat(WebmailHandler.section("/documents/12")).isEqualTo("documents");
        assertThat(WebmailHandler.section("/acces")).isEqualTo("acces");
        assertThat(WebmailHandler.section("/mot-de-passe")).isEqualTo("reglages");
        assertThat(WebmailHandler.section("/")).isNull();
    }
}
