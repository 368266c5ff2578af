package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.james.imap.api.ImapConfiguration;
import org.junit.jupiter.api.Test;

/** James's processors get the IMAP configuration of imapserver.xml with CONDSTORE enabled, and nothing else changed. */
class CondstoreEnabledTest {
    private static ImapConfiguration.Builder fromImapServerXml(String... disabledCaps) {
        Properties custom = new Properties();
        custom.setProperty("caducee", "kept");
        return ImapConfiguration.builder()
            .enableIdle(true)
            .idleTimeInterval(120)
            .idleTimeIntervalUnit(TimeUnit.SECONDS)
            .disabledCaps(disabledCaps)
            .maxQueueSize(4096)
            .concurrentRequests(20)
            .isProvisionDefaultMailboxes(true)
            .withCustomProperties(custom)
            .appendLimit(40L * 1024 * 1024);
    }

    @Test
    void condstoreIsEnabledAndEverythingElseKept() {
        assertThat(CondstoreEnabled.withCondstore(fromImapServerXml("ACL").build()))
            .isEqualTo(fromImapServerXml("ACL").isCondstoreEnable(true).build());
    }

    @Test
    void condstoreListedInDisabledCapsStaysOff() {
        assertThat(CondstoreEnabled.withCondstore(fromImapServerXml("CONDSTORE").build()).isCondstoreEnable()).isFalse();
    }
}
